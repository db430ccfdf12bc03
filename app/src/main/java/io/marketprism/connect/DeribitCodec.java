package io.marketprism.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deribit JSON-RPC over WebSocket (§5.2–5.4): {@code public/set_heartbeat} first, then {@code public/subscribe}
 * calls of at most {@code channelsPerCall} channels. Every {@code test_request} heartbeat is answered with
 * {@code public/test} (otherwise Deribit closes the connection). A subscribe result lists the channels actually
 * subscribed: any requested channel missing from it is a subscribe error.
 */
public final class DeribitCodec implements WsCodec {
    private final int heartbeatSeconds;
    private final int channelsPerCall;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, List<String>> subscribes = new ConcurrentHashMap<>();

    public DeribitCodec(int heartbeatSeconds, int channelsPerCall) {
        if (heartbeatSeconds < 10) {
            throw new IllegalArgumentException("Deribit heartbeat interval must be >= 10 s, got " + heartbeatSeconds);
        }
        if (channelsPerCall < 1) {
            throw new IllegalArgumentException("channels per public/subscribe call must be >= 1, got "
                    + channelsPerCall);
        }
        this.heartbeatSeconds = heartbeatSeconds;
        this.channelsPerCall = channelsPerCall;
    }

    @Override
    public List<String> openMessages(List<WsStream> streams) {
        List<String> out = new ArrayList<>();
        ObjectNode hb = Jsons.object();
        hb.put("interval", heartbeatSeconds);
        out.add(call("public/set_heartbeat", hb));
        for (int i = 0; i < streams.size(); i += channelsPerCall) {
            List<String> names = new ArrayList<>();
            for (WsStream s : streams.subList(i, Math.min(streams.size(), i + channelsPerCall))) {
                names.add(s.name());
            }
            out.add(channels("public/subscribe", names));
        }
        return out;
    }

    private String channels(String method, List<String> names) {
        ObjectNode p = Jsons.object();
        ArrayNode a = p.putArray("channels");
        names.forEach(a::add);
        long id = ids.incrementAndGet();
        if (method.equals("public/subscribe")) {
            subscribes.put(id, List.copyOf(names));
        }
        return call(id, method, p);
    }

    private String call(String method, ObjectNode params) {
        return call(ids.incrementAndGet(), method, params);
    }

    private static String call(long id, String method, ObjectNode params) {
        ObjectNode m = Jsons.object();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("method", method);
        m.set("params", params);
        return Jsons.write(m);
    }

    @Override
    public Inbound classify(String text) {
        if (text.startsWith("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\"")) {
            return Inbound.DATA;
        }
        JsonNode n = Jsons.parse(text);
        if (n == null || !n.isObject()) {
            return Inbound.OTHER;
        }
        String method = Jsons.text(n, "method");
        if ("subscription".equals(method)) {
            return Inbound.DATA;
        }
        if ("heartbeat".equals(method)) {
            String type = Jsons.text(n.get("params"), "type");
            if ("test_request".equals(type)) {
                return new Inbound(Inbound.Kind.HEARTBEAT, call("public/test", Jsons.object()), "test_request");
            }
            return Inbound.of(Inbound.Kind.HEARTBEAT, type);
        }
        JsonNode idNode = n.get("id");
        List<String> requested = idNode == null ? null : subscribes.remove(idNode.asLong());
        JsonNode error = n.get("error");
        if (error != null && !error.isNull()) {
            String detail = "code " + Jsons.text(error, "code") + " " + Jsons.text(error, "message")
                    + (requested != null ? " for " + requested : "");
            return Inbound.of(requested != null ? Inbound.Kind.SUBSCRIBE_ERROR : Inbound.Kind.ERROR, detail);
        }
        if (requested != null) {
            Set<String> got = new HashSet<>();
            JsonNode result = n.get("result");
            if (result != null && result.isArray()) {
                result.forEach(c -> got.add(c.asText()));
            }
            List<String> missing = new ArrayList<>();
            for (String c : requested) {
                if (!got.contains(c)) {
                    missing.add(c);
                }
            }
            return missing.isEmpty() ? Inbound.ACK
                    : Inbound.of(Inbound.Kind.SUBSCRIBE_ERROR, "not subscribed: " + missing);
        }
        return n.has("result") ? Inbound.ACK : Inbound.OTHER;
    }

    @Override
    public List<String> resubscribeMessages(WsStream stream) {
        return List.of(channels("public/unsubscribe", List.of(stream.name())),
                channels("public/subscribe", List.of(stream.name())));
    }
}
