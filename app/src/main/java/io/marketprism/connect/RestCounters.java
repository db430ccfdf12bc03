package io.marketprism.connect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What one venue's REST client did. Plain getters; the metrics layer reads them. Thread-safe. */
public final class RestCounters {
    /** Latency of one endpoint (path). */
    public static final class Latency {
        final AtomicLong count = new AtomicLong();
        final AtomicLong totalNanos = new AtomicLong();
        final AtomicLong maxNanos = new AtomicLong();

        void add(long nanos) {
            count.incrementAndGet();
            totalNanos.addAndGet(nanos);
            maxNanos.accumulateAndGet(nanos, Math::max);
        }

        public long count() {
            return count.get();
        }

        public long totalNanos() {
            return totalNanos.get();
        }

        public long maxNanos() {
            return maxNanos.get();
        }
    }

    final AtomicLong requests = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong http429 = new AtomicLong();
    final AtomicLong http418 = new AtomicLong();
    final AtomicLong venueRateLimits = new AtomicLong();
    final AtomicLong throttledWaits = new AtomicLong();
    final AtomicLong throttledRejects = new AtomicLong();
    final AtomicLong breakerRejects = new AtomicLong();
    final AtomicLong weightUsed = new AtomicLong();
    final Map<String, Latency> latency = new ConcurrentHashMap<>();

    /** HTTP requests sent (retries included). */
    public long requests() {
        return requests.get();
    }

    public long successes() {
        return successes.get();
    }

    /** Calls that failed for good (after retries). */
    public long failures() {
        return failures.get();
    }

    public long retries() {
        return retries.get();
    }

    public long http429() {
        return http429.get();
    }

    public long http418() {
        return http418.get();
    }

    /** Rate-limit answers inside a body (OKX 50011/50013, Deribit 10028). */
    public long venueRateLimits() {
        return venueRateLimits.get();
    }

    /** Requests that waited for the client-side budget. */
    public long throttledWaits() {
        return throttledWaits.get();
    }

    /** Requests refused because the wait would exceed the maximum (ban, long Retry-After). */
    public long throttledRejects() {
        return throttledRejects.get();
    }

    public long breakerRejects() {
        return breakerRejects.get();
    }

    /** Binance: the last {@code X-MBX-USED-WEIGHT-1M} seen. */
    public long weightUsed() {
        return weightUsed.get();
    }

    /** Latency by endpoint path, sorted. */
    public Map<String, Latency> latency() {
        return new TreeMap<>(latency);
    }
}
