package io.marketprism.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of both book implementations, and of synchronized books fed consistent streams. */
class OrderBookProperties {

    /** One {@code set}: prices on a small grid so levels collide often; sizes with varying scale, often zero. */
    record Op(Side side, BigDecimal price, BigDecimal size) {
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Side> side = Arbitraries.of(Side.class);
        Arbitrary<BigDecimal> price = Combinators.combine(Arbitraries.integers().between(1, 60),
                Arbitraries.integers().between(0, 3)).as((tick, extraScale) ->
                BigDecimal.valueOf(tick * 5L, 1).setScale(1 + extraScale)); // same value, different texts
        Arbitrary<BigDecimal> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(0, 2)).as((s, sc) -> BigDecimal.ZERO.setScale(sc + s % 3))),
                net.jqwik.api.Tuple.of(3, Combinators.combine(Arbitraries.integers().between(1, 9999),
                        Arbitraries.integers().between(0, 4)).as((s, sc) -> BigDecimal.valueOf(s, sc))));
        return Combinators.combine(side, price, size).as(Op::new);
    }

    private static void validate(OrderBook book) {
        if (book instanceof FastOrderBook f) {
            f.checkInvariants();
        } else {
            ((ReferenceOrderBook) book).checkInvariants();
        }
        for (Side side : Side.values()) {
            List<BookLevel> all = book.top(side, Integer.MAX_VALUE);
            assertThat(all).hasSize(book.depth(side));
            assertThat(all).allSatisfy(l -> assertThat(l.size().signum()).isPositive());
            for (int i = 1; i < all.size(); i++) {
                int c = all.get(i - 1).price().compareTo(all.get(i).price());
                assertThat(side == Side.BUY ? c : -c).isPositive();
            }
        }
    }

    @Property(tries = 300)
    void referenceAndFastAgreeAfterEveryStep(@ForAll @Size(max = 300) List<@From("ops") Op> ops,
                                             @ForAll @IntRange(min = 0, max = 30) int n) {
        OrderBook ref = new ReferenceOrderBook();
        OrderBook fast = new FastOrderBook();
        for (Op op : ops) {
            ref.set(op.side(), op.price(), op.size());
            fast.set(op.side(), op.price(), op.size());
            validate(ref);
            validate(fast);
            for (Side side : Side.values()) {
                assertThat(fast.top(side, n)).isEqualTo(ref.top(side, n));
                assertThat(fast.depth(side)).isEqualTo(ref.depth(side));
                assertThat(fast.best(side)).isEqualTo(ref.best(side));
            }
            assertThat(fast.isCrossed()).isEqualTo(ref.isCrossed());
        }
    }

    @Property(tries = 200)
    void aDeltaFollowedByItsInverseRestoresTheBook(@ForAll @Size(max = 100) List<@From("ops") Op> initial,
                                                    @ForAll @Size(max = 30) List<@From("ops") Op> delta,
                                                    @ForAll boolean fast) {
        OrderBook book = fast ? new FastOrderBook() : new ReferenceOrderBook();
        initial.forEach(op -> book.set(op.side(), op.price(), op.size()));
        List<BookLevel> bidsBefore = book.top(Side.BUY, Integer.MAX_VALUE);
        List<BookLevel> asksBefore = book.top(Side.SELL, Integer.MAX_VALUE);
        // the inverse of each set is the level as it was just before (or 0 when absent), undone in reverse order
        List<Op> inverse = new ArrayList<>();
        for (Op op : delta) {
            BookLevel was = find(book, op.side(), op.price());
            inverse.add(0, was == null ? new Op(op.side(), op.price(), BigDecimal.ZERO)
                    : new Op(op.side(), was.price(), was.size()));
            book.set(op.side(), op.price(), op.size());
            validate(book);
        }
        inverse.forEach(op -> book.set(op.side(), op.price(), op.size()));
        validate(book);
        assertThat(book.top(Side.BUY, Integer.MAX_VALUE)).isEqualTo(bidsBefore);
        assertThat(book.top(Side.SELL, Integer.MAX_VALUE)).isEqualTo(asksBefore);
    }

    private static BookLevel find(OrderBook book, Side side, BigDecimal price) {
        for (BookLevel l : book.top(side, Integer.MAX_VALUE)) {
            if (l.price().compareTo(price) == 0) {
                return l;
            }
        }
        return null;
    }

    /**
     * A consistent Binance Spot-like stream (bids below 100, asks above, contiguous update ids) is never crossed and
     * stays synced; the synchronized book equals a reference book fed the same levels directly.
     */
    @Property(tries = 100)
    void consistentStreamStaysSyncedAndUncrossed(@ForAll @Size(max = 60) List<@Size(max = 6) List<
                                                         @IntRange(min = 1, max = 99) Integer>> events,
                                                 @ForAll @IntRange(min = 0, max = 9) int sizeSeed,
                                                 @ForAll boolean fast) {
        OrderBook book = fast ? new FastOrderBook() : new ReferenceOrderBook();
        OrderBook mirror = new ReferenceOrderBook();
        List<String> resyncs = new ArrayList<>();
        BookSynchronizer sync = new BookSynchronizer(SyncRule.BINANCE_SPOT, book, new BookListener() {
            @Override
            public void onSynced(BookSnapshot venueSnapshot) {
            }

            @Override
            public void onApplied(BookDelta delta) {
            }

            @Override
            public void onResyncNeeded(String reason) {
                resyncs.add(reason);
            }
        }, 10);
        assertThat(sync.onSnapshot(new BookSnapshot(Exchange.BINANCE, MarketType.SPOT, "X-Y", "XY",
                List.of(BookLevel.of("50", "1")), List.of(BookLevel.of("150", "1")), SizeUnit.BASE, 1000L, null,
                0, 0))).isEqualTo(SyncOutcome.SNAPSHOT_APPLIED);
        mirror.set(Side.BUY, new BigDecimal("50"), BigDecimal.ONE);
        mirror.set(Side.SELL, new BigDecimal("150"), BigDecimal.ONE);
        long u = 1000;
        int k = sizeSeed;
        for (List<Integer> ticks : events) {
            List<BookLevel> bids = new ArrayList<>();
            List<BookLevel> asks = new ArrayList<>();
            for (int tick : ticks) {
                BigDecimal size = BigDecimal.valueOf(k++ % 4, 2);
                bids.add(new BookLevel(BigDecimal.valueOf(tick), size));
                asks.add(new BookLevel(BigDecimal.valueOf(100 + tick), size));
                mirror.set(Side.BUY, BigDecimal.valueOf(tick), size);
                mirror.set(Side.SELL, BigDecimal.valueOf(100 + tick), size);
            }
            long first = u + 1;
            u += 1 + ticks.size();
            SyncOutcome outcome = sync.onDelta(new BookDelta(Exchange.BINANCE, MarketType.SPOT, "X-Y", "XY", bids,
                    asks, SizeUnit.BASE, first, u, null, null, 0, 0));
            assertThat(outcome).isEqualTo(SyncOutcome.APPLIED);
            assertThat(sync.synced()).isTrue();
            assertThat(book.isCrossed()).isFalse();
            validate(book);
        }
        assertThat(resyncs).isEmpty();
        assertThat(sync.stats().updatesApplied()).isEqualTo(events.size());
        assertThat(sync.sequence()).isEqualTo(u);
        assertThat(book.top(Side.BUY, 1000)).isEqualTo(mirror.top(Side.BUY, 1000));
        assertThat(book.top(Side.SELL, 1000)).isEqualTo(mirror.top(Side.SELL, 1000));
    }
}
