package io.marketprism.connect;

/**
 * What a codec made of one received text frame: its kind, an answer to send at once (Deribit {@code public/test}
 * for a {@code test_request}), and a detail for logs.
 */
public record Inbound(Kind kind, String reply, String detail) {
    public enum Kind {
        /** Market data. */
        DATA,
        /** A subscription acknowledgement or RPC result. */
        ACK,
        /** The answer to our keep-alive ping. */
        PONG,
        /** A heartbeat; {@link #reply()} says what to answer, if anything. */
        HEARTBEAT,
        /** A subscription was refused. */
        SUBSCRIBE_ERROR,
        /** Any other error message from the venue. */
        ERROR,
        /** The venue announced it will close this connection soon: switch over to a new one now. */
        RECONNECT_NOTICE,
        /** Anything else (kept and forwarded like everything). */
        OTHER
    }

    public static final Inbound DATA = new Inbound(Kind.DATA, null, null);
    public static final Inbound ACK = new Inbound(Kind.ACK, null, null);
    public static final Inbound PONG = new Inbound(Kind.PONG, null, null);
    public static final Inbound OTHER = new Inbound(Kind.OTHER, null, null);

    public static Inbound of(Kind kind, String detail) {
        return new Inbound(kind, null, detail);
    }
}
