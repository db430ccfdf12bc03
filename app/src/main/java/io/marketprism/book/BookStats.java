package io.marketprism.book;

/**
 * Counters of one {@link BookSynchronizer}. Written only by the synchronizer's thread; volatile so a metrics thread
 * reads current values.
 */
public final class BookStats {
    volatile long updatesApplied;
    volatile long snapshotsApplied;
    volatile long gaps;
    volatile long resyncs;
    volatile long checksumOk;
    volatile long checksumFailed;
    volatile long crossed;
    volatile long stale;
    volatile long buffered;
    volatile long bufferOverflows;

    /** Deltas applied in LIVE (including ones replayed from the buffer). */
    public long updatesApplied() {
        return updatesApplied;
    }

    /** Snapshots written into the book. */
    public long snapshotsApplied() {
        return snapshotsApplied;
    }

    /** Sequence gaps: in LIVE, or a snapshot older than the buffered stream. */
    public long gaps() {
        return gaps;
    }

    /** Times the book re-entered LIVE after having lost sync (gap, checksum, crossed, invalidate). */
    public long resyncs() {
        return resyncs;
    }

    public long checksumOk() {
        return checksumOk;
    }

    public long checksumFailed() {
        return checksumFailed;
    }

    /** Steps after which the book was crossed (for OKX counted only; elsewhere also a resync). */
    public long crossed() {
        return crossed;
    }

    /** Deltas dropped as older than the book. */
    public long stale() {
        return stale;
    }

    /** Deltas put into the buffer while not synced. */
    public long buffered() {
        return buffered;
    }

    /** Buffered deltas dropped (oldest first) because the buffer was full. */
    public long bufferOverflows() {
        return bufferOverflows;
    }

    @Override
    public String toString() {
        return "BookStats{updatesApplied=" + updatesApplied + ", snapshotsApplied=" + snapshotsApplied + ", gaps=" + gaps
                + ", resyncs=" + resyncs + ", checksumOk=" + checksumOk + ", checksumFailed=" + checksumFailed
                + ", crossed=" + crossed + ", stale=" + stale + ", buffered=" + buffered + ", bufferOverflows="
                + bufferOverflows + '}';
    }
}
