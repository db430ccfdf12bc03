package io.marketprism.venue;

import io.marketprism.model.Exchange;

/**
 * Turns one venue's raw frames into records. Adapters are pure: no I/O, no clocks, no globals; the only state they
 * read is the instrument registry they were given. A frame that cannot be read throws
 * {@link MalformedFrameException} (or any runtime exception); the caller counts and logs it and goes on.
 */
public interface VenueAdapter {
    Exchange exchange();

    /** Handles one frame of kind {@link FrameKind#WS_IN} or {@link FrameKind#REST_RESPONSE}. */
    void onFrame(Frame frame, AdapterOutput out);
}
