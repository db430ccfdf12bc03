package io.marketprism.book;

import static io.marketprism.book.BookFixtures.deribit;
import static io.marketprism.book.BookFixtures.levels;
import static io.marketprism.book.BookFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.book.BookFixtures.RecordingListener;
import io.marketprism.model.Exchange;
import io.marketprism.model.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SyncRule#DERIBIT} (§5.7 of the protocol reference). */
class DeribitSyncTest {
    private final RecordingListener listener = new RecordingListener();
    private final BookSynchronizer sync = new BookSynchronizer(SyncRule.DERIBIT, new FastOrderBook(), listener, 100);

    @Test
    void documentedSnapshotAndChange() {
        // §5.5 samples: JSON numbers keep their digits (42500.0 stays scale 1)
        assertThat(sync.onSnapshot(snapshot(Exchange.DERIBIT, 123456789L, null,
                levels("42500.0:1000.0", "42499.5:500.0"), levels("42501.0:800.0", "42501.5:600.0"))))
                .isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.onDelta(deribit(123456789L, 123456790L, levels("42500.0:950.0", "42498.5:300.0"),
                levels("42501.0:0.0", "42501.5:700.0")))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.book().top(Side.BUY, 5)).containsExactlyElementsOf(
                levels("42500.0:950.0", "42499.5:500.0", "42498.5:300.0"));
        assertThat(sync.book().top(Side.SELL, 5)).containsExactlyElementsOf(levels("42501.5:700.0"));
        assertThat(sync.book().best(Side.BUY).price().toPlainString()).isEqualTo("42500.0");
        assertThat(sync.sequence()).isEqualTo(123456790L);
    }

    @Test
    void chainStaleAndGap() {
        sync.onSnapshot(snapshot(Exchange.DERIBIT, 100L, null, levels("10:1"), levels("11:1")));
        assertThat(sync.onDelta(deribit(100, 105, List.of(), List.of()))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(deribit(105, 107, List.of(), List.of()))).isEqualTo(SyncOutcome.APPLIED);
        assertThat(sync.onDelta(deribit(100, 105, List.of(), List.of()))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.onDelta(deribit(105, 107, List.of(), List.of()))).isEqualTo(SyncOutcome.STALE);
        assertThat(sync.onDelta(deribit(108, 110, List.of(), List.of()))).isEqualTo(SyncOutcome.GAP);
        assertThat(sync.onDelta(deribit(110, 112, List.of(), List.of()))).isEqualTo(SyncOutcome.BUFFERED);
        // resubscribe: the fresh snapshot arrives in-band; everything buffered before it is stale or continues it
        assertThat(sync.onSnapshot(snapshot(Exchange.DERIBIT, 110L, null, levels("10:2"), levels("11:2"))))
                .isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        assertThat(sync.sequence()).isEqualTo(112L);
        assertThat(sync.stats().stale()).isEqualTo(3);
        assertThat(sync.stats().gaps()).isEqualTo(1);
        assertThat(sync.stats().resyncs()).isEqualTo(1);
        assertThat(listener.events).containsExactly("synced 100", "applied 105", "applied 107", "resync",
                "synced 110", "applied 112");
    }

    @Test
    void crossedIsAGap() {
        sync.onSnapshot(snapshot(Exchange.DERIBIT, 100L, null, levels("10:1"), levels("11:1")));
        assertThat(sync.onDelta(deribit(100, 101, List.of(), levels("9.5:1")))).isEqualTo(SyncOutcome.CROSSED);
        assertThat(sync.stats().crossed()).isEqualTo(1);
        assertThat(sync.synced()).isFalse();
    }

    @Test
    void changeWithoutPrevChangeIdIsAContractViolation() {
        sync.onSnapshot(snapshot(Exchange.DERIBIT, 100L, null, List.of(), List.of()));
        assertThatThrownBy(() -> sync.onDelta(BookFixtures.delta(Exchange.DERIBIT, null, 101L, null, null, List.of(),
                List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prev_change_id");
    }
}
