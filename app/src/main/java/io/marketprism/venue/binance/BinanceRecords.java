package io.marketprism.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Instrument;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quantities;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Records built from tree-model Binance objects, shared by the WebSocket events and the REST bodies (which name the
 * same values differently: {@code c} vs {@code lastPrice}). All quantities stay in the venue's unit next to their base
 * conversion; COIN-M quantities are contracts of a fixed USD value.
 */
final class BinanceRecords {
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);

    private final Exchange exchange;
    private final BinanceFamily family;
    private final BinanceSymbols symbols;

    BinanceRecords(Exchange exchange, BinanceFamily family, BinanceSymbols symbols) {
        this.exchange = exchange;
        this.family = family;
        this.symbols = symbols;
    }

    Instrument resolve(String nativeSymbol) {
        return symbols.resolve(nativeSymbol);
    }

    /** WebSocket {@code 24hrTicker} / {@code 24hrMiniTicker}. */
    Ticker wsTicker(JsonNode n, boolean micros, long receiveTs) {
        String nativeSymbol = Json.text(n, "s");
        return ticker(nativeSymbol, Json.decimal(n, "c"), Json.decimalOrNull(n, "o"), Json.decimalOrNull(n, "h"),
                Json.decimalOrNull(n, "l"), Json.decimalOrNull(n, "v"), Json.decimalOrNull(n, "q"),
                Json.decimalOrNull(n, "P"), Json.decimalOrNull(n, "b"), Json.decimalOrNull(n, "a"),
                BinanceAdapter.micros(Json.longValue(n, "E"), micros), receiveTs);
    }

    /** REST {@code ticker/24hr} element. COIN-M names its base volume {@code baseVolume}, its contracts {@code volume}. */
    Ticker restTicker(JsonNode n, long receiveTs) {
        String nativeSymbol = Json.text(n, "symbol");
        BigDecimal second = family == BinanceFamily.COINM ? Json.decimalOrNull(n, "baseVolume")
                : Json.decimalOrNull(n, "quoteVolume");
        Long closeTime = Json.longOrNull(n, "closeTime");
        return ticker(nativeSymbol, Json.decimal(n, "lastPrice"), Json.decimalOrNull(n, "openPrice"),
                Json.decimalOrNull(n, "highPrice"), Json.decimalOrNull(n, "lowPrice"), Json.decimalOrNull(n, "volume"),
                second, Json.decimalOrNull(n, "priceChangePercent"), Json.decimalOrNull(n, "bidPrice"),
                Json.decimalOrNull(n, "askPrice"), closeTime == null ? 0L : Json.msToMicros(closeTime), receiveTs);
    }

    /**
     * {@code first}/{@code second} are the venue's two volume fields: base and quote on Spot/USDⓈ-M; contracts and
     * base on COIN-M (§3A), where quote (USD) volume is contracts × contract size, exact since contracts are USD.
     */
    private Ticker ticker(String nativeSymbol, BigDecimal last, BigDecimal open, BigDecimal high, BigDecimal low,
                          BigDecimal first, BigDecimal second, BigDecimal changePct, BigDecimal bid, BigDecimal ask,
                          long exchangeTs, long receiveTs) {
        Instrument ins = symbols.resolve(nativeSymbol);
        BigDecimal volumeBase;
        BigDecimal volumeQuote;
        if (family == BinanceFamily.COINM) {
            volumeBase = second;
            volumeQuote = first == null || ins.contractSize() == null ? null : first.multiply(ins.contractSize());
        } else {
            volumeBase = first;
            volumeQuote = second;
        }
        return new Ticker(exchange, ins.marketType(), ins.symbol(), nativeSymbol, last, open, high, low,
                volumeBase, volumeQuote, changePct, bid, ask, exchangeTs, receiveTs);
    }

    /** WebSocket {@code markPriceUpdate}: rate {@code r} of the current period, applied at {@code T}. */
    Funding markPrice(JsonNode n, boolean micros, long receiveTs) {
        String nativeSymbol = Json.text(n, "s");
        Instrument ins = symbols.resolve(nativeSymbol);
        return new Funding(exchange, ins.marketType(), ins.symbol(), nativeSymbol, Json.decimalOrNull(n, "r"), null,
                null, time(Json.longOrNull(n, "T"), micros), null, Json.decimalOrNull(n, "p"),
                Json.decimalOrNull(n, "i"), BinanceAdapter.micros(Json.longValue(n, "E"), micros), receiveTs);
    }

    /**
     * COIN-M {@code indexPriceUpdate}: the index of a pair ({@code i}, e.g. {@code BTCUSD}), shared by all its
     * contracts; recorded under the pair's unified name ({@code BTC-USD}) with only the index price set.
     */
    Funding indexPrice(JsonNode n, boolean micros, long receiveTs) {
        String pair = Json.text(n, "i");
        return new Funding(exchange, MarketType.PERPETUAL, BinanceSymbols.unifiedPair(pair), pair, null, null, null,
                null, null, null, Json.decimal(n, "p"), BinanceAdapter.micros(Json.longValue(n, "E"), micros),
                receiveTs);
    }

    /** REST {@code premiumIndex} element: {@code lastFundingRate} is the current period's rate ("" on quarterlies). */
    Funding premiumIndex(JsonNode n, long receiveTs) {
        String nativeSymbol = Json.text(n, "symbol");
        Instrument ins = symbols.resolve(nativeSymbol);
        Long time = Json.longOrNull(n, "time");
        return new Funding(exchange, ins.marketType(), ins.symbol(), nativeSymbol,
                Json.decimalOrNull(n, "lastFundingRate"), null, null, time(Json.longOrNull(n, "nextFundingTime"), false),
                null, Json.decimalOrNull(n, "markPrice"), Json.decimalOrNull(n, "indexPrice"),
                time == null ? 0L : Json.msToMicros(time), receiveTs);
    }

    /** REST {@code fundingRate} history element: a settled rate at {@code fundingTime}. */
    Funding fundingHistory(JsonNode n, long receiveTs) {
        String nativeSymbol = Json.text(n, "symbol");
        Instrument ins = symbols.resolve(nativeSymbol);
        long fundingTime = Json.msToMicros(Json.longValue(n, "fundingTime"));
        return new Funding(exchange, ins.marketType(), ins.symbol(), nativeSymbol, Json.decimal(n, "fundingRate"),
                null, fundingTime, null, null, Json.decimalOrNull(n, "markPrice"), null, fundingTime, receiveTs);
    }

    /** WebSocket {@code forceOrder}: the liquidation order {@code o}; average price and filled size when non-zero. */
    Liquidation forceOrder(JsonNode n, boolean micros, long receiveTs) {
        JsonNode o = Json.required(n, "o");
        String nativeSymbol = Json.text(o, "s");
        Instrument ins = symbols.resolve(nativeSymbol);
        BigDecimal price = nonZero(Json.decimalOrNull(o, "ap"));
        if (price == null) {
            price = Json.decimal(o, "p");
        }
        BigDecimal raw = nonZero(Json.decimalOrNull(o, "z"));
        if (raw == null) {
            raw = Json.decimal(o, "q");
        }
        return new Liquidation(exchange, ins.marketType(), ins.symbol(), nativeSymbol, side(Json.text(o, "S")), price,
                baseSize(raw, ins, price), raw, family.sizeUnit, null,
                BinanceAdapter.micros(Json.longValue(o, "T"), micros), receiveTs);
    }

    /**
     * Open interest ({@code /fapi|dapi/v1/openInterest}, tardis-generated {@code openInterest} frames). USDⓈ-M sends
     * base units; COIN-M sends contracts, whose USD value is exact (contracts × contract size) while a base amount
     * would need a price this body lacks, so it stays null.
     */
    OpenInterest openInterest(JsonNode n, String nativeSymbol, long receiveTs) {
        String s = nativeSymbol != null ? nativeSymbol : Json.text(n, "symbol");
        Instrument ins = symbols.resolve(s);
        BigDecimal oi = Json.decimal(n, "openInterest");
        Long time = Json.longOrNull(n, "time");
        long ts = time == null ? 0L : Json.msToMicros(time);
        if (family == BinanceFamily.COINM) {
            BigDecimal usd = ins.contractSize() == null ? null : oi.multiply(ins.contractSize());
            return new OpenInterest(exchange, ins.marketType(), ins.symbol(), s, oi, SizeUnit.CONTRACT, null, usd, ts,
                    receiveTs);
        }
        return new OpenInterest(exchange, ins.marketType(), ins.symbol(), s, oi, SizeUnit.BASE, oi, null, ts,
                receiveTs);
    }

    /** REST {@code ticker/bookTicker} element (Spot has no time and no update id). */
    Quote restBookTicker(JsonNode n, long receiveTs) {
        String nativeSymbol = Json.text(n, "symbol");
        Instrument ins = symbols.resolve(nativeSymbol);
        Long time = Json.longOrNull(n, "time");
        return new Quote(exchange, ins.marketType(), ins.symbol(), nativeSymbol, Json.decimalOrNull(n, "bidPrice"),
                Json.decimalOrNull(n, "bidQty"), Json.decimalOrNull(n, "askPrice"), Json.decimalOrNull(n, "askQty"),
                family.sizeUnit, Json.longOrNull(n, "lastUpdateId"), time == null ? 0L : Json.msToMicros(time),
                receiveTs);
    }

    /** REST {@code aggTrades} element (letters as on the stream) or {@code trades} element (long names). */
    Trade restTrade(JsonNode n, String nativeSymbol, long receiveTs) {
        Instrument ins = symbols.resolve(nativeSymbol);
        boolean agg = n.has("a");
        long id = Json.longValue(n, agg ? "a" : "id");
        BigDecimal price = Json.decimal(n, agg ? "p" : "price");
        BigDecimal raw = Json.decimal(n, agg ? "q" : "qty");
        JsonNode maker = Json.required(n, agg ? "m" : "isBuyerMaker");
        if (!maker.isBoolean()) {
            throw new MalformedFrameException("field '" + (agg ? "m" : "isBuyerMaker") + "' is not a boolean");
        }
        long time = Json.longValue(n, agg ? "T" : "time");
        return new Trade(exchange, ins.marketType(), ins.symbol(), nativeSymbol, Long.toString(id),
                maker.booleanValue() ? Side.SELL : Side.BUY, price, baseSize(raw, ins, price), raw, family.sizeUnit,
                id, false, Json.msToMicros(time), receiveTs);
    }

    /**
     * One exchangeInfo symbol entry. base/quote come from baseAsset/quoteAsset (never from splitting the string);
     * dated futures are named by their delivery date (YYMMDD), as Binance names them.
     */
    Instrument instrument(JsonNode n) {
        String nativeSymbol = Json.text(n, "symbol");
        String base = Json.text(n, "baseAsset");
        String quote = Json.text(n, "quoteAsset");
        String status = Json.textOrNull(n, "status");
        if (status == null) {
            status = Json.textOrNull(n, "contractStatus"); // COIN-M
        }
        BigDecimal tick = null;
        BigDecimal lot = null;
        JsonNode filters = n.get("filters");
        if (filters != null && filters.isArray()) {
            for (JsonNode f : filters) {
                String type = Json.textOrNull(f, "filterType");
                if ("PRICE_FILTER".equals(type)) {
                    tick = Json.decimalOrNull(f, "tickSize");
                } else if ("LOT_SIZE".equals(type)) {
                    lot = Json.decimalOrNull(f, "stepSize");
                }
            }
        }
        String pairName = base + "-" + quote;
        if (family == BinanceFamily.SPOT) {
            return new Instrument(exchange, nativeSymbol, pairName, MarketType.SPOT, ContractKind.SPOT, base, quote,
                    null, null, null, tick, lot, null, null, null, status);
        }
        String contractType = Json.textOrNull(n, "contractType");
        int us = nativeSymbol.indexOf('_');
        String suffix = us < 0 ? null : nativeSymbol.substring(us + 1);
        // PERPETUAL, TRADIFI_PERPETUAL (2026); settled quarterlies may carry an empty contractType but keep their date
        boolean perp = contractType != null ? contractType.endsWith("PERPETUAL")
                : suffix == null || suffix.equals("PERP");
        Long delivery = Json.longOrNull(n, "deliveryDate");
        String symbol;
        Long expiry = null;
        if (perp) {
            symbol = pairName + "-PERP";
        } else {
            String date = suffix != null && !suffix.equals("PERP") ? suffix
                    : delivery != null ? YYMMDD.format(Instant.ofEpochMilli(delivery)) : null;
            if (date == null) {
                throw new MalformedFrameException("exchangeInfo: dated contract " + nativeSymbol
                        + " without delivery date");
            }
            symbol = pairName + "-" + date;
            expiry = delivery == null ? null : Json.msToMicros(delivery);
        }
        String settle = Json.textOrNull(n, "marginAsset");
        MarketType type = perp ? MarketType.PERPETUAL : MarketType.FUTURE;
        if (family == BinanceFamily.USDM) {
            // one USDⓈ-M contract is one unit of the base asset (§8.2)
            return new Instrument(exchange, nativeSymbol, symbol, type, ContractKind.LINEAR, base, quote,
                    settle != null ? settle : quote, BigDecimal.ONE, SizeUnit.BASE, tick, lot, expiry, null, null,
                    status);
        }
        BigDecimal contractSize = Json.decimalOrNull(n, "contractSize");
        return new Instrument(exchange, nativeSymbol, symbol, type, ContractKind.INVERSE, base, quote,
                settle != null ? settle : base, contractSize, contractSize == null ? null : SizeUnit.QUOTE, tick, lot,
                expiry, null, null, status);
    }

    /** Size in base asset: the raw size on Spot/USDⓈ-M, contracts × USD contract size / price on COIN-M. */
    BigDecimal baseSize(BigDecimal raw, Instrument ins, BigDecimal price) {
        if (family.sizeUnit == SizeUnit.BASE) {
            return raw;
        }
        return Quantities.toBase(raw, family.sizeUnit, ins.contractSize(), ins.contractSizeUnit(), price);
    }

    /** A time in the venue's unit to µs; 0 (Binance's "none", e.g. next funding of a quarterly) becomes null. */
    private static Long time(Long value, boolean micros) {
        return value == null || value == 0L ? null : BinanceAdapter.micros(value, micros);
    }

    private static BigDecimal nonZero(BigDecimal v) {
        return v == null || v.signum() == 0 ? null : v;
    }

    static Side side(String s) {
        return switch (s) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> throw new MalformedFrameException("side is neither BUY nor SELL: '" + s + "'");
        };
    }
}
