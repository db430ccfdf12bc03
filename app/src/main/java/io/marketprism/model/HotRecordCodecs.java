package io.marketprism.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written streaming codecs for the two record types that make up nearly all traffic, trades and book deltas.
 * They produce and accept exactly the JSON form that Jackson's record mapping gives every other type (same field
 * names and order, nulls written, unknown fields ignored, fields in any order accepted); {@code HotRecordCodecsTest}
 * holds them to that. Why: on the bus path, databind's property-based creators (a buffer and a name look-up per
 * field, a reflective constructor call) cost more than the parsing itself; these read each field straight into a
 * local and call the constructor once.
 */
final class HotRecordCodecs {
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString EXCHANGE = new SerializedString("exchange");
    private static final SerializedString MARKET_TYPE = new SerializedString("market_type");
    private static final SerializedString SYMBOL = new SerializedString("symbol");
    private static final SerializedString NATIVE_SYMBOL = new SerializedString("native_symbol");
    private static final SerializedString TRADE_ID = new SerializedString("trade_id");
    private static final SerializedString SIDE = new SerializedString("side");
    private static final SerializedString PRICE = new SerializedString("price");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString RAW_SIZE = new SerializedString("raw_size");
    private static final SerializedString RAW_SIZE_UNIT = new SerializedString("raw_size_unit");
    private static final SerializedString SEQUENCE = new SerializedString("sequence");
    private static final SerializedString LIQUIDATION = new SerializedString("liquidation");
    private static final SerializedString EXCHANGE_TS = new SerializedString("exchange_ts");
    private static final SerializedString RECEIVE_TS = new SerializedString("receive_ts");
    private static final SerializedString BIDS = new SerializedString("bids");
    private static final SerializedString ASKS = new SerializedString("asks");
    private static final SerializedString SIZE_UNIT = new SerializedString("size_unit");
    private static final SerializedString FIRST_SEQUENCE = new SerializedString("first_sequence");
    private static final SerializedString PREV_SEQUENCE = new SerializedString("prev_sequence");
    private static final SerializedString CHECKSUM = new SerializedString("checksum");

    private static final Map<String, Exchange> EXCHANGES = ids(Exchange.values(), Exchange::id);
    private static final Map<String, MarketType> MARKET_TYPES = ids(MarketType.values(), MarketType::id);
    private static final Map<String, Side> SIDES = ids(Side.values(), Side::id);
    private static final Map<String, SizeUnit> SIZE_UNITS = ids(SizeUnit.values(), SizeUnit::id);

    private HotRecordCodecs() {
    }

    /** The serializers and deserializers of {@link Trade} and {@link BookDelta}. */
    static SimpleModule module() {
        return new SimpleModule("hot-records")
                .addSerializer(Trade.class, new TradeSerializer())
                .addDeserializer(Trade.class, new TradeDeserializer())
                .addSerializer(BookDelta.class, new BookDeltaSerializer())
                .addDeserializer(BookDelta.class, new BookDeltaDeserializer());
    }

    // ------------------------------------------------------------------ writing

    private static void writeHead(JsonGenerator g, MarketRecord r) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TYPE);
        g.writeString(r.type().id());
        g.writeFieldName(EXCHANGE);
        g.writeString(r.exchange().id());
        g.writeFieldName(MARKET_TYPE);
        g.writeString(r.marketType().id());
        g.writeFieldName(SYMBOL);
        writeNullable(g, r.symbol());
        g.writeFieldName(NATIVE_SYMBOL);
        writeNullable(g, r.nativeSymbol());
    }

    private static void writeTail(JsonGenerator g, MarketRecord r) throws IOException {
        g.writeFieldName(EXCHANGE_TS);
        g.writeNumber(r.exchangeTs());
        g.writeFieldName(RECEIVE_TS);
        g.writeNumber(r.receiveTs());
        g.writeEndObject();
    }

    private static void writeNullable(JsonGenerator g, String s) throws IOException {
        if (s == null) {
            g.writeNull();
        } else {
            g.writeString(s);
        }
    }

    private static void writeNullable(JsonGenerator g, Long v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else {
            g.writeNumber(v.longValue());
        }
    }

    /** A decimal in its canonical text, as {@code RecordJson}'s decimal serializer writes it. */
    private static void writeDecimal(JsonGenerator g, BigDecimal v, char[] buf) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        int n = Decimals.canonicalInto(v, buf);
        if (n >= 0) {
            g.writeString(buf, 0, n);
        } else {
            g.writeString(Decimals.canonical(v));
        }
    }

    private static void writeLevels(JsonGenerator g, List<BookLevel> levels, char[] buf) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < levels.size(); i++) {
            BookLevel l = levels.get(i);
            g.writeStartArray();
            writeDecimal(g, l.price(), buf);
            writeDecimal(g, l.size(), buf);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static final class TradeSerializer extends StdSerializer<Trade> {
        private static final long serialVersionUID = 1L;

        TradeSerializer() {
            super(Trade.class);
        }

        @Override
        public void serialize(Trade t, JsonGenerator g, SerializerProvider provider) throws IOException {
            char[] buf = new char[Decimals.CANONICAL_BUFFER];
            writeHead(g, t);
            g.writeFieldName(TRADE_ID);
            writeNullable(g, t.tradeId());
            g.writeFieldName(SIDE);
            g.writeString(t.side().id());
            g.writeFieldName(PRICE);
            writeDecimal(g, t.price(), buf);
            g.writeFieldName(SIZE);
            writeDecimal(g, t.size(), buf);
            g.writeFieldName(RAW_SIZE);
            writeDecimal(g, t.rawSize(), buf);
            g.writeFieldName(RAW_SIZE_UNIT);
            g.writeString(t.rawSizeUnit().id());
            g.writeFieldName(SEQUENCE);
            writeNullable(g, t.sequence());
            g.writeFieldName(LIQUIDATION);
            g.writeBoolean(t.liquidation());
            writeTail(g, t);
        }
    }

    private static final class BookDeltaSerializer extends StdSerializer<BookDelta> {
        private static final long serialVersionUID = 1L;

        BookDeltaSerializer() {
            super(BookDelta.class);
        }

        @Override
        public void serialize(BookDelta d, JsonGenerator g, SerializerProvider provider) throws IOException {
            char[] buf = new char[Decimals.CANONICAL_BUFFER];
            writeHead(g, d);
            g.writeFieldName(BIDS);
            writeLevels(g, d.bids(), buf);
            g.writeFieldName(ASKS);
            writeLevels(g, d.asks(), buf);
            g.writeFieldName(SIZE_UNIT);
            g.writeString(d.sizeUnit().id());
            g.writeFieldName(FIRST_SEQUENCE);
            writeNullable(g, d.firstSequence());
            g.writeFieldName(SEQUENCE);
            writeNullable(g, d.sequence());
            g.writeFieldName(PREV_SEQUENCE);
            writeNullable(g, d.prevSequence());
            g.writeFieldName(CHECKSUM);
            writeNullable(g, d.checksum());
            writeTail(g, d);
        }
    }

    // ------------------------------------------------------------------ reading

    /** The fields every record has; filled while the object is read. */
    private static final class Head {
        Exchange exchange;
        MarketType marketType;
        String symbol;
        String nativeSymbol;
        long exchangeTs;
        long receiveTs;

        /** Reads the value of a common field; false when {@code name} is not one. */
        boolean read(String name, JsonParser p, DeserializationContext ctxt) throws IOException {
            switch (name) {
                case "exchange" -> exchange = enumValue(p, ctxt, EXCHANGES, Exchange.class);
                case "market_type" -> marketType = enumValue(p, ctxt, MARKET_TYPES, MarketType.class);
                case "symbol" -> symbol = text(p);
                case "native_symbol" -> nativeSymbol = text(p);
                case "exchange_ts" -> exchangeTs = p.getValueAsLong();
                case "receive_ts" -> receiveTs = p.getValueAsLong();
                case "type" -> {
                    // the caller chose this class by type already
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    private static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static Long nullableLong(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsLong();
    }

    private static BigDecimal decimal(JsonParser p, DeserializationContext ctxt) throws IOException {
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
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
    }

    private static <E extends Enum<E>> E enumValue(JsonParser p, DeserializationContext ctxt, Map<String, E> byId,
                                                   Class<E> type) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        String id = p.getText();
        E e = byId.get(id);
        if (e == null) {
            return type.cast(ctxt.handleWeirdStringValue(type, id, "not one of " + byId.keySet()));
        }
        return e;
    }

    private static List<BookLevel> levels(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            ctxt.handleUnexpectedToken(List.class, p);
        }
        List<BookLevel> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            BigDecimal price = decimal(p, ctxt);
            p.nextToken();
            BigDecimal size = decimal(p, ctxt);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                ctxt.reportInputMismatch(BookLevel.class, "a book level is [\"price\",\"size\"]");
            }
            out.add(new BookLevel(price, size));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            ctxt.reportInputMismatch(BookLevel.class, "a book side is an array of [\"price\",\"size\"]");
        }
        return out;
    }

    /** Moves to the first field name; accepts being called on START_OBJECT or on the first FIELD_NAME. */
    private static JsonToken firstField(JsonParser p, DeserializationContext ctxt, Class<?> type) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
        }
        if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
            ctxt.handleUnexpectedToken(type, p);
        }
        return t;
    }

    private static final class TradeDeserializer extends StdDeserializer<Trade> {
        private static final long serialVersionUID = 1L;

        TradeDeserializer() {
            super(Trade.class);
        }

        @Override
        public Trade deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Head h = new Head();
            String tradeId = null;
            Side side = null;
            BigDecimal price = null;
            BigDecimal size = null;
            BigDecimal rawSize = null;
            SizeUnit rawSizeUnit = null;
            Long sequence = null;
            boolean liquidation = false;
            for (JsonToken t = firstField(p, ctxt, Trade.class); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                if (h.read(name, p, ctxt)) {
                    continue;
                }
                switch (name) {
                    case "trade_id" -> tradeId = text(p);
                    case "side" -> side = enumValue(p, ctxt, SIDES, Side.class);
                    case "price" -> price = decimal(p, ctxt);
                    case "size" -> size = decimal(p, ctxt);
                    case "raw_size" -> rawSize = decimal(p, ctxt);
                    case "raw_size_unit" -> rawSizeUnit = enumValue(p, ctxt, SIZE_UNITS, SizeUnit.class);
                    case "sequence" -> sequence = nullableLong(p);
                    case "liquidation" -> liquidation = p.currentToken() == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            return new Trade(h.exchange, h.marketType, h.symbol, h.nativeSymbol, tradeId, side, price, size, rawSize,
                    rawSizeUnit, sequence, liquidation, h.exchangeTs, h.receiveTs);
        }
    }

    private static final class BookDeltaDeserializer extends StdDeserializer<BookDelta> {
        private static final long serialVersionUID = 1L;

        BookDeltaDeserializer() {
            super(BookDelta.class);
        }

        @Override
        public BookDelta deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Head h = new Head();
            List<BookLevel> bids = List.of();
            List<BookLevel> asks = List.of();
            SizeUnit sizeUnit = null;
            Long firstSequence = null;
            Long sequence = null;
            Long prevSequence = null;
            Long checksum = null;
            for (JsonToken t = firstField(p, ctxt, BookDelta.class); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                if (h.read(name, p, ctxt)) {
                    continue;
                }
                switch (name) {
                    case "bids" -> bids = levels(p, ctxt);
                    case "asks" -> asks = levels(p, ctxt);
                    case "size_unit" -> sizeUnit = enumValue(p, ctxt, SIZE_UNITS, SizeUnit.class);
                    case "first_sequence" -> firstSequence = nullableLong(p);
                    case "sequence" -> sequence = nullableLong(p);
                    case "prev_sequence" -> prevSequence = nullableLong(p);
                    case "checksum" -> checksum = nullableLong(p);
                    default -> p.skipChildren();
                }
            }
            if (bids == null || asks == null) {
                return (BookDelta) ctxt.reportInputMismatch(BookDelta.class, "book_delta bids and asks are lists");
            }
            return new BookDelta(h.exchange, h.marketType, h.symbol, h.nativeSymbol, bids, asks, sizeUnit,
                    firstSequence, sequence, prevSequence, checksum, h.exchangeTs, h.receiveTs);
        }
    }

    private static <E> Map<String, E> ids(E[] values, java.util.function.Function<E, String> id) {
        Map<String, E> m = new HashMap<>();
        for (E e : values) {
            m.put(id.apply(e), e);
        }
        return Map.copyOf(m);
    }
}
