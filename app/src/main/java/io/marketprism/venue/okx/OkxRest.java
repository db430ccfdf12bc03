package io.marketprism.venue.okx;

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
import java.util.Map;

/**
 * OKX v5 REST responses, routed by the request URL's path; parameters the body does not repeat (the instId of a book,
 * the ccy and period of a ratio) come from the query. Envelope {@code {"code":"0","msg":"","data":[...]}}: any other
 * code is an error even with HTTP 200 (e.g. 50011 rate limit) and is counted as control "error".
 */
final class OkxRest {
    private static final String RUBIK = "/api/v5/rubik/stat/";
    /** Rubik's documented default period when the request names none. */
    private static final String DEFAULT_PERIOD = "5m";

    private final OkxRecords records;

    OkxRest(OkxRecords records) {
        this.records = records;
    }

    void onResponse(Frame frame, AdapterOutput out) {
        String url = frame.url() == null ? "" : frame.url();
        String path = path(url);
        Map<String, String> query = query(url);
        JsonNode body = Json.parse(frame.payload());
        String code = Json.text(body, "code");
        if (!"0".equals(code)) {
            out.control("error");
            return;
        }
        JsonNode data = OkxRecords.array(body, "data");
        long rt = frame.receiveTs();
        String instId = query.get("instId");
        switch (path) {
            case "/api/v5/public/instruments" -> {
                for (JsonNode e : data) {
                    Instrument instrument = OkxInstruments.parse(e);
                    if (instrument == null) {
                        out.unknown("instType:" + Json.text(e, "instType"));
                    } else {
                        out.instrument(instrument);
                    }
                }
            }
            case "/api/v5/market/books", "/api/v5/market/books-full" -> {
                for (JsonNode e : data) {
                    out.emit(records.snapshot(e, requireParam(query, "instId", path), rt));
                }
            }
            case "/api/v5/public/open-interest" -> data.forEach(e -> out.emit(records.openInterest(e, instId, rt)));
            case "/api/v5/public/funding-rate" -> data.forEach(e -> out.emit(records.funding(e, instId, rt, 0L)));
            // a history row is the settlement itself: without ts its time is fundingTime
            case "/api/v5/public/funding-rate-history" -> data.forEach(e -> out.emit(records.funding(e, instId, rt,
                    Json.msToMicros(Json.longValue(e, "fundingTime")))));
            case "/api/v5/public/mark-price" -> data.forEach(e -> out.emit(records.mark(e, instId, rt)));
            case "/api/v5/market/ticker", "/api/v5/market/tickers" ->
                    data.forEach(e -> out.emit(records.ticker(e, instId, rt)));
            case "/api/v5/market/trades", "/api/v5/market/history-trades" ->
                    data.forEach(e -> out.emit(records.trade(e, instId, rt)));
            case RUBIK + "contracts/long-short-account-ratio" ->
                    ratiosByCurrency(data, query, RatioKind.GLOBAL_ACCOUNT, MarketType.PERPETUAL, path, rt, out);
            case RUBIK + "contracts/long-short-account-ratio-contract" ->
                    ratiosByContract(data, query, RatioKind.GLOBAL_ACCOUNT, path, rt, out);
            case RUBIK + "contracts/long-short-account-ratio-contract-top-trader" ->
                    ratiosByContract(data, query, RatioKind.TOP_ACCOUNT, path, rt, out);
            case RUBIK + "contracts/long-short-position-ratio-contract-top-trader" ->
                    ratiosByContract(data, query, RatioKind.TOP_POSITION, path, rt, out);
            // instType SPOT or CONTRACTS (all derivatives of the currency, reported as perpetual)
            case RUBIK + "taker-volume" -> ratiosByCurrency(data, query, RatioKind.TAKER_BUY_SELL,
                    "SPOT".equals(query.get("instType")) ? MarketType.SPOT : MarketType.PERPETUAL, path, rt, out);
            case RUBIK + "taker-volume-contract" ->
                    ratiosByContract(data, query, RatioKind.TAKER_BUY_SELL, path, rt, out);
            default -> out.unknown("rest:" + path);
        }
    }

    /** Per-currency statistics: symbol and native symbol are the currency (e.g. BTC). */
    private static void ratiosByCurrency(JsonNode rows, Map<String, String> query, RatioKind kind, MarketType type,
                                         String path, long rt, AdapterOutput out) {
        String ccy = requireParam(query, "ccy", path);
        String period = query.getOrDefault("period", DEFAULT_PERIOD);
        for (JsonNode row : rows) {
            out.emit(ratio(row, kind, type, ccy, ccy, period, rt));
        }
    }

    private void ratiosByContract(JsonNode rows, Map<String, String> query, RatioKind kind, String path, long rt,
                                  AdapterOutput out) {
        String instId = requireParam(query, "instId", path);
        OkxSymbols.Market m = records.market(instId, null);
        String period = query.getOrDefault("period", DEFAULT_PERIOD);
        for (JsonNode row : rows) {
            out.emit(ratio(row, kind, m.marketType(), m.symbol(), m.nativeSymbol(), period, rt));
        }
    }

    /** Rows are arrays of strings, newest first: {@code [ts, ratio]} or, for taker volume, {@code [ts, sell, buy]}. */
    private static LongShortRatio ratio(JsonNode row, RatioKind kind, MarketType type, String symbol,
                                        String nativeSymbol, String period, long rt) {
        int columns = kind == RatioKind.TAKER_BUY_SELL ? 3 : 2;
        if (!row.isArray() || row.size() < columns) {
            throw new MalformedFrameException("rubik row is not an array of " + columns + " values: " + row);
        }
        long ts = Json.msToMicros(OkxRecords.longValue(row.get(0), "ts"));
        if (kind == RatioKind.TAKER_BUY_SELL) {
            BigDecimal sell = require(Json.decimalValue(row.get(1), "sellVol"), "sellVol");
            BigDecimal buy = require(Json.decimalValue(row.get(2), "buyVol"), "buyVol");
            return new LongShortRatio(Exchange.OKX, type, symbol, nativeSymbol, kind, period,
                    Quantities.divide(buy, sell), null, null, buy, sell, ts, rt);
        }
        BigDecimal ratio = require(Json.decimalValue(row.get(1), "ratio"), "ratio");
        return new LongShortRatio(Exchange.OKX, type, symbol, nativeSymbol, kind, period, ratio, null, null, null,
                null, ts, rt);
    }

    private static BigDecimal require(BigDecimal v, String what) {
        if (v == null) {
            throw new MalformedFrameException("rubik row has an empty " + what);
        }
        return v;
    }

    private static String requireParam(Map<String, String> query, String name, String path) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            throw new MalformedFrameException("request URL of " + path + " has no '" + name + "' parameter");
        }
        return v;
    }

    /** The path of a request URL, with or without scheme and host. */
    static String path(String url) {
        int q = url.indexOf('?');
        String noQuery = q >= 0 ? url.substring(0, q) : url;
        int scheme = noQuery.indexOf("://");
        if (scheme >= 0) {
            int slash = noQuery.indexOf('/', scheme + 3);
            return slash >= 0 ? noQuery.substring(slash) : "/";
        }
        return noQuery;
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return params;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq >= 0 ? pair.substring(0, eq) : pair;
            String value = eq >= 0 ? pair.substring(eq + 1) : "";
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
