package io.marketprism.connect;

import java.util.List;

/**
 * One venue's WebSocket dialect for one connection: what to send after opening, how to read control messages, the
 * keep-alive and how to re-subscribe a stream. One codec serves one session (all its connections, two of them at
 * once during a switch-over), so state such as request ids must be thread-safe and not tied to one connection.
 */
public interface WsCodec {
    /** The messages to send, in order, right after a connection opens: set-up, then the batched subscriptions. */
    List<String> openMessages(List<WsStream> streams);

    /** Classifies one received text frame. Must be cheap for data frames (called on every frame). */
    Inbound classify(String text);

    /** The application-level ping text (OKX {@code ping}), or null when the venue needs none. */
    default String keepAlivePing() {
        return null;
    }

    /** Unsubscribe then subscribe one stream: the venue sends a fresh book snapshot afterwards. */
    List<String> resubscribeMessages(WsStream stream);
}
