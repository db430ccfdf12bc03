package io.marketprism.book;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The production book: per side two parallel arrays (price, size) sorted so that the BEST level is at the END.
 * Almost all venue updates touch the few levels near the top of the book, so an insert or delete there moves only
 * the handful of elements behind it, and {@code best}/{@code top} read from the end without searching. Lookups are a
 * binary search by numeric value ({@link BigDecimal#compareTo}, so {@code 100.0} and {@code 100.00} are one level).
 * No per-update allocation except when an array grows. Values are stored as given, keeping the venue's text (scale).
 */
public final class FastOrderBook implements OrderBook {
    private static final int INITIAL_CAPACITY = 64;

    private final Ladder bids = new Ladder(true);
    private final Ladder asks = new Ladder(false);

    @Override
    public void set(Side side, BigDecimal price, BigDecimal size) {
        checkLevel(price, size);
        ladder(side).set(price, size);
    }

    @Override
    public void clear() {
        bids.clear();
        asks.clear();
    }

    @Override
    public int depth(Side side) {
        return ladder(side).count;
    }

    @Override
    public BookLevel best(Side side) {
        Ladder l = ladder(side);
        return l.count == 0 ? null : new BookLevel(l.prices[l.count - 1], l.sizes[l.count - 1]);
    }

    @Override
    public List<BookLevel> top(Side side, int n) {
        Ladder l = ladder(side);
        int k = Math.max(0, Math.min(n, l.count));
        List<BookLevel> out = new ArrayList<>(k);
        for (int i = l.count - 1; i >= l.count - k; i--) {
            out.add(new BookLevel(l.prices[i], l.sizes[i]));
        }
        return out;
    }

    @Override
    public boolean isCrossed() {
        return bids.count > 0 && asks.count > 0
                && bids.prices[bids.count - 1].compareTo(asks.prices[asks.count - 1]) >= 0;
    }

    /** Test hook: throws when the internal state is inconsistent. */
    void checkInvariants() {
        for (Ladder l : new Ladder[] {bids, asks}) {
            for (int i = 0; i < l.count; i++) {
                if (l.prices[i] == null || l.sizes[i] == null || l.sizes[i].signum() <= 0) {
                    throw new IllegalStateException("bad level at " + i + ": " + l.prices[i] + " " + l.sizes[i]);
                }
                if (i > 0 && l.order(l.prices[i - 1], l.prices[i]) >= 0) {
                    throw new IllegalStateException("not strictly sorted at " + i + ": " + l.prices[i]);
                }
            }
            for (int i = l.count; i < l.prices.length; i++) {
                if (l.prices[i] != null || l.sizes[i] != null) {
                    throw new IllegalStateException("stale reference beyond count at " + i);
                }
            }
        }
    }

    static void checkLevel(BigDecimal price, BigDecimal size) {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(size, "size");
        if (size.signum() < 0) {
            throw new IllegalArgumentException("negative size " + size + " at price " + price);
        }
    }

    private Ladder ladder(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    @Override
    public String toString() {
        return "FastOrderBook{bids=" + top(Side.BUY, Integer.MAX_VALUE) + ", asks=" + top(Side.SELL, Integer.MAX_VALUE)
                + '}';
    }

    /** One side. Stored worst first: bids ascending by price, asks descending, so the best level is the last. */
    private static final class Ladder {
        private final boolean bid;
        private BigDecimal[] prices = new BigDecimal[INITIAL_CAPACITY];
        private BigDecimal[] sizes = new BigDecimal[INITIAL_CAPACITY];
        private int count;

        Ladder(boolean bid) {
            this.bid = bid;
        }

        /** Negative when {@code a} is stored before (is worse than) {@code b}. */
        int order(BigDecimal a, BigDecimal b) {
            return bid ? a.compareTo(b) : b.compareTo(a);
        }

        void set(BigDecimal price, BigDecimal size) {
            int at = search(price);
            if (at >= 0) {
                if (size.signum() == 0) {
                    remove(at);
                } else {
                    prices[at] = price; // keep the latest venue text
                    sizes[at] = size;
                }
            } else if (size.signum() != 0) {
                insert(-at - 1, price, size);
            }
        }

        /** Index of the price, or {@code -(insertion point) - 1}. Checks the best level first (the common case). */
        private int search(BigDecimal price) {
            int lo = 0;
            int hi = count - 1;
            if (hi >= 0) {
                int c = order(prices[hi], price);
                if (c == 0) {
                    return hi;
                }
                if (c < 0) {
                    return -(count) - 1; // better than the best: append
                }
                hi--;
            }
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = order(prices[mid], price);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -lo - 1;
        }

        private void insert(int at, BigDecimal price, BigDecimal size) {
            if (count == prices.length) {
                prices = Arrays.copyOf(prices, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            System.arraycopy(prices, at, prices, at + 1, count - at);
            System.arraycopy(sizes, at, sizes, at + 1, count - at);
            prices[at] = price;
            sizes[at] = size;
            count++;
        }

        private void remove(int at) {
            System.arraycopy(prices, at + 1, prices, at, count - at - 1);
            System.arraycopy(sizes, at + 1, sizes, at, count - at - 1);
            count--;
            prices[count] = null; // let the GC have it
            sizes[count] = null;
        }

        void clear() {
            Arrays.fill(prices, 0, count, null);
            Arrays.fill(sizes, 0, count, null);
            count = 0;
            if (prices.length > 4096) {
                // a very deep book once does not pin its memory forever
                prices = new BigDecimal[INITIAL_CAPACITY];
                sizes = new BigDecimal[INITIAL_CAPACITY];
            }
        }
    }
}
