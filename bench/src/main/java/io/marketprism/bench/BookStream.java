package io.marketprism.bench;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic, realistic L2 update stream for one BTCUSDT-like book (tick 0.01, sizes with 3 decimals, mid fixed
 * at 30000.00 so the book never crosses). The book starts about 320 levels deep per side (400 ticks, 80 % filled).
 * Each level update picks a side, then: 10 % delete one of the levels nearest the top (size {@code 0.000}), 30 %
 * change the size of one of them, 60 % set a level at a tick distance drawn near the top (mostly an update, sometimes
 * an insert that refills a gap). "Near the top" is an exponential draw with a mean of 5 levels / 8 ticks, so updates
 * concentrate on the first few dozen levels, as venue depth streams do, and the depth stays a few hundred levels.
 * Every price and size is a new BigDecimal, as if just parsed from a frame.
 */
final class BookStream {
    static final String SYMBOL = "BTCUSDT";
    private static final long MID = 3_000_000L; // 30000.00 in ticks of 0.01
    private static final int TICKS = 400;
    private static final int PRICE_SCALE = 2;
    private static final int SIZE_SCALE = 3;

    private final SplittableRandom rnd;
    /** Present levels by tick distance from the mid (1 = best possible), value = size. */
    private final TreeMap<Integer, BigDecimal> bids = new TreeMap<>();
    private final TreeMap<Integer, BigDecimal> asks = new TreeMap<>();

    BookStream(long seed) {
        rnd = new SplittableRandom(seed);
        for (int k = 1; k <= TICKS; k++) {
            if (rnd.nextInt(10) < 8) {
                bids.put(k, size());
            }
            if (rnd.nextInt(10) < 8) {
                asks.put(k, size());
            }
        }
    }

    /** One level update; {@code bid} tells the side. */
    record Update(boolean bid, BigDecimal price, BigDecimal size) {
    }

    /** The next update, applied to the model. */
    Update next() {
        boolean bid = rnd.nextBoolean();
        TreeMap<Integer, BigDecimal> side = bid ? bids : asks;
        int r = rnd.nextInt(100);
        int k;
        BigDecimal size;
        if (r < 40 && !side.isEmpty()) {
            k = nthBest(side, near(5));
            size = r < 10 ? BigDecimal.valueOf(0, SIZE_SCALE) : size();
        } else {
            k = Math.min(TICKS, 1 + near(8));
            size = size();
        }
        if (r < 10 && !side.isEmpty()) {
            side.remove(k);
        } else {
            side.put(k, size);
        }
        return new Update(bid, price(bid, k), size);
    }

    /** The current model book as a venue snapshot (best first). */
    BookSnapshot snapshot(long sequence) {
        return new BookSnapshot(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", SYMBOL,
                levels(bids, true), levels(asks, false), SizeUnit.BASE, sequence, null, 1_700_000_000_000_000L,
                1_700_000_000_000_000_000L);
    }

    /**
     * A consistent Binance USDⓈ-M delta chain: {@code count} deltas of {@code levels} distinct level updates each,
     * with {@code pu} = the previous {@code u} and the first {@code pu} = {@code startSequence} (the snapshot's
     * lastUpdateId), {@code U} not contiguous (as on the venue).
     */
    List<BookDelta> deltas(int count, int levels, long startSequence) {
        List<BookDelta> out = new ArrayList<>(count);
        long prev = startSequence;
        long ts = 1_700_000_000_000_000L;
        for (int i = 0; i < count; i++) {
            Map<BigDecimal, BookLevel> b = new LinkedHashMap<>();
            Map<BigDecimal, BookLevel> a = new LinkedHashMap<>();
            while (b.size() + a.size() < levels) {
                Update u = next();
                // one entry per price and side: a later update of the same level replaces the earlier one
                (u.bid() ? b : a).put(u.price(), new BookLevel(u.price(), u.size()));
            }
            long first = prev + 1 + rnd.nextInt(5);
            long last = first + rnd.nextInt(40);
            ts += 100_000; // 100 ms
            out.add(new BookDelta(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", SYMBOL,
                    new ArrayList<>(b.values()), new ArrayList<>(a.values()), SizeUnit.BASE, first, last, prev, null,
                    ts, ts * 1000 + 3_000_000));
            prev = last;
        }
        return out;
    }

    private static List<BookLevel> levels(TreeMap<Integer, BigDecimal> side, boolean bid) {
        List<BookLevel> out = new ArrayList<>(side.size());
        side.forEach((k, size) -> out.add(new BookLevel(price(bid, k), size)));
        return out;
    }

    private static BigDecimal price(boolean bid, int k) {
        return BigDecimal.valueOf(bid ? MID - k : MID + k, PRICE_SCALE);
    }

    private BigDecimal size() {
        return BigDecimal.valueOf(1 + rnd.nextInt(50_000), SIZE_SCALE);
    }

    /** An exponential draw with the given mean (0-based). */
    private int near(double mean) {
        return (int) (-Math.log(1 - rnd.nextDouble()) * mean);
    }

    private static int nthBest(TreeMap<Integer, BigDecimal> side, int n) {
        Iterator<Integer> it = side.keySet().iterator();
        int k = it.next();
        for (int i = 0; i < n && it.hasNext(); i++) {
            k = it.next();
        }
        return k;
    }
}
