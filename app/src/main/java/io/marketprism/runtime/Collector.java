package io.marketprism.runtime;

import io.marketprism.capture.RotatingCapture;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.connect.BookResyncer;
import io.marketprism.connect.ConnectionState;
import io.marketprism.connect.FrameDispatcher;
import io.marketprism.connect.RestClient;
import io.marketprism.connect.TradeContinuity;
import io.marketprism.connect.VenueConnector;
import io.marketprism.connect.VenueSettings;
import io.marketprism.connect.WsSession;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.pipeline.Pipeline;
import io.marketprism.pipeline.SinkStats;
import io.marketprism.schedule.Pollers;
import io.marketprism.schedule.PushFreshness;
import io.marketprism.service.ApiServer;
import io.marketprism.service.CollectorView;
import io.marketprism.service.IngestFeed;
import io.marketprism.service.IngestView;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of live collection: builds every part from the configuration and owns its life. Start order:
 * sinks and pipeline, then books (frame processors), then the API, then venue sessions and pollers; stop order is
 * the reverse, with the pipeline drained and sinks flushed within a bound. Nothing else creates these parts.
 *
 * <p>Per venue: WebSocket sessions and the REST client hand frames to one dispatcher thread, which captures them
 * (optional) and feeds the venue's frame processor (adapter → books); records go through the trade-continuity and
 * push-freshness taps and the API's recent-records tap into the pipeline. A book that loses sync asks the venue's
 * resyncer for a REST snapshot (Binance) or a resubscription (OKX, Deribit).
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private volatile MarketPrismConfig config;
    private final Clock clock;
    private final Pipeline pipeline;
    private final IngestView view;
    private final ApiServer api;
    private final List<Venue> venues = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService worker;
    private final OkHttpClient http = new OkHttpClient();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final List<RotatingCapture> captures = new ArrayList<>();
    private boolean closed;

    /**
     * One venue's parts. The ingest side (registry, processor with its books, dispatcher) lives as long as the
     * collector; the session side (REST client, WebSocket sessions, pollers, resyncer, trade continuity) is replaced
     * when a configuration reload changes the venue's settings.
     */
    private static final class Venue {
        final Exchange exchange;
        final FrameProcessor processor;
        final FrameDispatcher dispatcher;
        final PushFreshness freshness;
        final AtomicReference<ResyncRequester> resync;
        final AtomicReference<Consumer<MarketRecord>> continuityTap;
        volatile VenueSettings settings;
        volatile RestClient rest;
        volatile VenueConnector connector;
        volatile Pollers pollers;
        volatile TradeContinuity continuity;
        volatile BookResyncer resyncer;

        Venue(Exchange exchange, FrameProcessor processor, FrameDispatcher dispatcher, PushFreshness freshness,
              AtomicReference<ResyncRequester> resync, AtomicReference<Consumer<MarketRecord>> continuityTap) {
            this.exchange = exchange;
            this.processor = processor;
            this.dispatcher = dispatcher;
            this.freshness = freshness;
            this.resync = resync;
            this.continuityTap = continuityTap;
        }

        Exchange exchange() {
            return exchange;
        }

        FrameProcessor processor() {
            return processor;
        }

        TradeContinuity continuity() {
            return continuity;
        }

        VenueConnector connector() {
            return connector;
        }

        /** Stops the session side: no more frames from this venue's connections or pollers. */
        void stopSessions() {
            if (connector != null) {
                connector.close();
            }
            if (pollers != null) {
                pollers.close();
            }
        }
    }

    private Collector(MarketPrismConfig config, List<BatchSink> sinks, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("marketprism-scheduler"));
        this.worker = Executors.newFixedThreadPool(2, daemon("marketprism-rest"));
        this.pipeline = new Pipeline(sinks, config.pipeline());
        this.view = new IngestView(clock, config.environment());
        view.sinks(this::sinkInfo);
        view.continuity(this::continuity);
        this.api = new ApiServer(view, config.service());
    }

    /** Builds and starts everything; on failure what was started is stopped again. */
    public static Collector start(MarketPrismConfig config, List<BatchSink> sinks, Clock clock) throws IOException {
        Collector c = new Collector(config, sinks, clock);
        try {
            for (VenueSettings v : config.venues()) {
                c.venues.add(c.venue(v));
            }
            c.api.start();
            for (Venue v : c.venues) {
                c.startSessions(v);
            }
            c.scheduler.scheduleAtFixedRate(c::flushCaptures, 1, 1, TimeUnit.SECONDS);
            LOG.info("collecting {} venue(s) into {}; API on port {}", c.venues.size(), sinks, c.api.port());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close(Duration.ofSeconds(10));
            throw e;
        }
    }

    private Venue venue(VenueSettings s) throws IOException {
        Exchange ex = s.exchange();
        InstrumentRegistry registry = new InstrumentRegistry();
        AtomicReference<ResyncRequester> resync = new AtomicReference<>(ResyncRequester.NONE);
        AtomicReference<Consumer<MarketRecord>> continuityTap = new AtomicReference<>(r -> { });
        PushFreshness freshness = new PushFreshness();
        Consumer<MarketRecord> downstream = view.tap(r -> {
            continuityTap.get().accept(r);
            freshness.accept(r);
            pipeline.accept(r);
        });
        FrameProcessor processor = new FrameProcessor(VenueAdapters.create(ex, registry), registry, downstream,
                config.books(), (e, symbol, reason) -> resync.get().requestResync(e, symbol, reason));
        IngestFeed feed = view.attach(processor);
        Consumer<Frame> sink = feed::process;
        if (config.capture() != null) {
            RotatingCapture capture = new RotatingCapture(config.capture().dir(), ex, config.capture().rotateBytes(),
                    config.capture().rotateInterval(), clock, e -> LOG.warn("{}: capture write failed: {}",
                    ex.id(), e.getMessage()));
            captures.add(capture);
            sink = capture.andThen(feed::process);
        }
        FrameDispatcher dispatcher = new FrameDispatcher(ex.id() + "-ingest", 65_536, Duration.ofSeconds(5), sink);
        Venue v = new Venue(ex, processor, dispatcher, freshness, resync, continuityTap);
        sessionSide(v, s);
        view.connections(ex, () -> connections(v.connector));
        view.rest(ex, () -> new CollectorView.RestUsage(v.rest.counters().requests(),
                v.rest.counters().weightUsed(), 0));
        return v;
    }

    /** Builds the session side of a venue for its settings (not started). */
    private void sessionSide(Venue v, VenueSettings s) {
        RestClient rest = new RestClient(s.endpoints(), http, RestClient.Settings.defaults(v.exchange), clock,
                RestClient.Sleeper.REAL, ThreadLocalRandom.current()::nextDouble, v.dispatcher);
        VenueConnector connector = config.websocket() ? new VenueConnector(s, http, scheduler, clock,
                () -> ThreadLocalRandom.current().nextDouble(), v.dispatcher, connectionIds) : null;
        BookResyncer resyncer = new BookResyncer(s, rest, connector, scheduler, clock, Duration.ofSeconds(5), 30);
        TradeContinuity continuity = new TradeContinuity(s, rest, worker, 10_000, false);
        v.settings = s;
        v.rest = rest;
        v.connector = connector;
        v.resyncer = resyncer;
        v.continuity = continuity;
        v.pollers = new Pollers(s, rest, scheduler, v.freshness, clock);
        v.resync.set(config.booksEnabled() ? resyncer : ResyncRequester.NONE);
        v.continuityTap.set(continuity);
    }

    private void startSessions(Venue v) throws IOException {
        if (v.connector != null) {
            v.connector.start();
        }
        try {
            v.pollers.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading instruments", e);
        }
        // books of symbols that had lost their source (removed, then added again) start over from a snapshot
        for (String symbol : v.settings.symbols()) {
            var stream = v.processor.stream(symbol);
            if (stream != null && stream.book() != null && !stream.book().synced()) {
                v.resync.get().requestResync(v.exchange, symbol, "venue (re)configured");
            }
        }
    }

    /** What a configuration reload changed. */
    public record Reload(List<String> changed, List<String> needsRestart) {
    }

    /**
     * Applies a new configuration without a restart: venues added, removed or changed (symbols, data types,
     * endpoints, proxy, polls) get new sessions; the books of a venue's remaining symbols carry on (a changed venue's
     * books re-sync from fresh snapshots on the new connections). Changes that need a restart (sinks, pipeline, API
     * address, book options) are reported, not applied.
     */
    public synchronized Reload reconfigure(MarketPrismConfig next) throws IOException {
        List<String> changed = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        if (!next.sinks().equals(config.sinks())) {
            restart.add("sinks");
        }
        if (!next.service().equals(config.service())) {
            restart.add("api");
        }
        if (!next.pipeline().equals(config.pipeline())) {
            restart.add("pipeline");
        }
        if (!next.books().equals(config.books()) || next.booksEnabled() != config.booksEnabled()) {
            restart.add("books");
        }
        java.util.Map<Exchange, VenueSettings> wanted = new java.util.EnumMap<>(Exchange.class);
        next.venues().forEach(s -> wanted.put(s.exchange(), s));
        for (Venue v : venues) {
            VenueSettings s = wanted.remove(v.exchange);
            if (s == null) {
                if (v.connector != null || v.pollers != null) {
                    v.stopSessions();
                    v.connector = null;
                    v.pollers = null;
                    changed.add(v.exchange.id() + " stopped");
                }
            } else if (!s.equals(v.settings) || v.pollers == null) {
                v.stopSessions();
                sessionSide(v, s);
                startSessions(v);
                changed.add(v.exchange.id() + " " + s.symbols() + " " + s.dataTypes());
            }
        }
        for (VenueSettings s : wanted.values()) {
            Venue v = venue(s);
            venues.add(v);
            startSessions(v);
            changed.add(s.exchange().id() + " added " + s.symbols());
        }
        MarketPrismConfig c = config;
        config = new MarketPrismConfig(c.environment(), c.logLevel(), c.logFormat(), c.service(), next.venues(),
                c.websocket(), c.booksEnabled(), c.books(), c.sinks(), c.pipeline(), c.nats(), c.clickhouseUser(),
                c.clickhousePassword(), c.capture());
        LOG.info("configuration reloaded: {}{}", changed.isEmpty() ? "no venue changes" : String.join("; ", changed),
                restart.isEmpty() ? "" : "; needs a restart to apply: " + String.join(", ", restart));
        return new Reload(changed, restart);
    }

    private static List<CollectorView.ConnectionInfo> connections(VenueConnector connector) {
        List<CollectorView.ConnectionInfo> out = new ArrayList<>();
        if (connector == null) {
            return out;
        }
        for (WsSession s : connector.sessions()) {
            long last = s.counters().lastFrameEpochNanos();
            out.add(new CollectorView.ConnectionInfo(s.connectionId(), s.url().toString(), state(s.state()),
                    null, s.counters().reconnects(), s.counters().framesIn(),
                    last == 0 ? null : Instant.ofEpochSecond(0, last)));
        }
        return out;
    }

    private static CollectorView.ConnectionState state(ConnectionState s) {
        return switch (s) {
            case LIVE -> CollectorView.ConnectionState.CONNECTED;
            case CONNECTING, IDLE -> CollectorView.ConnectionState.CONNECTING;
            case BACKOFF -> CollectorView.ConnectionState.BACKOFF;
            case CLOSED -> CollectorView.ConnectionState.CLOSED;
        };
    }

    private List<CollectorView.SinkInfo> sinkInfo() {
        List<CollectorView.SinkInfo> out = new ArrayList<>();
        for (SinkStats st : pipeline.stats()) {
            // the service's vocabulary: up (writing directly), spooling (draining a backlog), failing
            String state = switch (st.state()) {
                case HEALTHY -> "up";
                case SPOOLING -> "spooling";
                case FAILING -> "failing";
            };
            out.add(new CollectorView.SinkInfo(st.sink(), state,
                    st.queueDepth(), st.queueCapacity(), st.recordsIn(), st.recordsOut(), st.failures(),
                    st.spoolBytes(), st.spoolPendingRecords(), null));
        }
        return out;
    }

    private List<CollectorView.Continuity> continuity() {
        List<CollectorView.Continuity> out = new ArrayList<>();
        for (Venue v : venues) {
            v.continuity().bySymbol().forEach((symbol, c) -> out.add(new CollectorView.Continuity(v.exchange(),
                    symbol, c.backfilled(), c.notBackfilled())));
        }
        return out;
    }

    /** Trade continuity of a venue (gaps found, trades back-filled and missing). */
    public TradeContinuity continuity(Exchange exchange) {
        return venues.stream().filter(v -> v.exchange() == exchange).findFirst().map(Venue::continuity)
                .orElseThrow(() -> new IllegalArgumentException("not collecting " + exchange.id()));
    }

    /** Session counters of a venue's connections (reconnects, frames, watchdog trips, ...). */
    public List<WsSession> sessions(Exchange exchange) {
        return venues.stream().filter(v -> v.exchange() == exchange && v.connector() != null).findFirst()
                .map(v -> v.connector().sessions()).orElse(List.of());
    }

    private void flushCaptures() {
        captures.forEach(RotatingCapture::flush);
    }

    public int apiPort() {
        return api.port();
    }

    public IngestView view() {
        return view;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public List<FrameProcessor> processors() {
        return venues.stream().map(Venue::processor).toList();
    }

    /** Sessions closed, pollers stopped, the pipeline drained and sinks flushed within {@code bound}, API last. */
    public synchronized void close(Duration bound) {
        if (closed) {
            return;
        }
        closed = true;
        for (Venue v : venues) {
            v.stopSessions();
        }
        scheduler.shutdownNow();
        worker.shutdownNow();
        for (Venue v : venues) {
            v.dispatcher.close();
        }
        try {
            pipeline.close(bound);
        } catch (IOException e) {
            LOG.error("closing the pipeline: {}", e.getMessage());
        }
        for (RotatingCapture c : captures) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.warn("closing a capture: {}", e.getMessage());
            }
        }
        api.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        LOG.info("collector stopped");
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
