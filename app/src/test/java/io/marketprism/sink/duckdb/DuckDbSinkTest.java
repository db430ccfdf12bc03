package io.marketprism.sink.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.Decimals;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.Trade;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.MarketRecord;
import io.marketprism.pipeline.SampleRecords;
import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSinkTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordTypeRoundTripsWithExactDecimals() throws Exception {
        List<MarketRecord> records = SampleRecords.everyType();
        try (DuckDbSink sink = DuckDbSink.open(dir.resolve("mp.duckdb"))) {
            sink.write(records);
            try (Statement s = sink.connection().createStatement()) {
                for (MarketRecord r : records) {
                    Table t = Tables.of(r.type());
                    List<String> exprs = new ArrayList<>();
                    t.columns().forEach(c -> exprs.add(c.type() == ColumnType.DATETIME
                            ? "epoch(" + c.name() + ")::BIGINT" : "CAST(" + c.name() + " AS VARCHAR)"));
                    try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + t.name())) {
                        assertThat(rs.next()).as(t.name()).isTrue();
                        for (int i = 0; i < t.columns().size(); i++) {
                            Column c = t.columns().get(i);
                            assertThat(rs.getString(i + 1)).as(t.name() + "." + c.name())
                                    .isEqualTo(expected(c, c.value(r)));
                        }
                        assertThat(rs.next()).isFalse();
                    }
                }
            }
        }
    }

    /** DuckDB's text of a value: decimals with 18 fractional digits, lists as [a, b], booleans true/false. */
    private static String expected(Column c, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return Tables.stored(b).toPlainString();
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(Tables.stored((BigDecimal) x).toPlainString()));
            return "[" + String.join(", ", parts) + "]";
        }
        return v.toString();
    }

    @Test
    void decimalsComeBackEqualToTheVenueText() throws Exception {
        try (DuckDbSink sink = DuckDbSink.open(dir.resolve("mp.duckdb"))) {
            sink.write(SampleRecords.everyType());
            try (Statement s = sink.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT price FROM trades")) {
                rs.next();
                assertThat(Decimals.canonical(rs.getBigDecimal(1)))
                        .isEqualTo("12345678901234567890.123456789012345678");
            }
        }
    }

    @Test
    void reinsertingABatchLeavesOneRowPerEventAndPortableQueriesWork() throws Exception {
        List<MarketRecord> batch = new ArrayList<>(SampleRecords.trades(0, 1000));
        batch.addAll(SampleRecords.trades(990, 20)); // duplicates inside the batch too
        try (DuckDbSink sink = DuckDbSink.open(dir.resolve("mp.duckdb"))) {
            sink.write(batch);
            sink.write(batch);
            sink.write(SampleRecords.everyType());
            sink.write(SampleRecords.everyType());
            try (Statement s = sink.connection().createStatement()) {
                // the portable form: count(*) works on ClickHouse and DuckDB (ClickHouse's count() does not here)
                try (ResultSet rs = s.executeQuery("SELECT exchange, count(*) AS n FROM trades GROUP BY exchange "
                        + "ORDER BY exchange")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("binance");
                    assertThat(rs.getLong(2)).isEqualTo(1010);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("okx");
                    assertThat(rs.getLong(2)).isEqualTo(1);
                }
                for (Table t : Tables.all()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.name()
                            + " WHERE exchange <> 'binance' OR symbol <> 'BTC-USDT' OR event_time IS NOT NULL")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(t.name()).isEqualTo(t.name().equals("trades") ? 1011 : 1);
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(DuckDbSchema.VERSION);
                }
            }
        }
        // reopening is idempotent and keeps the rows
        try (DuckDbSink sink = DuckDbSink.open(dir.resolve("mp.duckdb"));
             Statement s = sink.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM trades")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1011);
        }
    }

    /**
     * Batches of more than a row group per table are written straight into the file (DuckDB's optimistic writes);
     * a batch that fails after that (here a quote whose price does not fit Decimal(38,18), after 40,000 trades) still
     * leaves nothing behind, the sink goes on, and a row-group-sized retry adds nothing.
     */
    @Test
    void aFailedBatchLeavesNothingEvenAfterRowGroupsWereWrittenAndRetriesAddNothing() throws Exception {
        int n = 40_000;
        assertThat(n).isGreaterThan(2 * DuckDbSink.ROW_GROUP_SIZE);
        List<MarketRecord> trades = SampleRecords.trades(0, n);
        List<MarketRecord> failing = new ArrayList<>(trades);
        failing.add(new Quote(Exchange.BINANCE, MarketType.SPOT, "ETH-USDT", "ETHUSDT",
                new BigDecimal("123456789012345678901"), BigDecimal.ONE, null, null, SizeUnit.BASE, 7L, 0, 1));
        Path file = dir.resolve("groups.duckdb");
        try (DuckDbSink sink = DuckDbSink.open(file)) {
            assertThatThrownBy(() -> sink.write(failing)).hasMessageContaining("Decimal(38,18)")
                    .hasMessageContaining(file.toString());
            assertThat(count(sink, "trades")).isZero();
            sink.write(trades);
            sink.write(trades.subList(n / 2, n)); // an overlapping retry of row-group size
            assertThat(count(sink, "trades")).isEqualTo(n);
        }
        try (DuckDbSink sink = DuckDbSink.open(file)) {
            assertThat(count(sink, "trades")).isEqualTo(n);
            try (Statement s = sink.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('temp_directory')")) {
                rs.next();
                assertThat(rs.getString(1)).as("spills beside the file").isEqualTo(file + ".tmp");
            }
            try (Statement s = sink.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(DISTINCT trade_id), min(price), max(size) FROM trades")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(n);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("37000.12345678");
                assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("0.001");
            }
        }
    }

    /**
     * A batch DuckDB refuses (a trade without the price its NOT NULL column needs) fails while the next table's
     * columns are being built: the batch leaves nothing, those columns are freed (closing the sink checks that no
     * Arrow memory is left), and the next batch is written.
     */
    @Test
    void aBatchDuckDbRefusesLeavesNothingAndFreesTheColumnsBuiltMeanwhile() throws Exception {
        List<MarketRecord> refused = new ArrayList<>(SampleRecords.trades(0, 10));
        refused.add(new Trade(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT", "x1", Side.BUY, null,
                BigDecimal.ONE, BigDecimal.ONE, SizeUnit.BASE, null, false, 1, 1));
        refused.addAll(SampleRecords.everyType());
        DuckDbSink sink = DuckDbSink.open(dir.resolve("refused.duckdb"));
        assertThatThrownBy(() -> sink.write(refused)).hasMessageContaining("NOT NULL");
        assertThat(count(sink, "trades")).isZero();
        assertThat(count(sink, "book_deltas")).isZero();
        sink.write(SampleRecords.everyType());
        assertThat(count(sink, "book_deltas")).isEqualTo(1);
        sink.close(); // would throw if a chunk's Arrow buffers had not been freed
    }

    private static long count(DuckDbSink sink, String table) throws Exception {
        try (Statement s = sink.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Started without java.nio opened to Arrow (a -cp launch without the flag), the sink says what to add. */
    @Test
    void withoutTheAddOpensFlagTheSinkSaysWhichFlagToAdd() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("no-flag.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DuckDbHolder.class.getName(), dir.resolve("no-flag.duckdb").toString(), dir.resolve("x").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aFileHeldByAnotherProcessGivesAClearError() throws Exception {
        Path file = dir.resolve("held.duckdb");
        Path ready = dir.resolve("ready");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"),
                DuckDbHolder.class.getName(), file.toString(), ready.toString())
                .redirectErrorStream(true).redirectOutput(new File(dir.resolve("holder.log").toString())).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(ready) && System.nanoTime() < until && holder.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(ready).exists();
            assertThatThrownBy(() -> DuckDbSink.open(file))
                    .hasMessageContaining(file.toAbsolutePath().toString())
                    .hasMessageContaining("in use by another process");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
