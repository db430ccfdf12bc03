package io.marketprism.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binance market streams (Spot, USDⓈ-M, COIN-M; protocol reference §2.2–2.3, §3.1): the session connects to the
 * combined path ({@code /stream}, events wrapped as {@code {"stream":..,"data":..}}) and subscribes with
 * {@code SUBSCRIBE} messages of at most {@code streamsPerMessage} names each, paced by the session (Spot allows 5
 * incoming messages per second, USDⓈ-M 10). Acks {@code {"result":null,"id":n}}, errors
 * {@code {"code":..,"msg":..,"id":n}}, and {@code serverShutdown} (reconnect now) are recognised.
 */
public final class BinanceCodec implements WsCodec {
    private final int streamsPerMessage;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, String> subscribes = new ConcurrentHashMap<>();

    public BinanceCodec(int streamsPerMessage) {
        if (streamsPerMessage < 1) {
            throw new IllegalArgumentException("streams per SUBSCRIBE message must be >= 1, got " + streamsPerMessage);
        }
        this.streamsPerMessage = streamsPerMessage;
    }

    @Override
    public List<String> openMessages(List<WsStream> streams) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < streams.size(); i += streamsPerMessage) {
            List<String> names = new ArrayList<>();
            for (WsStream s : streams.subList(i, Math.min(streams.size(), i + streamsPerMessage))) {
                names.add(s.name());
            }
            out.add(request("SUBSCRIBE", names));
        }
        return out;
    }

    private String request(String method, List<String> names) {
        long id = ids.incrementAndGet();
        ObjectNode m = Jsons.object();
        m.put("method", method);
        ArrayNode params = m.putArray("params");
        names.forEach(params::add);
        m.put("id", id);
        if (method.equals("SUBSCRIBE")) {
            subscribes.put(id, String.join(",", names));
        }
        return Jsons.write(m);
    }

    @Override
    public Inbound classify(String text) {
        if (text.startsWith("{\"stream\":\"")) {
            return text.startsWith("{\"stream\":\"!serverShutdown\"") ? notice(text) : Inbound.DATA;
        }
        if (text.length() > 4096 || text.startsWith("[")) {
            return Inbound.DATA;
        }
        JsonNode n = Jsons.parse(text);
        if (n == null || !n.isObject()) {
            return Inbound.OTHER;
        }
        if ("serverShutdown".equals(Jsons.text(n, "e"))) {
            return notice(text);
        }
        if (n.has("result") && n.has("id")) {
            subscribes.remove(n.get("id").asLong());
            return Inbound.ACK;
        }
        if (n.has("code") && !n.has("stream")) {
            JsonNode id = n.get("id");
            String streams = id == null ? null : subscribes.remove(id.asLong());
            String detail = "code " + Jsons.text(n, "code") + " " + Jsons.text(n, "msg")
                    + (streams != null ? " for " + streams : "");
            return Inbound.of(streams != null ? Inbound.Kind.SUBSCRIBE_ERROR : Inbound.Kind.ERROR, detail);
        }
        return Inbound.DATA;
    }

    private static Inbound notice(String text) {
        return Inbound.of(Inbound.Kind.RECONNECT_NOTICE, "serverShutdown " + text);
    }

    @Override
    public List<String> resubscribeMessages(WsStream stream) {
        return List.of(request("UNSUBSCRIBE", List.of(stream.name())), request("SUBSCRIBE", List.of(stream.name())));
    }
}
