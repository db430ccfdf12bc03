package io.marketprism.ingest;

import io.marketprism.model.RecordType;
import io.marketprism.venue.FrameKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The catalogue of frame-level counters of one venue's ingest: frames by kind, malformed frames, control and unknown
 * message kinds, records by type. Written by the ingest thread, read by anyone (status API, metrics, summaries).
 */
public final class IngestCounters {
    private final Map<FrameKind, LongAdder> frames = new EnumMap<>(FrameKind.class);
    private final Map<RecordType, LongAdder> records = new EnumMap<>(RecordType.class);
    private final Map<String, LongAdder> control = new TreeMap<>();
    private final Map<String, LongAdder> unknown = new TreeMap<>();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder resyncRequests = new LongAdder();

    public IngestCounters() {
        for (FrameKind k : FrameKind.values()) {
            frames.put(k, new LongAdder());
        }
        for (RecordType t : RecordType.values()) {
            records.put(t, new LongAdder());
        }
    }

    void frame(FrameKind kind) {
        frames.get(kind).increment();
    }

    void record(RecordType type) {
        records.get(type).increment();
    }

    void countMalformed() {
        malformed.increment();
    }

    void countResyncRequest() {
        resyncRequests.increment();
    }

    synchronized void control(String kind) {
        control.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    synchronized void unknown(String kind) {
        unknown.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long frames(FrameKind kind) {
        return frames.get(kind).sum();
    }

    /** Frames handed to the venue adapter: WebSocket messages received and REST responses. */
    public long adapterFrames() {
        return frames(FrameKind.WS_IN) + frames(FrameKind.REST_RESPONSE);
    }

    public long records(RecordType type) {
        return records.get(type).sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    public long resyncRequests() {
        return resyncRequests.sum();
    }

    public synchronized Map<String, Long> control() {
        Map<String, Long> out = new TreeMap<>();
        control.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public synchronized Map<String, Long> unknown() {
        Map<String, Long> out = new TreeMap<>();
        unknown.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
