package io.marketprism.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OKX v5 public WebSocket (§4.2–4.3): batched {@code {"id":..,"op":"subscribe","args":[...]}} requests of at most
 * {@code argsPerMessage} args and at most 64 KB of args each; the text {@code ping} keep-alive answered by the text
 * {@code pong}; {@code event} messages (subscribe acks, errors, the {@code 64008} upgrade notice that asks for a
 * reconnect). Stream names are {@code channel:instId} or {@code channel:instType=SWAP}.
 */
public final class OkxCodec implements WsCodec {
    /** The venue's limit on the args of one request. */
    static final int MAX_ARGS_BYTES = 64 * 1024;

    private final int argsPerMessage;
    private final AtomicLong ids = new AtomicLong();

    public OkxCodec(int argsPerMessage) {
        if (argsPerMessage < 1) {
            throw new IllegalArgumentException("args per OKX subscribe request must be >= 1, got " + argsPerMessage);
        }
        this.argsPerMessage = argsPerMessage;
    }

    /** The subscription arg of a stream name. */
    static ObjectNode arg(String streamName) {
        int colon = streamName.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("OKX stream '" + streamName + "' is not channel:instId");
        }
        ObjectNode a = Jsons.object();
        a.put("channel", streamName.substring(0, colon));
        String rest = streamName.substring(colon + 1);
        int eq = rest.indexOf('=');
        if (eq > 0) {
            a.put(rest.substring(0, eq), rest.substring(eq + 1));
        } else {
            a.put("instId", rest);
        }
        return a;
    }

    @Override
    public List<String> openMessages(List<WsStream> streams) {
        List<String> out = new ArrayList<>();
        List<ObjectNode> batch = new ArrayList<>();
        int bytes = 2;
        for (WsStream s : streams) {
            ObjectNode a = arg(s.name());
            int size = Jsons.write(a).getBytes(StandardCharsets.UTF_8).length + 1;
            if (!batch.isEmpty() && (batch.size() >= argsPerMessage || bytes + size > MAX_ARGS_BYTES)) {
                out.add(request("subscribe", batch));
                batch = new ArrayList<>();
                bytes = 2;
            }
            batch.add(a);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            out.add(request("subscribe", batch));
        }
        return out;
    }

    private String request(String op, List<ObjectNode> args) {
        ObjectNode m = Jsons.object();
        m.put("id", Long.toString(ids.incrementAndGet()));
        m.put("op", op);
        ArrayNode a = m.putArray("args");
        args.forEach(a::add);
        return Jsons.write(m);
    }

    @Override
    public Inbound classify(String text) {
        if (text.equals("pong")) {
            return Inbound.PONG;
        }
        if (text.startsWith("{\"arg\"")) {
            return Inbound.DATA;
        }
        JsonNode n = text.length() > 4096 ? null : Jsons.parse(text);
        if (n == null || !n.isObject()) {
            return n == null && text.length() > 4096 ? Inbound.DATA : Inbound.OTHER;
        }
        String event = Jsons.text(n, "event");
        if (event == null) {
            return n.has("data") ? Inbound.DATA : Inbound.OTHER;
        }
        String code = Jsons.text(n, "code");
        String detail = "event " + event + (code != null ? " code " + code : "") + " " + Jsons.text(n, "msg")
                + (n.has("arg") ? " arg " + n.get("arg") : "");
        return switch (event) {
            case "subscribe", "unsubscribe", "channel-conn-count" -> Inbound.ACK;
            // 60012/60013/60018/64003/...: a subscription request that OKX refused
            case "error" -> Inbound.of(Inbound.Kind.SUBSCRIBE_ERROR, detail);
            case "notice" -> "64008".equals(code) ? Inbound.of(Inbound.Kind.RECONNECT_NOTICE, detail)
                    : Inbound.of(Inbound.Kind.OTHER, detail);
            default -> Inbound.of(Inbound.Kind.OTHER, detail);
        };
    }

    @Override
    public String keepAlivePing() {
        return "ping";
    }

    @Override
    public List<String> resubscribeMessages(WsStream stream) {
        return List.of(request("unsubscribe", List.of(arg(stream.name()))),
                request("subscribe", List.of(arg(stream.name()))));
    }
}
