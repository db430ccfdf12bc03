package io.marketprism.book;

import io.marketprism.model.BookDelta;

/**
 * The documented continuity rule of one venue family (§2.6, §3.5, §3A, §4.6, §5.7 and the summary table in §6 of
 * the protocol reference). {@code b} below is the book's sequence B: the snapshot's sequence, then the
 * {@code sequence} of each applied delta.
 */
public enum SyncRule {
    /**
     * Binance Spot (§2.6): stale if {@code u <= B}; gap if {@code U > B + 1}; otherwise apply. This accepts the first
     * event that straddles {@code B + 1} ({@code U <= B+1 <= u}); in steady state {@code U == B + 1}.
     */
    BINANCE_SPOT {
        @Override
        Verdict classify(boolean hasB, long b, BookDelta d, boolean firstAfterSnapshot, boolean replaying) {
            long first = require(d.firstSequence(), "firstSequence (U)");
            long last = require(d.sequence(), "sequence (u)");
            if (last <= b) {
                return Verdict.STALE;
            }
            return first > b + 1 ? Verdict.GAP : Verdict.APPLY;
        }
    },
    /**
     * Binance USDⓈ-M and COIN-M futures (§3.5, §3A): stale if {@code u < B}; the first event after a snapshot is valid
     * if {@code U <= B <= u} or {@code pu == B} (it directly continues the snapshot); afterwards valid iff
     * {@code pu == B} ({@code U} is not contiguous between events, continuity is only through {@code pu}).
     */
    BINANCE_FUTURES {
        @Override
        Verdict classify(boolean hasB, long b, BookDelta d, boolean firstAfterSnapshot, boolean replaying) {
            long first = require(d.firstSequence(), "firstSequence (U)");
            long last = require(d.sequence(), "sequence (u)");
            long prev = require(d.prevSequence(), "prevSequence (pu)");
            if (last < b) {
                return Verdict.STALE;
            }
            if (prev == b || firstAfterSnapshot && first <= b && b <= last) {
                return Verdict.APPLY;
            }
            return Verdict.GAP;
        }
    },
    /**
     * OKX {@code books} (§4.6). With sequences: valid iff {@code prevSeqId == B} (this includes the empty keep-alive
     * with {@code seqId == prevSeqId} and the post-maintenance reset whose {@code seqId < prevSeqId}); otherwise a
     * reset ({@code seqId < prevSeqId}) that does not chain is a gap, {@code seqId <= B} is stale, anything else a
     * gap. OKX sends the snapshot in-band (§4.6 step 1), so a delta buffered before it is older than it: on replay
     * whatever does not continue the snapshot is stale, never a reason to reject the snapshot. Data from before
     * 2022-06 has no seqId: there is no sequence check in LIVE (the checksum of §4.7 is the only continuity check),
     * and unsequenced buffered deltas are stale on replay for the same reason.
     */
    OKX {
        @Override
        Verdict classify(boolean hasB, long b, BookDelta d, boolean firstAfterSnapshot, boolean replaying) {
            Long seq = d.sequence();
            Long prev = d.prevSequence();
            if (seq == null || prev == null || !hasB) {
                return replaying ? Verdict.STALE : Verdict.APPLY;
            }
            if (prev == b) {
                return Verdict.APPLY;
            }
            if (replaying) {
                return Verdict.STALE; // buffered before the in-band snapshot, which supersedes it
            }
            if (seq < prev) {
                return Verdict.GAP;
            }
            return seq <= b ? Verdict.STALE : Verdict.GAP;
        }

        @Override
        boolean crossedIsGap() {
            return false; // crossed books are legal in OKX pre-open / call auctions (§4.4, §6)
        }

        @Override
        boolean checksummed() {
            return true;
        }
    },
    /** Deribit {@code book.*} (§5.7): valid iff {@code prev_change_id == B}; stale if {@code change_id <= B}; else gap. */
    DERIBIT {
        @Override
        Verdict classify(boolean hasB, long b, BookDelta d, boolean firstAfterSnapshot, boolean replaying) {
            long seq = require(d.sequence(), "sequence (change_id)");
            long prev = require(d.prevSequence(), "prevSequence (prev_change_id)");
            if (prev == b) {
                return Verdict.APPLY;
            }
            return seq <= b ? Verdict.STALE : Verdict.GAP;
        }
    };

    /** The rule's decision for one delta. */
    enum Verdict { APPLY, STALE, GAP }

    /**
     * Classifies a delta against the book sequence {@code b} ({@code hasB} false when the snapshot had none).
     * {@code firstAfterSnapshot}: no delta was applied since the snapshot; {@code replaying}: the delta was buffered
     * before the snapshot arrived. Throws {@link IllegalArgumentException} when the delta lacks a sequence field the
     * rule needs (an adapter bug, not venue data).
     */
    abstract Verdict classify(boolean hasB, long b, BookDelta d, boolean firstAfterSnapshot, boolean replaying);

    /** Whether a crossed book means the local book is wrong (§6 sanity checks). */
    boolean crossedIsGap() {
        return true;
    }

    /** Whether non-zero checksums on snapshots and deltas are validated (§4.7). */
    boolean checksummed() {
        return false;
    }

    /** Whether a snapshot must carry a sequence (all venues but pre-2022-06 OKX). */
    boolean needsSnapshotSequence() {
        return this != OKX;
    }

    private static long require(Long value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("book delta without " + field);
        }
        return value;
    }
}
