package io.marketprism.book;

import static io.marketprism.book.BookFixtures.levels;
import static io.marketprism.book.BookFixtures.snapshot;
import static io.marketprism.book.BookFixtures.spot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookPublisherTest {
    private final List<MarketRecord> out = new ArrayList<>();
    private final List<String> resyncs = new ArrayList<>();

    private BookSynchronizer wire(SnapshotPolicy policy, int syncedDepth) {
        OrderBook book = new FastOrderBook();
        BookPublisher publisher = new BookPublisher(book, policy, syncedDepth, out::add, resyncs::add);
        return new BookSynchronizer(SyncRule.BINANCE_SPOT, book, publisher, 10);
    }

    private static BookSnapshot snap(long id, Long checksum) {
        return snapshot(Exchange.BINANCE, id, checksum, levels("99:1", "100:2.50", "98:3"), levels("101:4", "102:5"));
    }

    private static BookDelta at(long first, long last, long exchangeTs, String bid) {
        BookDelta d = spot(first, last, levels(bid), List.of());
        return new BookDelta(d.exchange(), d.marketType(), d.symbol(), d.nativeSymbol(), d.bids(), d.asks(),
                d.sizeUnit(), d.firstSequence(), d.sequence(), d.prevSequence(), d.checksum(), exchangeTs, 77L);
    }

    @Test
    void syncedPublishesTheWholeLocalBookThenDeltasAsReceived() {
        BookSynchronizer sync = wire(SnapshotPolicy.never(), BookPublisher.WHOLE_BOOK);
        sync.onDelta(at(11, 12, 5_000, "97:1"));
        sync.onSnapshot(snap(10, 42L));
        assertThat(out).hasSize(2);
        BookSnapshot s = (BookSnapshot) out.get(0);
        assertThat(s.bids()).containsExactlyElementsOf(levels("100:2.50", "99:1", "98:3")); // sorted, text kept
        assertThat(s.asks()).containsExactlyElementsOf(levels("101:4", "102:5"));
        assertThat(s.sequence()).isEqualTo(10L);
        assertThat(s.checksum()).isEqualTo(42L);
        assertThat(s.exchange()).isEqualTo(Exchange.BINANCE);
        assertThat(s.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(s.symbol()).isEqualTo("BTC-USDT");
        assertThat(s.nativeSymbol()).isEqualTo("BTCUSDT");
        assertThat(s.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(s.exchangeTs()).isEqualTo(1_000_000L);
        assertThat(s.receiveTs()).isEqualTo(2_000_000_000L);
        BookDelta replayed = (BookDelta) out.get(1);
        assertThat(replayed.sequence()).isEqualTo(12L);
        sync.onDelta(at(13, 13, 6_000, "96:1"));
        assertThat(out).hasSize(3);
        assertThat(out.get(2)).isInstanceOf(BookDelta.class);
    }

    @Test
    void topNOnSyncDropsTheVenueChecksum() {
        BookSynchronizer sync = wire(SnapshotPolicy.never(), 2);
        sync.onSnapshot(snap(10, 42L));
        BookSnapshot s = (BookSnapshot) out.get(0);
        assertThat(s.bids()).containsExactlyElementsOf(levels("100:2.50", "99:1"));
        assertThat(s.asks()).containsExactlyElementsOf(levels("101:4", "102:5"));
        assertThat(s.checksum()).isNull();
    }

    @Test
    void everyUpdatePublishesTopNAfterEachDelta() {
        BookSynchronizer sync = wire(SnapshotPolicy.everyUpdate(1), BookPublisher.WHOLE_BOOK);
        sync.onSnapshot(snap(10, null));
        out.clear();
        sync.onDelta(at(11, 11, 5_000, "100.5:7"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(BookDelta.class);
        BookSnapshot top = (BookSnapshot) out.get(1);
        assertThat(top.bids()).containsExactlyElementsOf(levels("100.5:7"));
        assertThat(top.asks()).containsExactlyElementsOf(levels("101:4"));
        assertThat(top.sequence()).isEqualTo(11L);
        assertThat(top.checksum()).isNull();
        assertThat(top.exchangeTs()).isEqualTo(5_000L);
        assertThat(top.receiveTs()).isEqualTo(77L);
    }

    @Test
    void intervalPublishesOncePerExchangeTimeBucket() {
        BookSynchronizer sync = wire(SnapshotPolicy.interval(1_000_000, 5), BookPublisher.WHOLE_BOOK);
        sync.onSnapshot(snap(10, null)); // exchangeTs 1_000_000: bucket 1 already covered by the full snapshot
        out.clear();
        sync.onDelta(at(11, 11, 1_500_000, "97:1"));
        sync.onDelta(at(12, 12, 1_999_999, "96:1"));
        assertThat(out).allMatch(r -> r instanceof BookDelta);
        sync.onDelta(at(13, 13, 2_000_000, "95:1")); // new bucket
        sync.onDelta(at(14, 14, 2_700_000, "94:1"));
        sync.onDelta(at(15, 15, 4_100_000, "93:1")); // buckets may be skipped
        List<BookSnapshot> snapshots = out.stream().filter(r -> r instanceof BookSnapshot).map(r -> (BookSnapshot) r)
                .toList();
        assertThat(snapshots).extracting(BookSnapshot::sequence).containsExactly(13L, 15L);
        assertThat(snapshots.get(0).bids()).hasSize(5);
        assertThat(out).hasSize(7);
    }

    @Test
    void resyncIsPassedOnAndTheNextSyncPublishesAgain() {
        BookSynchronizer sync = wire(SnapshotPolicy.interval(1_000_000, 5), BookPublisher.WHOLE_BOOK);
        sync.onSnapshot(snap(10, null));
        sync.onDelta(at(20, 21, 1_100_000, "97:1"));
        assertThat(resyncs).singleElement().asString().contains("gap");
        out.clear();
        sync.onSnapshot(snap(19, null));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(BookSnapshot.class);
        assertThat(out.get(1)).isInstanceOf(BookDelta.class); // same bucket as the sync snapshot: no extra top-N
    }

    @Test
    void policyAndConstructorValidation() {
        assertThatThrownBy(() -> SnapshotPolicy.interval(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotPolicy.everyUpdate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotPolicy(null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookPublisher(new FastOrderBook(), SnapshotPolicy.never(), 0, out::add,
                resyncs::add)).isInstanceOf(IllegalArgumentException.class);
        BookPublisher whole = new BookPublisher(new FastOrderBook(), SnapshotPolicy.never(), out::add, resyncs::add);
        whole.onResyncNeeded("test");
        assertThat(resyncs).containsExactly("test");
    }
}
