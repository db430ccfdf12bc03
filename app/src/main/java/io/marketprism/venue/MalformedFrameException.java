package io.marketprism.venue;

/** A frame that is not what its venue documents: bad JSON, a missing required field, a value of the wrong type. */
public final class MalformedFrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
