package io.marketprism.connect;

/** A REST call that did not produce a usable body; the message names venue, URL and cause. */
public final class RestException extends Exception {
    public enum Reason { RATE_LIMITED, BANNED, BREAKER_OPEN, HTTP_ERROR, VENUE_ERROR, IO, CONSUMER_FULL }

    private final Reason reason;
    private final boolean retryable;

    public RestException(Reason reason, String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    /** Whether another attempt of this idempotent call may succeed. */
    public boolean retryable() {
        return retryable;
    }

    public Reason reason() {
        return reason;
    }
}
