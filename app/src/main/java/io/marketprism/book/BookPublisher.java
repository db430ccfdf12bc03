package io.marketprism.book;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.Side;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns {@link BookSynchronizer} callbacks into records for publication (§6: emit a BookSnapshot every time the book
 * (re)enters LIVE so consumers can reset; emit BookDelta only in LIVE):
 * <ul>
 *   <li>synced → a BookSnapshot of the local book (whole, or the top {@code syncedDepth} levels), which at that
 *       moment equals the venue snapshot, sorted and without zero levels;</li>
 *   <li>applied → the BookDelta record as received;</li>
 *   <li>plus top-N snapshots per {@link SnapshotPolicy}, built from the local book with the stream's identity, the
 *       book sequence B and the triggering delta's times;</li>
 *   <li>resync needed → passed on to {@code resyncHandler} (the session layer fetches a snapshot or resubscribes).</li>
 * </ul>
 * Wiring: {@code book = new FastOrderBook(); publisher = new BookPublisher(book, policy, out, resync);
 * sync = new BookSynchronizer(rule, book, publisher, max)}.
 */
public final class BookPublisher implements BookListener {
    /** {@code syncedDepth} that publishes the whole book on sync. */
    public static final int WHOLE_BOOK = Integer.MAX_VALUE;

    private final OrderBook book;
    private final SnapshotPolicy policy;
    private final int syncedDepth;
    private final Consumer<MarketRecord> out;
    private final Consumer<String> resyncHandler;
    private long lastBucket = Long.MIN_VALUE;

    public BookPublisher(OrderBook book, SnapshotPolicy policy, int syncedDepth, Consumer<MarketRecord> out,
                         Consumer<String> resyncHandler) {
        this.book = Objects.requireNonNull(book, "book");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (syncedDepth <= 0) {
            throw new IllegalArgumentException("syncedDepth must be positive, got " + syncedDepth);
        }
        this.syncedDepth = syncedDepth;
        this.out = Objects.requireNonNull(out, "out");
        this.resyncHandler = Objects.requireNonNull(resyncHandler, "resyncHandler");
    }

    /** Publishes the whole book on sync. */
    public BookPublisher(OrderBook book, SnapshotPolicy policy, Consumer<MarketRecord> out,
                         Consumer<String> resyncHandler) {
        this(book, policy, WHOLE_BOOK, out, resyncHandler);
    }

    @Override
    public void onSynced(BookSnapshot s) {
        boolean whole = book.depth(Side.BUY) <= syncedDepth && book.depth(Side.SELL) <= syncedDepth;
        out.accept(new BookSnapshot(s.exchange(), s.marketType(), s.symbol(), s.nativeSymbol(),
                book.top(Side.BUY, syncedDepth), book.top(Side.SELL, syncedDepth), s.sizeUnit(), s.sequence(),
                // the venue's checksum describes the whole book only
                whole ? s.checksum() : null, !whole, s.exchangeTs(), s.receiveTs()));
        lastBucket = bucket(s.exchangeTs()); // consumers have a full book for this interval
    }

    @Override
    public void onApplied(BookDelta d) {
        out.accept(d);
        switch (policy.mode()) {
            case EVERY_UPDATE -> out.accept(topN(d));
            case INTERVAL -> {
                long bucket = bucket(d.exchangeTs());
                if (bucket != lastBucket) {
                    lastBucket = bucket;
                    out.accept(topN(d));
                }
            }
            default -> {
                // NEVER
            }
        }
    }

    @Override
    public void onResyncNeeded(String reason) {
        lastBucket = Long.MIN_VALUE;
        resyncHandler.accept(reason);
    }

    private BookSnapshot topN(BookDelta d) {
        return new BookSnapshot(d.exchange(), d.marketType(), d.symbol(), d.nativeSymbol(),
                book.top(Side.BUY, policy.depth()), book.top(Side.SELL, policy.depth()), d.sizeUnit(), d.sequence(),
                null, true, d.exchangeTs(), d.receiveTs());
    }

    private long bucket(long exchangeTs) {
        return policy.mode() == SnapshotPolicy.Mode.INTERVAL ? Math.floorDiv(exchangeTs, policy.intervalMicros()) : 0;
    }
}
