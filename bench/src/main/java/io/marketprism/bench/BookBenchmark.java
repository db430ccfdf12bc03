package io.marketprism.bench;

import io.marketprism.book.BookPublisher;
import io.marketprism.book.BookStats;
import io.marketprism.book.BookSynchronizer;
import io.marketprism.book.FastOrderBook;
import io.marketprism.book.OrderBook;
import io.marketprism.book.ReferenceOrderBook;
import io.marketprism.book.SnapshotPolicy;
import io.marketprism.book.SyncOutcome;
import io.marketprism.book.SyncRule;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Side;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Book maintenance, three layers:
 * <ul>
 *   <li>{@code levelSet*}: one price-level update ({@link OrderBook#set}) per operation, {@link FastOrderBook} vs
 *       {@link ReferenceOrderBook}, on the {@link BookStream} update stream (ops/s = level updates/s);</li>
 *   <li>{@code sync*}: one pre-parsed Binance USDⓈ-M delta per operation through {@link BookSynchronizer} (rule
 *       {@link SyncRule#BINANCE_FUTURES}) + {@link BookPublisher} into a Blackhole (ops/s = depth-diff frames
 *       applied to books per second, the issue's ≥ 1,000,000/s goal);</li>
 *   <li>{@code endToEnd}: one generated Binance USDⓈ-M {@code depthUpdate} frame (JSON bytes) per operation through
 *       {@link FrameProcessor}: adapter, synchronizer, publication into a Blackhole.</li>
 * </ul>
 * Delta chains are cyclic: after the last delta the next operation re-applies the snapshot whose lastUpdateId is the
 * first delta's {@code pu}, so the book stays LIVE; that costs one snapshot per 16,384 deltas (amortized, included).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BookBenchmark {
    static final int BATCH = 1024;
    static final int STREAM = 1 << 16;
    static final int CHAIN = 1 << 14;
    static final long START_SEQUENCE = 600_859_605_926L;

    /** The level update stream and both books, filled with the stream's initial book. */
    @State(Scope.Thread)
    public static class Levels {
        Side[] sides;
        BigDecimal[] prices;
        BigDecimal[] sizes;
        int next;
        final FastOrderBook fast = new FastOrderBook();
        final ReferenceOrderBook reference = new ReferenceOrderBook();

        @Setup
        public void setup() {
            BookStream stream = new BookStream(42);
            BookSnapshot initial = stream.snapshot(START_SEQUENCE);
            for (OrderBook b : List.<OrderBook>of(fast, reference)) {
                initial.bids().forEach(l -> b.set(Side.BUY, l.price(), l.size()));
                initial.asks().forEach(l -> b.set(Side.SELL, l.price(), l.size()));
            }
            sides = new Side[STREAM];
            prices = new BigDecimal[STREAM];
            sizes = new BigDecimal[STREAM];
            int deletes = 0;
            for (int i = 0; i < STREAM; i++) {
                BookStream.Update u = stream.next();
                sides[i] = u.bid() ? Side.BUY : Side.SELL;
                prices[i] = u.price();
                sizes[i] = u.size();
                deletes += u.size().signum() == 0 ? 1 : 0;
            }
            // one untimed pass so that both books are in their steady state, and must agree
            for (int i = 0; i < STREAM; i++) {
                fast.set(sides[i], prices[i], sizes[i]);
                reference.set(sides[i], prices[i], sizes[i]);
            }
            for (Side s : Side.values()) {
                if (!fast.top(s, Integer.MAX_VALUE).equals(reference.top(s, Integer.MAX_VALUE))) {
                    throw new IllegalStateException("FastOrderBook and ReferenceOrderBook differ on " + s);
                }
            }
            System.out.printf("%nBookBenchmark.Levels: %d updates, %.1f %% deletes, depth bids %d / asks %d "
                            + "(initial %d / %d)%n", STREAM, 100.0 * deletes / STREAM, fast.depth(Side.BUY),
                    fast.depth(Side.SELL), initial.bids().size(), initial.asks().size());
        }
    }

    /** A pre-parsed consistent USDⓈ-M delta chain, its snapshot and synchronizers over both book kinds. */
    @State(Scope.Thread)
    public static class Chain {
        @Param({"5", "20"})
        public int levelsPerDelta;

        BookSnapshot snapshot;
        BookDelta[] deltas;
        BookSynchronizer fastSync;
        BookSynchronizer referenceSync;
        final BlackholeOutput out = new BlackholeOutput();
        int next;

        @Setup
        public void setup() {
            BookStream stream = new BookStream(7);
            snapshot = stream.snapshot(START_SEQUENCE);
            deltas = stream.deltas(CHAIN, levelsPerDelta, START_SEQUENCE).toArray(new BookDelta[0]);
            fastSync = synchronizer(new FastOrderBook());
            referenceSync = synchronizer(new ReferenceOrderBook());
            out.bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is "
                    + "dangerous.");
            for (BookSynchronizer s : List.of(fastSync, referenceSync)) {
                for (int pass = 0; pass < 2; pass++) {
                    check(s.onSnapshot(snapshot) == SyncOutcome.SNAPSHOT_APPLIED, "snapshot not applied", s);
                    for (BookDelta d : deltas) {
                        SyncOutcome o = s.onDelta(d);
                        check(o == SyncOutcome.APPLIED, "delta " + d.sequence() + " gave " + o, s);
                    }
                }
                BookStats st = s.stats();
                check(s.synced() && st.gaps() == 0 && st.updatesApplied() == 2L * CHAIN, "not synced", s);
            }
            check(fastSync.book().top(Side.BUY, Integer.MAX_VALUE)
                    .equals(referenceSync.book().top(Side.BUY, Integer.MAX_VALUE)), "books differ", fastSync);
            // start the measurement from a fresh snapshot
            fastSync.onSnapshot(snapshot);
            referenceSync.onSnapshot(snapshot);
            next = 0;
            System.out.printf("%nBookBenchmark.Chain: %d deltas x %d levels, synced, final depth %d / %d%n", CHAIN,
                    levelsPerDelta, fastSync.book().depth(Side.BUY), fastSync.book().depth(Side.SELL));
        }

        private BookSynchronizer synchronizer(OrderBook book) {
            BookPublisher publisher = new BookPublisher(book, SnapshotPolicy.never(), out, reason -> {
                throw new IllegalStateException("resync requested: " + reason);
            });
            return new BookSynchronizer(SyncRule.BINANCE_FUTURES, book, publisher, 50_000);
        }

        private static void check(boolean ok, String what, BookSynchronizer s) {
            if (!ok) {
                throw new IllegalStateException("delta chain broken: " + what + "; synced=" + s.synced() + " "
                        + s.stats() + " reason=" + s.lastLossReason());
            }
        }

        SyncOutcome step(BookSynchronizer s) {
            if (next == deltas.length) {
                next = 0;
                s.onSnapshot(snapshot);
            }
            return s.onDelta(deltas[next++]);
        }
    }

    /** Generated Binance USDⓈ-M frames (a REST depth snapshot, then a consistent depthUpdate chain) and a processor. */
    @State(Scope.Thread)
    public static class Frames {
        @Param({"5", "20"})
        public int levelsPerFrame;

        Frame[] frames;
        FrameProcessor processor;
        final BlackholeOutput out = new BlackholeOutput();
        int next;

        @Setup
        public void setup() {
            BookStream stream = new BookStream(11);
            BookSnapshot snapshot = stream.snapshot(START_SEQUENCE);
            List<BookDelta> deltas = stream.deltas(CHAIN, levelsPerFrame, START_SEQUENCE);
            frames = new Frame[CHAIN + 1];
            frames[0] = Frame.restResponse(1_700_000_000_000_000_000L,
                    "https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000", restDepth(snapshot));
            for (int i = 0; i < CHAIN; i++) {
                BookDelta d = deltas.get(i);
                frames[i + 1] = Frame.wsIn(d.receiveTs(),
                        "wss://fstream.binance.com/stream?streams=btcusdt@depth@100ms", depthUpdate(d));
            }
            InstrumentRegistry registry = new InstrumentRegistry();
            processor = new FrameProcessor(VenueAdapters.create(Exchange.BINANCE_FUTURES, registry), registry, out,
                    BookOptions.defaults(), (exchange, symbol, reason) -> {
                        // the first delta asks for the REST snapshot the setup feeds; anything else is a bug
                        if (!reason.equals("initial snapshot")) {
                            throw new IllegalStateException("resync requested for " + symbol + ": " + reason);
                        }
                    });
            out.bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is "
                    + "dangerous.");
            // two untimed passes: the book must be LIVE after each, every delta applied, and equal to the model
            for (int pass = 0; pass < 2; pass++) {
                for (Frame f : frames) {
                    processor.process(f);
                }
            }
            StreamState s = processor.stream(BookStream.SYMBOL);
            BookSynchronizer sync = s == null ? null : s.book();
            if (sync == null || !sync.synced() || processor.counters().malformed() != 0
                    || sync.stats().updatesApplied() != 2L * CHAIN || sync.stats().snapshotsApplied() != 2
                    || sync.stats().gaps() != 0 || sync.stats().stale() != 0) {
                throw new IllegalStateException("generated chain did not keep the book synced: "
                        + (sync == null ? "no book" : "synced=" + sync.synced() + " " + sync.stats()
                        + " reason=" + sync.lastLossReason()) + ", malformed=" + processor.counters().malformed());
            }
            ReferenceOrderBook expected = new ReferenceOrderBook();
            snapshot.bids().forEach(l -> expected.set(Side.BUY, l.price(), l.size()));
            snapshot.asks().forEach(l -> expected.set(Side.SELL, l.price(), l.size()));
            for (BookDelta d : deltas) {
                d.bids().forEach(l -> expected.set(Side.BUY, l.price(), l.size()));
                d.asks().forEach(l -> expected.set(Side.SELL, l.price(), l.size()));
            }
            for (Side side : Side.values()) {
                if (!sync.book().top(side, Integer.MAX_VALUE).equals(expected.top(side, Integer.MAX_VALUE))) {
                    throw new IllegalStateException("book after the frame chain differs from the model on " + side);
                }
            }
            next = 0;
            System.out.printf("%nBookBenchmark.Frames: 1 snapshot + %d depthUpdate frames x %d levels (avg %d bytes),"
                    + " synced, depth %d / %d%n", CHAIN, levelsPerFrame, averageBytes(frames),
                    sync.book().depth(Side.BUY), sync.book().depth(Side.SELL));
        }

        private static long averageBytes(Frame[] frames) {
            long sum = 0;
            for (int i = 1; i < frames.length; i++) {
                sum += frames[i].payload().length;
            }
            return sum / (frames.length - 1);
        }

        static String restDepth(BookSnapshot s) {
            long ms = s.exchangeTs() / 1000;
            StringBuilder b = new StringBuilder(64 + 32 * (s.bids().size() + s.asks().size()));
            b.append("{\"lastUpdateId\":").append(s.sequence()).append(",\"E\":").append(ms).append(",\"T\":")
                    .append(ms - 2).append(",\"bids\":");
            levels(b, s.bids());
            b.append(",\"asks\":");
            levels(b, s.asks());
            return b.append('}').toString();
        }

        static String depthUpdate(BookDelta d) {
            long ms = d.exchangeTs() / 1000;
            StringBuilder b = new StringBuilder(256);
            b.append("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":").append(ms + 6)
                    .append(",\"T\":").append(ms).append(",\"s\":\"BTCUSDT\",\"U\":").append(d.firstSequence())
                    .append(",\"u\":").append(d.sequence()).append(",\"pu\":").append(d.prevSequence())
                    .append(",\"b\":");
            levels(b, d.bids());
            b.append(",\"a\":");
            levels(b, d.asks());
            return b.append("}}").toString();
        }

        private static void levels(StringBuilder b, List<BookLevel> levels) {
            b.append('[');
            for (int i = 0; i < levels.size(); i++) {
                BookLevel l = levels.get(i);
                b.append(i == 0 ? "[\"" : ",[\"").append(l.price().toPlainString()).append("\",\"")
                        .append(l.size().toPlainString()).append("\"]");
            }
            b.append(']');
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void levelSetFast(Levels s) {
        int i = s.next;
        FastOrderBook book = s.fast;
        for (int n = 0; n < BATCH; n++) {
            book.set(s.sides[i], s.prices[i], s.sizes[i]);
            i = (i + 1) & (STREAM - 1);
        }
        s.next = i;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void levelSetReference(Levels s) {
        int i = s.next;
        ReferenceOrderBook book = s.reference;
        for (int n = 0; n < BATCH; n++) {
            book.set(s.sides[i], s.prices[i], s.sizes[i]);
            i = (i + 1) & (STREAM - 1);
        }
        s.next = i;
    }

    @Benchmark
    public SyncOutcome syncFast(Chain c, Blackhole bh) {
        c.out.bh = bh;
        return c.step(c.fastSync);
    }

    @Benchmark
    public SyncOutcome syncReference(Chain c, Blackhole bh) {
        c.out.bh = bh;
        return c.step(c.referenceSync);
    }

    @Benchmark
    public void endToEnd(Frames f, Blackhole bh) {
        f.out.bh = bh;
        Frame frame = f.frames[f.next];
        f.next = f.next + 1 == f.frames.length ? 0 : f.next + 1;
        f.processor.process(frame);
    }
}
