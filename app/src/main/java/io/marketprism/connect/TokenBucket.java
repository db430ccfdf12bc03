package io.marketprism.connect;

/**
 * A token bucket on an injected time axis (ns). Not thread-safe on its own: the REST client guards it.
 * {@link #reserve(double, long)} answers how long to wait, and takes the tokens only when that is zero.
 */
final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;
    private boolean started;

    /** {@code capacity} tokens, refilled at {@code capacity} per {@code periodNanos}. */
    TokenBucket(double capacity, long periodNanos) {
        this(capacity, capacity / periodNanos);
    }

    private TokenBucket(double capacity, double perNano) {
        this.capacity = capacity;
        this.perNano = perNano;
        this.tokens = capacity;
    }

    static TokenBucket ratePerSecond(double capacity, double perSecond) {
        return new TokenBucket(capacity, perSecond / 1e9);
    }

    private void refill(long now) {
        if (!started) {
            started = true;
            last = now;
            return;
        }
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }

    /** 0 when {@code cost} tokens were taken; otherwise ns until they will be there (nothing taken). */
    long reserve(double cost, long now) {
        refill(now);
        double need = Math.min(cost, capacity);
        if (tokens >= need) {
            tokens -= need;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((need - tokens) / perNano));
    }

    /** The venue said we are over its limit: treat the bucket as empty. */
    void drain(long now) {
        refill(now);
        tokens = 0;
    }

    double tokens() {
        return tokens;
    }
}
