package io.marketprism.service;

import io.marketprism.book.BookStats;
import io.marketprism.book.BookSynchronizer;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.IngestCounters;
import io.marketprism.ingest.StreamKey;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The real {@link CollectorView} over what exists today: {@link FrameProcessor}s (live or replayed) attached through
 * {@link IngestFeed}s, plus a record {@link #tap}. The session layer and the pipeline plug their parts in through
 * suppliers (connections and REST budget per venue, sinks, trade continuity); until they do, those parts are empty.
 */
public final class IngestView implements CollectorView {
    private final Clock clock;
    private final Instant startTime;
    private final String environment;
    private final LongSupplier nanoTime;
    private final RecentRecords recent;
    private final ProcessingTimes times = new ProcessingTimes();
    private final List<IngestFeed> feeds = new CopyOnWriteArrayList<>();
    private final Map<Exchange, Supplier<List<ConnectionInfo>>> connections = new EnumMap<>(Exchange.class);
    private final Map<Exchange, Supplier<RestUsage>> rest = new EnumMap<>(Exchange.class);
    private volatile Supplier<List<SinkInfo>> sinks = List::of;
    private volatile Supplier<List<Continuity>> continuity = List::of;

    public IngestView(Clock clock, String environment, int tradesPerStream, LongSupplier nanoTime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startTime = clock.instant();
        this.environment = Objects.requireNonNull(environment, "environment");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.recent = new RecentRecords(tradesPerStream);
    }

    public IngestView(Clock clock, String environment) {
        this(clock, environment, 200, System::nanoTime);
    }

    /** A downstream that feeds the recent-records tap, then {@code downstream}: give it to the frame processor. */
    public Consumer<MarketRecord> tap(Consumer<MarketRecord> downstream) {
        return r -> {
            recent.accept(r);
            downstream.accept(r);
        };
    }

    /** Watches a processor; from now on frames must enter it through the returned feed. */
    public IngestFeed attach(FrameProcessor processor) {
        return attach(processor, new Object());
    }

    /** Watches a processor whose frames are processed while holding {@code lock}. */
    public IngestFeed attach(FrameProcessor processor, Object lock) {
        IngestFeed feed = new IngestFeed(processor, lock, times, nanoTime);
        feeds.add(feed);
        return feed;
    }

    public synchronized void connections(Exchange exchange, Supplier<List<ConnectionInfo>> supplier) {
        connections.put(exchange, supplier);
    }

    public synchronized void rest(Exchange exchange, Supplier<RestUsage> supplier) {
        rest.put(exchange, supplier);
    }

    public void sinks(Supplier<List<SinkInfo>> supplier) {
        this.sinks = Objects.requireNonNull(supplier);
    }

    public void continuity(Supplier<List<Continuity>> supplier) {
        this.continuity = Objects.requireNonNull(supplier);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public String environment() {
        return environment;
    }

    @Override
    public boolean initialized() {
        return !feeds.isEmpty();
    }

    @Override
    public List<Venue> venues(int bookLevels) {
        Map<StreamKey, Continuity> cont = new HashMap<>();
        for (Continuity c : continuity.get()) {
            cont.put(new StreamKey(c.exchange(), c.nativeSymbol()), c);
        }
        Map<Exchange, List<IngestCounters>> counters = new EnumMap<>(Exchange.class);
        Map<Exchange, List<StreamInfo>> streams = new EnumMap<>(Exchange.class);
        for (IngestFeed feed : feeds) {
            Exchange ex = feed.processor().exchange();
            counters.computeIfAbsent(ex, e -> new ArrayList<>()).add(feed.processor().counters());
            List<StreamInfo> list = streams.computeIfAbsent(ex, e -> new ArrayList<>());
            feed.read(p -> {
                for (StreamState s : p.streams()) {
                    list.add(info(s, bookLevels, cont.get(s.key())));
                }
                return null;
            });
        }
        Map<Exchange, Supplier<List<ConnectionInfo>>> conns;
        Map<Exchange, Supplier<RestUsage>> budgets;
        synchronized (this) {
            conns = new EnumMap<>(connections);
            budgets = new EnumMap<>(rest);
            for (Exchange e : connections.keySet()) {
                counters.computeIfAbsent(e, k -> new ArrayList<>());
            }
        }
        List<Venue> out = new ArrayList<>();
        counters.forEach((ex, list) -> {
            List<StreamInfo> ss = streams.getOrDefault(ex, List.of());
            ss.sort((a, b) -> a.nativeSymbol().compareTo(b.nativeSymbol()));
            out.add(new Venue(ex, IngestTotals.of(list),
                    List.copyOf(conns.getOrDefault(ex, List::of).get()), List.copyOf(ss),
                    budgets.getOrDefault(ex, () -> RestUsage.NONE).get(), recent.lastReceive(ex)));
        });
        out.sort((a, b) -> a.exchange().id().compareTo(b.exchange().id()));
        return out;
    }

    @Override
    public List<SinkInfo> sinks() {
        return List.copyOf(sinks.get());
    }

    @Override
    public Optional<StreamInfo> stream(Exchange exchange, String symbol, int depth) {
        for (IngestFeed feed : feeds) {
            if (feed.processor().exchange() != exchange) {
                continue;
            }
            Optional<StreamInfo> found = feed.read(p -> {
                StreamState s = p.stream(symbol);
                if (s == null) {
                    for (StreamState c : p.streams()) {
                        if (symbol.equals(c.symbol())) {
                            s = c;
                            break;
                        }
                    }
                }
                return s == null ? Optional.<StreamInfo>empty() : Optional.of(info(s, depth, null));
            });
            if (found.isPresent()) {
                StreamInfo s = found.get();
                for (Continuity c : continuity.get()) {
                    if (c.exchange() == exchange && c.nativeSymbol().equals(s.nativeSymbol())) {
                        return Optional.of(withContinuity(s, c));
                    }
                }
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Trade> recentTrades(Exchange exchange, String symbol, int limit) {
        return recent.trades(exchange, symbol, limit);
    }

    @Override
    public List<Ticker> latestTickers(Exchange exchange) {
        return recent.tickers(exchange);
    }

    @Override
    public List<ProcessingTime> processingTimes() {
        return times.snapshot();
    }

    private static StreamInfo withContinuity(StreamInfo s, Continuity c) {
        return new StreamInfo(s.exchange(), s.nativeSymbol(), s.symbol(), s.marketType(), s.records(),
                s.lastExchangeTs(), s.lastReceiveTs(), s.book(), c.backfilled(), c.missing());
    }

    /** Copies one stream; called under the feed's lock. */
    private static StreamInfo info(StreamState s, int levels, Continuity c) {
        Map<RecordType, Long> records = new EnumMap<>(RecordType.class);
        for (RecordType t : RecordType.values()) {
            long n = s.records(t);
            if (n > 0) {
                records.put(t, n);
            }
        }
        BookInfo book = null;
        BookSynchronizer b = s.book();
        if (b != null) {
            BookStats st = b.stats();
            book = new BookInfo(b.synced(), b.sequence(), b.book().depth(Side.BUY), b.book().depth(Side.SELL),
                    List.copyOf(b.book().top(Side.BUY, levels)), List.copyOf(b.book().top(Side.SELL, levels)),
                    st.updatesApplied(), st.snapshotsApplied(), st.gaps(), st.resyncs(), st.checksumOk(),
                    st.checksumFailed(), st.crossed(), st.stale(), st.bufferOverflows(), b.bufferedCount(),
                    b.lastLossReason());
        }
        return new StreamInfo(s.key().exchange(), s.key().nativeSymbol(), s.symbol(), s.marketType(), records,
                s.lastExchangeTs(), s.lastReceiveTs(), book, c == null ? 0 : c.backfilled(),
                c == null ? 0 : c.missing());
    }
}
