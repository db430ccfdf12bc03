package io.marketprism.service;

import io.marketprism.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.book.BookSynchronizer;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ConnectionState;
import io.marketprism.service.CollectorView.Continuity;
import io.marketprism.service.CollectorView.SinkInfo;
import io.marketprism.venue.FrameKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The original five endpoints and the new ones, against a real ingest path and a real HTTP server. */
class ApiServerTest {
    private static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00";
    private static final Instant T0 = Instant.parse("2025-06-29T04:06:47Z");

    private MutableClock clock;
    private Collector collector;
    private ApiServer server;
    private Http http;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        collector = new Collector(clock, Exchange.BINANCE);
        clock.advance(Duration.ofSeconds(2));
        collector.standard();
        clock.advance(Duration.ofMillis(62_440));
        server = new ApiServer(collector.view, ServiceSettings.loopback()).start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static JsonNode success(Http.Response r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(keys(j)).containsExactly("status", "message", "data", "timestamp");
        assertThat(j.get("status").asText()).isEqualTo("success");
        assertThat(j.get("message").asText()).isEqualTo(message);
        assertThat(j.get("timestamp").asText()).matches(ISO);
        return j.get("data");
    }

    private static JsonNode error(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode j = r.json();
        assertThat(keys(j)).containsExactly("status", "error_code", "message", "data", "timestamp");
        assertThat(j.get("status").asText()).isEqualTo("error");
        assertThat(j.get("error_code").asText()).isEqualTo(code);
        assertThat(j.get("data").isNull()).isTrue();
        assertThat(j.get("timestamp").asText()).matches(ISO);
        return j;
    }

    @Test
    void statusHasTheOriginalShapeAndLiveCounters() {
        JsonNode d = success(http.get("/api/v1/status"), "Service status retrieved successfully");
        assertThat(d.get("service").asText()).isEqualTo("data-collector");
        assertThat(d.get("status").asText()).isEqualTo("running");
        assertThat(d.get("uptime_seconds").asDouble()).isEqualTo(64.44);
        assertThat(d.get("environment").asText()).isEqualTo("test");
        assertThat(d.get("features").get("collector_initialized").asBoolean()).isTrue();
        assertThat(d.get("features").get("orderbook_enabled").asBoolean()).isTrue();
        assertThat(d.get("supported_exchanges").toString()).contains("\"binance\"", "\"okx\"", "\"deribit\"");
        JsonNode stats = d.get("collection_stats");
        // snapshot + delta + 3 trades + ticker
        assertThat(stats.get("total_collections").asLong()).isEqualTo(6);
        assertThat(stats.get("error_count").asLong()).isEqualTo(1);
        assertThat(stats.get("last_collection_time").asText()).isEqualTo("2025-06-29T04:06:49.000000+00:00");
        assertThat(stats.get("data_counts").get("tickers").asLong()).isEqualTo(1);
        assertThat(stats.get("data_counts").get("orderbooks").asLong()).isEqualTo(2);
        assertThat(stats.get("data_counts").get("trades").asLong()).isEqualTo(3);
    }

    @Test
    void statsCountFramesAndErrors() {
        JsonNode d = success(http.get("/api/v1/collector/stats"), "Collection statistics retrieved successfully");
        JsonNode c = d.get("collection_stats");
        assertThat(c.get("websocket_messages").asLong())
                .isEqualTo(collector.processor.counters().frames(FrameKind.WS_IN)).isEqualTo(6);
        assertThat(c.get("rest_requests").asLong()).isEqualTo(1);
        assertThat(c.get("errors").asLong()).isEqualTo(1);
        assertThat(c.get("active_sources").asLong()).isEqualTo(1);
        assertThat(c.get("websocket_connections").asLong()).isZero();
        JsonNode s = d.get("service_stats");
        assertThat(s.get("total_collections").asLong()).isEqualTo(6);
        assertThat(s.get("success_rate").asDouble()).isEqualTo(100.0 * 6 / 7, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(d.get("data_summary").get("total_data_points").asLong()).isEqualTo(6);
        assertThat(d.get("performance_metrics").get("collections_per_minute").asDouble())
                .isEqualTo(6 / (64.44 / 60), org.assertj.core.data.Offset.offset(0.01));
        assertThat(d.get("performance_metrics").get("memory_usage_mb").asDouble()).isPositive();
        assertThat(d.get("records_by_type").get("book_delta").asLong()).isEqualTo(1);
    }

    @Test
    void detailedStatusAndExchanges() {
        JsonNode d = success(http.get("/api/v1/collector/status"), "Detailed status retrieved successfully");
        assertThat(d.get("service_info").get("start_time").asText()).isEqualTo("2025-06-29T04:06:47.000000+00:00");
        assertThat(d.get("service_info").get("process_id").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(d.get("feature_status").get("orderbook_manager_active").asBoolean()).isTrue();
        JsonNode b = d.get("exchanges").get("binance");
        assertThat(b.get("enabled").asBoolean()).isTrue();
        assertThat(b.get("websocket_connected").asBoolean()).as("no session layer: no connection").isFalse();
        assertThat(b.get("rest_api_available").asBoolean()).isTrue();
        assertThat(b.get("status").asText()).as("newest record 62 s old").isEqualTo("stale");
        assertThat(d.get("health_indicators").get("data_flow_active").asBoolean()).isFalse();
        assertThat(d.get("health_indicators").get("error_rate").asDouble()).isEqualTo(100.0 / 7,
                org.assertj.core.data.Offset.offset(1e-3));

        JsonNode e = success(http.get("/api/v1/collector/exchanges"), "Exchange status retrieved successfully");
        assertThat(keys(e)).containsExactly("exchanges", "summary", "last_updated");
        assertThat(keys(e.get("exchanges"))).containsExactly("binance");
        assertThat(e.get("exchanges").get("binance").get("books_synced").asLong()).isEqualTo(1);
        assertThat(e.get("summary").get("total_exchanges").asInt()).isEqualTo(1);
        assertThat(e.get("summary").get("active_exchanges").asInt()).isZero();
        assertThat(e.get("summary").get("rest_api_available").asInt()).isEqualTo(1);
        assertThat(e.get("last_updated").asText()).isEqualTo("2025-06-29T04:06:49.000000+00:00");
    }

    @Test
    void dataReturnsTheRecentRecordsWithExactDigits() {
        JsonNode d = success(http.get("/api/v1/collector/data"), "Collected data retrieved successfully");
        assertThat(d.get("query_parameters").toString()).isEqualTo("{\"exchange\":\"all\",\"type\":\"all\",\"limit\":10}");
        assertThat(d.get("summary").get("total_trades").asLong()).isEqualTo(3);
        assertThat(d.get("summary").get("collection_stats").get("error_count").asLong()).isEqualTo(1);
        JsonNode recent = d.get("recent_data");
        assertThat(recent.get("tickers").get("binance:BTCUSDT").get("price").asText()).isEqualTo("100.18");
        JsonNode book = recent.get("orderbooks").get("binance:BTCUSDT");
        assertThat(book.get("bids").toString()).isEqualTo("[[\"100.15\",\"0.4\"],[\"100.10\",\"1.5\"],"
                + "[\"100.00\",\"2\"],[\"99.90\",\"4\"]]");
        assertThat(book.get("asks").toString()).isEqualTo("[[\"100.20\",\"0.7\"]]");
        assertThat(recent.get("trades")).hasSize(3);
        assertThat(recent.get("trades").get(0).get("price").asText()).isEqualTo("2000.01");
        assertThat(d.get("metadata").get("data_freshness_seconds").asDouble()).isEqualTo(62.44);

        JsonNode only = success(http.get("/api/v1/collector/data?exchange=binance&type=trades&limit=2"),
                "Collected data retrieved successfully");
        assertThat(keys(only.get("recent_data"))).containsExactly("trades");
        assertThat(only.get("recent_data").get("trades")).hasSize(2);
        assertThat(only.get("query_parameters").get("limit").asInt()).isEqualTo(2);
        JsonNode okx = success(http.get("/api/v1/collector/data?exchange=okx"), "Collected data retrieved successfully");
        assertThat(okx.get("summary").get("total_data_points").asLong()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "limit=0|Limit parameter must be between 1 and 100, was 0",
        "limit=101|Limit parameter must be between 1 and 100, was 101",
        "limit=abc|Limit parameter must be an integer between 1 and 100, was 'abc'",
        "limit=|Limit parameter must be an integer between 1 and 100, was ''",
        "exchange=kraken|Unknown exchange 'kraken': allowed values are all, binance, binance-futures, binance-delivery,"
            + " binance-us, okx, deribit",
        "type=candles|Unknown type 'candles': allowed values are all, tickers, orderbooks, trades"})
    void badDataParametersAre400WithTheAllowedValues(String query, String message) {
        JsonNode j = error(http.get("/api/v1/collector/data?" + query), 400, "INVALID_PARAMETERS");
        assertThat(j.get("message").asText()).isEqualTo(message);
    }

    @Test
    void beforeAnyVenueIsWiredTheCollectorEndpointsAre503() {
        try (ApiServer empty = new ApiServer(new IngestView(clock, "test"), ServiceSettings.loopback()).start()) {
            Http h = new Http(empty.port());
            for (String p : List.of("/api/v1/collector/stats", "/api/v1/collector/status",
                    "/api/v1/collector/exchanges", "/api/v1/collector/data")) {
                error(h.get(p), 503, "COLLECTOR_NOT_INITIALIZED");
            }
            JsonNode d = success(h.get("/api/v1/status"), "Service status retrieved successfully");
            assertThat(d.get("status").asText()).isEqualTo("initializing");
            assertThat(d.get("collection_stats").get("last_collection_time").isNull()).isTrue();
        }
    }

    @Test
    void bookEqualsTheSynchronizersBook() {
        JsonNode d = success(http.get("/api/v1/books/binance/BTCUSDT?depth=2"), "Order book retrieved successfully");
        List<BookLevel> bids = collector.feed.read(p -> p.stream("BTCUSDT").book().book().top(Side.BUY, 2));
        List<BookLevel> asks = collector.feed.read(p -> p.stream("BTCUSDT").book().book().top(Side.SELL, 2));
        assertThat(d.get("bids")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(d.get("bids").get(i).get(0).asText()).isEqualTo(bids.get(i).price().toPlainString());
            assertThat(d.get("bids").get(i).get(1).asText()).isEqualTo(bids.get(i).size().toPlainString());
        }
        assertThat(d.get("asks")).hasSize(asks.size());
        assertThat(d.get("synced").asBoolean()).isTrue();
        assertThat(d.get("sequence").asLong()).isEqualTo(102);
        assertThat(d.get("bid_levels").asInt()).isEqualTo(4);
        assertThat(d.get("spread").asText()).isEqualTo("0.05");
        assertThat(d.get("unified_symbol").asText()).isEqualTo("BTC-USDT");
        assertThat(d.get("stats").get("updates_applied").asLong()).isEqualTo(1);
        // by unified symbol too
        JsonNode u = success(http.get("/api/v1/books/binance/BTC-USDT"), "Order book retrieved successfully");
        assertThat(u.get("bids")).hasSize(4);
        assertThat(u.get("depth").asInt()).isEqualTo(20);
    }

    @Test
    void bookErrors() {
        assertThat(error(http.get("/api/v1/books/binance/BTCUSDT?depth=0"), 400, "INVALID_PARAMETERS")
                .get("message").asText()).isEqualTo("Depth parameter must be between 1 and 1000, was 0");
        error(http.get("/api/v1/books/binance/BTCUSDT?depth=x"), 400, "INVALID_PARAMETERS");
        assertThat(error(http.get("/api/v1/books/nasdaq/BTCUSDT"), 400, "INVALID_PARAMETERS").get("message")
                .asText()).contains("allowed values are binance, binance-futures");
        assertThat(error(http.get("/api/v1/books/binance/DOGEUSDT"), 404, "NOT_FOUND").get("message").asText())
                .contains("known symbols: BTCUSDT, ETHUSDT");
        assertThat(error(http.get("/api/v1/books/binance/ETHUSDT"), 404, "NOT_FOUND").get("message").asText())
                .contains("has no local order book; symbols with one: BTCUSDT");
        error(http.get("/api/v1/nothing"), 404, "NOT_FOUND");
    }

    @Test
    void tradesAreNewestFirst() {
        JsonNode d = success(http.get("/api/v1/trades?exchange=binance&symbol=BTCUSDT"),
                "Recent trades retrieved successfully");
        assertThat(d).hasSize(2);
        assertThat(d.get(0).get("price").asText()).isEqualTo("100.20");
        assertThat(d.get(0).get("side").asText()).isEqualTo("buy");
        assertThat(d.get(1).get("size").asText()).isEqualTo("0.010");
        assertThat(d.get(1).get("side").asText()).isEqualTo("sell");
        assertThat(success(http.get("/api/v1/trades?limit=1"), "Recent trades retrieved successfully")).hasSize(1);
        error(http.get("/api/v1/trades?limit=1001"), 400, "INVALID_PARAMETERS");
        error(http.get("/api/v1/trades?exchange=ftx"), 400, "INVALID_PARAMETERS");
    }

    @Test
    void streamsShowGapsResyncsAndContinuity() {
        // a gap: the next delta skips 103..104, then a fresh snapshot re-syncs the book
        collector.delta("BTCUSDT", 105, 106, "[]", "[]");
        collector.snapshot("BTCUSDT", 110, "[[\"101\",\"1\"]]", "[[\"102\",\"1\"]]");
        collector.view.continuity(() -> List.of(new Continuity(Exchange.BINANCE, "BTCUSDT", 7, 2)));
        JsonNode d = success(http.get("/api/v1/streams?exchange=binance"), "Streams retrieved successfully");
        assertThat(d).hasSize(2);
        JsonNode btc = d.get(0);
        assertThat(btc.get("symbol").asText()).isEqualTo("BTCUSDT");
        BookSynchronizer sync = collector.feed.read(p -> p.stream("BTCUSDT").book());
        assertThat(btc.get("book").get("gaps").asLong()).isEqualTo(sync.stats().gaps()).isEqualTo(1);
        assertThat(btc.get("book").get("resyncs").asLong()).isEqualTo(sync.stats().resyncs()).isEqualTo(1);
        assertThat(btc.get("book").get("last_loss_reason").asText()).startsWith("gap:");
        assertThat(btc.get("trades_backfilled").asLong()).isEqualTo(7);
        assertThat(btc.get("trades_missing").asLong()).isEqualTo(2);
        assertThat(btc.get("records").get("trade").asLong()).isEqualTo(2);
        assertThat(d.get(1).get("book").isNull()).isTrue();
        JsonNode book = success(http.get("/api/v1/books/binance/BTCUSDT"), "Order book retrieved successfully");
        assertThat(book.get("bids").toString()).isEqualTo("[[\"101\",\"1\"]]");
        assertThat(book.get("stats").get("gaps").asLong()).isEqualTo(1);
    }

    @Test
    void connectionsAndSinksComeFromTheirSuppliersWithoutSecrets() {
        Instant t = clock.instant();
        collector.view.connections(Exchange.BINANCE, () -> List.of(new ConnectionInfo(1,
                "wss://user:pw@stream.binance.com/stream?streams=btcusdt@trade&listenKey=abc123&signature=ff",
                ConnectionState.CONNECTED, t, 2, 77, t)));
        collector.view.sinks(() -> List.of(new SinkInfo("nats", "spooling", 12, 1000, 500, 450, 3, 4096, 40, t)));
        JsonNode c = success(http.get("/api/v1/connections"), "Connections retrieved successfully");
        JsonNode conn = c.get("binance").get(0);
        assertThat(conn.get("url").asText()).isEqualTo(
                "wss://***@stream.binance.com/stream?streams=btcusdt@trade&listenKey=***&signature=***");
        assertThat(conn.get("state").asText()).isEqualTo("connected");
        assertThat(conn.get("reconnects").asLong()).isEqualTo(2);
        JsonNode s = success(http.get("/api/v1/sinks"), "Sink state retrieved successfully").get(0);
        assertThat(s.get("name").asText()).isEqualTo("nats");
        assertThat(s.get("lag_records").asLong()).isEqualTo(50);
        assertThat(s.get("spool_bytes").asLong()).isEqualTo(4096);
        JsonNode stats = success(http.get("/api/v1/collector/stats"), "Collection statistics retrieved successfully");
        assertThat(stats.get("collection_stats").get("websocket_connections").asLong()).isEqualTo(1);
        JsonNode ex = success(http.get("/api/v1/collector/exchanges"), "Exchange status retrieved successfully");
        assertThat(ex.get("exchanges").get("binance").get("websocket_connected").asBoolean()).isTrue();
        assertThat(ex.get("exchanges").get("binance").get("reconnects").asLong()).isEqualTo(2);
        assertThat(http.get("/api/v1/connections").body()).doesNotContain("abc123", "pw@");
    }

    @Test
    void recordsByTypeMatchTheProcessor() {
        JsonNode d = success(http.get("/api/v1/collector/stats"), "Collection statistics retrieved successfully");
        for (RecordType t : RecordType.values()) {
            assertThat(d.get("records_by_type").get(t.id()).asLong()).as(t.id())
                    .isEqualTo(collector.processor.counters().records(t));
        }
    }

    @Test
    void dashboardDocumentKeepsTheBusiestStreamsAndTheChosenBook() {
        for (int i = 0; i < 205; i++) {
            collector.trade("S" + i + "USDT", "1.0", "1", true);
        }
        collector.trade("S7USDT", "1.1", "1", true);
        JsonNode d = success(http.get("/api/v1/dashboard?book=binance:BTCUSDT"),
                "Dashboard snapshot retrieved successfully");
        assertThat(d.get("streams_total").asInt()).isEqualTo(207);
        assertThat(d.get("streams")).hasSize(ApiServer.DASHBOARD_STREAMS);
        assertThat(d.get("streams").get(0).get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(d.get("streams").get(1).get("symbol").asText()).isEqualTo("S7USDT");
        assertThat(d.get("book").get("best_bid").toString()).isEqualTo("[\"100.15\",\"0.4\"]");
        assertThat(d.get("venues").get("binance").get("frames").asLong()).isEqualTo(213);
        assertThat(success(http.get("/api/v1/dashboard?book=nyse:IBM"), "Dashboard snapshot retrieved successfully")
                .get("book").isNull()).isTrue();
        assertThat(success(http.get("/api/v1/dashboard"), "Dashboard snapshot retrieved successfully")
                .get("book").get("symbol").asText()).as("the first synced book").isEqualTo("BTCUSDT");
    }
}
