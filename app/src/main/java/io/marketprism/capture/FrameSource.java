package io.marketprism.capture;

import io.marketprism.venue.Frame;
import java.io.IOException;

/** A time-ordered stream of frames. {@link #next()} returns null at the end. */
public interface FrameSource extends AutoCloseable {
    /** The next frame, or null when there is none (for a file still being written: none yet). */
    Frame next() throws IOException;

    /** How much of the input has been read, 0..1, or -1 when unknown (for progress and ETA displays). */
    default double progress() {
        return -1;
    }

    @Override
    void close() throws IOException;
}
