package io.marketprism.venue.deribit;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.VolatilityIndex;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deribit REST responses ({@code https://www.deribit.com/api/v2/<method>?...}), routed by the method at the end of
 * the request URL's path. Bodies are {@code {"jsonrpc":"2.0","result":...,"usIn":..,"usOut":..}}; an
 * {@code error} body becomes {@code control("error")}. Where a result has no time of its own, the server's
 * {@code usOut} (µs) is the exchange time.
 */
final class DeribitRest {
    private static final String API_PREFIX = "/api/v2/";

    private final DeribitRecords records;

    DeribitRest(DeribitRecords records) {
        this.records = records;
    }

    void onResponse(Frame frame, AdapterOutput out) {
        URI uri = uri(frame.url());
        String method = method(uri);
        Map<String, String> query = query(uri);
        JsonNode root = Json.parse(frame.payload());
        if (!root.isObject()) {
            throw new MalformedFrameException("REST body of " + method + " is not a JSON object");
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            out.control("error");
            return;
        }
        JsonNode result = Json.required(root, "result");
        Long serverTs = Json.longOrNull(root, "usOut");
        long rts = frame.receiveTs();
        switch (method) {
            case "public/get_instruments" -> {
                for (JsonNode i : array(result, method)) {
                    out.instrument(instrument(i));
                }
            }
            case "public/get_order_book" -> {
                String name = query.get("instrument_name");
                records.topBook(object(result, method), name, serverTs, rts, out);
                records.ticker(result, name, serverTs, rts, out);
            }
            case "public/ticker" -> records.ticker(object(result, method), query.get("instrument_name"), serverTs,
                    rts, out);
            case "public/get_book_summary_by_instrument", "public/get_book_summary_by_currency" -> {
                for (JsonNode s : array(result, method)) {
                    records.summary(s, serverTs, rts, out);
                }
            }
            case "public/get_volatility_index_data" -> volatility(object(result, method), query, rts, out);
            case "public/get_funding_rate_history" -> {
                DeribitSymbols.Resolved s = records.resolve(param(query, "instrument_name", method));
                for (JsonNode f : array(result, method)) {
                    fundingHistory(f, s, rts, out);
                }
            }
            case "public/get_funding_rate_value" -> fundingValue(result, query, serverTs, rts, out);
            case "public/get_last_trades_by_instrument", "public/get_last_trades_by_instrument_and_time",
                    "public/get_last_trades_by_currency", "public/get_last_trades_by_currency_and_time" ->
                    records.trades(Json.required(object(result, method), "trades"), rts, out);
            default -> out.unknown("rest:" + method);
        }
    }

    /**
     * One {@code get_instruments} element. The unified symbol comes from the name rules (so it is the same whether
     * or not the registry has the instrument); everything else from the fields. Perpetuals and spot carry a
     * far-future {@code expiration_timestamp} (year 3000), kept as no expiry.
     */
    static Instrument instrument(JsonNode i) {
        String name = Json.text(i, "instrument_name");
        DeribitSymbols.Resolved byName = DeribitSymbols.fromName(name);
        String kind = Json.text(i, "kind");
        MarketType type = switch (kind) {
            case "future" -> "perpetual".equals(Json.textOrNull(i, "settlement_period"))
                    ? MarketType.PERPETUAL : MarketType.FUTURE;
            case "option", "option_combo" -> MarketType.OPTION;
            case "spot" -> MarketType.SPOT;
            case "future_combo" -> MarketType.FUTURE;
            default -> byName.marketType();
        };
        String instrumentType = Json.textOrNull(i, "instrument_type");
        if (instrumentType == null) {
            instrumentType = Json.textOrNull(i, "future_type"); // deprecated predecessor of instrument_type
        }
        ContractKind contract;
        if (type == MarketType.SPOT) {
            contract = ContractKind.SPOT;
        } else if ("reversed".equals(instrumentType)) {
            contract = ContractKind.INVERSE;
        } else if ("linear".equals(instrumentType)) {
            contract = ContractKind.LINEAR;
        } else {
            contract = byName.contractKind();
        }
        // inverse futures: contract_size in USD; linear contracts and options (also inverse BTC options): the coin
        BigDecimal contractSize = type == MarketType.SPOT ? null : Json.decimalOrNull(i, "contract_size");
        SizeUnit contractUnit = contractSize == null ? null : DeribitSymbols.amountUnit(type, contract);
        boolean expires = type != MarketType.PERPETUAL && type != MarketType.SPOT;
        Long expiryMs = expires ? Json.longOrNull(i, "expiration_timestamp") : null;
        JsonNode active = i.get("is_active");
        String status = active == null || active.isNull() ? null : active.asBoolean() ? "active" : "inactive";
        return new Instrument(Exchange.DERIBIT, name, byName.symbol(), type, contract,
                Json.textOrNull(i, "base_currency"), Json.textOrNull(i, "quote_currency"),
                Json.textOrNull(i, "settlement_currency"), contractSize, contractUnit,
                Json.decimalOrNull(i, "tick_size"), Json.decimalOrNull(i, "min_trade_amount"),
                expiryMs == null ? null : Json.msToMicros(expiryMs), Json.decimalOrNull(i, "strike"),
                optionType(Json.textOrNull(i, "option_type")), status);
    }

    private static String optionType(String venue) {
        if (venue == null) {
            return null;
        }
        return switch (venue) {
            case "call" -> "C";
            case "put" -> "P";
            default -> venue;
        };
    }

    /** DVOL candles {@code [ts, open, high, low, close]}; the index is named by the request's {@code currency}. */
    private static void volatility(JsonNode result, Map<String, String> query, long rts, AdapterOutput out) {
        String currency = param(query, "currency", "public/get_volatility_index_data");
        String index = currency.toLowerCase(Locale.ROOT) + "_usd";
        String symbol = DeribitSymbols.volatilityIndexSymbol(index);
        for (JsonNode c : array(Json.required(result, "data"), "get_volatility_index_data.data")) {
            if (!c.isArray() || c.size() < 5 || !c.get(0).isIntegralNumber()) {
                throw new MalformedFrameException("volatility candle is not [ts, open, high, low, close]");
            }
            long ts = Json.msToMicros(c.get(0).longValue());
            out.emit(new VolatilityIndex(Exchange.DERIBIT, MarketType.OPTION, symbol, index,
                    Json.decimalValue(c.get(4), "close"), Json.decimalValue(c.get(1), "open"),
                    Json.decimalValue(c.get(2), "high"), Json.decimalValue(c.get(3), "low"), ts, rts));
        }
    }

    /**
     * A funding history element {@code {timestamp, index_price, prev_index_price, interest_8h, interest_1h}}:
     * fundingRate = {@code interest_8h} (the 8-hour equivalent, as {@code funding_8h} on the ticker), fundingTime =
     * the element's hour.
     */
    private static void fundingHistory(JsonNode f, DeribitSymbols.Resolved s, long rts, AdapterOutput out) {
        long ts = Json.msToMicros(Json.longValue(f, "timestamp"));
        out.emit(new Funding(Exchange.DERIBIT, s.marketType(), s.symbol(), s.nativeSymbol(),
                Json.decimal(f, "interest_8h"), null, ts, null, 8, null, Json.decimalOrNull(f, "index_price"), ts,
                rts));
    }

    /**
     * {@code get_funding_rate_value}: the funding accrued over the requested [start, end]. fundingTime = end (when
     * the accrual is complete); fundingIntervalHours = the period's length when it is a whole number of hours.
     */
    private void fundingValue(JsonNode result, Map<String, String> query, Long serverTs, long rts,
                              AdapterOutput out) {
        String method = "public/get_funding_rate_value";
        DeribitSymbols.Resolved s = records.resolve(param(query, "instrument_name", method));
        BigDecimal value = Json.decimalValue(result, "result");
        if (value == null) {
            throw new MalformedFrameException("get_funding_rate_value result is null");
        }
        Long start = longParam(query, "start_timestamp");
        Long end = longParam(query, "end_timestamp");
        Integer hours = null;
        if (start != null && end != null && end > start && (end - start) % 3_600_000L == 0
                && (end - start) / 3_600_000L <= Integer.MAX_VALUE) {
            hours = (int) ((end - start) / 3_600_000L);
        }
        Long endMicros = end == null ? null : Json.msToMicros(end);
        long ts = endMicros != null ? endMicros : serverTs != null ? serverTs : 0L;
        out.emit(new Funding(Exchange.DERIBIT, s.marketType(), s.symbol(), s.nativeSymbol(), value, null, endMicros,
                null, hours, null, null, ts, rts));
    }

    static URI uri(String url) {
        if (url == null) {
            throw new MalformedFrameException("REST response without request URL");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new MalformedFrameException("REST URL is not a URI: " + e.getMessage());
        }
    }

    /** {@code /api/v2/public/get_order_book} → {@code public/get_order_book}; else the last two path segments. */
    static String method(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        int at = path.indexOf(API_PREFIX);
        if (at >= 0) {
            return path.substring(at + API_PREFIX.length());
        }
        String[] seg = path.replaceAll("^/+|/+$", "").split("/");
        return seg.length >= 2 ? seg[seg.length - 2] + "/" + seg[seg.length - 1] : seg[seg.length - 1];
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String param(Map<String, String> query, String name, String method) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            throw new MalformedFrameException(method + " request URL has no '" + name + "' parameter");
        }
        return v;
    }

    private static Long longParam(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("URL parameter '" + name + "' is not an integer: '" + v + "'");
        }
    }

    private static JsonNode array(JsonNode v, String what) {
        if (!v.isArray()) {
            throw new MalformedFrameException("result of " + what + " is not an array");
        }
        return v;
    }

    private static JsonNode object(JsonNode v, String what) {
        if (!v.isObject()) {
            throw new MalformedFrameException("result of " + what + " is not an object");
        }
        return v;
    }
}
