package io.marketprism.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

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
            .addModule(new SimpleModule("canonical-decimals").addSerializer(BigDecimal.class, new CanonicalDecimal()))
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

    /** Reads a record back from its JSON form; the {@code type} field chooses the record class. */
    public static MarketRecord read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            JsonNode type = node.get("type");
            if (type == null) {
                throw new IllegalArgumentException("record JSON has no 'type' field");
            }
            return MAPPER.treeToValue(node, CLASSES.get(RecordType.fromId(type.asText())));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a record JSON: " + e.getMessage(), e);
        }
    }

    private static final class CanonicalDecimal extends StdSerializer<BigDecimal> {
        private static final long serialVersionUID = 1L;

        CanonicalDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Decimals.canonical(value));
        }
    }
}
