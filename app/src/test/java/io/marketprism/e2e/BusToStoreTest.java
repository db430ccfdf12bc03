package io.marketprism.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketprism.cli.Main;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Trade;
import io.marketprism.pipeline.Pipeline;
import io.marketprism.pipeline.PipelineSettings;
import io.marketprism.pipeline.SinkStats;
import io.marketprism.sink.SinkUri;
import io.marketprism.sink.clickhouse.ClickHouseHttp;
import io.marketprism.sink.clickhouse.ClickHouseQueries;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.schema.Tables;
import io.marketprism.testing.ClickHouseServer;
import io.marketprism.testing.Fixtures;
import io.marketprism.testing.NatsServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out path with real servers: records → pipeline → NATS JetStream → {@code marketprism store} →
 * ClickHouse, with servers killed in the middle, and every accepted record counted in ClickHouse exactly once.
 */
@Timeout(240)
class BusToStoreTest {
    private static NatsServer nats;
    private static ClickHouseServer clickhouse;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        nats = NatsServer.create().start();
        clickhouse = ClickHouseServer.startNew();
    }

    @AfterAll
    static void stop() {
        if (nats != null) {
            nats.close();
        }
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    private static int run(String... args) {
        return Main.run(args);
    }

    private static ClickHouseQueries queries(String db) {
        return new ClickHouseQueries(new ClickHouseHttp(ClickHouseSettings.fromSinkUri(clickhouse.sinkUri(db))));
    }

    private static Trade trade(int i) {
        return new Trade(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                Integer.toString(i), i % 2 == 0 ? Side.BUY : Side.SELL, new BigDecimal("30000.1"),
                new BigDecimal("0.001"), new BigDecimal("0.001"), SizeUnit.BASE, (long) i, false,
                1_700_000_000_000_000L + i * 1_000L, 1_700_000_000_000_000_000L + i);
    }

    @Test
    void replayToTheBusThenStoreWritesEveryRecordOnceEvenWhenRepeated() throws Exception {
        Path prefix = Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve("OKX");
        Path summary = dir.resolve("summary.json");
        String[] replay = {"replay", "--format", "cryptofeed", "--sink", nats.url(), "--spool-dir",
                dir.resolve("spool").toString(), "--summary-json", summary.toString(), prefix.toString()};
        assertThat(run(replay)).isZero();
        assertThat(run(replay)).as("a second collector / a retry: de-duplicated by Nats-Msg-Id").isZero();
        String[] store = {"store", "--nats", nats.url(), "--clickhouse", clickhouse.sinkUri("bus"), "--durable",
                "replay-store", "--fetch-wait-ms", "200", "--metrics-port", "-1", "--until-idle"};
        assertThat(run(store)).isZero();

        JsonNode published = new ObjectMapper().readTree(summary.toFile()).get("exchanges").get("okx")
                .get("records");
        ClickHouseQueries q = queries("bus");
        for (RecordType t : RecordType.values()) {
            assertThat(q.countFinal(Tables.of(t))).as(t.id()).isEqualTo(published.get(t.id()).asLong());
            assertThat(q.countRaw(Tables.of(t))).as(t.id() + " physically once too").isEqualTo(
                    published.get(t.id()).asLong());
        }
    }

    @Test
    void natsKilledMidStreamThenClickHouseKilledUnderTheStoreAndNothingIsLostOrDoubled() throws Exception {
        int n = 20_000;
        String subjectPrefix = "";
        PipelineSettings settings = PipelineSettings.defaults(dir.resolve("spool"))
                .withQueue(4_096, 500, Duration.ofMillis(20)).withRetry(Duration.ofMillis(50), Duration.ofMillis(500));
        try (Pipeline pipeline = new Pipeline(List.of(SinkUri.nats(io.marketprism.sink.nats.NatsSettings
                .of(nats.url()).withStreams(List.of(SinkUri.defaultStream(subjectPrefix))))), settings)) {
            for (int i = 0; i < n; i++) {
                pipeline.accept(trade(i));
                if (i == n / 4) {
                    nats.kill();
                }
                if (i == n / 2) {
                    nats.start();
                }
            }
            pipeline.close(Duration.ofSeconds(90));
            SinkStats st = pipeline.stats().get(0);
            assertThat(st.recordsIn()).isEqualTo(n);
            assertThat(st.recordsOut()).as("every accepted record reached JetStream").isEqualTo(n);
            assertThat(st.spoolPendingRecords()).isZero();
        }

        // the store writes into ClickHouse; ClickHouse is killed while it works and comes back
        Thread storeThread = new Thread(() -> run("store", "--nats", nats.url(), "--clickhouse",
                clickhouse.sinkUri("faults"), "--durable", "fault-store", "--batch", "1000", "--fetch-wait-ms",
                "200", "--metrics-port", "0", "--until-idle"));
        storeThread.start();
        Thread.sleep(300);
        clickhouse.kill();
        Thread.sleep(1_000);
        clickhouse.start();
        storeThread.join(180_000);
        assertThat(storeThread.isAlive()).isFalse();
        // the stream also holds the other test's OKX records: count this test's venue
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseSettings.fromSinkUri(clickhouse.sinkUri("faults")));
        assertThat(http.queryLong("SELECT count() FROM faults.trades FINAL WHERE exchange = 'binance-futures'"))
                .isEqualTo(n);
        assertThat(http.queryLong("SELECT uniqExact(event_id) FROM faults.trades WHERE exchange = 'binance-futures'"))
                .isEqualTo(n);
    }
}
