package io.marketprism.emulate;

import io.marketprism.model.BookLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Ground truth of one instrument, bounded: the last {@code maxUpdates} book updates with a full checkpoint every
 * {@value #CHECKPOINT_EVERY} updates (so the book at any retained sequence is rebuilt from at most that many
 * updates), and the last {@code maxTrades} trades. Older truth is dropped as a whole checkpoint interval and
 * counted. Not thread-safe: the owning {@link InstrumentSim} guards it.
 */
public final class TruthLog {
    static final int CHECKPOINT_EVERY = 32;

    private final EmuInstrument instrument;
    private final int maxUpdates;
    private final int maxTrades;
    private final TreeMap<Long, MarketEvent.BookUpdate> updates = new TreeMap<>();
    private final TreeMap<Long, long[][]> checkpoints = new TreeMap<>();
    private final ArrayDeque<MarketEvent.TradePrint> trades = new ArrayDeque<>();
    private int sinceCheckpoint;
    private long droppedUpdates;
    private long droppedTrades;

    TruthLog(EmuInstrument instrument, int maxUpdates, int maxTrades) {
        this.instrument = instrument;
        this.maxUpdates = maxUpdates;
        this.maxTrades = maxTrades;
    }

    void start(long seq, NavigableMap<Long, Long> bids, NavigableMap<Long, Long> asks) {
        checkpoints.put(seq, copy(bids, asks));
    }

    void book(MarketEvent.BookUpdate u, NavigableMap<Long, Long> bids, NavigableMap<Long, Long> asks) {
        updates.put(u.last(), u);
        if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
            sinceCheckpoint = 0;
            checkpoints.put(u.last(), copy(bids, asks));
        }
        while (updates.size() > maxUpdates) {
            Long second = checkpoints.higherKey(checkpoints.firstKey());
            if (second == null) {
                break;
            }
            checkpoints.pollFirstEntry();
            Map<Long, MarketEvent.BookUpdate> head = updates.headMap(second, true);
            droppedUpdates += head.size();
            head.clear();
        }
    }

    void trade(MarketEvent.TradePrint t) {
        trades.addLast(t);
        if (trades.size() > maxTrades) {
            trades.pollFirst();
            droppedTrades++;
        }
    }

    /** The oldest sequence whose book can still be rebuilt. */
    long oldestSequence() {
        return checkpoints.firstKey();
    }

    /**
     * The true book right after the update whose last sequence is {@code seq} (or at the initial sequence).
     *
     * @throws IllegalArgumentException when {@code seq} is no book sequence of this instrument or no longer retained
     */
    TrueBook bookAt(long seq) {
        Map.Entry<Long, long[][]> cp = checkpoints.floorEntry(seq);
        if (cp == null || (cp.getKey() != seq && !updates.containsKey(seq))) {
            throw new IllegalArgumentException("sequence " + seq + " is not a retained book sequence of "
                    + instrument.nativeSymbol() + " (retained " + oldestSequence() + ".."
                    + (updates.isEmpty() ? oldestSequence() : updates.lastKey()) + ")");
        }
        TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        long[][] c = cp.getValue();
        for (int i = 0; i < c[0].length; i++) {
            bids.put(c[0][i], c[1][i]);
        }
        for (int i = 0; i < c[2].length; i++) {
            asks.put(c[2][i], c[3][i]);
        }
        for (MarketEvent.BookUpdate u : updates.subMap(cp.getKey(), false, seq, true).values()) {
            apply(bids, u.bids());
            apply(asks, u.asks());
        }
        return toBook(instrument, seq, bids, asks, Integer.MAX_VALUE);
    }

    /** Retained trades with id >= fromId, oldest first, at most {@code limit}. */
    List<MarketEvent.TradePrint> tradesFrom(long fromId, int limit) {
        List<MarketEvent.TradePrint> out = new ArrayList<>();
        for (MarketEvent.TradePrint t : trades) {
            if (t.tradeId() >= fromId && out.size() < limit) {
                out.add(t);
            }
        }
        return out;
    }

    /** The newest {@code limit} retained trades, oldest first. */
    List<MarketEvent.TradePrint> lastTrades(int limit) {
        List<MarketEvent.TradePrint> all = new ArrayList<>(trades);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    long droppedUpdates() {
        return droppedUpdates;
    }

    long droppedTrades() {
        return droppedTrades;
    }

    private static void apply(Map<Long, Long> side, List<MarketEvent.Level> levels) {
        for (MarketEvent.Level l : levels) {
            if (l.lots() == 0) {
                side.remove(l.priceTicks());
            } else {
                side.put(l.priceTicks(), l.lots());
            }
        }
    }

    static TrueBook toBook(EmuInstrument ins, long seq, NavigableMap<Long, Long> bids, NavigableMap<Long, Long> asks,
                          int limit) {
        return new TrueBook(ins.nativeSymbol(), seq, levels(ins, bids, limit), levels(ins, asks, limit));
    }

    private static List<BookLevel> levels(EmuInstrument ins, NavigableMap<Long, Long> side, int limit) {
        List<BookLevel> out = new ArrayList<>(Math.min(limit, side.size()));
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new BookLevel(ins.price(e.getKey()), ins.size(e.getValue())));
        }
        return out;
    }

    private static long[][] copy(NavigableMap<Long, Long> bids, NavigableMap<Long, Long> asks) {
        long[][] c = new long[4][];
        c[0] = bids.keySet().stream().mapToLong(Long::longValue).toArray();
        c[1] = bids.values().stream().mapToLong(Long::longValue).toArray();
        c[2] = asks.keySet().stream().mapToLong(Long::longValue).toArray();
        c[3] = asks.values().stream().mapToLong(Long::longValue).toArray();
        return c;
    }
}
