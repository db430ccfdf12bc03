package io.marketprism.emulate;

import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * The synthetic market of one instrument: an L2 book on the tick grid that evolves by level changes, a target price
 * following a Gaussian random walk (the price process), taker trades that consume the best levels (contiguous trade
 * ids), makers that improve, change and cancel levels, and slow processes for index price, funding, open interest
 * and the volatility index. Every book change goes out as one {@link MarketEvent.BookUpdate} numbered by the venue's
 * {@link SequenceScheme} and is recorded in the {@link TruthLog}. Deterministic for a given seed and call sequence.
 * Thread-safe: every method synchronizes on the instance, so a REST snapshot is always a book at one sequence.
 */
public final class InstrumentSim {
    private static final long EIGHT_HOURS_MS = 8 * 3_600_000L;
    private static final BigDecimal MAX_FUNDING = new BigDecimal("0.0075");

    private final EmuInstrument ins;
    private final SequenceScheme scheme;
    private final MarketParams params;
    private final Random rnd;
    private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private final TruthLog truth;

    private long seq;
    private long nextTradeId;
    private double target;
    private final long openTicks;
    private long highTicks;
    private long lowTicks;
    private long lastTicks;
    private long volumeLots;
    private BigDecimal quoteVolume = BigDecimal.ZERO;
    private final long firstTradeId;
    private long openInterestLots;
    private double indexOffsetTicks;
    private double dvol = 55.0;
    private long steps;

    /** A consistent view of the slow state, taken at one instant. */
    public record State(long sequence, long bestBidTicks, long bestBidLots, long bestAskTicks, long bestAskLots,
                        long lastTicks, long openTicks, long highTicks, long lowTicks, long volumeLots,
                        BigDecimal quoteVolume, long firstTradeId, long lastTradeId, long markTicks, long indexTicks,
                        BigDecimal fundingRate, long nextFundingTimeMs, long openInterestLots, BigDecimal dvol) {
    }

    InstrumentSim(EmuInstrument ins, MarketParams params, long seed) {
        this.ins = ins;
        this.scheme = SequenceScheme.of(ins.exchange());
        this.params = params;
        this.rnd = new Random(seed);
        this.truth = new TruthLog(ins, params.truthUpdates(), params.truthTrades());
        long mid = ins.startPrice().divide(ins.tickSize(), 0, RoundingMode.HALF_EVEN).longValueExact();
        for (int i = 1; i <= params.depth(); i++) {
            bids.put(mid - i, makerLots());
            asks.put(mid + i, makerLots());
        }
        seq = 1_000_000L + rnd.nextInt(1_000_000);
        nextTradeId = 100_000L + rnd.nextInt(100_000);
        firstTradeId = nextTradeId;
        target = mid;
        openTicks = highTicks = lowTicks = lastTicks = mid;
        openInterestLots = 1_000_000L + rnd.nextInt(1_000_000);
        truth.start(seq, bids, asks);
    }

    public EmuInstrument instrument() {
        return ins;
    }

    /** Advances the market by one step at {@code nowMs}: trades first (they consume levels), then one book update. */
    public synchronized List<MarketEvent> step(long nowMs) {
        steps++;
        target += rnd.nextGaussian() * params.volatilityTicks();
        indexOffsetTicks = Math.max(-20, Math.min(20, indexOffsetTicks + rnd.nextGaussian() * 0.3));
        dvol = Math.max(20, Math.min(150, dvol + rnd.nextGaussian() * 0.05));
        openInterestLots = Math.max(1000, openInterestLots + (long) (rnd.nextGaussian() * 200));
        List<MarketEvent> out = new ArrayList<>(4);
        Changes bidCh = new Changes(bids);
        Changes askCh = new Changes(asks);
        if (rnd.nextDouble() < params.tradeProbability()) {
            trade(nowMs, bidCh, askCh, out);
        }
        int makers = 1 + rnd.nextInt(4);
        for (int i = 0; i < makers; i++) {
            maker(bidCh, askCh);
        }
        keepDepth(bids, bidCh, -1);
        keepDepth(asks, askCh, 1);
        List<MarketEvent.Level> b = bidCh.levels();
        List<MarketEvent.Level> a = askCh.levels();
        if (!b.isEmpty() || !a.isEmpty()) {
            long[] fl = scheme.next(seq, b.size() + a.size(), rnd);
            MarketEvent.BookUpdate u = new MarketEvent.BookUpdate(ins, nowMs, fl[0], fl[1], seq, b, a);
            seq = fl[1];
            truth.book(u, bids, asks);
            out.add(u);
        }
        return out;
    }

    private void trade(long nowMs, Changes bidCh, Changes askCh, List<MarketEvent> out) {
        double mid = (bids.firstKey() + asks.firstKey()) / 2.0;
        Side taker = target + rnd.nextGaussian() > mid ? Side.BUY : Side.SELL;
        TreeMap<Long, Long> book = taker == Side.BUY ? asks : bids;
        Changes ch = taker == Side.BUY ? askCh : bidCh;
        boolean liquidation = ins.marketType() != MarketType.SPOT && rnd.nextDouble() < params.liquidationProbability();
        int levels = 1 + rnd.nextInt(2);
        for (int i = 0; i < levels && book.size() > 5; i++) {
            Map.Entry<Long, Long> best = book.firstEntry();
            long lots = rnd.nextDouble() < 0.3 ? best.getValue() : 1 + (long) rnd.nextInt((int) Math.min(
                    Integer.MAX_VALUE, best.getValue()));
            ch.set(best.getKey(), best.getValue() - lots);
            MarketEvent.TradePrint t = new MarketEvent.TradePrint(ins, nowMs, nextTradeId++, best.getKey(), lots,
                    taker, liquidation);
            truth.trade(t);
            out.add(t);
            if (liquidation) {
                out.add(new MarketEvent.Liquidation(ins, nowMs, t.tradeId(), taker, t.priceTicks(), lots));
            }
            lastTicks = best.getKey();
            highTicks = Math.max(highTicks, lastTicks);
            lowTicks = Math.min(lowTicks, lastTicks);
            volumeLots += lots;
            quoteVolume = quoteVolume.add(ins.price(best.getKey()).multiply(ins.size(lots)));
            if (lots < best.getValue()) {
                break; // the taker is filled
            }
        }
    }

    private void maker(Changes bidCh, Changes askCh) {
        boolean bidSide = rnd.nextBoolean();
        TreeMap<Long, Long> side = bidSide ? bids : asks;
        Changes ch = bidSide ? bidCh : askCh;
        long bestBid = bids.firstKey();
        long bestAsk = asks.firstKey();
        double mid = (bestBid + bestAsk) / 2.0;
        double r = rnd.nextDouble();
        boolean towardTarget = bidSide ? target > mid - 0.5 : target < mid + 0.5;
        if (r < 0.4 && towardTarget && bestAsk - bestBid > 1) {
            // improve the best price by one tick or more, never crossing
            long room = bestAsk - bestBid - 1;
            long step = 1 + rnd.nextInt((int) Math.min(room, 3));
            ch.set(bidSide ? bestBid + step : bestAsk - step, makerLots());
            return;
        }
        long distance = Math.min(side.size() - 1, (long) Math.abs(rnd.nextGaussian() * 10));
        long price = bidSide ? bestBid - distance : bestAsk + distance;
        if (r < 0.8) {
            ch.set(price, makerLots());
        } else if (side.containsKey(price) && side.size() > 5 && distance > 0) {
            ch.set(price, 0);
        } else {
            ch.set(price, side.getOrDefault(price, 0L) + makerLots());
        }
    }

    /** Deletes the farthest levels beyond the depth and refills a thin side at its far end. */
    private void keepDepth(TreeMap<Long, Long> side, Changes ch, int direction) {
        while (side.size() > params.depth()) {
            ch.set(side.lastKey(), 0);
        }
        while (side.size() < params.depth()) {
            ch.set(side.lastKey() + direction, makerLots());
        }
    }

    private long makerLots() {
        return 1 + rnd.nextInt(200) + (rnd.nextDouble() < 0.1 ? rnd.nextInt(5_000) : 0);
    }

    /** Level changes of one update on one side: applied to the live book at once, reported as net changes. */
    private static final class Changes {
        private final TreeMap<Long, Long> side;
        private final Map<Long, Long> lots = new LinkedHashMap<>();
        private final Map<Long, Boolean> existed = new HashMap<>();

        Changes(TreeMap<Long, Long> side) {
            this.side = side;
        }

        void set(long price, long newLots) {
            existed.putIfAbsent(price, side.containsKey(price));
            if (newLots <= 0) {
                side.remove(price);
                lots.put(price, 0L);
            } else {
                side.put(price, newLots);
                lots.put(price, newLots);
            }
        }

        List<MarketEvent.Level> levels() {
            List<MarketEvent.Level> out = new ArrayList<>(lots.size());
            for (Map.Entry<Long, Long> e : lots.entrySet()) {
                boolean was = existed.get(e.getKey());
                if (e.getValue() == 0) {
                    if (was) {
                        out.add(new MarketEvent.Level(e.getKey(), 0, MarketEvent.Action.DELETE));
                    } // created and removed within the update: nothing to tell
                } else {
                    out.add(new MarketEvent.Level(e.getKey(), e.getValue(),
                            was ? MarketEvent.Action.CHANGE : MarketEvent.Action.NEW));
                }
            }
            return out;
        }
    }

    /** The current book, at most {@code limit} levels per side, with its sequence. */
    public synchronized TrueBook snapshot(int limit) {
        return TruthLog.toBook(ins, seq, bids, asks, limit);
    }

    /** The true book at a retained sequence (ground truth). */
    public synchronized TrueBook bookAt(long sequence) {
        return truth.bookAt(sequence);
    }

    public synchronized long sequence() {
        return seq;
    }

    public synchronized List<MarketEvent.TradePrint> tradesFrom(long fromId, int limit) {
        return truth.tradesFrom(fromId, limit);
    }

    public synchronized List<MarketEvent.TradePrint> lastTrades(int limit) {
        return truth.lastTrades(limit);
    }

    /** Truth dropped because of the memory bounds: {updates, trades}. */
    public synchronized long[] droppedTruth() {
        return new long[] {truth.droppedUpdates(), truth.droppedTrades()};
    }

    public synchronized State state(long nowMs) {
        long bestBid = bids.firstKey();
        long bestAsk = asks.firstKey();
        long mark = Math.round((bestBid + bestAsk) / 2.0);
        long index = mark + Math.round(indexOffsetTicks);
        // premium of mark over index, per 8 h period, clamped like the venues clamp it
        BigDecimal rate = BigDecimal.valueOf(mark - index).divide(BigDecimal.valueOf(Math.max(1, index)), 8,
                RoundingMode.HALF_EVEN).add(new BigDecimal("0.00010000"));
        rate = rate.max(MAX_FUNDING.negate()).min(MAX_FUNDING);
        long nextFunding = (Math.floorDiv(nowMs, EIGHT_HOURS_MS) + 1) * EIGHT_HOURS_MS;
        return new State(seq, bestBid, bids.firstEntry().getValue(), bestAsk, asks.firstEntry().getValue(),
                lastTicks, openTicks, highTicks, lowTicks, volumeLots, quoteVolume, firstTradeId, nextTradeId - 1,
                mark, index, rate, nextFunding, openInterestLots,
                BigDecimal.valueOf(Math.round(dvol * 100)).movePointLeft(2));
    }

    synchronized long steps() {
        return steps;
    }

    /** For tests of the invariants: the live book maps are never exposed, only copies. */
    synchronized NavigableMap<Long, Long> bidsCopy() {
        return new TreeMap<>(bids);
    }
}
