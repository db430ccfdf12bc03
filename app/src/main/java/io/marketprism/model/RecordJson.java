package io.marketprism.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stable JSON form of records: snake_case field names in record-component order after a leading {@code type},
 * decimals as canonical strings (exact, no exponent), enums by their lower-case ids, nulls kept as {@code null}.
 * This is the payload on the bus and in the API.
 */
public final class RecordJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("canonical-decimals").addSerializer(BigDecimal.class, new CanonicalDecimal())
                    .addDeserializer(BigDecimal.class, new FastDecimal()))
            // generated accessors and constructors instead of reflection: the bus codec is a hot path
            .addModule(new BlackbirdModule())
            .build();
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final Map<RecordType, Class<? extends MarketRecord>> CLASSES = new EnumMap<>(RecordType.class);

    static {
        CLASSES.put(RecordType.TRADE, Trade.class);
        CLASSES.put(RecordType.BOOK_SNAPSHOT, BookSnapshot.class);
        CLASSES.put(RecordType.BOOK_DELTA, BookDelta.class);
        CLASSES.put(RecordType.QUOTE, Quote.class);
        CLASSES.put(RecordType.TICKER, Ticker.class);
        CLASSES.put(RecordType.FUNDING, Funding.class);
        CLASSES.put(RecordType.OPEN_INTEREST, OpenInterest.class);
        CLASSES.put(RecordType.LIQUIDATION, Liquidation.class);
        CLASSES.put(RecordType.LONG_SHORT_RATIO, LongShortRatio.class);
        CLASSES.put(RecordType.VOLATILITY_INDEX, VolatilityIndex.class);
    }

    private RecordJson() {
    }

    /** The mapper configured for the record JSON form (shared, thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(MarketRecord record) {
        try {
            return WRITER.writeValueAsString(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(MarketRecord record) {
        try {
            return WRITER.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Map<RecordType, ObjectReader> READERS = new EnumMap<>(RecordType.class);

    static {
        CLASSES.forEach((type, cls) -> READERS.put(type, MAPPER.readerFor(cls)));
    }

    /** Reads a record back from its JSON form; the {@code type} field chooses the record class. */
    public static MarketRecord read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a record from its JSON form in bytes (a bus payload). Our writer puts {@code type} first, so the record
     * class is known before parsing and the bytes are read straight into it; JSON from elsewhere, with {@code type}
     * anywhere, takes the slower path through a tree.
     */
    public static MarketRecord read(byte[] json) {
        return read(json, 0, json.length);
    }

    /** {@link #read(byte[])} of {@code length} bytes at {@code offset} (one line of a bundle of records). */
    public static MarketRecord read(byte[] json, int offset, int length) {
        try {
            RecordType type = leadingType(json, offset, length);
            if (type != null) {
                return READERS.get(type).readValue(json, offset, length);
            }
            JsonNode node = MAPPER.readTree(json, offset, length);
            JsonNode t = node == null ? null : node.get("type");
            if (t == null) {
                throw new IllegalArgumentException("record JSON has no 'type' field");
            }
            return MAPPER.treeToValue(node, CLASSES.get(RecordType.fromId(t.asText())));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a record JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the records of a bundle (our JSON forms, one per line) with one parser, handing each to {@code out};
     * returns {@code data.length} when every line was read, else the offset of the first line not read (a line that
     * is not one of our records, or a record not alone on its line), for {@link #read(byte[], int, int)} line by
     * line from there, which says what is wrong with it. Why: a parser per record, its encoding detection and the
     * unknown {@code type} property cost about a third of reading a record (BusCodecBenchmark).
     */
    public static int readBundle(byte[] data, Consumer<? super MarketRecord> out) {
        if (data.length == 0) {
            return 0;
        }
        int read = 0; // just after the last record handed out
        try (JsonParser p = MAPPER.getFactory().createParser(data)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT || !"type".equals(p.nextFieldName())) {
                    return lineAfter(data, read);
                }
                RecordType type = RecordType.fromId(p.nextTextValue());
                p.nextToken(); // the record's first field: its deserializer starts there
                MarketRecord r = READERS.get(type).readValue(p);
                int end = (int) p.currentLocation().getByteOffset();
                if (end < data.length && data[end] != '\n') {
                    return lineAfter(data, read);
                }
                out.accept(r);
                read = end;
            }
            return data.length;
        } catch (IOException | RuntimeException e) {
            return lineAfter(data, read);
        }
    }

    /** Where the line after the record ending at {@code end} starts (0 before the first record). */
    private static int lineAfter(byte[] data, int end) {
        return end == 0 ? 0 : Math.min(data.length, end + 1);
    }

    /** The type of {@code {"type":"<id>",...}}, or null when the JSON does not start that way. */
    private static RecordType leadingType(byte[] json, int offset, int length) {
        if (length < TYPE_PREFIX.length + 2) {
            return null;
        }
        for (int i = 0; i < TYPE_PREFIX.length; i++) {
            if (json[offset + i] != TYPE_PREFIX[i]) {
                return null;
            }
        }
        int limit = offset + length;
        int start = offset + TYPE_PREFIX.length;
        int end = start;
        while (end < limit && json[end] != '"') {
            end++;
        }
        if (end >= limit) {
            return null;
        }
        String id = new String(json, start, end - start, StandardCharsets.US_ASCII);
        for (RecordType t : RecordType.values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown record type '" + id + "'");
    }

    /**
     * Reads decimal strings straight from the parser's buffer with {@link Decimals#parse(char[], int, int)}: the
     * store reads every price and size of the bus this way, and Jackson's own path validates each string with a
     * regular expression first. Same values and scales; JSON numbers still work.
     */
    private static final class FastDecimal extends StdScalarDeserializer<BigDecimal> {
        private static final long serialVersionUID = 1L;

        FastDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return Decimals.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                } catch (NumberFormatException e) {
                    return (BigDecimal) ctxt.handleWeirdStringValue(BigDecimal.class, p.getText(), "not a decimal");
                }
            }
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDecimalValue();
            }
            return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
        }
    }

    private static final class CanonicalDecimal extends StdSerializer<BigDecimal> {
        private static final long serialVersionUID = 1L;

        CanonicalDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            char[] buf = new char[Decimals.CANONICAL_BUFFER];
            int n = Decimals.canonicalInto(value, buf);
            if (n >= 0) {
                gen.writeString(buf, 0, n);
            } else {
                gen.writeString(Decimals.canonical(value));
            }
        }
    }
}
