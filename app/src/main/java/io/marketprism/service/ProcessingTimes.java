package io.marketprism.service;

import io.marketprism.model.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frame processing time per exchange and data type as a classic histogram with fixed buckets (seconds). Written by
 * the ingest threads, read at scrape time; the metrics layer converts it without keeping a second count.
 */
public final class ProcessingTimes {
    /** Upper bounds in seconds: 5 µs … 100 ms, then +Inf. */
    static final double[] BOUNDS = {5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2,
        0.1, Double.POSITIVE_INFINITY};

    private static final class Series {
        final long[] counts = new long[BOUNDS.length];
        long sumNanos;
    }

    private final Map<String, Series> series = new TreeMap<>();

    public synchronized void observe(Exchange exchange, String dataType, long nanos) {
        Series s = series.computeIfAbsent(exchange.id() + '\u0000' + dataType, k -> new Series());
        double seconds = nanos / 1e9;
        int i = 0;
        while (seconds > BOUNDS[i]) {
            i++;
        }
        s.counts[i]++;
        s.sumNanos += nanos;
    }

    public synchronized List<CollectorView.ProcessingTime> snapshot() {
        List<CollectorView.ProcessingTime> out = new ArrayList<>();
        series.forEach((k, s) -> {
            int at = k.indexOf('\u0000');
            out.add(new CollectorView.ProcessingTime(Exchange.fromId(k.substring(0, at)), k.substring(at + 1),
                    BOUNDS.clone(), s.counts.clone(), s.sumNanos / 1e9));
        });
        return out;
    }
}
