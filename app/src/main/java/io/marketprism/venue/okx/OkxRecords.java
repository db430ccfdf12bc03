package io.marketprism.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * OKX v5 data elements to records. WebSocket pushes and REST responses carry the same element shapes (a trade, a
 * book, a ticker, …), so both paths build their records here. Field mapping: protocol reference §4.4.
 */
final class OkxRecords {
    private static final long MS_PER_HOUR = 3_600_000L;

    private final OkxSymbols symbols;

    OkxRecords(OkxSymbols symbols) {
        this.symbols = symbols;
    }

    /** The market of instId; the element's own instType (when it has one) classifies ids the registry lacks. */
    OkxSymbols.Market market(String instId, JsonNode element) {
        return symbols.resolve(instId, element == null ? null : Json.textOrNull(element, "instType"));
    }

    /** The element's own instId, else the one of the channel arg or REST query. */
    static String instId(JsonNode element, String fallback) {
        String own = Json.textOrNull(element, "instId");
        if (own != null) {
            return own;
        }
        if (fallback == null) {
            throw new MalformedFrameException("missing field 'instId'");
        }
        return fallback;
    }

    /** {@code trades}, {@code trades-all}, REST trades: sz is base on spot, contracts on derivatives. */
    Trade trade(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        String tradeId = Json.text(e, "tradeId");
        BigDecimal price = Json.decimal(e, "px");
        BigDecimal raw = Json.decimal(e, "sz");
        SizeUnit unit = m.sizeUnit();
        return new Trade(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(), tradeId, side(e, "side"),
                price, baseSize(m, raw, unit, price), raw, unit, numericOrNull(tradeId), false,
                ts(e), receiveTs);
    }

    /** A full or top-N book ({@code books} snapshot, {@code books5}, REST books). */
    BookSnapshot snapshot(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        return new BookSnapshot(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(),
                levels(e, "bids"), levels(e, "asks"), m.sizeUnit(), Json.longOrNull(e, "seqId"), checksum(e),
                ts(e), receiveTs);
    }

    /** A {@code books} update: absolute sizes, "0" deletes; continuity by prevSeqId/seqId (and legacy checksum). */
    BookDelta delta(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        return new BookDelta(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(),
                levels(e, "bids"), levels(e, "asks"), m.sizeUnit(), null, Json.longOrNull(e, "seqId"),
                Json.longOrNull(e, "prevSeqId"), checksum(e), ts(e), receiveTs);
    }

    /** {@code bbo-tbt}: the first level of each side; an empty side stays null. */
    Quote quote(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        List<BookLevel> bids = levels(e, "bids");
        List<BookLevel> asks = levels(e, "asks");
        BookLevel bid = bids.isEmpty() ? null : bids.get(0);
        BookLevel ask = asks.isEmpty() ? null : asks.get(0);
        return new Quote(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(),
                bid == null ? null : bid.price(), bid == null ? null : bid.size(),
                ask == null ? null : ask.price(), ask == null ? null : ask.size(),
                m.sizeUnit(), Json.longOrNull(e, "seqId"), ts(e), receiveTs);
    }

    /**
     * {@code tickers} (WS and REST). Volumes (§8.2): SPOT vol24h base, volCcy24h quote; derivatives vol24h
     * contracts, volCcy24h base. Quote volume of a derivative is exact only for inverse contracts (contracts × ctVal
     * USD); otherwise null. OKX sends no change percentage and none is derived.
     */
    Ticker ticker(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        BigDecimal vol = Json.decimalOrNull(e, "vol24h");
        BigDecimal volCcy = Json.decimalOrNull(e, "volCcy24h");
        BigDecimal volumeBase;
        BigDecimal volumeQuote;
        if (m.marketType() == MarketType.SPOT) {
            volumeBase = vol;
            volumeQuote = volCcy;
        } else {
            volumeBase = volCcy;
            volumeQuote = vol != null && m.instrument() != null && m.instrument().contractSize() != null
                    && m.instrument().contractSizeUnit() == SizeUnit.QUOTE
                    ? vol.multiply(m.instrument().contractSize()) : null;
        }
        return new Ticker(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(),
                Json.decimalOrNull(e, "last"), Json.decimalOrNull(e, "open24h"), Json.decimalOrNull(e, "high24h"),
                Json.decimalOrNull(e, "low24h"), volumeBase, volumeQuote, null,
                Json.decimalOrNull(e, "bidPx"), Json.decimalOrNull(e, "askPx"), ts(e), receiveTs);
    }

    /**
     * {@code funding-rate} (WS and REST) and funding-rate-history rows. fundingRate is the rate for the settlement at
     * fundingTime; nextFundingRate (predicted) is no longer sent by OKX but older data has it. The interval is
     * nextFundingTime − fundingTime in whole hours. Older pushes carry no {@code ts}: then {@code defaultTs} (µs).
     */
    Funding funding(JsonNode e, String fallbackInstId, long receiveTs, long defaultTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        Long fundingTime = Json.longOrNull(e, "fundingTime");
        Long nextFundingTime = Json.longOrNull(e, "nextFundingTime");
        Integer interval = null;
        if (fundingTime != null && nextFundingTime != null) {
            long diff = nextFundingTime - fundingTime;
            if (diff > 0 && diff % MS_PER_HOUR == 0) {
                interval = Math.toIntExact(diff / MS_PER_HOUR);
            }
        }
        Long ts = Json.longOrNull(e, "ts");
        return new Funding(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(),
                Json.decimalOrNull(e, "fundingRate"), Json.decimalOrNull(e, "nextFundingRate"),
                micros(fundingTime), micros(nextFundingTime), interval, null, null,
                ts == null ? defaultTs : Json.msToMicros(ts), receiveTs);
    }

    /** {@code mark-price} (WS and REST): a funding record carrying only the mark price. */
    Funding mark(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        return new Funding(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(), null, null, null, null,
                null, Json.decimal(e, "markPx"), null, ts(e), receiveTs);
    }

    /** {@code open-interest} (WS and REST): oi in contracts, oiCcy base, oiUsd (newer data only). */
    OpenInterest openInterest(JsonNode e, String fallbackInstId, long receiveTs) {
        OkxSymbols.Market m = market(instId(e, fallbackInstId), e);
        return new OpenInterest(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(),
                Json.decimal(e, "oi"), SizeUnit.CONTRACT, Json.decimalOrNull(e, "oiCcy"),
                Json.decimalOrNull(e, "oiUsd"), ts(e), receiveTs);
    }

    /**
     * One {@code liquidation-orders} data element: the instrument is named inside the element (the channel is keyed
     * by instType), one record per {@code details} entry. side is the liquidation order's side; bkPx its price; sz
     * contracts (base on MARGIN).
     */
    void liquidations(JsonNode e, long receiveTs, AdapterOutput out) {
        OkxSymbols.Market m = market(Json.text(e, "instId"), e);
        JsonNode details = array(e, "details");
        SizeUnit unit = m.sizeUnit();
        for (JsonNode d : details) {
            BigDecimal price = Json.decimal(d, "bkPx");
            BigDecimal raw = Json.decimal(d, "sz");
            out.emit(new Liquidation(Exchange.OKX, m.marketType(), m.symbol(), m.nativeSymbol(), side(d, "side"),
                    price, baseSize(m, raw, unit, price), raw, unit, null, ts(d), receiveTs));
        }
    }

    /** Base-asset size of a raw quantity; null for contracts of an instrument the registry does not know. */
    static BigDecimal baseSize(OkxSymbols.Market m, BigDecimal raw, SizeUnit unit, BigDecimal price) {
        if (unit == SizeUnit.BASE) {
            return raw;
        }
        return m.instrument() == null ? null : m.instrument().baseSize(raw, unit, price);
    }

    /** Levels {@code [px, sz, "0", numOrders]}: px and sz keep the venue's text scale (the CRC32 needs it). */
    static List<BookLevel> levels(JsonNode e, String field) {
        JsonNode side = array(e, field);
        List<BookLevel> out = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            if (!level.isArray() || level.size() < 2) {
                throw new MalformedFrameException("'" + field + "' level is not [price, size, …]: " + level);
            }
            BigDecimal price = Json.decimalValue(level.get(0), field + " price");
            BigDecimal size = Json.decimalValue(level.get(1), field + " size");
            if (price == null || size == null) {
                throw new MalformedFrameException("'" + field + "' level has an empty price or size: " + level);
            }
            out.add(new BookLevel(price, size));
        }
        return out;
    }

    static JsonNode array(JsonNode node, String field) {
        JsonNode v = Json.required(node, field);
        if (!v.isArray()) {
            throw new MalformedFrameException("field '" + field + "' is not an array");
        }
        return v;
    }

    /** The legacy CRC32: null when absent or 0 (deprecated, fixed to 0 since 2026). */
    private static Long checksum(JsonNode e) {
        Long c = Json.longOrNull(e, "checksum");
        return c == null || c == 0 ? null : c;
    }

    static Side side(JsonNode e, String field) {
        String s = Json.text(e, field);
        return switch (s) {
            case "buy" -> Side.BUY;
            case "sell" -> Side.SELL;
            default -> throw new MalformedFrameException("field '" + field + "' is not buy/sell: '" + s + "'");
        };
    }

    /** Required {@code ts} (ms string) in µs. */
    static long ts(JsonNode e) {
        return Json.msToMicros(Json.longValue(e, "ts"));
    }

    private static Long micros(Long ms) {
        return ms == null ? null : Json.msToMicros(ms);
    }

    /** A long from a bare value node (a rubik row's ts): a JSON integer or a numeric string. */
    static long longValue(JsonNode v, String what) {
        if (v != null && v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v != null && v.isTextual()) {
            try {
                return Long.parseLong(v.textValue());
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("'" + what + "' is not an integer: '" + v.textValue() + "'");
            }
        }
        throw new MalformedFrameException("'" + what + "' is missing or not an integer");
    }

    /** OKX trade ids are decimal digits increasing per instrument; anything else has no sequence. */
    static Long numericOrNull(String id) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(id);
    }
}
