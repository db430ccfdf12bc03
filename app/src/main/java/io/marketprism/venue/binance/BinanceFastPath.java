package io.marketprism.venue.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.Quantities;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Trade;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarked channels ({@code trade}, {@code aggTrade}, {@code depthUpdate}, {@code bookTicker}) and the
 * partial-depth / REST depth snapshots, read with Jackson's streaming parser in one pass: no tree, decimals straight
 * from the parser's character buffer. Anything else makes {@link #handle} answer false before much work is done, and
 * the adapter reads the frame with the tree model instead.
 *
 * <p>Binance reuses letters with different meanings per event ({@code a} is the aggregate id in aggTrade, the ask
 * price in bookTicker and the asks in depthUpdate; {@code b} the buyer order id in trade), so values are kept by JSON
 * type and interpreted once the event kind is known.
 */
final class BinanceFastPath {
    /** An integer field the frame did not carry (Binance ids and times are never Long.MIN_VALUE). */
    private static final long NONE = Long.MIN_VALUE;

    private final Exchange exchange;
    private final BinanceFamily family;
    private final BinanceSymbols symbols;
    private final JsonFactory factory = Json.mapper().getFactory();

    BinanceFastPath(Exchange exchange, BinanceFamily family, BinanceSymbols symbols) {
        this.exchange = exchange;
        this.family = family;
        this.symbols = symbols;
    }

    /** What one event object held; field letters as Binance sends them. */
    private static final class Scan {
        String stream;
        String e;
        long eventTime = NONE;      // E
        long tradeTime = NONE;      // T
        String s;
        String symbolField;  // "symbol" (tardis/REST COIN-M snapshots)
        long t = NONE;
        long aNumber = NONE;        // aggregate trade id
        long f = NONE;              // first and last underlying trade ids of an aggregate trade
        long l = NONE;
        BigDecimal p;
        BigDecimal q;
        int m = -1;                 // buyer is maker: 1, 0, or -1 when absent
        long firstId = NONE;        // U
        long lastId = NONE;         // u
        long prevId = NONE;         // pu
        long lastUpdateId = NONE;
        BigDecimal bidPrice;
        BigDecimal bidSize;
        BigDecimal askPrice;
        BigDecimal askSize;
        List<BookLevel> bids;
        List<BookLevel> asks;
        String x;            // X: futures trade execution type
        int st;                     // 1 = USDⓈ-M symbol, 2 = COIN-M symbol (2026 all-market streams), 0 absent
        boolean other;       // a field that means "not a hot event" (result, code, arrays of events)
    }

    /**
     * Handles the frame when it is one of the streaming kinds; false when the tree model must read it.
     *
     * @param urlStream the stream name from a raw-path URL ({@code /ws/<stream>}), or null
     */
    boolean handle(byte[] payload, String urlStream, boolean micros, long receiveTs, AdapterOutput out) {
        Scan ev = new Scan();
        try (JsonParser p = factory.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if (name.equals("stream")) {
                    if (t != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    ev.stream = p.getText();
                } else if (name.equals("data")) {
                    if (t != JsonToken.START_OBJECT || !scanObject(p, ev)) {
                        return false;
                    }
                } else if (!field(p, name, t, ev)) {
                    return false;
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedFrameException("invalid JSON: unexpected " + t);
            }
        } catch (JsonProcessingException e) {
            throw new MalformedFrameException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON: " + e.getMessage(), e);
        }
        if (ev.other) {
            return false;
        }
        if (ev.stream == null) {
            ev.stream = urlStream;
        }
        return emit(ev, micros, receiveTs, out);
    }

    /**
     * A REST depth body ({@code /api/v3/depth}, {@code /fapi/v1/depth}, {@code /dapi/v1/depth}) for the queried
     * symbol; false when the body is something else (an error body), for the caller to look at.
     */
    boolean restDepth(byte[] payload, String nativeSymbol, long receiveTs, AdapterOutput out) {
        Scan ev = new Scan();
        try (JsonParser p = factory.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !scanObject(p, ev)) {
                return false;
            }
        } catch (JsonProcessingException e) {
            throw new MalformedFrameException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON: " + e.getMessage(), e);
        }
        if (ev.lastUpdateId == NONE) {
            throw new MalformedFrameException("depth: missing field 'lastUpdateId'");
        }
        String symbol = nativeSymbol != null ? nativeSymbol : ev.symbolField;
        if (symbol == null) {
            throw new MalformedFrameException("depth: no 'symbol' query parameter and no 'symbol' field");
        }
        out.emit(snapshot(ev, symbol, ev.lastUpdateId, false, false, receiveTs));
        return true;
    }

    private boolean scanObject(JsonParser p, Scan ev) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!field(p, name, p.nextToken(), ev)) {
                return false;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new MalformedFrameException("invalid JSON: unexpected " + t);
        }
        return true;
    }

    /** Reads one field's value (the parser is on it); false to stop: not a streaming kind. */
    private static boolean field(JsonParser p, String name, JsonToken t, Scan ev) throws IOException {
        switch (name) {
            case "e" -> {
                ev.e = string(p, t, name);
                if (!isHot(ev.e)) {
                    return false;
                }
            }
            case "E" -> ev.eventTime = longValue(p, t, name);
            case "T" -> ev.tradeTime = longValue(p, t, name);
            case "s" -> ev.s = string(p, t, name);
            case "symbol" -> ev.symbolField = string(p, t, name);
            case "t" -> ev.t = longValue(p, t, name);
            case "p" -> ev.p = decimal(p, t, name);
            case "q" -> ev.q = decimal(p, t, name);
            case "m" -> ev.m = bool(p, t, name) ? 1 : 0;
            case "U" -> ev.firstId = longValue(p, t, name);
            case "u" -> ev.lastId = longValue(p, t, name);
            case "pu" -> ev.prevId = longValue(p, t, name);
            case "lastUpdateId" -> ev.lastUpdateId = longValue(p, t, name);
            case "B" -> ev.bidSize = decimal(p, t, name);
            case "A" -> ev.askSize = decimal(p, t, name);
            case "X" -> ev.x = t == JsonToken.VALUE_STRING ? p.getText() : null;
            case "f" -> ev.f = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : NONE;
            case "l" -> ev.l = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : NONE;
            case "st" -> ev.st = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
            case "a" -> {
                if (t == JsonToken.START_ARRAY) {
                    ev.asks = levels(p, name);
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    ev.aNumber = p.getLongValue();
                } else {
                    ev.askPrice = decimal(p, t, name);
                }
            }
            case "b" -> {
                if (t == JsonToken.START_ARRAY) {
                    ev.bids = levels(p, name);
                } else if (t != JsonToken.VALUE_NUMBER_INT) { // trade: buyer order id, not needed
                    ev.bidPrice = decimal(p, t, name);
                }
            }
            case "bids" -> ev.bids = levels(p, name);
            case "asks" -> ev.asks = levels(p, name);
            case "result", "code", "msg", "id", "k", "o" -> {
                ev.other = true;
                return false;
            }
            default -> p.skipChildren();
        }
        return true;
    }

    private static boolean isHot(String e) {
        return switch (e) {
            case "trade", "aggTrade", "depthUpdate", "bookTicker" -> true;
            default -> false;
        };
    }

    private boolean emit(Scan ev, boolean micros, long receiveTs, AdapterOutput out) {
        if (ev.st != 0 && ev.st != (family == BinanceFamily.COINM ? 2 : 1) && family != BinanceFamily.SPOT) {
            // since 2026 the USDⓈ-M all-market streams also carry COIN-M symbols (st = 2): not this venue's
            out.control("other-family");
            return true;
        }
        String e = ev.e;
        if (e == null) {
            if (ev.lastUpdateId != NONE && (ev.bids != null || ev.asks != null)) {
                String symbol = ev.symbolField != null ? ev.symbolField : ev.s != null ? ev.s : streamSymbol(ev.stream);
                if (symbol == null) {
                    out.unknown("depth:no-symbol");
                    return true;
                }
                // @depthN: a top-N book; tardis' generated @depthSnapshot: a full REST snapshot a book can sync from
                out.emit(snapshot(ev, symbol, ev.lastUpdateId, isPartialDepthStream(ev.stream), micros, receiveTs));
                return true;
            }
            if (ev.s != null && (ev.bidPrice != null || ev.askPrice != null)) {
                out.emit(quote(ev, micros, receiveTs)); // Spot bookTicker has no event type
                return true;
            }
            return false;
        }
        switch (e) {
            case "trade", "aggTrade" -> out.emit(trade(ev, micros, receiveTs));
            case "bookTicker" -> out.emit(quote(ev, micros, receiveTs));
            default -> { // depthUpdate
                String nativeSymbol = required(ev.s, e, "s");
                if (isPartialDepthStream(ev.stream)) {
                    // futures @depthN frames say "depthUpdate" but are top-N snapshots
                    out.emit(snapshot(ev, nativeSymbol, required(ev.lastId, e, "u"), true, micros, receiveTs));
                } else {
                    out.emit(delta(ev, nativeSymbol, micros, receiveTs));
                }
            }
        }
        return true;
    }

    private Trade trade(Scan ev, boolean micros, long receiveTs) {
        String e = ev.e;
        String nativeSymbol = required(ev.s, e, "s");
        BigDecimal price = required(ev.p, e, "p");
        BigDecimal raw = required(ev.q, e, "q");
        Long id;
        String tradeId;
        if (e.equals("aggTrade") && ev.aNumber == NONE && ev.f != NONE && ev.l != NONE) {
            // USDⓈ-M aggTrade of 2019 had no aggregate id: name it by its underlying trade ids, which cannot be
            // mistaken for an aggregate id, and give no sequence
            id = null;
            tradeId = ev.f + "-" + ev.l;
        } else {
            id = e.equals("aggTrade") ? required(ev.aNumber, e, "a") : required(ev.t, e, "t");
            tradeId = Long.toString(id);
        }
        if (ev.m < 0) {
            throw new MalformedFrameException(e + ": missing field 'm'");
        }
        boolean buyerMaker = ev.m == 1;
        long ts = ev.tradeTime != NONE ? ev.tradeTime : required(ev.eventTime, e, "T");
        Instrument ins = symbols.resolve(nativeSymbol);
        SizeUnit unit = family.sizeUnit;
        BigDecimal size = unit == SizeUnit.BASE ? raw
                : Quantities.toBase(raw, unit, ins.contractSize(), ins.contractSizeUnit(), price);
        // futures @trade: fills of liquidation orders taken by the insurance fund, and auto-deleveraging fills
        boolean liquidation = "INSURANCE_FUND".equals(ev.x) || "ADL".equals(ev.x);
        return new Trade(exchange, ins.marketType(), ins.symbol(), nativeSymbol, tradeId,
                buyerMaker ? Side.SELL : Side.BUY, price, size, raw, unit, id, liquidation,
                BinanceAdapter.micros(ts, micros), receiveTs);
    }

    private BookDelta delta(Scan ev, String nativeSymbol, boolean micros, long receiveTs) {
        String e = ev.e;
        long first = required(ev.firstId, e, "U");
        long last = required(ev.lastId, e, "u");
        List<BookLevel> bids = required(ev.bids, e, "b");
        List<BookLevel> asks = required(ev.asks, e, "a");
        long ts = ev.tradeTime != NONE ? ev.tradeTime : required(ev.eventTime, e, "E");
        Instrument ins = symbols.resolve(nativeSymbol);
        return new BookDelta(exchange, ins.marketType(), ins.symbol(), nativeSymbol, bids, asks, family.sizeUnit,
                first, last, family == BinanceFamily.SPOT ? null : boxed(ev.prevId), null,
                BinanceAdapter.micros(ts, micros), receiveTs);
    }

    private BookSnapshot snapshot(Scan ev, String nativeSymbol, long sequence, boolean partial, boolean micros,
                                  long receiveTs) {
        Instrument ins = symbols.resolve(nativeSymbol);
        long ts = ev.tradeTime != NONE ? ev.tradeTime : ev.eventTime != NONE ? ev.eventTime : 0L;
        return new BookSnapshot(exchange, ins.marketType(), ins.symbol(), nativeSymbol,
                ev.bids == null ? List.of() : ev.bids, ev.asks == null ? List.of() : ev.asks, family.sizeUnit,
                sequence, null, partial, BinanceAdapter.micros(ts, micros), receiveTs);
    }

    private Quote quote(Scan ev, boolean micros, long receiveTs) {
        String nativeSymbol = required(ev.s, "bookTicker", "s");
        Instrument ins = symbols.resolve(nativeSymbol);
        // Spot bookTicker carries no time at all: exchangeTs 0, receiveTs is the only clock
        long ts = ev.tradeTime != NONE ? ev.tradeTime : ev.eventTime != NONE ? ev.eventTime : 0L;
        return new Quote(exchange, ins.marketType(), ins.symbol(), nativeSymbol,
                ev.bidPrice, ev.bidSize, ev.askPrice, ev.askSize, family.sizeUnit, boxed(ev.lastId),
                BinanceAdapter.micros(ts, micros), receiveTs);
    }

    /** {@code ethusdt@depth20@100ms} → true; {@code btcusdt@depth@100ms} → false. */
    static boolean isPartialDepthStream(String stream) {
        if (stream == null) {
            return false;
        }
        int at = stream.indexOf("@depth");
        int next = at + "@depth".length();
        return at >= 0 && next < stream.length() && Character.isDigit(stream.charAt(next));
    }

    /** The upper-case symbol of a stream name ({@code ethusdt@depth20} → {@code ETHUSDT}), or null. */
    static String streamSymbol(String stream) {
        if (stream == null) {
            return null;
        }
        int at = stream.indexOf('@');
        if (at <= 0 || stream.charAt(0) == '!') {
            return null;
        }
        return stream.substring(0, at).toUpperCase(java.util.Locale.ROOT);
    }

    private static long required(long value, String kind, String field) {
        if (value == NONE) {
            throw new MalformedFrameException(kind + ": missing field '" + field + "'");
        }
        return value;
    }

    private static Long boxed(long value) {
        return value == NONE ? null : value;
    }

    private static <T> T required(T value, String kind, String field) {
        if (value == null) {
            throw new MalformedFrameException(kind + ": missing field '" + field + "'");
        }
        return value;
    }

    private static String string(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new MalformedFrameException("field '" + name + "' is not a string");
        }
        return p.getText();
    }

    private static boolean bool(JsonParser p, JsonToken t, String name) {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new MalformedFrameException("field '" + name + "' is not a boolean");
    }

    private static long longValue(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new MalformedFrameException("field '" + name + "' is out of range: " + p.getText());
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException ex) {
                throw new MalformedFrameException("field '" + name + "' is not an integer: '" + p.getText() + "'");
            }
        }
        if (t == JsonToken.VALUE_NULL) {
            return NONE;
        }
        throw new MalformedFrameException("field '" + name + "' is not an integer");
    }

    /** A decimal from a string (exact text) or a JSON number; null for "" or null. */
    private static BigDecimal decimal(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            int len = p.getTextLength();
            if (len == 0) {
                return null;
            }
            try {
                return Decimals.parse(p.getTextCharacters(), p.getTextOffset(), len);
            } catch (NumberFormatException ex) {
                throw new MalformedFrameException("field '" + name + "' is not a decimal: '" + p.getText() + "'");
            }
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new MalformedFrameException("field '" + name + "' is not a decimal");
    }

    /** {@code [["price","size"], ...]}; extra elements of a level (old format) are skipped. */
    private static List<BookLevel> levels(JsonParser p, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedFrameException("field '" + name + "' is not an array of levels");
        }
        List<BookLevel> levels = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
            BigDecimal price = decimal(p, p.nextToken(), name);
            BigDecimal size = decimal(p, p.nextToken(), name);
            if (price == null || size == null) {
                throw new MalformedFrameException("field '" + name + "' has a level without price or size");
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MalformedFrameException("field '" + name + "': truncated level");
                }
                p.skipChildren();
            }
            levels.add(new BookLevel(price, size));
        }
        if (t != JsonToken.END_ARRAY) {
            throw new MalformedFrameException("field '" + name + "' has a level that is not an array");
        }
        return levels;
    }
}
