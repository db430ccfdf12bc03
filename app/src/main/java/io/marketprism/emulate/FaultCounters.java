package io.marketprism.emulate;

import io.marketprism.model.Exchange;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every injected fault, counted per venue and kind (plus frames withheld by a stall). Thread-safe. */
public final class FaultCounters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void count(Exchange venue, FaultPlan.Kind kind) {
        counts.computeIfAbsent(venue.id() + "/" + kind.id(), k -> new AtomicLong()).incrementAndGet();
    }

    void withheld(Exchange venue) {
        counts.computeIfAbsent(venue.id() + "/withheld-frames", k -> new AtomicLong()).incrementAndGet();
    }

    /** Faults of one kind injected on a venue. */
    public long get(Exchange venue, FaultPlan.Kind kind) {
        AtomicLong n = counts.get(venue.id() + "/" + kind.id());
        return n == null ? 0 : n.get();
    }

    /** Data frames not sent because the connection was stalled. */
    public long withheldFrames(Exchange venue) {
        AtomicLong n = counts.get(venue.id() + "/withheld-frames");
        return n == null ? 0 : n.get();
    }

    /** All counters, {@code venue/kind → count}, for logs and summaries. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
