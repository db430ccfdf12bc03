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

    private static Trade trade(int i) {
        return new Trade(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                Integer.toString(i), i % 2 == 0 ? Side.BUY : Side.SELL, new BigDecimal("30000.1"),
                new BigDecimal("0.001"), new BigDecimal("0.001"), SizeUnit.BASE, (long) i, false,
                1_700_000_000_000_000L + i * 1_000L, 1_700_000_000_000_000_000L + i);
    }

    private static Trade deliveryTrade(int i) {
        Trade t = trade(i);
        return new Trade(Exchange.BINANCE_DELIVERY, MarketType.PERPETUAL, t.symbol(), t.nativeSymbol(), t.tradeId(),
                t.side(), t.price(), t.size(), t.rawSize(), t.rawSizeUnit(), t.sequence(), t.liquidation(),
                t.exchangeTs(), t.receiveTs());
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
        // the stream is shared with the other tests (other venues): count OKX's rows
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseSettings.fromSinkUri(clickhouse.sinkUri("bus")));
        for (RecordType t : RecordType.values()) {
            String table = "bus." + Tables.of(t).name();
            assertThat(http.queryLong("SELECT count() FROM " + table + " FINAL WHERE exchange = 'okx'")).as(t.id())
                    .isEqualTo(published.get(t.id()).asLong());
            assertThat(http.queryLong("SELECT count() FROM " + table + " WHERE exchange = 'okx'"))
                    .as(t.id() + " physically once too").isEqualTo(published.get(t.id()).asLong());
        }
    }

    @Test
    void bundledReplayRetriedIsStoredOnceAndTheStreamHoldsBundles() throws Exception {
        // BINANCE, not OKX: the other replay test counts OKX rows physically, and bundles of a retry are other
        // messages than single records (only the store de-duplicates between the two forms)
        Path prefix = Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve("BINANCE");
        Path summary = dir.resolve("summary.json");
        String sink = nats.url() + "?records_per_message=50";
        String[] replay = {"replay", "--format", "cryptofeed", "--sink", sink, "--spool-dir",
                dir.resolve("spool").toString(), "--summary-json", summary.toString(), prefix.toString()};
        long before = streamMessages();
        assertThat(run(replay)).isZero();
        long bundles = streamMessages() - before;
        assertThat(run(replay)).as("a retry re-publishes the same bundles: duplicates to the server").isZero();
        assertThat(streamMessages() - before).isEqualTo(bundles);
        String[] store = {"store", "--nats", nats.url(), "--clickhouse", clickhouse.sinkUri("bundles"), "--durable",
                "bundle-store", "--fetch-wait-ms", "200", "--metrics-port", "-1", "--until-idle"};
        assertThat(run(store)).isZero();

        JsonNode published = new ObjectMapper().readTree(summary.toFile()).get("exchanges").get("binance")
                .get("records");
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseSettings.fromSinkUri(clickhouse.sinkUri("bundles")));
        long records = 0;
        for (RecordType t : RecordType.values()) {
            long expected = published.get(t.id()).asLong();
            records += expected;
            String table = "bundles." + Tables.of(t).name();
            assertThat(http.queryLong("SELECT count() FROM " + table + " FINAL WHERE exchange = 'binance'"))
                    .as(t.id()).isEqualTo(expected);
            assertThat(http.queryLong("SELECT count() FROM " + table + " WHERE exchange = 'binance'"))
                    .as(t.id() + " physically once: the retried bundles were duplicates on the bus").isEqualTo(expected);
        }
        assertThat(records).isGreaterThan(100);
        assertThat(bundles).as("records travelled in bundles").isLessThan(records / 10);
    }

    private static long streamMessages() throws Exception {
        try (io.nats.client.Connection c = io.nats.client.Nats.connect(nats.url())) {
            return c.jetStreamManagement().getStreamInfo(SinkUri.DEFAULT_STREAM).getStreamState().getMsgCount();
        } catch (io.nats.client.JetStreamApiException noStreamYet) {
            return 0;
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "records per message {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 100})
    void natsKilledMidStreamThenClickHouseKilledUnderTheStoreAndNothingIsLostOrDoubled(int perMessage)
            throws Exception {
        int n = 20_000;
        String subjectPrefix = "";
        String exchange = perMessage == 1 ? "binance-futures" : "binance-delivery";
        PipelineSettings settings = PipelineSettings.defaults(dir.resolve("spool-" + perMessage))
                .withQueue(4_096, 500, Duration.ofMillis(20)).withRetry(Duration.ofMillis(50), Duration.ofMillis(500));
        io.marketprism.sink.nats.NatsSettings ns = io.marketprism.sink.nats.NatsSettings.of(nats.url())
                .withStreams(List.of(SinkUri.defaultStream(subjectPrefix)));
        ns = ns.withPublish(ns.publish().withRecordsPerMessage(perMessage));
        try (Pipeline pipeline = new Pipeline(List.of(SinkUri.nats(ns)), settings)) {
            for (int i = 0; i < n; i++) {
                pipeline.accept(perMessage == 1 ? trade(i) : deliveryTrade(i));
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
                clickhouse.sinkUri("faults" + perMessage), "--durable", "fault-store-" + perMessage, "--batch", "1000",
                "--fetch-wait-ms",
                "200", "--metrics-port", "0", "--until-idle"));
        storeThread.start();
        Thread.sleep(300);
        clickhouse.kill();
        Thread.sleep(1_000);
        clickhouse.start();
        storeThread.join(180_000);
        assertThat(storeThread.isAlive()).isFalse();
        // the stream also holds the other test's OKX records: count this test's venue
        String db = "faults" + perMessage;
        ClickHouseHttp http = new ClickHouseHttp(ClickHouseSettings.fromSinkUri(clickhouse.sinkUri(db)));
        assertThat(http.queryLong("SELECT count() FROM " + db + ".trades FINAL WHERE exchange = '" + exchange + "'"))
                .isEqualTo(n);
        assertThat(http.queryLong("SELECT uniqExact(event_id) FROM " + db + ".trades WHERE exchange = '" + exchange
                + "'")).isEqualTo(n);
    }
}
