package io.marketprism.book;

import static io.marketprism.book.BookFixtures.levels;
import static io.marketprism.book.BookFixtures.snapshot;
import static io.marketprism.book.BookFixtures.spot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.book.BookFixtures.RecordingListener;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SyncRule#BINANCE_SPOT} (§2.6 of the protocol reference). */
class BinanceSpotSyncTest {
    private final RecordingListener listener = new RecordingListener();
    private final BookSynchronizer sync = new BookSynchronizer(SyncRule.BINANCE_SPOT, new FastOrderBook(), listener, 100);

    private static BookSnapshot snap(long lastUpdateId) {
        return snapshot(Exchange.BINANCE, lastUpdateId, null, levels("0.35210000:672.00000000",
                "0.35200000:1144.00000000"), levels("0.35290000:100.00000000", "0.35300000:5.00000000"));
    }

    @Test
    void nknusdtWorkedExample() {
        // §2.6: snapshot lastUpdateId 499869752; buffered U=499869750,u=499869752 is dropped; U=499869753 applies
        assertThat(sync.onDelta(spot(499869750, 499869752, levels("0.35130000:6195.00000000"), List.of())))
                .isEqualTo(SyncOutcome.BUFFERED);
        assertThat(sync.synced()).isFalse();
        assertThat(sync.onSnapshot(snap(499869752))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(1);
        assertThat(sync.book().depth(Side.BUY)).isEqualTo(2); // the stale delta's level was not applied
        assertThat(sync.onDelta(spot(499869753, 499869754, levels("0.35170000:4265.00000000"),
                levels("0.35290000:10968.00000000")))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.sequence()).isEqualTo(499869754L);
        assertThat(sync.onDelta(spot(499869755, 499869757, levels("0.35200000:1290.00000000"), List.of())))
                .isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.sequence()).isEqualTo(499869757L);
        assertThat(sync.book().top(Side.BUY, 3)).containsExactlyElementsOf(levels("0.35210000:672.00000000",
                "0.35200000:1290.00000000", "0.35170000:4265.00000000"));
        assertThat(sync.book().best(Side.SELL)).isEqualTo(BookLevel.of("0.35290000", "10968.00000000"));
        assertThat(listener.events).containsExactly("synced 499869752", "applied 499869754", "applied 499869757");
        assertThat(sync.stats().updatesApplied()).isEqualTo(2);
        assertThat(sync.stats().snapshotsApplied()).isEqualTo(1);
        assertThat(sync.stats().gaps()).isZero();
        assertThat(sync.stats().resyncs()).isZero();
    }

    @Test
    void bufferedDeltasAreReplayedInOrderAfterTheSnapshot() {
        sync.onDelta(spot(90, 99));
        sync.onDelta(spot(100, 100));
        sync.onDelta(spot(101, 105, levels("0.35000000:1"), List.of()));
        sync.onDelta(spot(106, 107));
        assertThat(sync.stats().buffered()).isEqualTo(4);
        assertThat(sync.onSnapshot(snap(100))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(2);
        assertThat(listener.events).containsExactly("synced 100", "applied 105", "applied 107");
        assertThat(sync.sequence()).isEqualTo(107L);
        assertThat(sync.bufferedCount()).isZero();
        assertThat(sync.book().depth(Side.BUY)).isEqualTo(3);
    }

    @Test
    void firstEventStraddlingTheSnapshotIsApplied() {
        sync.onDelta(spot(95, 103, levels("0.35200000:0.00000000"), List.of()));
        assertThat(sync.onSnapshot(snap(100))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(103L);
        assertThat(sync.book().top(Side.BUY, 5)).containsExactlyElementsOf(levels("0.35210000:672.00000000"));
    }

    @Test
    void staleInLiveIsDropped() {
        sync.onSnapshot(snap(100));
        assertThat(sync.onDelta(spot(101, 110))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(spot(101, 110))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.onDelta(spot(105, 108, levels("1:1"), List.of()))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.stats().stale()).isEqualTo(2);
        assertThat(sync.synced()).isTrue();
        assertThat(sync.book().depth(Side.BUY)).isEqualTo(2);
    }

    @Test
    void gapAsksForResyncThenNextSnapshotUsesTheBufferedDeltas() {
        sync.onSnapshot(snap(10));
        assertThat(sync.onDelta(spot(11, 12))).isEqualTo(SyncOutcome.APPLIED);
        // 13 is missing
        assertThat(sync.onDelta(spot(14, 15, levels("0.34000000:3"), List.of()))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.synced()).isFalse();
        assertThat(sync.book().depth(Side.BUY) + sync.book().depth(Side.SELL)).isZero();
        assertThat(listener.resyncReasons).singleElement().asString().contains("gap").contains("u=15");
        assertThat(sync.lastLossReason()).isEqualTo(listener.resyncReasons.get(0));
        assertThat(sync.onDelta(spot(16, 16))).isEqualTo(SyncOutcome.BUFFERED);
        assertThat(sync.bufferedCount()).isEqualTo(2);

        assertThat(sync.onSnapshot(snap(13))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.synced()).isTrue();
        assertThat(sync.sequence()).isEqualTo(16L);
        assertThat(sync.book().top(Side.BUY, 5)).extracting(l -> l.price().toPlainString())
                .containsExactly("0.35210000", "0.35200000", "0.34000000");
        assertThat(sync.stats().gaps()).isEqualTo(1);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
        assertThat(listener.events).containsExactly("synced 10", "applied 12", "resync", "synced 13", "applied 15",
                "applied 16");
    }

    @Test
    void snapshotOlderThanTheBufferedStreamIsRejected() {
        // §2.6 step 3/5: the first kept event has U > L + 1 ⇒ fetch the snapshot again
        sync.onDelta(spot(200, 210));
        sync.onDelta(spot(211, 215));
        assertThat(sync.onSnapshot(snap(150))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.synced()).isFalse();
        assertThat(sync.stats().snapshotsApplied()).isZero();
        assertThat(sync.stats().gaps()).isEqualTo(1);
        assertThat(listener.resyncReasons).singleElement().asString().contains("snapshot 150 is older");
        assertThat(sync.bufferedCount()).isEqualTo(2);
        assertThat(sync.onSnapshot(snap(205))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(215L);
        assertThat(sync.stats().resyncs()).isZero(); // never was LIVE before
    }

    @Test
    void gapInsideTheBufferKeepsTheRestBufferedInOrder() {
        sync.onDelta(spot(101, 102));
        sync.onDelta(spot(105, 106)); // 103..104 lost
        sync.onDelta(spot(107, 108));
        assertThat(sync.onSnapshot(snap(100))).isEqualTo(SyncOutcome.GAP);
        assertThat(listener.events).containsExactly("synced 100", "applied 102", "resync");
        assertThat(sync.synced()).isFalse();
        assertThat(sync.bufferedCount()).isEqualTo(2);
        // a newer snapshot bridges the hole; the remaining deltas replay in their original order
        assertThat(sync.onSnapshot(snap(104))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(listener.events).endsWith("synced 104", "applied 106", "applied 108");
        assertThat(sync.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void bufferOverflowDropsTheOldest() {
        BookSynchronizer small = new BookSynchronizer(SyncRule.BINANCE_SPOT, new FastOrderBook(), listener, 3);
        for (long u = 101; u <= 105; u++) {
            assertThat(small.onDelta(spot(u, u))).isEqualTo(SyncOutcome.BUFFERED);
        }
        assertThat(small.stats().bufferOverflows()).isEqualTo(2);
        assertThat(small.stats().buffered()).isEqualTo(5);
        assertThat(small.bufferedCount()).isEqualTo(3);
        // 101 and 102 were dropped: a snapshot at 100 cannot be continued
        assertThat(small.onSnapshot(snap(100))).isEqualTo(SyncOutcome.GAP);
        assertThat(small.onSnapshot(snap(102))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(small.sequence()).isEqualTo(105L);
    }

    @Test
    void zeroBufferCountsEveryDeltaAsOverflow() {
        BookSynchronizer none = new BookSynchronizer(SyncRule.BINANCE_SPOT, new FastOrderBook(), listener, 0);
        assertThat(none.onDelta(spot(1, 2))).isEqualTo(SyncOutcome.BUFFERED);
        assertThat(none.stats().bufferOverflows()).isEqualTo(1);
        assertThat(none.bufferedCount()).isZero();
        assertThatThrownBy(() -> new BookSynchronizer(SyncRule.BINANCE_SPOT, new FastOrderBook(), listener, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crossedBookIsHandledLikeAGap() {
        sync.onSnapshot(snap(10));
        assertThat(sync.onDelta(spot(11, 11, levels("0.35290000:1.00000000"), List.of())))
                .isEqualTo(SyncOutcome.CROSSED);
        assertThat(sync.stats().crossed()).isEqualTo(1);
        assertThat(sync.synced()).isFalse();
        assertThat(listener.resyncReasons).singleElement().asString().contains("crossed");
        assertThat(listener.applied).isEmpty();
        assertThat(sync.bufferedCount()).isEqualTo(1); // kept for a snapshot older than it
        assertThat(sync.onSnapshot(snap(11))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(1);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void crossedSnapshotIsNotSynced() {
        BookSnapshot crossed = snapshot(Exchange.BINANCE, 5L, null, levels("101:1"), levels("100:1"));
        assertThat(sync.onSnapshot(crossed)).isEqualTo(SyncOutcome.CROSSED);
        assertThat(sync.synced()).isFalse();
        assertThat(listener.synced).isEmpty();
        assertThat(sync.stats().crossed()).isEqualTo(1);
        assertThat(sync.onSnapshot(snap(6))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().resyncs()).isZero();
    }

    @Test
    void snapshotWhileLiveResetsTheBook() {
        sync.onSnapshot(snap(10));
        sync.onDelta(spot(11, 12, levels("0.30000000:1"), List.of()));
        assertThat(sync.onSnapshot(snap(50))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.book().depth(Side.BUY)).isEqualTo(2);
        assertThat(sync.sequence()).isEqualTo(50L);
        assertThat(listener.synced).hasSize(2);
        assertThat(sync.stats().resyncs()).isZero();
        assertThat(sync.onDelta(spot(51, 51))).isEqualTo(SyncOutcome.APPLIED);
    }

    @Test
    void invalidateGoesBackToBufferingAndCountsTheResync() {
        sync.onSnapshot(snap(10));
        sync.onDelta(spot(11, 12));
        sync.onDelta(spot(13, 14));
        sync.invalidate("reconnect");
        assertThat(sync.synced()).isFalse();
        assertThat(sync.book().depth(Side.BUY)).isZero();
        assertThat(listener.resyncReasons).isEmpty(); // the caller knows
        assertThat(sync.lastLossReason()).isEqualTo("reconnect");
        assertThat(sync.onDelta(spot(30, 31))).isEqualTo(SyncOutcome.BUFFERED);
        assertThat(sync.onSnapshot(snap(29))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(31L);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
        sync.onDelta(spot(32, 32));
        sync.invalidate("reconnect");
        sync.invalidate("reconnect again"); // idempotent
        assertThat(sync.bufferedCount()).isZero();
        sync.onSnapshot(snap(40));
        assertThat(sync.stats().resyncs()).isEqualTo(2);
    }

    @Test
    void invalidateDropsDeltasOfTheDeadConnection() {
        sync.onDelta(spot(11, 12));
        sync.invalidate("reconnect");
        assertThat(sync.bufferedCount()).isZero();
        assertThat(sync.onSnapshot(snap(5))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().resyncs()).isZero();
    }

    @Test
    void negativeSizeIsHandledLikeAGap() {
        sync.onSnapshot(snap(10));
        assertThat(sync.onDelta(spot(11, 11, levels("0.1:-1"), List.of()))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.onSnapshot(snap(20))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.onDelta(spot(21, 21, List.of(), levels("0.4:-1")))).isEqualTo(SyncOutcome.GAP);
        assertThat(listener.resyncReasons).allSatisfy(r -> assertThat(r).contains("negative size"));
        assertThat(sync.stats().updatesApplied()).isZero();
    }

    @Test
    void negativeSizeDuringReplayIsDroppedAndTheRestStaysBufferedInOrder() {
        sync.onDelta(spot(11, 12));
        sync.onDelta(spot(13, 14, levels("0.1:-1"), List.of()));
        sync.onDelta(spot(15, 16));
        sync.onDelta(spot(17, 18));
        assertThat(sync.onSnapshot(snap(10))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.bufferedCount()).isEqualTo(2);
        assertThat(sync.onSnapshot(snap(14))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(listener.events).containsExactly("synced 10", "applied 12", "resync", "synced 14", "applied 16",
                "applied 18");
    }

    @Test
    void contractViolationsAreRejected() {
        assertThatThrownBy(() -> sync.onSnapshot(snapshot(Exchange.BINANCE, null, null, List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without sequence");
        assertThatThrownBy(() -> sync.onSnapshot(snapshot(Exchange.BINANCE, 1L, null, levels("1:-2"), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative size");
        sync.onSnapshot(snap(10));
        assertThatThrownBy(() -> sync.onDelta(BookFixtures.delta(Exchange.BINANCE, null, 11L, null, null, List.of(),
                List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstSequence");
        assertThat(sync.rule()).isEqualTo(SyncRule.BINANCE_SPOT);
        assertThat(sync.stats().toString()).contains("snapshotsApplied=1");
    }

    @Test
    void noSequenceBeforeTheFirstSnapshot() {
        assertThat(sync.sequence()).isNull();
        assertThat(sync.synced()).isFalse();
        assertThat(sync.lastLossReason()).isNull();
    }
}
