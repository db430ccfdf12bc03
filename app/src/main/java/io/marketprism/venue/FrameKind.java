package io.marketprism.venue;

/** What a raw frame is. The same four kinds are written to and read from captures. */
public enum FrameKind {
    /** A WebSocket message received from the venue. */
    WS_IN(0),
    /** A WebSocket message we sent (subscriptions, pings); kept in captures, ignored by adapters. */
    WS_OUT(1),
    /** A REST request we made (URL and optional body). */
    REST_REQUEST(2),
    /** A REST response body; the frame's URL is the request URL including the query string. */
    REST_RESPONSE(3),
    /** A WebSocket connection was (re)opened to the frame's URL: books of that connection must re-sync. */
    CONNECT(4);

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameKind fromCode(int code) {
        for (FrameKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown frame kind code " + code);
    }
}
