package io.marketprism.sink.nats;

import java.util.Arrays;

/**
 * Publish-to-ack latencies: count, sum and maximum of every sample plus the most recent {@code capacity} samples for
 * percentiles. Small and lock-based: one record per acknowledged message is far below the lock's cost here.
 */
public final class LatencySamples {
    private final long[] ring;
    private long count;
    private long sumNanos;
    private long maxNanos;

    public LatencySamples(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("latency sample capacity must be positive, got " + capacity);
        }
        this.ring = new long[capacity];
    }

    public synchronized void record(long nanos) {
        ring[(int) (count % ring.length)] = nanos;
        count++;
        sumNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
    }

    public synchronized long count() {
        return count;
    }

    public synchronized long sumNanos() {
        return sumNanos;
    }

    public synchronized long maxNanos() {
        return maxNanos;
    }

    /**
     * The q-quantile (0..1) of the retained recent samples, nearest-rank; 0 when there are none.
     */
    public synchronized long percentileNanos(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile " + q + " is outside 0..1");
        }
        int n = (int) Math.min(count, ring.length);
        if (n == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(ring, n);
        Arrays.sort(copy);
        int rank = (int) Math.ceil(q * n);
        return copy[Math.max(0, rank - 1)];
    }
}
