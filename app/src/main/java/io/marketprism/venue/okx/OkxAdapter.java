package io.marketprism.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import io.marketprism.venue.VenueAdapter;

/**
 * OKX API v5: WebSocket pushes of the public and business endpoints and the public REST responses the collector
 * polls (protocol reference §4). Pure: the only state read is the instrument registry (unified symbols, ctVal for
 * contract → base conversion).
 *
 * <p>WebSocket frames: the text {@code pong} (keep-alive answer, not JSON); events
 * {@code {"event":"subscribe|unsubscribe|error|notice|login",...}} → control {@code event:<event>} (a {@code 64008}
 * notice announces a restart of the connection); pushes {@code {"arg":{"channel":..},"action"?,"data":[...]}} →
 * records; retired OKEx v3 frames {@code {"table":...}} → unknown {@code v3:<table>}.
 */
public final class OkxAdapter implements VenueAdapter {
    private final OkxRecords records;
    private final OkxRest rest;

    public OkxAdapter(InstrumentRegistry registry) {
        this.records = new OkxRecords(new OkxSymbols(registry));
        this.rest = new OkxRest(records);
    }

    @Override
    public Exchange exchange() {
        return Exchange.OKX;
    }

    @Override
    public void onFrame(Frame frame, AdapterOutput out) {
        OkxPending pending = new OkxPending(out);
        if (frame.kind() == FrameKind.REST_RESPONSE) {
            rest.onResponse(frame, pending);
        } else if (frame.kind() == FrameKind.WS_IN) {
            onMessage(frame, pending);
        } else {
            out.unknown("frame:" + frame.kind());
        }
        pending.flush();
    }

    private void onMessage(Frame frame, AdapterOutput out) {
        // the keep-alive answer is the bare text "pong": handle it before JSON parsing
        if (isPong(frame.payload())) {
            out.control("pong");
            return;
        }
        JsonNode msg = Json.parse(frame.payload());
        if (!msg.isObject()) {
            throw new MalformedFrameException("message is not a JSON object");
        }
        String event = Json.textOrNull(msg, "event");
        if (event != null) {
            out.control("event:" + event);
            return;
        }
        String table = Json.textOrNull(msg, "table");
        if (table != null) {
            // OKEx v3 (retired 2021): recorded data only, never normalized
            out.unknown("v3:" + table);
            return;
        }
        JsonNode arg = Json.required(msg, "arg");
        String channel = Json.text(arg, "channel");
        String instId = Json.textOrNull(arg, "instId");
        long rt = frame.receiveTs();
        switch (channel) {
            case "trades", "trades-all" -> data(msg).forEach(e -> out.emit(records.trade(e, instId, rt)));
            case "books", "books-l2-tbt", "books50-l2-tbt" -> book(msg, instId, rt, out);
            // top-5 each push: published as is, never the base of a local book
            case "books5" -> data(msg).forEach(e -> out.emit(records.snapshot(e, instId, rt).asPartial()));
            case "bbo-tbt" -> data(msg).forEach(e -> out.emit(records.quote(e, instId, rt)));
            case "tickers" -> data(msg).forEach(e -> out.emit(records.ticker(e, instId, rt)));
            // pushes before 2023 carry no ts: exchange time unknown (0)
            case "funding-rate" -> data(msg).forEach(e -> out.emit(records.funding(e, instId, rt, 0L)));
            case "mark-price" -> data(msg).forEach(e -> out.emit(records.mark(e, instId, rt)));
            case "open-interest" -> data(msg).forEach(e -> out.emit(records.openInterest(e, instId, rt)));
            case "liquidation-orders" -> data(msg).forEach(e -> records.liquidations(e, rt, out));
            // an index (BTC-USDT), not an instrument: nothing to record
            case "index-tickers" -> {
                data(msg);
                out.control("index-tickers");
            }
            default -> out.unknown("channel:" + channel);
        }
    }

    /**
     * {@code books}, {@code books-l2-tbt}, {@code books50-l2-tbt}: action {@code snapshot} → BookSnapshot,
     * {@code update} → BookDelta. Some recorded l2-tbt frames have no action: a push without one is a snapshot.
     */
    private void book(JsonNode msg, String instId, long rt, AdapterOutput out) {
        String action = Json.textOrNull(msg, "action");
        boolean snapshot;
        if (action == null || action.equals("snapshot")) {
            snapshot = true;
        } else if (action.equals("update")) {
            snapshot = false;
        } else {
            throw new MalformedFrameException("book action is neither snapshot nor update: '" + action + "'");
        }
        for (JsonNode e : data(msg)) {
            out.emit(snapshot ? records.snapshot(e, instId, rt) : records.delta(e, instId, rt));
        }
    }

    private static JsonNode data(JsonNode msg) {
        return OkxRecords.array(msg, "data");
    }

    private static boolean isPong(byte[] payload) {
        int start = 0;
        int end = payload.length;
        while (start < end && Character.isWhitespace(payload[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(payload[end - 1])) {
            end--;
        }
        return end - start == 4 && payload[start] == 'p' && payload[start + 1] == 'o' && payload[start + 2] == 'n'
                && payload[start + 3] == 'g';
    }
}
