package io.marketprism.book;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Side;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The sync state machine of one book (one per exchange and native symbol), per §6 of the protocol reference:
 * SYNCING (deltas are buffered, bounded by {@code maxBuffered}, oldest dropped on overflow) → a snapshot arrives →
 * book := snapshot, B := snapshot sequence → the buffer is replayed through the {@link SyncRule} → LIVE. In LIVE
 * every delta is stale (dropped), applied (B := its sequence) or a gap: the book is dropped, the listener is asked
 * to resync, and the synchronizer buffers this delta and later ones for the next snapshot. A failed OKX checksum
 * (§4.7) and, except on OKX, a crossed book after a step (§6 sanity checks) are handled like a gap. A snapshot while
 * LIVE simply resets the book (venues send one on resubscribe). Single-threaded; never does I/O.
 */
public final class BookSynchronizer {
    private final SyncRule rule;
    private final OrderBook book;
    private final BookListener listener;
    private final int maxBuffered;
    private final ArrayDeque<BookDelta> buffer = new ArrayDeque<>();
    private final BookStats stats = new BookStats();

    private boolean live;
    /** LIVE was lost since the last time the book was synced: the next LIVE is a resync. */
    private boolean lostSync;
    private boolean hasB;
    private long b;
    /** No delta applied since the snapshot (the Binance futures first-event rule, §3.5). */
    private boolean firstAfterSnapshot;
    private String lastLossReason;

    public BookSynchronizer(SyncRule rule, OrderBook book, BookListener listener, int maxBuffered) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.book = Objects.requireNonNull(book, "book");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxBuffered < 0) {
            throw new IllegalArgumentException("maxBuffered must be >= 0, got " + maxBuffered);
        }
        this.maxBuffered = maxBuffered;
    }

    /**
     * Applies a venue snapshot (REST for Binance, in-band for OKX and Deribit). Returns {@link SyncOutcome#GAP}
     * without touching the book when the first buffered delta that is not stale cannot continue it: the snapshot is
     * older than the buffered stream (§2.6 steps 3–5, §3.5 step 4) and a newer one is needed. Otherwise the book is
     * set, {@link BookListener#onSynced} is called, and the buffered deltas are replayed as live deltas; if one of
     * them fails, that failure's outcome is returned. Throws {@link IllegalArgumentException} for a snapshot without
     * sequence on a venue whose rule needs one, or with a negative size (adapter bugs).
     */
    public SyncOutcome onSnapshot(BookSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Long seq = snapshot.sequence();
        if (seq == null && rule.needsSnapshotSequence()) {
            throw new IllegalArgumentException(rule + " snapshot without sequence");
        }
        if (negativeSize(snapshot.bids(), snapshot.asks())) {
            throw new IllegalArgumentException("snapshot " + seq + " with a negative size");
        }
        if (seq != null && snapshotTooOld(seq)) {
            stats.gaps++;
            lose("snapshot " + seq + " is older than the buffered stream (first buffered delta "
                    + describe(buffer.peekFirst()) + ")");
            return SyncOutcome.GAP;
        }

        book.clear();
        for (BookLevel level : snapshot.bids()) {
            book.set(Side.BUY, level.price(), level.size());
        }
        for (BookLevel level : snapshot.asks()) {
            book.set(Side.SELL, level.price(), level.size());
        }
        hasB = seq != null;
        b = seq == null ? 0 : seq;
        firstAfterSnapshot = true;
        stats.snapshotsApplied++;

        SyncOutcome failed = verify(snapshot.checksum(), snapshot);
        if (failed != null) {
            return failed;
        }
        live = true;
        if (lostSync) {
            stats.resyncs++;
            lostSync = false;
        }
        listener.onSynced(snapshot);

        // replay: every buffered delta goes through the live path; on a failure the rest stays buffered
        int pending = buffer.size();
        while (pending-- > 0) {
            BookDelta d = buffer.pollFirst();
            SyncOutcome outcome = applyLive(d, true);
            if (!live) {
                if (buffer.peekLast() == d) {
                    // applyLive re-buffered the failed delta at the end: move it before the deltas still pending
                    buffer.addFirst(buffer.pollLast());
                }
                return outcome;
            }
        }
        return SyncOutcome.SNAPSHOT_APPLIED;
    }

    /** Applies (LIVE) or buffers (SYNCING) one delta. */
    public SyncOutcome onDelta(BookDelta delta) {
        Objects.requireNonNull(delta, "delta");
        if (!live) {
            buffer(delta);
            return SyncOutcome.BUFFERED;
        }
        return applyLive(delta, false);
    }

    /**
     * The book is unusable until the next snapshot (e.g. the connection was lost): clears the book and the buffer
     * (deltas of a dead connection cannot bridge to the new one) and goes back to buffering. The caller already
     * knows, so {@link BookListener#onResyncNeeded} is not called; the next LIVE counts as a resync.
     */
    public void invalidate(String reason) {
        if (live) {
            lostSync = true;
        }
        live = false;
        lastLossReason = reason;
        book.clear();
        buffer.clear();
    }

    public boolean synced() {
        return live;
    }

    public OrderBook book() {
        return book;
    }

    public BookStats stats() {
        return stats;
    }

    public SyncRule rule() {
        return rule;
    }

    /** The book's sequence B (last applied sequence), null before the first snapshot or when the venue sends none. */
    public Long sequence() {
        return hasB ? b : null;
    }

    /** Why the book last lost (or failed to reach) sync, for health and metrics; null when it never did. */
    public String lastLossReason() {
        return lastLossReason;
    }

    /** Deltas currently waiting in the buffer. */
    public int bufferedCount() {
        return buffer.size();
    }

    private boolean snapshotTooOld(long seq) {
        for (BookDelta d : buffer) {
            SyncRule.Verdict v = rule.classify(true, seq, d, true, true);
            if (v != SyncRule.Verdict.STALE) {
                return v == SyncRule.Verdict.GAP;
            }
        }
        return false;
    }

    private SyncOutcome applyLive(BookDelta d, boolean replaying) {
        switch (rule.classify(hasB, b, d, firstAfterSnapshot, replaying)) {
            case STALE -> {
                stats.stale++;
                return SyncOutcome.STALE;
            }
            case GAP -> {
                stats.gaps++;
                lose("gap: " + describe(d) + " does not continue book sequence " + b);
                buffer(d);
                return SyncOutcome.GAP;
            }
            default -> {
                // APPLY, below
            }
        }
        if (negativeSize(d.bids(), d.asks())) {
            // §6 sanity check: a negative size can only come from a broken stream; never let it into the book
            stats.gaps++;
            lose("negative size in " + describe(d));
            return SyncOutcome.GAP;
        }
        for (BookLevel level : d.bids()) {
            book.set(Side.BUY, level.price(), level.size());
        }
        for (BookLevel level : d.asks()) {
            book.set(Side.SELL, level.price(), level.size());
        }
        if (d.sequence() != null) {
            hasB = true;
            b = d.sequence();
        }
        firstAfterSnapshot = false;
        stats.updatesApplied++;
        SyncOutcome failed = verify(d.checksum(), d);
        if (failed != null) {
            // keep the delta: with a snapshot older than it, the next sync still needs it (stale otherwise)
            buffer(d);
            return failed;
        }
        listener.onApplied(d);
        return SyncOutcome.APPLIED;
    }

    /**
     * Checksum (OKX, §4.7) and crossed (§6) checks after a step; null when the book is good. {@code step} (the
     * snapshot or delta just applied) is only described when a check fails: this runs for every applied delta.
     */
    private SyncOutcome verify(Long checksum, Object step) {
        if (rule.checksummed() && checksum != null && checksum != 0) {
            int computed = OkxChecksum.of(book);
            if (OkxChecksum.matches(checksum, computed)) {
                stats.checksumOk++;
            } else {
                stats.checksumFailed++;
                lose("checksum mismatch after " + what(step) + ": venue " + checksum + ", local " + computed);
                return SyncOutcome.CHECKSUM_FAILED;
            }
        }
        if (book.isCrossed()) {
            stats.crossed++;
            if (rule.crossedIsGap()) {
                lose("crossed book after " + what(step) + ": best bid " + book.best(Side.BUY).price() + " >= best ask "
                        + book.best(Side.SELL).price());
                return SyncOutcome.CROSSED;
            }
        }
        return null;
    }

    private void lose(String reason) {
        if (live) {
            lostSync = true;
        }
        live = false;
        lastLossReason = reason;
        book.clear();
        listener.onResyncNeeded(reason);
    }

    private void buffer(BookDelta d) {
        if (buffer.size() >= maxBuffered) {
            stats.bufferOverflows++;
            if (maxBuffered == 0) {
                return;
            }
            buffer.pollFirst();
        }
        buffer.addLast(d);
        stats.buffered++;
    }

    private static boolean negativeSize(List<BookLevel> bids, List<BookLevel> asks) {
        for (BookLevel level : bids) {
            if (level.size().signum() < 0) {
                return true;
            }
        }
        for (BookLevel level : asks) {
            if (level.size().signum() < 0) {
                return true;
            }
        }
        return false;
    }

    private static String what(Object step) {
        return step instanceof BookDelta d ? describe(d) : "snapshot " + ((BookSnapshot) step).sequence();
    }

    private static String describe(BookDelta d) {
        return d == null ? "none" : "delta(U=" + d.firstSequence() + ", u=" + d.sequence() + ", pu=" + d.prevSequence()
                + ")";
    }
}
