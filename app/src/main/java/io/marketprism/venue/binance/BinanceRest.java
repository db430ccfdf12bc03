package io.marketprism.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.LongShortRatio;
import io.marketprism.model.MarketType;
import io.marketprism.model.Quantities;
import io.marketprism.model.RatioKind;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * REST response bodies, routed by the request URL's path; the symbol, period etc. come from its query string
 * (Binance does not repeat them in every body). The same paths serve every host (api, data-api.binance.vision, fapi,
 * dapi): the adapter's family decides the units.
 */
final class BinanceRest {
    private final Exchange exchange;
    private final BinanceFamily family;
    private final BinanceRecords records;
    private final BinanceFastPath fast;

    BinanceRest(Exchange exchange, BinanceFamily family, BinanceRecords records, BinanceFastPath fast) {
        this.exchange = exchange;
        this.family = family;
        this.records = records;
        this.fast = fast;
    }

    /** The path and decoded query parameters of a request URL (no URI class: Binance queries may hold raw JSON). */
    record Url(String path, Map<String, String> query) {
        static Url parse(String url) {
            if (url == null) {
                throw new MalformedFrameException("REST response without a request URL");
            }
            int start = url.indexOf("://");
            start = start < 0 ? 0 : url.indexOf('/', start + 3);
            if (start < 0) {
                return new Url("/", Map.of());
            }
            int q = url.indexOf('?', start);
            String path = q < 0 ? url.substring(start) : url.substring(start, q);
            Map<String, String> query = new HashMap<>();
            if (q >= 0) {
                for (String part : url.substring(q + 1).split("&")) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    int eq = part.indexOf('=');
                    String k = eq < 0 ? part : part.substring(0, eq);
                    String v = eq < 0 ? "" : part.substring(eq + 1);
                    query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
            return new Url(path, query);
        }

        String symbol() {
            String s = query.get("symbol");
            return s == null || s.isEmpty() ? null : s.toUpperCase(Locale.ROOT);
        }
    }

    void handle(Frame frame, AdapterOutput out) {
        Url url = Url.parse(frame.url());
        long rx = frame.receiveTs();
        String path = url.path();
        switch (path) {
            case "/api/v3/depth", "/fapi/v1/depth", "/dapi/v1/depth" -> {
                if (!fast.restDepth(frame.payload(), url.symbol(), rx, out)) {
                    errorOrMalformed(Json.parse(frame.payload()), path, out);
                }
                return;
            }
            default -> {
            }
        }
        JsonNode body = Json.parse(frame.payload());
        if (body.isObject() && body.has("code") && body.has("msg")) {
            out.control("error"); // {"code":-1121,"msg":"Invalid symbol."}
            return;
        }
        switch (path) {
            case "/api/v3/exchangeInfo", "/fapi/v1/exchangeInfo", "/dapi/v1/exchangeInfo" -> {
                JsonNode symbols = Json.required(body, "symbols");
                if (!symbols.isArray()) {
                    throw new MalformedFrameException("exchangeInfo: 'symbols' is not an array");
                }
                for (JsonNode s : symbols) {
                    out.instrument(records.instrument(s));
                }
            }
            case "/fapi/v1/premiumIndex", "/dapi/v1/premiumIndex" ->
                    each(body, n -> out.emit(records.premiumIndex(n, rx)));
            case "/fapi/v1/fundingRate", "/dapi/v1/fundingRate" ->
                    each(body, n -> out.emit(records.fundingHistory(n, rx)));
            case "/fapi/v1/openInterest", "/dapi/v1/openInterest" -> {
                String symbol = Json.textOrNull(body, "symbol");
                out.emit(records.openInterest(body, symbol != null ? symbol : url.symbol(), rx));
            }
            case "/api/v3/aggTrades", "/fapi/v1/aggTrades", "/dapi/v1/aggTrades",
                    "/api/v3/trades", "/fapi/v1/trades", "/dapi/v1/trades" -> {
                String symbol = url.symbol();
                if (symbol == null) {
                    throw new MalformedFrameException(path + ": no 'symbol' query parameter");
                }
                each(body, n -> out.emit(records.restTrade(n, symbol, rx)));
            }
            case "/api/v3/ticker/24hr", "/fapi/v1/ticker/24hr", "/dapi/v1/ticker/24hr" ->
                    each(body, n -> out.emit(records.restTicker(n, rx)));
            case "/api/v3/ticker/bookTicker", "/fapi/v1/ticker/bookTicker", "/dapi/v1/ticker/bookTicker" ->
                    each(body, n -> out.emit(records.restBookTicker(n, rx)));
            case "/futures/data/globalLongShortAccountRatio" -> ratios(body, url, RatioKind.GLOBAL_ACCOUNT, rx, out);
            case "/futures/data/topLongShortAccountRatio" -> ratios(body, url, RatioKind.TOP_ACCOUNT, rx, out);
            case "/futures/data/topLongShortPositionRatio" -> ratios(body, url, RatioKind.TOP_POSITION, rx, out);
            case "/futures/data/takerlongshortRatio", "/futures/data/takerBuySellVol" ->
                    ratios(body, url, RatioKind.TAKER_BUY_SELL, rx, out);
            default -> out.unknown("rest:" + path);
        }
    }

    private static void errorOrMalformed(JsonNode body, String path, AdapterOutput out) {
        if (body.isObject() && body.has("code") && body.has("msg")) {
            out.control("error");
            return;
        }
        throw new MalformedFrameException(path + ": not a depth body");
    }

    /** Bodies that are one object or an array of them (e.g. premiumIndex with and without {@code symbol}). */
    private static void each(JsonNode body, Consumer<JsonNode> handler) {
        if (body.isArray()) {
            for (JsonNode n : body) {
                handler.accept(n);
            }
        } else if (body.isObject()) {
            handler.accept(body);
        } else {
            throw new MalformedFrameException("body is neither an object nor an array");
        }
    }

    /**
     * The four ratio endpoints. USDⓈ-M items are per symbol. COIN-M items are per pair ({@code BTCUSD}, recorded as
     * {@code BTC-USD}); its taker volume is per pair and contract type, so PERPETUAL maps to the perpetual and the
     * quarterly types keep their name ({@code BTC-USD-CURRENT_QUARTER}): the response carries no delivery date.
     */
    private void ratios(JsonNode body, Url url, RatioKind kind, long rx, AdapterOutput out) {
        String period = url.query().get("period");
        each(body, n -> out.emit(family == BinanceFamily.COINM ? coinmRatio(n, url, kind, period, rx)
                : usdmRatio(n, url, kind, period, rx)));
    }

    private LongShortRatio usdmRatio(JsonNode n, Url url, RatioKind kind, String period, long rx) {
        String s = Json.textOrNull(n, "symbol");
        if (s == null) {
            s = url.symbol(); // takerlongshortRatio items carry no symbol
        }
        if (s == null) {
            throw new MalformedFrameException(kind.id() + " ratio: no symbol in item or query");
        }
        Instrument ins = records.resolve(s);
        long ts = Json.msToMicros(Json.longValue(n, "timestamp"));
        if (kind == RatioKind.TAKER_BUY_SELL) {
            return new LongShortRatio(exchange, ins.marketType(), ins.symbol(), s, kind, period,
                    Json.decimal(n, "buySellRatio"), null, null, Json.decimalOrNull(n, "buyVol"),
                    Json.decimalOrNull(n, "sellVol"), ts, rx);
        }
        return new LongShortRatio(exchange, ins.marketType(), ins.symbol(), s, kind, period,
                Json.decimal(n, "longShortRatio"), Json.decimalOrNull(n, "longAccount"),
                Json.decimalOrNull(n, "shortAccount"), null, null, ts, rx);
    }

    private LongShortRatio coinmRatio(JsonNode n, Url url, RatioKind kind, String period, long rx) {
        String pair = Json.textOrNull(n, "pair");
        if (pair == null) {
            pair = url.query().get("pair");
        }
        if (pair == null) {
            throw new MalformedFrameException(kind.id() + " ratio: no pair in item or query");
        }
        long ts = Json.msToMicros(Json.longValue(n, "timestamp"));
        String symbol = BinanceSymbols.unifiedPair(pair);
        String nativeSymbol = pair;
        MarketType type = MarketType.PERPETUAL;
        if (kind == RatioKind.TAKER_BUY_SELL) {
            String contractType = Json.textOrNull(n, "contractType");
            if (contractType == null) {
                contractType = url.query().get("contractType");
            }
            if ("PERPETUAL".equals(contractType)) {
                Instrument ins = records.resolve(pair + "_PERP");
                symbol = ins.symbol();
                nativeSymbol = ins.nativeSymbol();
            } else if (contractType != null && !contractType.equals("ALL")) {
                symbol = symbol + "-" + contractType;
                nativeSymbol = pair + "_" + contractType;
                type = MarketType.FUTURE;
            }
            // takerBuyVol/takerSellVol are contracts (USD value), the ...Value fields base asset
            BigDecimal buy = Json.decimal(n, "takerBuyVol");
            BigDecimal sell = Json.decimal(n, "takerSellVol");
            return new LongShortRatio(exchange, type, symbol, nativeSymbol, kind, period,
                    Quantities.divide(buy, sell), null, null, Json.decimalOrNull(n, "takerBuyVolValue"),
                    Json.decimalOrNull(n, "takerSellVolValue"), ts, rx);
        }
        // COIN-M's position ratio names its shares longPosition/shortPosition
        BigDecimal longShare = Json.decimalOrNull(n, n.has("longPosition") ? "longPosition" : "longAccount");
        BigDecimal shortShare = Json.decimalOrNull(n, n.has("shortPosition") ? "shortPosition" : "shortAccount");
        return new LongShortRatio(exchange, type, symbol, nativeSymbol, kind, period,
                Json.decimal(n, "longShortRatio"), longShare, shortShare, null, null, ts, rx);
    }
}
