package io.marketprism.book;

import static io.marketprism.book.BookFixtures.levels;
import static io.marketprism.book.BookFixtures.okx;
import static io.marketprism.book.BookFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.book.BookFixtures.RecordingListener;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SyncRule#OKX} (§4.6, §4.7 of the protocol reference). */
class OkxSyncTest {
    private final RecordingListener listener = new RecordingListener();
    private final BookSynchronizer sync = new BookSynchronizer(SyncRule.OKX, new FastOrderBook(), listener, 100);

    private static BookSnapshot snap(Long seqId, Long checksum) {
        // the first vector of §4.7: bids 3366.1:7, 3366:6; asks 3366.8:9, 3368:8
        return snapshot(Exchange.OKX, seqId, checksum, levels("3366.1:7", "3366:6"), levels("3366.8:9", "3368:8"));
    }

    @Test
    void documentedSequenceIncludingKeepAliveAndResetIsValid() {
        // §4.6: snapshot (prev=-1, seq=10) → update (10,15) → keep-alive (15,15) → reset (15,3) → update (3,5)
        assertThat(sync.onSnapshot(snap(10L, 0L))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.onDelta(okx(10L, 15L, 0L, levels("3366:0"), List.of()))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(okx(15L, 15L, 0L, List.of(), List.of()))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(okx(15L, 3L, 0L, List.of(), levels("3372:8")))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.sequence()).isEqualTo(3L);
        assertThat(sync.onDelta(okx(3L, 5L, 0L, List.of(), List.of()))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.sequence()).isEqualTo(5L);
        assertThat(sync.stats().updatesApplied()).isEqualTo(4);
        assertThat(sync.stats().gaps()).isZero();
        assertThat(sync.stats().checksumOk() + sync.stats().checksumFailed()).isZero(); // 0 = deprecated, unchecked
    }

    @Test
    void gapStaleAndUnchainedReset() {
        sync.onSnapshot(snap(10L, null));
        sync.onDelta(okx(10L, 15L, null, List.of(), List.of()));
        assertThat(sync.onDelta(okx(10L, 15L, null, List.of(), List.of()))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.onDelta(okx(12L, 14L, null, List.of(), List.of()))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.synced()).isTrue();
        // a reset that does not chain to B is a gap, even though its seqId is below B
        assertThat(sync.onDelta(okx(20L, 3L, null, List.of(), List.of()))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.synced()).isFalse();
        assertThat(sync.onSnapshot(snap(30L, null))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(3); // the reset buffered during the gap is older than the snapshot
        assertThat(sync.onDelta(okx(31L, 35L, null, List.of(), List.of()))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.stats().gaps()).isEqualTo(2);
        assertThat(listener.resyncReasons).hasSize(2);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void checksumVectorsOk() {
        assertThat(sync.onSnapshot(snap(10L, -1881014294L))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        // remove bid 3366, add ask 3372:8 → second vector of §4.7
        assertThat(sync.onDelta(okx(10L, 11L, 831078360L, levels("3366:0"), levels("3372:8"))))
                .isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.stats().checksumOk()).isEqualTo(2);
        assertThat(sync.stats().checksumFailed()).isZero();
    }

    @Test
    void unsignedFormOfTheChecksumIsAccepted() {
        assertThat(sync.onSnapshot(snap(10L, 2413953002L))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().checksumOk()).isEqualTo(1);
    }

    @Test
    void checksumFailureIsHandledLikeAGap() {
        sync.onSnapshot(snap(10L, -1881014294L));
        assertThat(sync.onDelta(okx(10L, 11L, 831078361L, levels("3366:0"), levels("3372:8"))))
                .isEqualTo(SyncOutcome.CHECKSUM_FAILED);
        assertThat(sync.stats().checksumFailed()).isEqualTo(1);
        assertThat(sync.synced()).isFalse();
        assertThat(listener.resyncReasons).singleElement().asString().contains("checksum mismatch")
                .contains("831078361").contains("831078360");
        assertThat(listener.applied).isEmpty();
        // the resubscribe snapshot supersedes the buffered delta
        assertThat(sync.onSnapshot(snap(12L, -1881014294L))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(1);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void snapshotWithWrongChecksumIsNotSynced() {
        assertThat(sync.onSnapshot(snap(10L, 12345L))).isEqualTo(SyncOutcome.CHECKSUM_FAILED);
        assertThat(sync.synced()).isFalse();
        assertThat(listener.synced).isEmpty();
    }

    @Test
    void crossedBookIsOnlyCounted() {
        // pre-open / call auction: best ask below best bid is legal on OKX
        sync.onSnapshot(snap(10L, null));
        assertThat(sync.onDelta(okx(10L, 11L, null, levels("3370:1"), List.of()))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.book().isCrossed()).isTrue();
        assertThat(sync.stats().crossed()).isEqualTo(1);
        assertThat(sync.synced()).isTrue();
        assertThat(sync.onSnapshot(snapshot(Exchange.OKX, 20L, null, levels("101:1"), levels("100:1"))))
                .isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().crossed()).isEqualTo(2);
    }

    @Test
    void legacyDataWithoutSeqIdIsCheckedByChecksumOnly() {
        // 2022-05 recordings: no seqId/prevSeqId; deltas received before the in-band snapshot predate it
        assertThat(sync.onDelta(okx(null, null, 5L, levels("1:1"), List.of()))).isEqualTo(SyncOutcome.BUFFERED);
        assertThat(sync.onSnapshot(snap(null, -1881014294L))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(1);
        assertThat(sync.sequence()).isNull();
        assertThat(sync.onDelta(okx(null, null, 831078360L, levels("3366:0"), levels("3372:8"))))
                .isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(okx(null, null, 1L, levels("3366:5"), List.of())))
                .isEqualTo(SyncOutcome.CHECKSUM_FAILED);
        assertThat(sync.stats().checksumOk()).isEqualTo(2);
        assertThat(sync.stats().checksumFailed()).isEqualTo(1);
        assertThat(sync.book().depth(Side.BUY)).isZero();
    }
}
