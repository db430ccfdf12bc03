package io.marketprism.service;

import io.marketprism.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ConnectionState;
import io.marketprism.service.CollectorView.Continuity;
import io.marketprism.service.CollectorView.RestUsage;
import io.marketprism.service.CollectorView.SinkInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics: the original names and labels, the added families, values equal to the collector's counters. */
class MetricsTest {
    private MutableClock clock;
    private Collector collector;
    private ApiServer server;
    private Http http;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2025-06-29T04:00:00Z"));
        collector = new Collector(clock, Exchange.BINANCE);
        collector.standard();
        collector.delta("BTCUSDT", 105, 106, "[]", "[]"); // a gap
        Instant t = clock.instant();
        collector.view.connections(Exchange.BINANCE, () -> List.of(
                new ConnectionInfo(1, "wss://x", ConnectionState.CONNECTED, t, 4, 10, t)));
        collector.view.rest(Exchange.BINANCE, () -> new RestUsage(12, 340, 6000));
        collector.view.sinks(() -> List.of(new SinkInfo("duckdb", "up", 7, 8192, 100, 90, 0, 0, 0, t)));
        collector.view.continuity(() -> List.of(new Continuity(Exchange.BINANCE, "BTCUSDT", 5, 1)));
        clock.advance(Duration.ofSeconds(3));
        server = new ApiServer(collector.view, ServiceSettings.loopback()).start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The value of the sample {@code name} whose labels include all of {@code labels} ("k=\"v\""). */
    private static double value(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample " + name + " " + String.join(",", labels) + " in\n" + text);
    }

    @Test
    void originalNamesAndLabelsCarryTheCollectorsCounters() {
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        String m = r.body();
        assertThat(m).contains("# TYPE marketprism_messages_total counter", "# TYPE marketprism_errors_total counter",
                "# TYPE marketprism_processing_seconds histogram", "# TYPE marketprism_connection_status gauge");
        for (RecordType t : RecordType.values()) {
            assertThat(value(m, "marketprism_messages_total", "exchange=\"binance\"", "data_type=\"" + t.id() + "\"",
                    "status=\"success\"")).as(t.id()).isEqualTo(collector.processor.counters().records(t));
        }
        assertThat(value(m, "marketprism_messages_total", "status=\"error\"")).isEqualTo(1);
        assertThat(value(m, "marketprism_errors_total", "error_type=\"malformed_frame\"")).isEqualTo(1);
        assertThat(value(m, "marketprism_errors_total", "error_type=\"book_resync_request\"")).isEqualTo(1);
        assertThat(value(m, "marketprism_connection_status", "exchange=\"binance\"")).isEqualTo(1);
        // one processing observation per frame: 1 REST + 7 WebSocket (one of them the gap)
        double frames = 0;
        for (String type : List.of("book", "trade", "ticker", "none")) {
            frames += value(m, "marketprism_processing_seconds_count", "exchange=\"binance\"",
                    "data_type=\"" + type + "\"");
        }
        assertThat(frames).isEqualTo(8);
        assertThat(value(m, "marketprism_processing_seconds_bucket", "data_type=\"trade\"", "le=\"+Inf\""))
                .isEqualTo(3);
        assertThat(value(m, "marketprism_book_gaps_total", "exchange=\"binance\"")).isEqualTo(1);
        assertThat(value(m, "marketprism_books_synced", "exchange=\"binance\"")).isZero();
        assertThat(value(m, "marketprism_books", "exchange=\"binance\"")).isEqualTo(1);
        assertThat(value(m, "marketprism_book_resyncs_total", "exchange=\"binance\"")).isZero();
        assertThat(value(m, "marketprism_book_checksum_failures_total", "exchange=\"binance\"")).isZero();
        assertThat(value(m, "marketprism_trades_backfilled_total", "exchange=\"binance\"")).isEqualTo(5);
        assertThat(value(m, "marketprism_trades_missing_total", "exchange=\"binance\"")).isEqualTo(1);
        assertThat(value(m, "marketprism_reconnects_total", "connection=\"1\"")).isEqualTo(4);
        assertThat(value(m, "marketprism_rest_weight_used", "exchange=\"binance\"")).isEqualTo(340);
        assertThat(value(m, "marketprism_rest_weight_limit", "exchange=\"binance\"")).isEqualTo(6000);
        assertThat(value(m, "marketprism_queue_depth", "sink=\"duckdb\"")).isEqualTo(7);
        assertThat(value(m, "marketprism_spool_bytes", "sink=\"duckdb\"")).isZero();
        assertThat(value(m, "marketprism_sink_lag_records", "sink=\"duckdb\"")).isEqualTo(10);
        assertThat(value(m, "marketprism_sink_records_total", "sink=\"duckdb\"", "direction=\"out\"")).isEqualTo(90);
        assertThat(value(m, "marketprism_data_age_seconds", "data_type=\"trade\"")).isEqualTo(3);
        assertThat(value(m, "marketprism_frames_total", "kind=\"ws_in\"")).isEqualTo(7);
        assertThat(value(m, "marketprism_uptime_seconds")).isEqualTo(3);
        assertThat(m).contains("jvm_memory_used_bytes", "jvm_threads_current");

        // scraping twice does not double anything
        String again = http.get("/metrics").body();
        assertThat(value(again, "marketprism_messages_total", "data_type=\"trade\"", "status=\"success\""))
                .isEqualTo(3);
    }
}
