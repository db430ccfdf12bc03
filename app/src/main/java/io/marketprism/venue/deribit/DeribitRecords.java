package io.marketprism.venue.deribit;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quantities;
import io.marketprism.model.Quote;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Side;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Deribit payload objects to records, shared by the WebSocket channels and the REST methods (a REST order book or
 * ticker result carries the same fields as the ticker channel; a REST trade is a channel trade).
 */
final class DeribitRecords {
    private static final Exchange EX = Exchange.DERIBIT;
    /** Deribit's {@code funding_8h} is an 8-hour-equivalent rate (the model's Funding documents this). */
    private static final int FUNDING_HOURS = 8;

    private final DeribitSymbols symbols;

    DeribitRecords(DeribitSymbols symbols) {
        this.symbols = symbols;
    }

    DeribitSymbols.Resolved resolve(String nativeName) {
        return symbols.resolve(nativeName);
    }

    /** Trades of a {@code trades.*} notification or a {@code get_last_trades_*} result. */
    void trades(JsonNode array, long receiveTs, AdapterOutput out) {
        if (!array.isArray()) {
            throw new MalformedFrameException("trades 'data' is not an array");
        }
        for (JsonNode t : array) {
            trade(t, receiveTs, out);
        }
    }

    private void trade(JsonNode t, long receiveTs, AdapterOutput out) {
        DeribitSymbols.Resolved s = resolve(Json.text(t, "instrument_name"));
        BigDecimal price = Json.decimal(t, "price");
        BigDecimal amount = Json.decimal(t, "amount");
        Side side = side(Json.text(t, "direction"), "direction");
        long ts = Json.msToMicros(Json.longValue(t, "timestamp"));
        String tradeId = Json.text(t, "trade_id");
        // inverse amounts are USD: base size = amount / price; linear, spot and options are already in the coin.
        // A combo's price is a spread (often near zero or negative): USD / spread is no base size, so none is given
        BigDecimal size = s.combo() && s.amountUnit() == SizeUnit.QUOTE
                ? null : Quantities.toBase(amount, s.amountUnit(), null, null, price);
        String liquidation = Json.textOrNull(t, "liquidation");
        out.emit(new Trade(EX, s.marketType(), s.symbol(), s.nativeSymbol(), tradeId, side, price, size, amount,
                s.amountUnit(), Json.longOrNull(t, "trade_seq"), liquidation != null, ts, receiveTs));
        if (liquidation != null) {
            Side liquidated = liquidatedSide(liquidation, side);
            out.emit(new Liquidation(EX, s.marketType(), s.symbol(), s.nativeSymbol(), liquidated, price, size,
                    amount, s.amountUnit(), tradeId, ts, receiveTs));
        }
    }

    /**
     * The side of the liquidated party's order. "T": the taker was liquidated, its order is the trade direction.
     * "M": the maker was liquidated, its order is on the other side. "MT": both were; one trade yields one
     * liquidation record, attributed to the taker (the aggressing liquidation order), so volumes are not doubled.
     */
    static Side liquidatedSide(String flag, Side takerSide) {
        return switch (flag) {
            case "T", "MT" -> takerSide;
            case "M" -> takerSide == Side.BUY ? Side.SELL : Side.BUY;
            default -> throw new MalformedFrameException("unknown liquidation flag '" + flag + "'");
        };
    }

    static Side side(String direction, String field) {
        return switch (direction) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new MalformedFrameException("field '" + field + "' is not buy/sell: '" + direction + "'");
        };
    }

    /**
     * A {@code book.{instrument}.{interval}} message. {@code type} tells snapshot from change; messages of the
     * pre-2020 format carry no {@code type}, there a {@code prev_change_id} marks a change.
     */
    void book(JsonNode d, String channelInstrument, long receiveTs, AdapterOutput out) {
        DeribitSymbols.Resolved s = resolve(instrument(d, channelInstrument));
        long ts = Json.msToMicros(Json.longValue(d, "timestamp"));
        long changeId = Json.longValue(d, "change_id");
        String type = Json.textOrNull(d, "type");
        boolean snapshot;
        if (type == null) {
            snapshot = Json.longOrNull(d, "prev_change_id") == null;
        } else if (type.equals("snapshot") || type.equals("change")) {
            snapshot = type.equals("snapshot");
        } else {
            throw new MalformedFrameException("book 'type' is neither snapshot nor change: '" + type + "'");
        }
        List<BookLevel> bids = actionLevels(Json.required(d, "bids"), "bids");
        List<BookLevel> asks = actionLevels(Json.required(d, "asks"), "asks");
        if (snapshot) {
            out.emit(new BookSnapshot(EX, s.marketType(), s.symbol(), s.nativeSymbol(), bids, asks, s.amountUnit(),
                    changeId, null, ts, receiveTs));
        } else {
            out.emit(new BookDelta(EX, s.marketType(), s.symbol(), s.nativeSymbol(), bids, asks, s.amountUnit(),
                    null, changeId, Json.longOrNull(d, "prev_change_id"), null, ts, receiveTs));
        }
    }

    /**
     * A grouped top-N book ({@code book.{instrument}.{group}.{depth}.{interval}}) or a REST order book (depth-limited):
     * both are partial books, published as they are; local books sync from the {@code book.*} channel's snapshot.
     */
    void topBook(JsonNode d, String channelInstrument, Long fallbackTs, long receiveTs, AdapterOutput out) {
        DeribitSymbols.Resolved s = resolve(instrument(d, channelInstrument));
        long ts = time(d, "timestamp", fallbackTs);
        List<BookLevel> bids = plainLevels(Json.required(d, "bids"), "bids");
        List<BookLevel> asks = plainLevels(Json.required(d, "asks"), "asks");
        out.emit(new BookSnapshot(EX, s.marketType(), s.symbol(), s.nativeSymbol(), bids, asks, s.amountUnit(),
                Json.longOrNull(d, "change_id"), null, true, ts, receiveTs));
    }

    /** {@code ["new"|"change"|"delete", price, amount]}; a delete becomes size 0 whatever amount it carries. */
    private static List<BookLevel> actionLevels(JsonNode levels, String side) {
        if (!levels.isArray()) {
            throw new MalformedFrameException("book '" + side + "' is not an array");
        }
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (JsonNode l : levels) {
            if (!l.isArray() || l.size() != 3) {
                throw new MalformedFrameException("book '" + side + "' level is not [action, price, amount]");
            }
            String action = l.get(0).asText();
            BigDecimal price = level(l.get(1), side, "price");
            BigDecimal amount = level(l.get(2), side, "amount");
            switch (action) {
                case "new", "change" -> out.add(new BookLevel(price, amount));
                case "delete" -> out.add(new BookLevel(price, BigDecimal.ZERO));
                default -> throw new MalformedFrameException("book '" + side + "' action is '" + action + "'");
            }
        }
        return out;
    }

    /** {@code [price, amount]} levels of grouped books and REST order books. */
    private static List<BookLevel> plainLevels(JsonNode levels, String side) {
        if (!levels.isArray()) {
            throw new MalformedFrameException("book '" + side + "' is not an array");
        }
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (JsonNode l : levels) {
            if (!l.isArray() || l.size() != 2) {
                throw new MalformedFrameException("book '" + side + "' level is not [price, amount]");
            }
            out.add(new BookLevel(level(l.get(0), side, "price"), level(l.get(1), side, "amount")));
        }
        return out;
    }

    private static BigDecimal level(JsonNode v, String side, String what) {
        if (v == null || !v.isNumber()) {
            throw new MalformedFrameException("book '" + side + "' level " + what + " is not a number");
        }
        return v.decimalValue();
    }

    /** A {@code quote.{instrument}} message. An empty side (no amount) becomes null rather than a 0 price. */
    void quote(JsonNode d, String channelInstrument, long receiveTs, AdapterOutput out) {
        DeribitSymbols.Resolved s = resolve(instrument(d, channelInstrument));
        long ts = Json.msToMicros(Json.longValue(d, "timestamp"));
        BigDecimal bidSize = nonZero(Json.decimalOrNull(d, "best_bid_amount"));
        BigDecimal askSize = nonZero(Json.decimalOrNull(d, "best_ask_amount"));
        BigDecimal bid = bidSize == null ? null : Json.decimalOrNull(d, "best_bid_price");
        BigDecimal ask = askSize == null ? null : Json.decimalOrNull(d, "best_ask_price");
        out.emit(new Quote(EX, s.marketType(), s.symbol(), s.nativeSymbol(), bid, bidSize, ask, askSize,
                s.amountUnit(), null, ts, receiveTs));
    }

    /**
     * A ticker object (ticker channel, {@code public/ticker}, {@code get_order_book} result): Ticker, plus Funding
     * for perpetuals and futures, plus OpenInterest for every derivative. In {@code incremental_ticker} changes a
     * field left out means "unchanged": it is null in the records, and Funding / OpenInterest are only emitted when
     * their source fields are present.
     */
    void ticker(JsonNode d, String channelInstrument, Long fallbackTs, long receiveTs, AdapterOutput out) {
        DeribitSymbols.Resolved s = resolve(instrument(d, channelInstrument));
        long ts = time(d, "timestamp", fallbackTs);
        JsonNode stats = d.path("stats");
        BigDecimal bidAmount = Json.decimalOrNull(d, "best_bid_amount");
        BigDecimal askAmount = Json.decimalOrNull(d, "best_ask_amount");
        // Deribit writes an empty side as price 0 with amount 0; a 0 bid is no bid
        BigDecimal bid = emptySide(bidAmount) ? null : Json.decimalOrNull(d, "best_bid_price");
        BigDecimal ask = emptySide(askAmount) ? null : Json.decimalOrNull(d, "best_ask_price");
        out.emit(new Ticker(EX, s.marketType(), s.symbol(), s.nativeSymbol(), Json.decimalOrNull(d, "last_price"),
                null, Json.decimalOrNull(stats, "high"), Json.decimalOrNull(stats, "low"),
                Json.decimalOrNull(stats, "volume"), Json.decimalOrNull(stats, "volume_usd"),
                Json.decimalOrNull(stats, "price_change"), bid, ask, ts, receiveTs));
        BigDecimal mark = Json.decimalOrNull(d, "mark_price");
        derivatives(d, s, mark, Json.decimalOrNull(d, "index_price"), ts, receiveTs, out);
    }

    /**
     * A book summary element ({@code get_book_summary_by_*}): the summary's own field names ({@code last},
     * {@code bid_price}, flat {@code high}/{@code low}/{@code volume}); its time is {@code creation_timestamp}.
     */
    void summary(JsonNode d, Long fallbackTs, long receiveTs, AdapterOutput out) {
        DeribitSymbols.Resolved s = resolve(Json.text(d, "instrument_name"));
        long ts = time(d, "creation_timestamp", fallbackTs);
        out.emit(new Ticker(EX, s.marketType(), s.symbol(), s.nativeSymbol(), Json.decimalOrNull(d, "last"), null,
                Json.decimalOrNull(d, "high"), Json.decimalOrNull(d, "low"), Json.decimalOrNull(d, "volume"),
                Json.decimalOrNull(d, "volume_usd"), Json.decimalOrNull(d, "price_change"),
                Json.decimalOrNull(d, "bid_price"), Json.decimalOrNull(d, "ask_price"), ts, receiveTs));
        derivatives(d, s, Json.decimalOrNull(d, "mark_price"), Json.decimalOrNull(d, "index_price"), ts, receiveTs,
                out);
    }

    /** Funding (perpetuals, futures) and open interest (every derivative) from ticker-like fields. */
    private void derivatives(JsonNode d, DeribitSymbols.Resolved s, BigDecimal mark, BigDecimal index, long ts,
                             long receiveTs, AdapterOutput out) {
        if (s.marketType() == MarketType.SPOT) {
            return;
        }
        boolean futureLike = s.marketType() == MarketType.PERPETUAL || s.marketType() == MarketType.FUTURE;
        if (futureLike && !s.combo() && (mark != null || index != null)) {
            boolean perp = s.marketType() == MarketType.PERPETUAL;
            out.emit(new Funding(EX, s.marketType(), s.symbol(), s.nativeSymbol(),
                    perp ? Json.decimalOrNull(d, "funding_8h") : null,
                    perp ? Json.decimalOrNull(d, "current_funding") : null, null, null,
                    perp ? FUNDING_HOURS : null, mark, index, ts, receiveTs));
        }
        BigDecimal oi = Json.decimalOrNull(d, "open_interest");
        if (oi != null && !s.combo()) {
            out.emit(openInterest(s, oi, mark, ts, receiveTs));
        }
    }

    /** Inverse open interest is USD: base = USD / mark price. Linear and options: the coin. */
    private static OpenInterest openInterest(DeribitSymbols.Resolved s, BigDecimal oi, BigDecimal mark, long ts,
                                             long receiveTs) {
        if (s.amountUnit() == SizeUnit.QUOTE) {
            return new OpenInterest(EX, s.marketType(), s.symbol(), s.nativeSymbol(), oi, SizeUnit.QUOTE,
                    Quantities.divide(oi, mark), oi, ts, receiveTs);
        }
        return new OpenInterest(EX, s.marketType(), s.symbol(), s.nativeSymbol(), oi, SizeUnit.BASE, oi, null, ts,
                receiveTs);
    }

    /**
     * The message's time in µs; when it has none, the REST response's server time ({@code usOut}) if given. A null
     * fallback makes the field required (WebSocket messages always carry it).
     */
    static long time(JsonNode d, String field, Long fallbackMicros) {
        Long ms = Json.longOrNull(d, field);
        if (ms != null) {
            return Json.msToMicros(ms);
        }
        if (fallbackMicros == null) {
            throw new MalformedFrameException("missing field '" + field + "'");
        }
        return fallbackMicros;
    }

    private static String instrument(JsonNode d, String channelInstrument) {
        String name = Json.textOrNull(d, "instrument_name");
        if (name != null) {
            return name;
        }
        if (channelInstrument == null) {
            throw new MalformedFrameException("missing field 'instrument_name'");
        }
        return channelInstrument;
    }

    /** An amount sent as 0 (an amount left out of an incremental ticker is "unchanged", not empty). */
    private static boolean emptySide(BigDecimal amount) {
        return amount != null && amount.signum() == 0;
    }

    private static boolean isZero(BigDecimal v) {
        return v == null || v.signum() == 0;
    }

    private static BigDecimal nonZero(BigDecimal v) {
        return isZero(v) ? null : v;
    }
}
