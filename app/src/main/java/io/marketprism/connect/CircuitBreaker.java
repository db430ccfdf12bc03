package io.marketprism.connect;

/**
 * Per-endpoint breaker: after {@code threshold} consecutive failures the endpoint is OPEN for {@code openNanos}
 * (calls fail at once), then HALF_OPEN lets one trial through: success closes it, failure opens it again.
 * Time is the caller's (injected clock). Thread-safe.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openNanos;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private long opens;
    private boolean trialOut;

    public CircuitBreaker(int threshold, long openNanos) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker failure threshold must be >= 1, got " + threshold);
        }
        this.threshold = threshold;
        this.openNanos = openNanos;
    }

    public synchronized boolean allow(long now) {
        if (state == State.OPEN && now - openedAt >= openNanos) {
            state = State.HALF_OPEN;
            trialOut = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialOut) {
                return false;
            }
            trialOut = true;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void success() {
        failures = 0;
        state = State.CLOSED;
    }

    public synchronized void failure(long now) {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            if (state != State.OPEN) {
                opens++;
            }
            state = State.OPEN;
            openedAt = now;
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized long opens() {
        return opens;
    }
}
