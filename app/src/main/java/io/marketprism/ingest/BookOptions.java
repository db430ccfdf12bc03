package io.marketprism.ingest;

import io.marketprism.book.SnapshotPolicy;

/**
 * How books are kept and published.
 *
 * @param maxBuffered deltas buffered per book while it waits for a snapshot (oldest dropped and counted beyond)
 * @param snapshots   when top-N snapshots of the local book are published besides the deltas
 */
public record BookOptions(int maxBuffered, SnapshotPolicy snapshots) {
    public BookOptions {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("book max buffered deltas must be >= 1, was " + maxBuffered);
        }
        if (snapshots == null) {
            throw new IllegalArgumentException("book snapshot policy is required");
        }
    }

    public static BookOptions defaults() {
        return new BookOptions(50_000, SnapshotPolicy.never());
    }

    public BookOptions withSnapshots(SnapshotPolicy policy) {
        return new BookOptions(maxBuffered, policy);
    }
}
