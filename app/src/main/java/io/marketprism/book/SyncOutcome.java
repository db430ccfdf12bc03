package io.marketprism.book;

/** What {@link BookSynchronizer} did with one snapshot or delta. */
public enum SyncOutcome {
    /** The snapshot was applied and the book is LIVE (buffered deltas replayed). */
    SNAPSHOT_APPLIED,
    /** The delta was applied in LIVE. */
    APPLIED,
    /** Not synced yet: the delta waits in the buffer for the next snapshot. */
    BUFFERED,
    /** The delta is older than the book and was dropped. */
    STALE,
    /** The delta does not continue the book (or the snapshot is older than the buffered stream): resync needed. */
    GAP,
    /** The OKX CRC32 of the book after applying did not match: resync needed. */
    CHECKSUM_FAILED,
    /** The book is crossed after applying and the venue never legally crosses: resync needed. */
    CROSSED
}
