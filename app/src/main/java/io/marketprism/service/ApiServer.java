package io.marketprism.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.marketprism.model.Exchange;
import io.marketprism.service.CollectorView.StreamInfo;
import io.marketprism.service.CollectorView.Venue;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP service (Javalin 6): the original five endpoints with their envelope and error codes, the
 * book, trades, streams, connections and sinks endpoints, {@code /health}, {@code /metrics} (Prometheus text), the
 * live dashboard at {@code /} (static files from {@code resources/dashboard}) and its feed {@code /api/v1/stream}
 * (Server-Sent Events: one {@code dashboard} event per push interval per client).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final int MAX_BOOK_DEPTH = 1000;
    static final int DEFAULT_BOOK_DEPTH = 20;
    static final int MAX_TRADES = 1000;
    static final int DASHBOARD_LEVELS = 25;
    static final int DASHBOARD_STREAMS = 200;
    /** Request attribute: the response already is an error envelope (the 404 handler keeps it). */
    private static final String ENVELOPE = "marketprism.envelope";
    static final List<String> DATA_TYPES = List.of("all", "tickers", "orderbooks", "trades");

    private final CollectorView view;
    private final ServiceSettings settings;
    private final String version;
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter textFormat = new PrometheusTextFormatWriter(false);
    private final RateHistory rates = new RateHistory(300);
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-push");
        t.setDaemon(true);
        return t;
    });
    private Javalin app;

    /** One dashboard subscriber and the book it watches ({@code exchange:symbol}, or null = the first book). */
    private record Client(SseClient sse, String book) {
    }

    public ApiServer(CollectorView view, ServiceSettings settings) {
        this.view = Objects.requireNonNull(view, "view");
        this.settings = Objects.requireNonNull(settings, "settings");
        String v = ApiServer.class.getPackage().getImplementationVersion();
        this.version = v == null ? "dev" : v;
        registry.register(new ServiceMetrics(view));
        JvmMetrics.builder().register(registry);
    }

    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("service already started on port " + port());
        }
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/dashboard";
                s.location = Location.CLASSPATH;
            });
        });
        app.get("/api/v1/status", ctx -> ok(ctx, "Service status retrieved successfully", docs().status()));
        app.get("/api/v1/collector/stats", ctx -> ok(ctx, "Collection statistics retrieved successfully",
                initialized().stats()));
        app.get("/api/v1/collector/status", ctx -> {
            ApiDocuments d = initialized();
            ok(ctx, "Detailed status retrieved successfully", d.collectorStatus(health(d)));
        });
        app.get("/api/v1/collector/exchanges", ctx -> ok(ctx, "Exchange status retrieved successfully",
                initialized().exchangesDocument()));
        app.get("/api/v1/collector/data", this::data);
        app.get("/api/v1/books/{exchange}/{symbol}", this::book);
        app.get("/api/v1/trades", this::trades);
        app.get("/api/v1/streams", this::streams);
        app.get("/api/v1/connections", ctx -> {
            Map<String, Object> d = new LinkedHashMap<>();
            for (Venue v : docs().venues()) {
                d.put(v.exchange().id(), v.connections().stream().map(ApiDocuments::connection).toList());
            }
            ok(ctx, "Connections retrieved successfully", d);
        });
        app.get("/api/v1/sinks", ctx -> ok(ctx, "Sink state retrieved successfully",
                view.sinks().stream().map(ApiDocuments::sink).toList()));
        app.get("/api/v1/dashboard", ctx -> ok(ctx, "Dashboard snapshot retrieved successfully",
                dashboard(ctx.queryParam("book"))));
        app.sse("/api/v1/stream", sse -> {
            Client c = new Client(sse, sse.ctx().queryParam("book"));
            sse.keepAlive();
            sse.onClose(() -> clients.remove(c));
            clients.add(c);
            push(c);
        });
        app.get("/health", this::health);
        app.get("/health/live", ctx -> write(ctx, 200, Map.of("status", "pass", "service", ApiDocuments.SERVICE)));
        app.get("/health/ready", this::health);
        app.get("/metrics", this::metrics);
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, ErrorCodes.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.attribute(ENVELOPE) == null) {
                error(ctx, 404, ErrorCodes.NOT_FOUND, "no endpoint " + ctx.method() + " " + ctx.path());
            }
        });
        app.start(settings.host(), settings.port());
        long period = settings.pushInterval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("service listening on http://{}:{}/ (API, /health, /metrics, dashboard)", settings.host(), port());
        return this;
    }

    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("service not started");
        }
        return app.port();
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        for (Client c : clients) {
            c.sse().close();
        }
        clients.clear();
        if (app != null) {
            app.stop();
        }
    }

    // ---- handlers -------------------------------------------------------------------------------------------

    private ApiDocuments docs() {
        return new ApiDocuments(view, version, 1);
    }

    private ApiDocuments initialized() {
        if (!view.initialized()) {
            throw new ApiException(503, ErrorCodes.COLLECTOR_NOT_INITIALIZED,
                    "Data collector is not initialized: no venue is wired yet");
        }
        return docs();
    }

    private void data(Context ctx) {
        String exchange = ctx.queryParamMap().containsKey("exchange") ? ctx.queryParam("exchange") : "all";
        String type = ctx.queryParamMap().containsKey("type") ? ctx.queryParam("type") : "all";
        int limit = intParam(ctx, "limit", 10, 1, 100);
        exchange(exchange, true);
        if (!DATA_TYPES.contains(type)) {
            throw ApiException.invalid("Unknown type '" + type + "': allowed values are "
                    + String.join(", ", DATA_TYPES));
        }
        initialized();
        ok(ctx, "Collected data retrieved successfully", new ApiDocuments(view, version,
                ApiDocuments.DATA_BOOK_LEVELS).data(exchange, type, limit));
    }

    private void book(Context ctx) {
        Exchange exchange = exchange(ctx.pathParam("exchange"), false);
        int depth = intParam(ctx, "depth", DEFAULT_BOOK_DEPTH, 1, MAX_BOOK_DEPTH);
        String symbol = ctx.pathParam("symbol");
        StreamInfo s = view.stream(exchange, symbol, depth).orElseThrow(() -> new ApiException(404,
                ErrorCodes.NOT_FOUND, "No stream " + exchange.id() + ":" + symbol + "; known symbols: "
                + knownSymbols(exchange, false)));
        if (s.book() == null) {
            throw new ApiException(404, ErrorCodes.NOT_FOUND, "Stream " + exchange.id() + ":" + symbol
                    + " has no local order book; symbols with one: " + knownSymbols(exchange, true));
        }
        ok(ctx, "Order book retrieved successfully", ApiDocuments.book(s, depth));
    }

    private void trades(Context ctx) {
        String ex = ctx.queryParam("exchange");
        Exchange exchange = ex == null || ex.equals("all") ? null : exchange(ex, false);
        String symbol = ctx.queryParam("symbol");
        int limit = intParam(ctx, "limit", 50, 1, MAX_TRADES);
        ok(ctx, "Recent trades retrieved successfully", view.recentTrades(exchange, symbol, limit).stream()
                .map(ApiDocuments::trade).toList());
    }

    private void streams(Context ctx) {
        String ex = ctx.queryParam("exchange");
        Exchange exchange = ex == null || ex.equals("all") ? null : exchange(ex, false);
        List<Object> out = new ArrayList<>();
        for (Venue v : new ApiDocuments(view, version, 1).venues()) {
            if (exchange == null || v.exchange() == exchange) {
                v.streams().forEach(s -> out.add(ApiDocuments.stream(s)));
            }
        }
        ok(ctx, "Streams retrieved successfully", out);
    }

    private HealthPolicy.Report health(ApiDocuments d) {
        return settings.health().evaluate(view.initialized(), d.venues(), view.sinks(), view.startTime(),
                d.now());
    }

    /** The original's health document, with every check and the reasons of the failing ones. */
    private void health(Context ctx) {
        ApiDocuments d = docs();
        HealthPolicy.Report r = health(d);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", ApiDocuments.SERVICE);
        m.put("status", r.status());
        m.put("timestamp", Envelope.iso(d.now()));
        m.put("uptime_seconds", d.uptimeSeconds());
        m.put("liveness", "pass");
        m.put("readiness", r.httpStatus() == 200 ? "pass" : "fail");
        Map<String, Object> checks = new LinkedHashMap<>();
        for (HealthPolicy.Check c : r.checks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("status", c.status());
            cm.put("result", c.result());
            if (c.ageSeconds() != null) {
                cm.put("age_seconds", c.ageSeconds());
                cm.put("threshold_seconds", c.thresholdSeconds());
            }
            checks.put(c.name(), cm);
        }
        m.put("checks", checks);
        m.put("reasons", r.reasons());
        write(ctx, r.httpStatus(), m);
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        textFormat.write(out, registry.scrape());
        ctx.status(200).contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
    }

    // ---- dashboard ------------------------------------------------------------------------------------------

    /** Everything the page shows, in one document: venues, rate history, streams, one book, trades, sinks. */
    Map<String, Object> dashboard(String bookKey) {
        ApiDocuments d = new ApiDocuments(view, version, 1);
        HealthPolicy.Report health = health(d);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_at", Envelope.iso(d.now()));
        m.put("uptime_seconds", d.uptimeSeconds());
        m.put("environment", view.environment());
        m.put("version", version);
        m.put("health", Map.of("status", health.status(), "reasons", health.reasons()));
        m.put("total_records", d.totalRecords());
        m.put("errors", d.errors());
        Map<String, Object> venues = new LinkedHashMap<>();
        List<Object> streams = new ArrayList<>();
        String firstBook = null;
        for (Venue v : d.venues()) {
            venues.put(v.exchange().id(), d.venue(v));
            for (StreamInfo s : v.streams()) {
                streams.add(ApiDocuments.stream(s));
                if (firstBook == null && s.book() != null && s.book().synced()) {
                    firstBook = s.exchange().id() + ":" + s.nativeSymbol();
                }
            }
        }
        m.put("venues", venues);
        m.put("rates", rates.document());
        m.put("streams_total", streams.size());
        m.put("streams", busiest(streams));
        String key = bookKey == null || bookKey.isBlank() ? firstBook : bookKey;
        Object book = null;
        if (key != null && key.indexOf(':') > 0) {
            try {
                Exchange ex = Exchange.fromId(key.substring(0, key.indexOf(':')));
                book = view.stream(ex, key.substring(key.indexOf(':') + 1), DASHBOARD_LEVELS)
                        .filter(s -> s.book() != null).map(s -> (Object) ApiDocuments.book(s, DASHBOARD_LEVELS))
                        .orElse(null);
            } catch (IllegalArgumentException e) {
                book = null; // unknown exchange in the page's selection: show no book
            }
        }
        m.put("book", book);
        m.put("trades", view.recentTrades(null, null, 25).stream().map(ApiDocuments::trade).toList());
        m.put("sinks", view.sinks().stream().map(ApiDocuments::sink).toList());
        return m;
    }

    /**
     * The streams the page shows: all of them up to {@link #DASHBOARD_STREAMS}, else the busiest (a Deribit option
     * chain has thousands, and every client gets the document every push interval).
     */
    @SuppressWarnings("unchecked")
    private static List<Object> busiest(List<Object> streams) {
        if (streams.size() <= DASHBOARD_STREAMS) {
            return streams;
        }
        List<Object> sorted = new ArrayList<>(streams);
        sorted.sort(java.util.Comparator.comparingLong((Object s) -> {
            Map<String, Object> records = (Map<String, Object>) ((Map<String, Object>) s).get("records");
            return -records.values().stream().mapToLong(v -> (Long) v).sum();
        }));
        return new ArrayList<>(sorted.subList(0, DASHBOARD_STREAMS));
    }

    private void tick() {
        try {
            Map<String, Long> totals = new LinkedHashMap<>();
            for (Venue v : view.venues(0)) {
                totals.put(v.exchange().id(), v.ingest().totalRecords());
            }
            rates.sample(view.clock().instant(), totals);
            for (Client c : clients) {
                push(c);
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard push failed: {}", e.toString(), e);
        }
    }

    private void push(Client c) {
        if (c.sse().terminated()) {
            clients.remove(c);
            return;
        }
        try {
            c.sse().sendEvent("dashboard", json.writeValueAsString(dashboard(c.book())));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("dashboard client dropped: {}", e.toString());
            clients.remove(c);
        }
    }

    /** Live dashboard subscribers (for tests and metrics). */
    public int subscribers() {
        return clients.size();
    }

    // ---- parameters and responses ---------------------------------------------------------------------------

    private static Exchange exchange(String value, boolean allowAll) {
        if (allowAll && "all".equals(value)) {
            return null;
        }
        try {
            return Exchange.fromId(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Unknown exchange '" + value + "': allowed values are "
                    + (allowAll ? "all, " : "") + Exchange.allIds());
        }
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(capitalized(name) + " parameter must be an integer between " + min
                    + " and " + max + ", was '" + raw + "'");
        }
        if (v < min || v > max) {
            throw ApiException.invalid(capitalized(name) + " parameter must be between " + min + " and " + max
                    + ", was " + v);
        }
        return v;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String knownSymbols(Exchange exchange, boolean withBook) {
        List<String> out = new ArrayList<>();
        for (Venue v : view.venues(0)) {
            if (v.exchange() == exchange) {
                for (StreamInfo s : v.streams()) {
                    if (!withBook || s.book() != null) {
                        out.add(s.nativeSymbol());
                    }
                }
            }
        }
        if (out.size() > 50) {
            return String.join(", ", out.subList(0, 50)) + " … (" + out.size() + " in all)";
        }
        return out.isEmpty() ? "(none)" : String.join(", ", out);
    }

    private void ok(Context ctx, String message, Object data) {
        write(ctx, 200, Envelope.success(message, data, view.clock().instant()));
    }

    private void error(Context ctx, int status, String code, String message) {
        ctx.attribute(ENVELOPE, Boolean.TRUE);
        write(ctx, status, Envelope.error(code, message, view.clock().instant()));
    }

    private void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable: " + e.getMessage(), e);
        }
    }
}
