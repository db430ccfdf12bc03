package io.marketprism.emulate;

import io.marketprism.connect.VenueEndpoints;
import io.marketprism.model.Exchange;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange emulator: one loopback server per venue speaking that venue's WebSocket and REST protocols, fed by a
 * {@link SyntheticMarket} (with ground truth) or by a recorded capture ({@link CaptureFeed}), with the faults of a
 * {@link FaultPlan}. One pump thread steps the markets and writes every data frame, so each connection sees one
 * ordered stream. A collector reaches it only through its endpoint configuration ({@link #endpoints}).
 */
public final class Emulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);

    private final Map<Exchange, List<String>> venues;
    private final MarketParams params;
    private final EmulatorOptions options;
    private final FaultPlan plan;
    private final Clock clock;
    private final Map<Exchange, Integer> ports;
    private final Path truthOut;
    private final int truthBookEvery;
    private final Map<Exchange, CaptureFeed> captures;
    private final FaultCounters faultCounters = new FaultCounters();
    private final Map<Exchange, SyntheticMarket> markets = new EnumMap<>(Exchange.class);
    private final Map<Exchange, VenueServer> servers = new EnumMap<>(Exchange.class);
    private final AtomicLong pumpFailures = new AtomicLong();
    private ScheduledExecutorService pump;
    private TruthWriter truthWriter;

    private Emulator(Builder b) {
        this.venues = new LinkedHashMap<>(b.venues);
        this.params = b.params;
        this.options = b.options;
        this.plan = b.plan;
        this.clock = b.clock;
        this.ports = new EnumMap<>(b.ports);
        this.truthOut = b.truthOut;
        this.truthBookEvery = b.truthBookEvery;
        this.captures = new EnumMap<>(b.captures);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an emulator; nothing listens before {@link #start()}. */
    public static final class Builder {
        private final Map<Exchange, List<String>> venues = new LinkedHashMap<>();
        private final Map<Exchange, Integer> ports = new EnumMap<>(Exchange.class);
        private final Map<Exchange, CaptureFeed> captures = new EnumMap<>(Exchange.class);
        private MarketParams params = MarketParams.defaults(1);
        private EmulatorOptions options = EmulatorOptions.defaults();
        private FaultPlan plan = FaultPlan.none();
        private Clock clock = Clock.systemUTC();
        private Path truthOut;
        private int truthBookEvery = 100;

        /** Serves a venue with a synthetic market of these native symbols. */
        public Builder venue(Exchange venue, List<String> nativeSymbols) {
            if (nativeSymbols.isEmpty()) {
                throw new IllegalArgumentException("venue " + venue.id() + " needs at least one symbol");
            }
            venues.put(venue, List.copyOf(nativeSymbols));
            return this;
        }

        /** Serves a venue from a recorded capture instead of the synthetic market. */
        public Builder capture(Exchange venue, CaptureFeed feed) {
            captures.put(venue, Objects.requireNonNull(feed, "feed"));
            return this;
        }

        public Builder port(Exchange venue, int port) {
            ports.put(venue, port);
            return this;
        }

        public Builder params(MarketParams params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        public Builder options(EmulatorOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder faults(FaultPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Ground truth as JSON lines to {@code file}, with a full book every {@code bookEvery} updates. */
        public Builder truthOut(Path file, int bookEvery) {
            this.truthOut = file;
            this.truthBookEvery = bookEvery;
            return this;
        }

        public Emulator build() {
            if (venues.isEmpty() && captures.isEmpty()) {
                throw new IllegalArgumentException("the emulator needs at least one venue");
            }
            return new Emulator(this);
        }
    }

    /** Starts every venue server and the pump. */
    public synchronized Emulator start() throws IOException {
        if (pump != null) {
            throw new IllegalStateException("emulator already started");
        }
        pump = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emulator-pump");
            t.setDaemon(true);
            return t;
        });
        if (truthOut != null) {
            truthWriter = new TruthWriter(truthOut, truthBookEvery);
        }
        try {
            for (Map.Entry<Exchange, List<String>> e : venues.entrySet()) {
                SyntheticMarket m = new SyntheticMarket(e.getKey(), e.getValue(), params, clock);
                m.truthWriter(truthWriter);
                markets.put(e.getKey(), m);
                startServer(e.getKey(), m);
            }
            for (Map.Entry<Exchange, CaptureFeed> e : captures.entrySet()) {
                if (!servers.containsKey(e.getKey())) {
                    // a capture-only venue still answers REST with a small synthetic market
                    SyntheticMarket m = new SyntheticMarket(e.getKey(), List.of(defaultSymbol(e.getKey())), params,
                            clock);
                    markets.put(e.getKey(), m);
                    startServer(e.getKey(), m);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long interval = options.stepInterval().toMillis();
        pump.scheduleAtFixedRate(this::pumpOnce, interval, interval, TimeUnit.MILLISECONDS);
        for (Map.Entry<Exchange, CaptureFeed> e : captures.entrySet()) {
            e.getValue().start(servers.get(e.getKey()), pump);
        }
        return this;
    }

    private void startServer(Exchange venue, SyntheticMarket m) {
        VenueServer s = switch (venue) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES, BINANCE_DELIVERY ->
                    new BinanceServer(venue, m, clock, options, plan, faultCounters, pump, params.seed());
            case OKX -> new OkxServer(m, clock, options, plan, faultCounters, pump, params.seed());
            case DERIBIT -> new DeribitServer(m, clock, options, plan, faultCounters, pump);
        };
        servers.put(venue, s);
        s.start(ports.getOrDefault(venue, 0));
    }

    static String defaultSymbol(Exchange venue) {
        return switch (venue) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES -> "BTCUSDT";
            case BINANCE_DELIVERY -> "BTCUSD_PERP";
            case OKX -> "BTC-USDT-SWAP";
            case DERIBIT -> "BTC-PERPETUAL";
        };
    }

    private void pumpOnce() {
        try {
            long now = clock.millis();
            for (Map.Entry<Exchange, VenueServer> e : servers.entrySet()) {
                VenueServer s = e.getValue();
                if (!captures.containsKey(e.getKey())) {
                    s.publish(markets.get(e.getKey()).step());
                }
                s.tick(now);
            }
        } catch (RuntimeException e) {
            // never let the scheduler cancel the pump: count, log, go on with the next step
            long n = pumpFailures.incrementAndGet();
            if (n <= 10 || n % 1000 == 0) {
                LOG.error("emulator step failed (#{})", n, e);
            }
        }
    }

    /** The port a venue listens on. */
    public int port(Exchange venue) {
        return server(venue).port();
    }

    /** What a collector configures to reach this venue's emulation: ws://127.0.0.1:PORT and http://127.0.0.1:PORT. */
    public VenueEndpoints endpoints(Exchange venue) {
        int p = port(venue);
        return VenueEndpoints.of(venue, "ws://127.0.0.1:" + p, "http://127.0.0.1:" + p);
    }

    public List<Exchange> venues() {
        return new ArrayList<>(servers.keySet());
    }

    /** The venue's synthetic market (ground truth: {@code market(v).sim(symbol).bookAt(seq)}, trades). */
    public SyntheticMarket market(Exchange venue) {
        SyntheticMarket m = markets.get(venue);
        if (m == null) {
            throw new IllegalArgumentException("venue " + venue.id() + " is not emulated");
        }
        return m;
    }

    public ServerCounters counters(Exchange venue) {
        return server(venue).counters();
    }

    public FaultCounters faultCounters() {
        return faultCounters;
    }

    /** Steps that failed with an exception (logged); 0 in a healthy emulator. */
    public long pumpFailures() {
        return pumpFailures.get();
    }

    private VenueServer server(Exchange venue) {
        VenueServer s = servers.get(venue);
        if (s == null) {
            throw new IllegalArgumentException("venue " + venue.id() + " is not emulated (emulated: "
                    + servers.keySet() + ")");
        }
        return s;
    }

    @Override
    public synchronized void close() {
        if (pump != null) {
            pump.shutdownNow();
            try {
                pump.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (CaptureFeed f : captures.values()) {
            f.close();
        }
        for (VenueServer s : servers.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} emulator failed: {}", s.venue.id(), e.toString());
            }
        }
        servers.clear();
        if (truthWriter != null) {
            truthWriter.close();
            truthWriter = null;
        }
    }
}
