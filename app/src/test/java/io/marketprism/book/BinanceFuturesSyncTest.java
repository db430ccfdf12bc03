package io.marketprism.book;

import static io.marketprism.book.BookFixtures.futures;
import static io.marketprism.book.BookFixtures.levels;
import static io.marketprism.book.BookFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.book.BookFixtures.RecordingListener;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SyncRule#BINANCE_FUTURES} (§3.5, §3A of the protocol reference). */
class BinanceFuturesSyncTest {
    private final RecordingListener listener = new RecordingListener();
    private final BookSynchronizer sync = new BookSynchronizer(SyncRule.BINANCE_FUTURES, new ReferenceOrderBook(),
            listener, 100);

    private static BookSnapshot snap(long lastUpdateId) {
        return snapshot(Exchange.BINANCE_FUTURES, lastUpdateId, null, levels("7.5040:813"), levels("7.6150:1563"));
    }

    @Test
    void sushiusdtWorkedExample() {
        sync.onDelta(futures(600859599090L, 600859600917L, 600859598061L));
        sync.onDelta(futures(600859601193L, 600859602861L, 600859600917L));
        sync.onDelta(futures(600859603343L, 600859604824L, 600859602861L));
        sync.onDelta(futures(600859605926L, 600859607423L, 600859604824L));
        sync.onDelta(futures(600859607950L, 600859609417L, 600859607423L));
        assertThat(sync.onSnapshot(snap(600859605926L))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.stats().stale()).isEqualTo(3);
        assertThat(sync.stats().updatesApplied()).isEqualTo(2);
        assertThat(sync.sequence()).isEqualTo(600859609417L);
        assertThat(listener.events).containsExactly("synced 600859605926", "applied 600859607423",
                "applied 600859609417");
        // continuity through pu although U is not previous u + 1
        assertThat(sync.onDelta(futures(600859610000L, 600859610500L, 600859609417L))).isEqualTo(SyncOutcome.APPLIED);
    }

    @Test
    void eventThatDirectlyContinuesTheSnapshotIsAValidFirstEvent() {
        // pu == L although U > L (tardis-node "directly continues the snapshot" case)
        sync.onDelta(futures(105, 110, 100));
        assertThat(sync.onSnapshot(snap(100))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(110L);
    }

    @Test
    void firstEventMustOverlapOrContinueTheSnapshot() {
        sync.onDelta(futures(120, 130, 115));
        assertThat(sync.onSnapshot(snap(100))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.stats().gaps()).isEqualTo(1);
        assertThat(listener.resyncReasons).singleElement().asString().contains("older than the buffered stream");
        assertThat(sync.onSnapshot(snap(125))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(130L);
    }

    @Test
    void overlapIsOnlyAcceptedForTheFirstEvent() {
        sync.onSnapshot(snap(100));
        assertThat(sync.onDelta(futures(90, 110, 80))).isEqualTo(SyncOutcome.APPLIED);
        // overlaps B=110 but pu != 110: a gap after the first event
        assertThat(sync.onDelta(futures(105, 120, 108))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.synced()).isFalse();
        assertThat(sync.stats().gaps()).isEqualTo(1);
    }

    @Test
    void staleWhenOlderThanTheBook() {
        sync.onSnapshot(snap(100));
        assertThat(sync.onDelta(futures(90, 99, 85))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.onDelta(futures(101, 105, 100))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(futures(95, 104, 100))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.stats().stale()).isEqualTo(2);
        assertThat(sync.synced()).isTrue();
    }

    @Test
    void gapThenResync() {
        sync.onSnapshot(snap(100));
        sync.onDelta(futures(101, 105, 100));
        assertThat(sync.onDelta(futures(110, 115, 107))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.onDelta(futures(116, 118, 115))).isEqualTo(SyncOutcome.BUFFERED);
        assertThat(sync.onSnapshot(snap(112))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(118L);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
        assertThat(listener.events).containsExactly("synced 100", "applied 105", "resync", "synced 112",
                "applied 115", "applied 118");
    }

    @Test
    void crossedIsAGap() {
        sync.onSnapshot(snap(100));
        assertThat(sync.onDelta(BookFixtures.delta(Exchange.BINANCE_FUTURES, 101L, 102L, 100L, null,
                levels("7.6150:1"), List.of()))).isEqualTo(SyncOutcome.CROSSED);
        assertThat(sync.synced()).isFalse();
    }

    @Test
    void deltaWithoutPuIsAContractViolation() {
        sync.onSnapshot(snap(100));
        assertThatThrownBy(() -> sync.onDelta(BookFixtures.delta(Exchange.BINANCE_FUTURES, 101L, 102L, null, null,
                List.of(), List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pu");
    }
}
