package io.marketprism.pipeline;

import java.time.Duration;

/** Exponential retry delays: initial, doubled per consecutive failure, capped; reset by a success. */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public long failedNanos() {
        int shift = Math.min(failures++, 40);
        long d = initialNanos << shift;
        return d <= 0 || d > maxNanos ? maxNanos : d;
    }

    public void succeeded() {
        failures = 0;
    }

    public int consecutiveFailures() {
        return failures;
    }
}
