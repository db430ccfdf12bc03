package io.marketprism.book;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The obviously correct book: one {@link TreeMap} per side keyed by price (numeric order, so scale does not split a
 * level), bids in reverse order so that iteration is always best first (§6 of the protocol reference). The value is
 * the level as last set, so its price and size keep the venue's latest text. Used to check {@link FastOrderBook}.
 */
public final class ReferenceOrderBook implements OrderBook {
    private final TreeMap<BigDecimal, BookLevel> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BookLevel> asks = new TreeMap<>();

    @Override
    public void set(Side side, BigDecimal price, BigDecimal size) {
        FastOrderBook.checkLevel(price, size);
        TreeMap<BigDecimal, BookLevel> levels = side(side);
        if (size.signum() == 0) {
            levels.remove(price);
        } else {
            // remove first so the key is the new price text too (TreeMap.put keeps the old key object)
            levels.remove(price);
            levels.put(price, new BookLevel(price, size));
        }
    }

    @Override
    public void clear() {
        bids.clear();
        asks.clear();
    }

    @Override
    public int depth(Side side) {
        return side(side).size();
    }

    @Override
    public BookLevel best(Side side) {
        Map.Entry<BigDecimal, BookLevel> first = side(side).firstEntry();
        return first == null ? null : first.getValue();
    }

    @Override
    public List<BookLevel> top(Side side, int n) {
        List<BookLevel> out = new ArrayList<>(Math.max(0, Math.min(n, depth(side))));
        Iterator<BookLevel> it = side(side).values().iterator();
        while (out.size() < n && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public boolean isCrossed() {
        BookLevel bid = best(Side.BUY);
        BookLevel ask = best(Side.SELL);
        return bid != null && ask != null && bid.price().compareTo(ask.price()) >= 0;
    }

    /** Test hook: throws when the internal state is inconsistent. */
    void checkInvariants() {
        for (Side side : Side.values()) {
            BigDecimal prev = null;
            for (Map.Entry<BigDecimal, BookLevel> e : side(side).entrySet()) {
                BookLevel level = e.getValue();
                if (level.size().signum() <= 0) {
                    throw new IllegalStateException(side + " level " + level + " has a non-positive size");
                }
                if (e.getKey().compareTo(level.price()) != 0) {
                    throw new IllegalStateException(side + " key " + e.getKey() + " differs from " + level);
                }
                if (prev != null && (side == Side.BUY ? prev.compareTo(level.price()) <= 0
                        : prev.compareTo(level.price()) >= 0)) {
                    throw new IllegalStateException(side + " not strictly sorted at " + level);
                }
                prev = level.price();
            }
        }
    }

    private TreeMap<BigDecimal, BookLevel> side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    @Override
    public String toString() {
        return "ReferenceOrderBook{bids=" + bids.values() + ", asks=" + asks.values() + '}';
    }
}
