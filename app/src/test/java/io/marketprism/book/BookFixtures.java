package io.marketprism.book;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import java.util.ArrayList;
import java.util.List;

/** Hand-written snapshots and deltas for synchronizer tests. Levels are {@code "price:size"} texts. */
final class BookFixtures {
    private BookFixtures() {
    }

    static List<BookLevel> levels(String... priceSize) {
        List<BookLevel> out = new ArrayList<>();
        for (String ps : priceSize) {
            int at = ps.indexOf(':');
            out.add(BookLevel.of(ps.substring(0, at), ps.substring(at + 1)));
        }
        return out;
    }

    static BookSnapshot snapshot(Exchange ex, Long sequence, Long checksum, List<BookLevel> bids, List<BookLevel> asks) {
        return new BookSnapshot(ex, MarketType.SPOT, "BTC-USDT", "BTCUSDT", bids, asks, SizeUnit.BASE, sequence,
                checksum, 1_000_000L, 2_000_000_000L);
    }

    static BookDelta delta(Exchange ex, Long first, Long seq, Long prev, Long checksum, List<BookLevel> bids,
                           List<BookLevel> asks) {
        return new BookDelta(ex, MarketType.SPOT, "BTC-USDT", "BTCUSDT", bids, asks, SizeUnit.BASE, first, seq, prev,
                checksum, 1_000_000L + (seq == null ? 0 : seq), 2_000_000_000L);
    }

    /** Binance Spot: {@code U}, {@code u}. */
    static BookDelta spot(long first, long last, List<BookLevel> bids, List<BookLevel> asks) {
        return delta(Exchange.BINANCE, first, last, null, null, bids, asks);
    }

    static BookDelta spot(long first, long last) {
        return spot(first, last, List.of(), List.of());
    }

    /** Binance futures: {@code U}, {@code u}, {@code pu}. */
    static BookDelta futures(long first, long last, long prev) {
        return delta(Exchange.BINANCE_FUTURES, first, last, prev, null, List.of(), List.of());
    }

    /** OKX: prevSeqId, seqId, checksum. */
    static BookDelta okx(Long prev, Long seq, Long checksum, List<BookLevel> bids, List<BookLevel> asks) {
        return delta(Exchange.OKX, null, seq, prev, checksum, bids, asks);
    }

    /** Deribit: prev_change_id, change_id. */
    static BookDelta deribit(long prev, long seq, List<BookLevel> bids, List<BookLevel> asks) {
        return delta(Exchange.DERIBIT, null, seq, prev, null, bids, asks);
    }

    /** Records every callback in order. */
    static final class RecordingListener implements BookListener {
        final List<String> events = new ArrayList<>();
        final List<BookSnapshot> synced = new ArrayList<>();
        final List<BookDelta> applied = new ArrayList<>();
        final List<String> resyncReasons = new ArrayList<>();

        @Override
        public void onSynced(BookSnapshot venueSnapshot) {
            synced.add(venueSnapshot);
            events.add("synced " + venueSnapshot.sequence());
        }

        @Override
        public void onApplied(BookDelta delta) {
            applied.add(delta);
            events.add("applied " + delta.sequence());
        }

        @Override
        public void onResyncNeeded(String reason) {
            resyncReasons.add(reason);
            events.add("resync");
        }
    }
}
