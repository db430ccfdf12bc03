package io.marketprism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketprism.model.RecordType;
import io.marketprism.sink.clickhouse.ClickHouseHttp;
import io.marketprism.sink.clickhouse.ClickHouseQueries;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import io.marketprism.testing.ClickHouseServer;
import io.marketprism.testing.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's own example: {@code marketprism replay --format cryptofeed --sink clickhouse:http://HOST:PORT/DB
 * PREFIX} against a real clickhouse-server, and the same into the embedded DuckDB file. Every published record is
 * stored once; replaying the same capture again does not double anything in de-duplicated queries.
 */
class ReplayToStoresTest {
    private static ClickHouseServer clickhouse;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        clickhouse = ClickHouseServer.startNew();
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    private JsonNode replay(String sink, String summaryName) throws Exception {
        Path prefix = Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve("OKX");
        Path summary = dir.resolve(summaryName);
        ReplayCommandTest.Run r = ReplayCommandTest.run("replay", "--format", "cryptofeed", "--sink", sink,
                "--spool-dir", dir.resolve("spool").toString(), "--summary-json", summary.toString(),
                prefix.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(summary.toFile()).get("exchanges").get("okx").get("records");
    }

    @Test
    void replayIntoClickHouseStoresEveryRecordOnce() throws Exception {
        String uri = clickhouse.sinkUri("marketprism");
        JsonNode published = replay(uri, "ch1.json");
        replay(uri, "ch2.json");

        ClickHouseQueries q = new ClickHouseQueries(new ClickHouseHttp(ClickHouseSettings.fromSinkUri(uri)));
        long total = 0;
        for (RecordType t : RecordType.values()) {
            Table table = Tables.of(t);
            assertThat(q.countFinal(table)).as(table.name()).isEqualTo(published.get(t.id()).asLong());
            total += published.get(t.id()).asLong();
        }
        assertThat(total).isGreaterThan(300);
    }

    @Test
    void replayIntoDuckDbStoresEveryRecordOnce() throws Exception {
        Path db = dir.resolve("marketprism.duckdb");
        JsonNode published = replay("duckdb:" + db, "d1.json");
        replay("duckdb:" + db, "d2.json");

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            for (RecordType t : RecordType.values()) {
                Table table = Tables.of(t);
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.name())) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table.name()).isEqualTo(published.get(t.id()).asLong());
                }
            }
            // exact decimals: the last BTC-USDT trade price as text equals the venue's
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM trades WHERE native_symbol = 'BTC-USDT'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(69);
            }
        }
    }
}
