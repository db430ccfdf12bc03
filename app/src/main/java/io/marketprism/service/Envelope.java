package io.marketprism.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original's unified response: {@code status}, {@code message}, {@code data}, {@code timestamp} (ISO-8601 UTC
 * with microseconds and {@code +00:00}, as the original wrote it); errors add {@code error_code} and
 * {@code data: null}.
 */
public final class Envelope {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    private Envelope() {
    }

    public static String iso(Instant t) {
        return t == null ? null : ISO.format(t);
    }

    /** ns since the epoch (receive_ts) as ISO-8601; null for 0 (never). */
    public static String isoNanos(long epochNanos) {
        return epochNanos <= 0 ? null : iso(Instant.ofEpochSecond(0, epochNanos));
    }

    /** µs since the epoch (exchange_ts) as ISO-8601; null for 0 (the venue sent none). */
    public static String isoMicros(long epochMicros) {
        return epochMicros <= 0 ? null : iso(Instant.ofEpochSecond(0, Math.multiplyExact(epochMicros, 1000L)));
    }

    public static Map<String, Object> success(String message, Object data, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "success");
        m.put("message", message);
        m.put("data", data);
        m.put("timestamp", iso(now));
        return m;
    }

    public static Map<String, Object> error(String code, String message, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "error");
        m.put("error_code", code);
        m.put("message", message);
        m.put("data", null);
        m.put("timestamp", iso(now));
        return m;
    }
}
