package io.marketprism.venue;

import java.nio.charset.StandardCharsets;

/**
 * One raw frame as it crossed the wire, with its local receive time. This is the unit of capture, replay and
 * adapter input.
 *
 * @param kind         what the frame is
 * @param receiveTs    local receive time, ns since the epoch
 * @param connectionId the connection it belongs to (REST frames: 0)
 * @param url          the WebSocket URL or the REST request URL (with query)
 * @param payload      the frame's bytes (UTF-8 text for every venue used here); empty for CONNECT
 */
public record Frame(FrameKind kind, long receiveTs, int connectionId, String url, byte[] payload) {

    public static Frame wsIn(long receiveTs, String url, String text) {
        return new Frame(FrameKind.WS_IN, receiveTs, 1, url, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame restResponse(long receiveTs, String url, String body) {
        return new Frame(FrameKind.REST_RESPONSE, receiveTs, 0, url, body.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The start of the payload, for error messages and logs. */
    public String prefix(int maxChars) {
        String t = text();
        return t.length() <= maxChars ? t : t.substring(0, maxChars) + "…";
    }
}
