package io.marketprism.connect;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n (0-based) waits {@code min(max, initial * 2^n)}, then that delay is
 * spread by ±{@code jitter} (a fraction, 0..1) so that many connections failing together do not reconnect together.
 * The random source is injected so tests are deterministic.
 *
 * @param initial first delay, > 0
 * @param max     cap of the delay, >= initial
 * @param jitter  fraction of the delay spread either way, 0 ≤ jitter ≤ 1
 */
public record Backoff(Duration initial, Duration max, double jitter) {
    public Backoff {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be > 0, got " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max delay (" + max + ") must be >= initial delay (" + initial
                    + ")");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff jitter must be a fraction between 0 and 1, got " + jitter);
        }
    }

    /** 1 s doubling to 60 s, ±20 %. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2);
    }

    /** The delay before attempt {@code attempt} (0-based); {@code random} yields values in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        int shift = Math.min(Math.max(attempt, 0), 40);
        long base = initialNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, initialNanos << shift);
        double spread = (random.getAsDouble() * 2 - 1) * jitter; // in [-jitter, +jitter)
        long nanos = Math.max(0, Math.round(base * (1 + spread)));
        return Duration.ofNanos(nanos);
    }
}
