package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.sink.schema.Tables;
import io.marketprism.testing.ClickHouseServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink when its server dies: writes fail in bounded time, then succeed once the server is back, nothing lost. */
@Timeout(120)
class ClickHouseServerFaultTest {
    private static ClickHouseServer server;

    @BeforeAll
    static void startServer() {
        server = ClickHouseServer.startNew();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void killedServerMakesWritesFailThenTheyResumeAfterRestart() throws IOException {
        ClickHouseSettings settings = ClickHouseSettings.fromSinkUri(server.sinkUri("fault"), null, null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
        ClickHouseSink sink = ClickHouseSink.open(settings, Clock.systemUTC());
        List<MarketRecord> first = ClickHouseTestRecords.trades(1_000, ClickHouseTestRecords.TS, "before");
        List<MarketRecord> second = ClickHouseTestRecords.trades(1_000, ClickHouseTestRecords.TS, "during");
        sink.write(first);

        server.kill();
        long start = System.nanoTime();
        assertThatThrownBy(() -> sink.write(second)).isInstanceOf(IOException.class)
                .hasMessageContaining(settings.baseUri().toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeouts")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(sink.failures()).isEqualTo(1);
        assertThat(sink.http().ping()).isFalse();

        server.start();
        sink.write(second); // the pipeline's retry of the failed batch
        ClickHouseQueries q = new ClickHouseQueries(sink.http());
        assertThat(q.countFinal(Tables.of(RecordType.TRADE))).isEqualTo(2_000);
        assertThat(sink.rows(RecordType.TRADE)).isEqualTo(2_000);
        assertThat(sink.failures()).isEqualTo(1);

        server.stop(); // a clean stop and start keep the data too
        server.start();
        assertThat(q.countFinal(Tables.of(RecordType.TRADE))).isEqualTo(2_000);
    }
}
