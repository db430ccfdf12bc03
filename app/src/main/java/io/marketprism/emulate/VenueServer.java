package io.marketprism.emulate;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.marketprism.model.Exchange;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One venue's HTTP + WebSocket server on its own loopback port (Javalin 6 / Jetty 11): connection bookkeeping, fault
 * rules, REST fault injection. Subclasses implement the venue's paths and protocol. Market data reaches connections
 * only on the emulator's pump thread ({@link #publish}, {@link #tick}, and tasks given to {@link #onPump}), so
 * every connection sees one ordered stream.
 */
abstract class VenueServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VenueServer.class);

    protected final Exchange venue;
    protected final SyntheticMarket market;
    protected final Clock clock;
    protected final EmulatorOptions options;
    protected final ServerCounters counters = new ServerCounters();
    protected final List<EmuConnection> connections = new CopyOnWriteArrayList<>();
    private final FaultPlan plan;
    private final FaultCounters faultCounters;
    private final ScheduledExecutorService pump;
    private final AtomicInteger ordinals = new AtomicInteger();
    private final Map<WsContext, EmuConnection> byContext = new ConcurrentHashMap<>();
    private final List<FaultPlan.Rule> restRules;
    private final AtomicLong[] restApplied;
    private Javalin app;
    protected long steps;

    VenueServer(Exchange venue, SyntheticMarket market, Clock clock, EmulatorOptions options, FaultPlan plan,
                FaultCounters faultCounters, ScheduledExecutorService pump) {
        this.venue = venue;
        this.market = market;
        this.clock = clock;
        this.options = options;
        this.plan = plan;
        this.faultCounters = faultCounters;
        this.pump = pump;
        this.restRules = plan.forRest(venue);
        this.restApplied = new AtomicLong[restRules.size()];
        for (int i = 0; i < restApplied.length; i++) {
            restApplied[i] = new AtomicLong();
        }
    }

    /** Starts on 127.0.0.1:{@code port} (0 = a free port). */
    final void start(int port) {
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        routes(app);
        app.start("127.0.0.1", port);
        LOG.info("{} emulator listening on 127.0.0.1:{}", venue.id(), app.port());
    }

    final int port() {
        return app.port();
    }

    public final ServerCounters counters() {
        return counters;
    }

    protected abstract void routes(Javalin app);

    /** Market events of one step (pump thread). */
    abstract void publish(List<MarketEvent> events);

    /** Time-driven duties (pump thread): slow streams, pings, heartbeats, idle rules, age faults. */
    void tick(long nowMs) {
        for (EmuConnection c : connections) {
            c.closeIfAged(nowMs);
        }
    }

    /** A raw recorded frame from a capture file, sent as data to every open connection (pump thread). */
    void broadcastRaw(String frame) {
        for (EmuConnection c : connections) {
            if (!c.closed()) {
                c.data(frame);
            }
        }
    }

    /** Runs a task on the pump thread, ordered with market data (e.g. a subscription's first snapshot). */
    protected final void onPump(Runnable task) {
        pump.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} emulator task failed", venue.id(), e);
            }
        });
    }

    /** A WebSocket endpoint: {@code opened} runs for each new connection, {@code message} for each text message. */
    protected final void ws(Javalin app, String path, String route, BiConsumer<EmuConnection, WsContext> opened,
                            BiConsumer<EmuConnection, String> message) {
        app.ws(path, (WsConfig ws) -> {
            ws.onConnect(ctx -> {
                // Jetty's default idle timeout would close a stalled connection: stall means open and silent
                ctx.session.setIdleTimeout(java.time.Duration.ofHours(24));
                int ordinal = ordinals.incrementAndGet();
                EmuConnection c = new EmuConnection(venue, ordinal, route, clock.millis(), ctx,
                        new ConnectionFaults(venue, plan.forConnection(venue, ordinal), faultCounters), counters,
                        pump, this::shutdownNotice);
                byContext.put(ctx, c);
                connections.add(c);
                counters.connections.incrementAndGet();
                opened.accept(c, ctx);
            });
            ws.onMessage(ctx -> {
                EmuConnection c = byContext.get(ctx);
                if (c != null) {
                    c.lastClientMs = clock.millis();
                    counters.clientMessages.incrementAndGet();
                    message.accept(c, ctx.message());
                }
            });
            ws.onClose(ctx -> forget(ctx));
            ws.onError(ctx -> forget(ctx));
        });
    }

    private void forget(WsContext ctx) {
        EmuConnection c = byContext.remove(ctx);
        if (c != null) {
            c.markClosed();
            connections.remove(c);
        }
    }

    /** The venue's "reconnect now" notice before a server-shutdown fault closes the connection. */
    /** Sends each frame to every connection subscribed to its channel key (frames keyed by subscription). */
    protected final void sendBySubscription(java.util.Map<String, String> frames) {
        if (frames.isEmpty()) {
            return;
        }
        for (EmuConnection c : connections) {
            for (String sub : c.subscriptions) {
                String f = frames.get(sub);
                if (f != null) {
                    c.data(f);
                }
            }
        }
    }

    protected abstract void shutdownNotice(EmuConnection c);

    /** A REST GET endpoint with the venue's REST faults (status with Retry-After, slow answers) applied first. */
    protected final void get(Javalin app, String path, Handler handler) {
        app.get(path, ctx -> {
            counters.restRequests.incrementAndGet();
            if (restFault(ctx)) {
                counters.restErrors.incrementAndGet();
                return;
            }
            handler.handle(ctx);
            if (ctx.statusCode() >= 400) {
                counters.restErrors.incrementAndGet();
            }
        });
    }

    private boolean restFault(Context ctx) throws InterruptedException {
        for (int i = 0; i < restRules.size(); i++) {
            FaultPlan.Rule r = restRules.get(i);
            String prefix = r.args().get("path");
            if (prefix != null && !ctx.path().startsWith(prefix)) {
                continue;
            }
            if (restApplied[i].incrementAndGet() > r.longArg("count", Long.MAX_VALUE)) {
                continue;
            }
            faultCounters.count(venue, r.kind());
            if (r.kind() == FaultPlan.Kind.REST_SLOW) {
                Thread.sleep(r.longArg("delay-ms", 0));
            } else {
                int code = (int) r.longArg("code", 429);
                ctx.status(code);
                if (r.args().containsKey("retry-after")) {
                    ctx.header("Retry-After", Long.toString(r.longArg("retry-after", 0)));
                }
                ctx.contentType("application/json").result(restFaultBody(code));
                return true;
            }
        }
        return false;
    }

    /** The venue's error body for an injected status. */
    protected abstract String restFaultBody(int status);

    @Override
    public void close() {
        for (EmuConnection c : connections) {
            c.close(1001, "emulator stopping");
        }
        if (app != null) {
            app.stop();
        }
    }
}
