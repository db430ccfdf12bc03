package io.marketprism.service;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.service.CollectorView.BookInfo;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.SinkInfo;
import io.marketprism.service.CollectorView.StreamInfo;
import io.marketprism.service.CollectorView.Venue;
import io.marketprism.venue.FrameKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code data} part of every response, built from one snapshot of the {@link CollectorView}. Field names and
 * shapes of the original five endpoints are kept; where the original had a number we have a real one (how each is
 * derived is said next to it). Prices and sizes are strings with the venue's exact digits.
 */
final class ApiDocuments {
    static final String SERVICE = "data-collector";
    /** Levels per side of the books shown in {@code /collector/data}. */
    static final int DATA_BOOK_LEVELS = 10;
    /** A venue is "active" when its newest record is at most this old. */
    static final Duration ACTIVE_WITHIN = Duration.ofSeconds(60);

    private final CollectorView view;
    private final String version;
    private final Instant now;
    private final List<Venue> venues;

    ApiDocuments(CollectorView view, String version, int bookLevels) {
        this.view = view;
        this.version = version;
        this.now = view.clock().instant();
        this.venues = view.venues(bookLevels);
    }

    Instant now() {
        return now;
    }

    List<Venue> venues() {
        return venues;
    }

    double uptimeSeconds() {
        return round(Duration.between(view.startTime(), now).toNanos() / 1e9, 2);
    }

    // ---- the five original endpoints ------------------------------------------------------------------------

    Map<String, Object> status() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("service", SERVICE);
        d.put("status", view.initialized() ? "running" : "initializing");
        d.put("uptime_seconds", uptimeSeconds());
        d.put("version", version);
        d.put("environment", view.environment());
        d.put("features", features());
        List<String> supported = new ArrayList<>();
        for (Exchange e : Exchange.values()) {
            supported.add(e.id());
        }
        d.put("supported_exchanges", supported);
        d.put("active_exchanges", venues.stream().map(v -> v.exchange().id()).toList());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total_collections", totalRecords());
        stats.put("error_count", errors());
        stats.put("last_collection_time", Envelope.isoNanos(lastReceiveNs()));
        stats.put("data_counts", dataCounts());
        d.put("collection_stats", stats);
        return d;
    }

    Map<String, Object> stats() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("collection_stats", collectorStats());
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("uptime_seconds", uptimeSeconds());
        service.put("total_collections", totalRecords());
        service.put("error_count", errors());
        service.put("last_collection_time", Envelope.isoNanos(lastReceiveNs()));
        service.put("success_rate", successRate());
        d.put("service_stats", service);
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, Object> counts = dataCounts();
        summary.put("tickers_count", counts.get("tickers"));
        summary.put("orderbooks_count", counts.get("orderbooks"));
        summary.put("trades_count", counts.get("trades"));
        summary.put("total_data_points", totalRecords());
        d.put("data_summary", summary);
        Map<String, Object> perf = new LinkedHashMap<>();
        double minutes = Duration.between(view.startTime(), now).toNanos() / 60e9;
        perf.put("collections_per_minute", minutes <= 0 ? 0.0 : round(totalRecords() / minutes, 2));
        Runtime rt = Runtime.getRuntime();
        perf.put("memory_usage_mb", round((rt.totalMemory() - rt.freeMemory()) / 1048576.0, 2));
        d.put("performance_metrics", perf);
        d.put("records_by_type", recordsByType());
        return d;
    }

    Map<String, Object> collectorStatus(HealthPolicy.Report health) {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", SERVICE);
        info.put("version", version);
        info.put("uptime_seconds", uptimeSeconds());
        info.put("initialized", view.initialized());
        info.put("start_time", Envelope.iso(view.startTime()));
        info.put("environment", view.environment());
        info.put("process_id", ProcessHandle.current().pid());
        d.put("service_info", info);
        Map<String, Object> features = features();
        features.put("orderbook_manager_active", venues.stream().anyMatch(v -> v.streams().stream()
                .anyMatch(s -> s.book() != null && s.book().synced())));
        d.put("feature_status", features);
        d.put("collector_stats", collectorStats());
        d.put("exchanges", exchanges());
        Map<String, Object> summary = new LinkedHashMap<>(dataCounts());
        summary.put("total_data_points", totalRecords());
        d.put("data_summary", summary);
        Map<String, Object> indicators = new LinkedHashMap<>();
        indicators.put("overall_health", health.status());
        long last = lastReceiveNs();
        indicators.put("data_flow_active", last > 0 && ageSeconds(last) <= ACTIVE_WITHIN.toSeconds());
        long frames = venues.stream().mapToLong(v -> v.ingest().adapterFrames()).sum();
        indicators.put("error_rate", frames == 0 ? 0.0 : round(100.0 * errors() / frames, 4));
        indicators.put("last_activity", Envelope.isoNanos(last));
        indicators.put("reasons", health.reasons());
        d.put("health_indicators", indicators);
        return d;
    }

    Map<String, Object> exchangesDocument() {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Object> ex = exchanges();
        d.put("exchanges", ex);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_exchanges", venues.size());
        summary.put("active_exchanges", venues.stream().filter(v -> "active".equals(venueStatus(v))).count());
        summary.put("websocket_connections", venues.stream().mapToLong(Venue::connected).sum());
        summary.put("rest_api_available", venues.stream().filter(ApiDocuments::restAvailable).count());
        d.put("summary", summary);
        d.put("last_updated", Envelope.isoNanos(lastReceiveNs()));
        return d;
    }

    Map<String, Object> data(String exchange, String type, int limit) {
        Exchange only = "all".equals(exchange) ? null : Exchange.fromId(exchange);
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("exchange", exchange);
        q.put("type", type);
        q.put("limit", limit);
        d.put("query_parameters", q);
        List<Venue> selected = venues.stream().filter(v -> only == null || v.exchange() == only).toList();
        Map<String, Object> counts = dataCounts(selected);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_tickers", counts.get("tickers"));
        summary.put("total_orderbooks", counts.get("orderbooks"));
        summary.put("total_trades", counts.get("trades"));
        long total = selected.stream().mapToLong(v -> v.ingest().totalRecords()).sum();
        summary.put("total_data_points", total);
        long last = lastReceiveNs(selected);
        summary.put("last_update", Envelope.isoNanos(last));
        Map<String, Object> cs = new LinkedHashMap<>();
        cs.put("total_collections", total);
        cs.put("error_count", selected.stream().mapToLong(v -> v.ingest().malformed()).sum());
        summary.put("collection_stats", cs);
        d.put("summary", summary);

        Map<String, Object> recent = new LinkedHashMap<>();
        if (type.equals("all") || type.equals("tickers")) {
            Map<String, Object> tickers = new LinkedHashMap<>();
            for (Ticker t : view.latestTickers(only)) {
                if (tickers.size() == limit) {
                    break;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("symbol", t.nativeSymbol());
                m.put("unified_symbol", t.symbol());
                m.put("price", text(t.last()));
                m.put("best_bid", text(t.bestBid()));
                m.put("best_ask", text(t.bestAsk()));
                m.put("timestamp", Envelope.isoNanos(t.receiveTs()));
                tickers.put(t.exchange().id() + ":" + t.nativeSymbol(), m);
            }
            recent.put("tickers", tickers);
        }
        if (type.equals("all") || type.equals("orderbooks")) {
            Map<String, Object> books = new LinkedHashMap<>();
            for (Venue v : selected) {
                for (StreamInfo s : v.streams()) {
                    if (s.book() != null && books.size() < limit) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("symbol", s.nativeSymbol());
                        m.put("unified_symbol", s.symbol());
                        m.put("synced", s.book().synced());
                        m.put("bids", levels(s.book().bids(), DATA_BOOK_LEVELS));
                        m.put("asks", levels(s.book().asks(), DATA_BOOK_LEVELS));
                        m.put("timestamp", Envelope.isoNanos(s.lastReceiveTs()));
                        books.put(s.exchange().id() + ":" + s.nativeSymbol(), m);
                    }
                }
            }
            recent.put("orderbooks", books);
        }
        if (type.equals("all") || type.equals("trades")) {
            recent.put("trades", view.recentTrades(only, null, limit).stream().map(ApiDocuments::trade).toList());
        }
        d.put("recent_data", recent);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generated_at", Envelope.iso(now));
        meta.put("data_freshness_seconds", last == 0 ? null : round(ageSeconds(last), 6));
        d.put("metadata", meta);
        return d;
    }

    // ---- beyond the original --------------------------------------------------------------------------------

    static Map<String, Object> book(StreamInfo s, int depth) {
        Map<String, Object> d = streamHeader(s);
        BookInfo b = s.book();
        d.put("synced", b.synced());
        d.put("sequence", b.sequence());
        d.put("depth", depth);
        d.put("bid_levels", b.bidDepth());
        d.put("ask_levels", b.askDepth());
        d.put("bids", levels(b.bids(), depth));
        d.put("asks", levels(b.asks(), depth));
        BookLevel bid = b.bids().isEmpty() ? null : b.bids().get(0);
        BookLevel ask = b.asks().isEmpty() ? null : b.asks().get(0);
        d.put("best_bid", bid == null ? null : level(bid));
        d.put("best_ask", ask == null ? null : level(ask));
        d.put("spread", bid == null || ask == null ? null : text(ask.price().subtract(bid.price())));
        d.put("stats", bookStats(b));
        return d;
    }

    static Map<String, Object> stream(StreamInfo s) {
        Map<String, Object> d = streamHeader(s);
        Map<String, Object> records = new LinkedHashMap<>();
        s.records().forEach((t, n) -> records.put(t.id(), n));
        d.put("records", records);
        d.put("last_exchange_time", Envelope.isoMicros(s.lastExchangeTs()));
        d.put("trades_backfilled", s.tradesBackfilled());
        d.put("trades_missing", s.tradesMissing());
        if (s.book() != null) {
            Map<String, Object> book = bookStats(s.book());
            book.put("synced", s.book().synced());
            book.put("sequence", s.book().sequence());
            book.put("best_bid", s.book().bids().isEmpty() ? null : level(s.book().bids().get(0)));
            book.put("best_ask", s.book().asks().isEmpty() ? null : level(s.book().asks().get(0)));
            d.put("book", book);
        } else {
            d.put("book", null);
        }
        return d;
    }

    static Map<String, Object> trade(Trade t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exchange", t.exchange().id());
        m.put("symbol", t.nativeSymbol());
        m.put("unified_symbol", t.symbol());
        m.put("trade_id", t.tradeId());
        m.put("side", t.side() == null ? null : t.side().name().toLowerCase(Locale.ROOT));
        m.put("price", text(t.price()));
        m.put("size", text(t.size()));
        m.put("liquidation", t.liquidation());
        m.put("exchange_time", Envelope.isoMicros(t.exchangeTs()));
        m.put("timestamp", Envelope.isoNanos(t.receiveTs()));
        return m;
    }

    static Map<String, Object> sink(SinkInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("state", s.state());
        m.put("queue_depth", s.queueDepth());
        m.put("queue_capacity", s.queueCapacity());
        m.put("records_in", s.recordsIn());
        m.put("records_out", s.recordsOut());
        m.put("lag_records", s.lagRecords());
        m.put("failures", s.failures());
        m.put("spool_bytes", s.spoolBytes());
        m.put("spool_records", s.spoolRecords());
        m.put("last_write", Envelope.iso(s.lastWrite()));
        return m;
    }

    static Map<String, Object> connection(ConnectionInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("url", Redaction.url(c.url()));
        m.put("state", c.state().name().toLowerCase(Locale.ROOT));
        m.put("since", Envelope.iso(c.since()));
        m.put("reconnects", c.reconnects());
        m.put("frames", c.frames());
        m.put("last_frame", Envelope.iso(c.lastFrame()));
        return m;
    }

    /** Per venue: what the dashboard's venue table and the exchanges endpoint show. */
    Map<String, Object> venue(Venue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("websocket_connected", v.connected() > 0);
        m.put("rest_api_available", restAvailable(v));
        long last = v.lastReceiveNsByDataType().values().stream().mapToLong(Long::longValue).max().orElse(0);
        m.put("last_update", Envelope.isoNanos(last));
        m.put("status", venueStatus(v));
        m.put("websocket_messages", v.ingest().frames(FrameKind.WS_IN));
        m.put("rest_responses", v.ingest().frames(FrameKind.REST_RESPONSE));
        m.put("frames", v.ingest().adapterFrames());
        m.put("records", v.ingest().totalRecords());
        m.put("malformed", v.ingest().malformed());
        m.put("unknown_messages", v.ingest().unknownMessages());
        m.put("resync_requests", v.ingest().resyncRequests());
        long books = 0;
        long synced = 0;
        long gaps = 0;
        long resyncs = 0;
        long checksumFailed = 0;
        long backfilled = 0;
        long missing = 0;
        for (StreamInfo s : v.streams()) {
            backfilled += s.tradesBackfilled();
            missing += s.tradesMissing();
            if (s.book() != null) {
                books++;
                synced += s.book().synced() ? 1 : 0;
                gaps += s.book().gaps();
                resyncs += s.book().resyncs();
                checksumFailed += s.book().checksumFailed();
            }
        }
        m.put("streams", v.streams().size());
        m.put("books", books);
        m.put("books_synced", synced);
        m.put("book_gaps", gaps);
        m.put("book_resyncs", resyncs);
        m.put("checksum_failures", checksumFailed);
        m.put("trades_backfilled", backfilled);
        m.put("trades_missing", missing);
        m.put("reconnects", v.reconnects());
        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("requests", v.rest().requests());
        rest.put("weight_used", v.rest().weightUsed());
        rest.put("weight_limit", v.rest().weightLimit());
        m.put("rest", rest);
        m.put("connections", v.connections().stream().map(ApiDocuments::connection).toList());
        Map<String, Object> freshness = new LinkedHashMap<>();
        v.lastReceiveNsByDataType().forEach((t, ns) -> freshness.put(t, round(ageSeconds(ns), 3)));
        m.put("age_seconds_by_type", freshness);
        return m;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Map<String, Object> exchanges() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Venue v : venues) {
            out.put(v.exchange().id(), venue(v));
        }
        return out;
    }

    private String venueStatus(Venue v) {
        long last = v.lastReceiveNsByDataType().values().stream().mapToLong(Long::longValue).max().orElse(0);
        if (!v.connections().isEmpty() && v.connected() == 0) {
            return "disconnected";
        }
        if (last == 0) {
            return "no_data";
        }
        return ageSeconds(last) <= ACTIVE_WITHIN.toSeconds() ? "active" : "stale";
    }

    private static boolean restAvailable(Venue v) {
        return v.ingest().frames(FrameKind.REST_RESPONSE) > 0 || v.rest().requests() > 0;
    }

    private Map<String, Object> features() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("collector_initialized", view.initialized());
        f.put("orderbook_enabled", venues.stream().anyMatch(v -> v.streams().stream().anyMatch(s -> s.book() != null)));
        f.put("websocket_enabled", venues.stream().anyMatch(v -> v.ingest().frames(FrameKind.WS_IN) > 0
                || !v.connections().isEmpty()));
        f.put("normalizer_enabled", true);
        return f;
    }

    /**
     * The original's collector counters: {@code websocket_messages} = WebSocket frames received,
     * {@code rest_requests} = REST responses processed, {@code errors} = malformed frames, {@code active_sources} =
     * venues that delivered frames, {@code websocket_connections} = connections in state CONNECTED.
     */
    private Map<String, Object> collectorStats() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("rest_requests", venues.stream().mapToLong(v -> v.ingest().frames(FrameKind.REST_RESPONSE)).sum());
        c.put("websocket_messages", venues.stream().mapToLong(v -> v.ingest().frames(FrameKind.WS_IN)).sum());
        c.put("errors", errors());
        c.put("last_update", Envelope.isoNanos(lastReceiveNs()));
        c.put("active_sources", venues.stream().filter(v -> v.ingest().adapterFrames() > 0).count());
        c.put("websocket_connections", venues.stream().mapToLong(Venue::connected).sum());
        return c;
    }

    /** Records by category: tickers = ticker records, orderbooks = book snapshots + deltas, trades = trades. */
    private Map<String, Object> dataCounts() {
        return dataCounts(venues);
    }

    private static Map<String, Object> dataCounts(List<Venue> vs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tickers", vs.stream().mapToLong(v -> v.ingest().records(RecordType.TICKER)).sum());
        m.put("orderbooks", vs.stream().mapToLong(v -> v.ingest().records(RecordType.BOOK_SNAPSHOT)
                + v.ingest().records(RecordType.BOOK_DELTA)).sum());
        m.put("trades", vs.stream().mapToLong(v -> v.ingest().records(RecordType.TRADE)).sum());
        return m;
    }

    private Map<String, Object> recordsByType() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordType t : RecordType.values()) {
            m.put(t.id(), venues.stream().mapToLong(v -> v.ingest().records(t)).sum());
        }
        return m;
    }

    long totalRecords() {
        return venues.stream().mapToLong(v -> v.ingest().totalRecords()).sum();
    }

    /** Malformed frames: the frames the service could not turn into records. */
    long errors() {
        return venues.stream().mapToLong(v -> v.ingest().malformed()).sum();
    }

    private double successRate() {
        long frames = venues.stream().mapToLong(v -> v.ingest().adapterFrames()).sum();
        return frames == 0 ? 100.0 : round(100.0 * (frames - errors()) / frames, 4);
    }

    long lastReceiveNs() {
        return lastReceiveNs(venues);
    }

    private static long lastReceiveNs(List<Venue> vs) {
        return vs.stream().flatMap(v -> v.lastReceiveNsByDataType().values().stream()).mapToLong(Long::longValue)
                .max().orElse(0);
    }

    double ageSeconds(long epochNanos) {
        return (now.getEpochSecond() * 1_000_000_000L + now.getNano() - epochNanos) / 1e9;
    }

    private static Map<String, Object> streamHeader(StreamInfo s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("exchange", s.exchange().id());
        d.put("symbol", s.nativeSymbol());
        d.put("unified_symbol", s.symbol());
        d.put("market_type", s.marketType() == null ? null : s.marketType().id());
        d.put("last_update", Envelope.isoNanos(s.lastReceiveTs()));
        return d;
    }

    private static Map<String, Object> bookStats(BookInfo b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("updates_applied", b.updatesApplied());
        m.put("snapshots_applied", b.snapshotsApplied());
        m.put("gaps", b.gaps());
        m.put("resyncs", b.resyncs());
        m.put("checksum_ok", b.checksumOk());
        m.put("checksum_failed", b.checksumFailed());
        m.put("crossed", b.crossed());
        m.put("stale", b.stale());
        m.put("buffered", b.buffered());
        m.put("buffer_overflows", b.bufferOverflows());
        m.put("last_loss_reason", b.lastLossReason());
        return m;
    }

    static List<List<String>> levels(List<BookLevel> levels, int n) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, levels.size()); i++) {
            out.add(level(levels.get(i)));
        }
        return out;
    }

    private static List<String> level(BookLevel l) {
        return List.of(text(l.price()), text(l.size()));
    }

    static String text(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
