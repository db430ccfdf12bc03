package io.marketprism.venue.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;

/**
 * WebSocket frames that the streaming path leaves to the tree model: tickers, mark/index prices, liquidations,
 * tardis-generated open interest, control frames (acks, errors, klines, shutdown notices) and the all-market arrays.
 */
final class BinanceEvents {
    private final BinanceFamily family;
    private final BinanceRecords records;
    private final BinanceFastPath fast;

    BinanceEvents(BinanceFamily family, BinanceRecords records, BinanceFastPath fast) {
        this.family = family;
        this.records = records;
        this.fast = fast;
    }

    void handle(JsonNode root, String urlStream, boolean micros, long receiveTs, AdapterOutput out) {
        if (root.isArray()) { // raw-path all-market stream (/ws/!ticker@arr): a bare array
            for (JsonNode element : root) {
                event(element, urlStream, micros, receiveTs, out);
            }
            return;
        }
        if (!root.isObject()) {
            throw new MalformedFrameException("frame is neither an object nor an array");
        }
        if (root.has("result")) {
            out.control("response"); // {"result":null,"id":1}: SUBSCRIBE/LIST_SUBSCRIPTIONS answers
            return;
        }
        if (root.has("code") && root.has("msg")) {
            out.control("error");
            return;
        }
        JsonNode data = root.get("data");
        String stream = urlStream;
        if (data != null && root.has("stream")) {
            stream = Json.text(root, "stream");
        } else {
            data = root;
        }
        if (data.isArray()) {
            for (JsonNode element : data) {
                event(element, stream, micros, receiveTs, out);
            }
        } else {
            event(data, stream, micros, receiveTs, out);
        }
    }

    private void event(JsonNode n, String stream, boolean micros, long receiveTs, AdapterOutput out) {
        if (!n.isObject()) {
            throw new MalformedFrameException("event is not an object");
        }
        String e = Json.textOrNull(n, "e");
        if (e == null) {
            String kind = streamKind(stream);
            if ("openInterest".equals(kind)) { // tardis injects its REST polls as stream frames
                out.emit(records.openInterest(n, null, receiveTs));
            } else {
                out.unknown(kind != null ? kind : "unrecognized");
            }
            return;
        }
        if (otherFamily(n) || (n.get("o") != null && otherFamily(n.get("o")))) {
            out.control("other-family");
            return;
        }
        switch (e) {
            case "24hrTicker", "24hrMiniTicker" -> out.emit(records.wsTicker(n, micros, receiveTs));
            case "markPriceUpdate" -> out.emit(records.markPrice(n, micros, receiveTs));
            case "indexPriceUpdate" -> out.emit(records.indexPrice(n, micros, receiveTs));
            case "forceOrder" -> out.emit(records.forceOrder(n, micros, receiveTs));
            case "kline", "serverShutdown" -> out.control(e);
            case "trade", "aggTrade", "depthUpdate", "bookTicker" -> streaming(n, stream, micros, receiveTs, out);
            default -> out.unknown(e);
        }
    }

    /** A streaming kind met inside an array (not sent by Binance today): read it with the one streaming reader. */
    private void streaming(JsonNode n, String stream, boolean micros, long receiveTs, AdapterOutput out) {
        try {
            if (!fast.handle(Json.mapper().writeValueAsBytes(n), stream, micros, receiveTs, out)) {
                out.unknown(Json.text(n, "e"));
            }
        } catch (JsonProcessingException ex) {
            throw new MalformedFrameException("cannot re-read event: " + ex.getOriginalMessage(), ex);
        }
    }

    /** Since 2026 the USDⓈ-M all-market streams also push COIN-M symbols, told apart by {@code st} (1 / 2). */
    private boolean otherFamily(JsonNode n) {
        JsonNode st = n.get("st");
        if (st == null || !st.isIntegralNumber() || family == BinanceFamily.SPOT) {
            return false;
        }
        return st.intValue() != (family == BinanceFamily.COINM ? 2 : 1);
    }

    /** {@code btcusdt@openInterest} → {@code openInterest}; {@code !ticker@arr} → {@code !ticker@arr}. */
    static String streamKind(String stream) {
        if (stream == null) {
            return null;
        }
        int at = stream.indexOf('@');
        return at <= 0 || stream.charAt(0) == '!' ? stream : stream.substring(at + 1);
    }
}
