package io.marketprism.service;

import io.marketprism.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ConnectionState;
import io.marketprism.service.CollectorView.SinkInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /health over time with an injected clock: grace → healthy → stale (503 with the reason) → degraded cases. */
class HealthTest {
    private static final Instant T0 = Instant.parse("2025-06-29T04:00:00Z");
    private MutableClock clock;
    private Collector collector;
    private ApiServer server;
    private Http http;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        collector = new Collector(clock, Exchange.BINANCE);
        server = new ApiServer(collector.view, ServiceSettings.loopback()).start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode health(int expectedStatus) {
        Http.Response r = http.get("/health");
        assertThat(r.status()).as(r.body()).isEqualTo(expectedStatus);
        JsonNode j = r.json();
        assertThat(j.get("service").asText()).isEqualTo("data-collector");
        assertThat(j.get("checks").get("service_status").get("status").asText()).isNotNull();
        return j;
    }

    private void freshData() {
        collector.snapshot("BTCUSDT", 100, "[[\"100\",\"1\"]]", "[[\"101\",\"1\"]]");
        collector.delta("BTCUSDT", 101, 101, "[[\"100\",\"2\"]]", "[]");
        collector.trade("BTCUSDT", "100.5", "1", true);
    }

    @Test
    void graceThenHealthyThenStaleWithTheReason() {
        clock.advance(Duration.ofSeconds(10));
        JsonNode starting = health(200);
        assertThat(starting.get("status").asText()).isEqualTo("starting");
        assertThat(starting.get("reasons").toString()).contains("binance: no records received yet (start-up grace period)");

        clock.advance(Duration.ofSeconds(55));
        freshData();
        JsonNode healthy = health(200);
        assertThat(healthy.get("status").asText()).isEqualTo("healthy");
        assertThat(healthy.get("readiness").asText()).isEqualTo("pass");
        assertThat(healthy.get("checks").get("binance.trade").get("status").asText()).isEqualTo("pass");
        assertThat(healthy.get("checks").get("binance.book").get("threshold_seconds").asLong()).isEqualTo(30);
        assertThat(healthy.get("checks").get("binance.books").get("result").asText()).isEqualTo("1 synced");
        assertThat(healthy.get("reasons")).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        JsonNode stale = health(503);
        assertThat(stale.get("status").asText()).isEqualTo("unhealthy");
        assertThat(stale.get("readiness").asText()).isEqualTo("fail");
        assertThat(stale.get("liveness").asText()).isEqualTo("pass");
        assertThat(stale.get("reasons").toString())
                .contains("binance book: newest record 31.0 s old, threshold 30 s")
                .doesNotContain("binance trade");
        assertThat(stale.get("checks").get("binance.book").get("age_seconds").asDouble()).isEqualTo(31.0);
        assertThat(http.get("/health/ready").status()).isEqualTo(503);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        JsonNode st = http.json("/api/v1/collector/status").get("data").get("health_indicators");
        assertThat(st.get("overall_health").asText()).isEqualTo("unhealthy");

        collector.delta("BTCUSDT", 102, 102, "[[\"100\",\"3\"]]", "[]");
        assertThat(health(200).get("status").asText()).isEqualTo("healthy");
        clock.advance(Duration.ofSeconds(30));
        assertThat(health(503).get("reasons").toString()).contains("binance trade: newest record 61.0 s old");
    }

    @Test
    void degradedWithinBoundsIs200() {
        clock.advance(Duration.ofSeconds(61));
        freshData();
        Instant t = clock.instant();
        List<ConnectionInfo> conns = new ArrayList<>(List.of(
                new ConnectionInfo(1, "wss://a", ConnectionState.CONNECTED, t, 0, 10, t),
                new ConnectionInfo(2, "wss://b", ConnectionState.BACKOFF, t, 3, 10, t)));
        collector.view.connections(Exchange.BINANCE, () -> conns);
        List<SinkInfo> sinks = new ArrayList<>(List.of(new SinkInfo("clickhouse", "spooling", 0, 100, 10, 5, 1,
                2048, 5, t)));
        collector.view.sinks(() -> sinks);
        JsonNode degraded = health(200);
        assertThat(degraded.get("status").asText()).isEqualTo("degraded");
        assertThat(degraded.get("reasons").toString()).contains("binance: 1 of 2 connections up (#2 backoff)",
                "sink clickhouse is spooling (queue 0, spool 2048 bytes)");

        // a gap: the book waits for a new snapshot
        collector.delta("BTCUSDT", 110, 110, "[]", "[]");
        assertThat(health(200).get("reasons").toString()).contains("binance: 1 of 1 books resyncing: BTCUSDT (gap:");

        sinks.set(0, new SinkInfo("clickhouse", "down", 100, 100, 10, 5, 9, 0, 0, t));
        assertThat(health(503).get("reasons").toString()).contains("sink clickhouse is down");
        sinks.clear();
        conns.replaceAll(c -> new ConnectionInfo(c.id(), c.url(), ConnectionState.DISCONNECTED, t, 1, 1, t));
        JsonNode down = health(503);
        assertThat(down.get("reasons").toString()).contains("binance: 0 of 2 connections up");
        assertThat(http.json("/api/v1/collector/exchanges").get("data").get("exchanges").get("binance")
                .get("status").asText()).isEqualTo("disconnected");
    }

    @Test
    void aCollectorWithoutVenuesIsUnhealthyAfterTheGrace() {
        try (ApiServer empty = new ApiServer(new IngestView(clock, "test"), ServiceSettings.loopback()).start()) {
            Http h = new Http(empty.port());
            assertThat(h.get("/health").status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(60));
            Http.Response r = h.get("/health");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("reasons").toString()).contains("collector not initialized");
        }
    }

    @Test
    void policyAndSettingsRejectBadValuesNamingKeyAndFix() {
        assertThatThrownBy(() -> new HealthPolicy(Map.of("trade", Duration.ZERO), Duration.ofSeconds(1)))
                .hasMessageContaining("'trade' must be a positive duration");
        assertThatThrownBy(() -> new HealthPolicy(Map.of(), Duration.ofSeconds(-1)))
                .hasMessageContaining("grace period must be >= 0");
        assertThat(HealthPolicy.defaults().freshness()).containsEntry("funding", Duration.ofSeconds(180))
                .containsEntry("open_interest", Duration.ofSeconds(120)).containsEntry("quote", Duration.ofSeconds(30));
        ServiceSettings s = ServiceSettings.defaults();
        assertThat(s.port()).isEqualTo(8084);
        assertThatThrownBy(() -> s.withAddress("127.0.0.1", 70000)).hasMessageContaining("API_PORT must be 0..65535");
        assertThatThrownBy(() -> s.withPushInterval(Duration.ofMillis(10))).hasMessageContaining(">= 50 ms");
    }
}
