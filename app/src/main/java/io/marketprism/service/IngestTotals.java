package io.marketprism.service;

import io.marketprism.ingest.IngestCounters;
import io.marketprism.model.RecordType;
import io.marketprism.venue.FrameKind;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** A copy of the ingest counters of one venue, summed over its frame processors. */
public record IngestTotals(Map<FrameKind, Long> frames, Map<RecordType, Long> records, long malformed,
                           long resyncRequests, Map<String, Long> control, Map<String, Long> unknown) {

    public static IngestTotals of(Collection<IngestCounters> all) {
        Map<FrameKind, Long> frames = new EnumMap<>(FrameKind.class);
        Map<RecordType, Long> records = new EnumMap<>(RecordType.class);
        Map<String, Long> control = new TreeMap<>();
        Map<String, Long> unknown = new TreeMap<>();
        long malformed = 0;
        long resyncs = 0;
        for (FrameKind k : FrameKind.values()) {
            frames.put(k, 0L);
        }
        for (RecordType t : RecordType.values()) {
            records.put(t, 0L);
        }
        for (IngestCounters c : all) {
            for (FrameKind k : FrameKind.values()) {
                frames.merge(k, c.frames(k), Long::sum);
            }
            for (RecordType t : RecordType.values()) {
                records.merge(t, c.records(t), Long::sum);
            }
            c.control().forEach((k, v) -> control.merge(k, v, Long::sum));
            c.unknown().forEach((k, v) -> unknown.merge(k, v, Long::sum));
            malformed += c.malformed();
            resyncs += c.resyncRequests();
        }
        return new IngestTotals(frames, records, malformed, resyncs, control, unknown);
    }

    public long frames(FrameKind kind) {
        return frames.getOrDefault(kind, 0L);
    }

    /** WebSocket messages received plus REST responses: what the adapters parsed. */
    public long adapterFrames() {
        return frames(FrameKind.WS_IN) + frames(FrameKind.REST_RESPONSE);
    }

    public long records(RecordType type) {
        return records.getOrDefault(type, 0L);
    }

    public long totalRecords() {
        return records.values().stream().mapToLong(Long::longValue).sum();
    }

    public long unknownMessages() {
        return unknown.values().stream().mapToLong(Long::longValue).sum();
    }
}
