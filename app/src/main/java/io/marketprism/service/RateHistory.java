package io.marketprism.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records per second per exchange over the last {@code capacity} samples, for the dashboard chart. Each sample is
 * the difference of the total record counters since the previous one, divided by the clock time between them;
 * samples taken without clock progress are skipped.
 */
public final class RateHistory {
    private record Sample(Instant at, Map<String, Double> rates) {
    }

    private final int capacity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Instant lastAt;
    private Map<String, Long> lastTotals = Map.of();

    public RateHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("rate history capacity must be >= 2, was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void sample(Instant at, Map<String, Long> totals) {
        if (lastAt != null) {
            double seconds = Duration.between(lastAt, at).toNanos() / 1e9;
            if (seconds <= 0) {
                return;
            }
            Map<String, Double> rates = new TreeMap<>();
            totals.forEach((k, v) -> rates.put(k, Math.max(0, v - lastTotals.getOrDefault(k, 0L)) / seconds));
            if (samples.size() == capacity) {
                samples.pollFirst();
            }
            samples.addLast(new Sample(at, rates));
        }
        lastAt = at;
        lastTotals = Map.copyOf(totals);
    }

    /** {@code {"t": [iso...], "series": {"binance": [rate...]}}}, oldest first. */
    public synchronized Map<String, Object> document() {
        List<String> t = new ArrayList<>();
        Map<String, List<Double>> series = new TreeMap<>();
        int i = 0;
        for (Sample s : samples) {
            t.add(Envelope.iso(s.at()));
            for (String k : s.rates().keySet()) {
                series.computeIfAbsent(k, x -> new ArrayList<>());
            }
            for (Map.Entry<String, List<Double>> e : series.entrySet()) {
                while (e.getValue().size() < i) {
                    e.getValue().add(0.0);
                }
                e.getValue().add(ApiDocuments.round(s.rates().getOrDefault(e.getKey(), 0.0), 3));
            }
            i++;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("t", t);
        d.put("series", series);
        return d;
    }
}
