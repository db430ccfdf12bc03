package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Trade;
import io.marketprism.pipeline.Pipeline;
import io.marketprism.pipeline.PipelineSettings;
import io.marketprism.testing.ClickHouseServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insert shape through the real pipeline with default settings: at least 10,000 rows per insert under
 * load, and at most about one insert per second per table when idle.
 */
class ClickHouseBatchingTest {
    private static ClickHouseServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = ClickHouseServer.startNew();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Trade trade(int i) {
        return new Trade(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                Integer.toString(i), Side.BUY, new BigDecimal("30000.1"), new BigDecimal("0.001"),
                new BigDecimal("0.001"), SizeUnit.BASE, (long) i, false, 1_700_000_000_000_000L + i * 1000L,
                1_700_000_000_000_000_000L + i);
    }

    @Test
    void largeInsertsUnderLoadAndAboutOnePerSecondWhenIdle() throws Exception {
        ClickHouseSink sink = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(server.sinkUri("batching")),
                Clock.systemUTC());
        try (Pipeline pipeline = new Pipeline(List.of(sink), PipelineSettings.defaults(dir.resolve("spool")))) {
            // under load: 60,000 trades as fast as the producer can hand them over
            for (int i = 0; i < 60_000; i++) {
                pipeline.accept(trade(i));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sink.rows(RecordType.TRADE) < 60_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long loadInserts = sink.inserts(RecordType.TRADE);
            assertThat(sink.rows(RecordType.TRADE)).isEqualTo(60_000);
            assertThat(60_000 / loadInserts).as("rows per insert under load (" + loadInserts + " inserts)")
                    .isGreaterThanOrEqualTo(10_000);

            // idle: 10 records a second for 4 seconds
            for (int i = 0; i < 40; i++) {
                pipeline.accept(trade(100_000 + i));
                Thread.sleep(100);
            }
            Thread.sleep(1_200);
            long idleInserts = sink.inserts(RecordType.TRADE) - loadInserts;
            assertThat(sink.rows(RecordType.TRADE)).isEqualTo(60_040);
            assertThat(idleInserts).as("inserts in ~5 idle seconds").isBetween(3L, 6L);
        }
    }
}
