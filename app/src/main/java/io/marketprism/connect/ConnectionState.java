package io.marketprism.connect;

/** Where a WebSocket session is in its life. */
public enum ConnectionState {
    /** Not started yet. */
    IDLE,
    /** A connection attempt is under way. */
    CONNECTING,
    /** Open and subscribed. */
    LIVE,
    /** The connection failed or was dropped: waiting before the next attempt. */
    BACKOFF,
    /** Closed by us for good. */
    CLOSED
}
