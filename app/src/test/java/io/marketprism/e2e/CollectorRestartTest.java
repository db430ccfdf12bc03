package io.marketprism.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.EventIds;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordJson;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code marketprism collect} as a real process: SIGTERM in the middle of a stream, start again, SIGTERM again.
 * Each stop drains the pipeline into the DuckDB file; afterwards the file holds exactly the records the two runs
 * accepted, each once.
 */
@Timeout(180)
class CollectorRestartTest {
    private static final Pattern CLOSED = Pattern.compile("sink duckdb closed: .*in=(\\d+), out=(\\d+), "
            + "queued=0, spoolPending=(\\d+)");

    @TempDir
    Path dir;

    private Process start(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"),
                "io.marketprism.cli.Main", "collect", "--config", config.toString(), "--stop-timeout", "30")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("MARKETPRISM_CONFIG");
        return pb.start();
    }

    private static long[] stop(Process p, Path log) throws Exception {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within the bound").isTrue();
        String text = Files.readString(log);
        Matcher m = CLOSED.matcher(text);
        assertThat(m.find()).as("drain report in the log:\n" + text).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static long rows(Path db) throws Exception {
        long total = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            for (Table t : Tables.all()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM " + t.name())) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(t.name() + " once each").isEqualTo(rs.getLong(2));
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }

    @Test
    void sigtermDrainsTheRestartGoesOnAndEveryAcceptedRecordIsStoredOnce() throws Exception {
        Emulator.Builder b = Emulator.builder().params(new MarketParams(11, 1.5, 50, 0.5, 0.05, 10_000, 10_000))
                .options(EmulatorOptions.defaults().withRate(50));
        b.venue(Exchange.BINANCE_FUTURES, List.of("BTCUSDT"));
        b.venue(Exchange.OKX, List.of("BTC-USDT-SWAP"));
        try (Emulator emu = b.build().start()) {
            Path db = dir.resolve("collect.duckdb");
            Path config = Files.writeString(dir.resolve("marketprism.yaml"), """
                    api: {host: 127.0.0.1, port: 0}
                    sinks: [duckdb:%s, jsonl:%s]
                    spool: {dir: %s}
                    venues:
                      binance-futures: {ws_url: %s, rest_url: %s, symbols: [BTCUSDT]}
                      okx: {ws_url: %s, rest_url: %s, symbols: [BTC-USDT-SWAP]}
                    """.formatted(db, dir.resolve("records.jsonl"), dir.resolve("spool"), emu.endpoints(Exchange.BINANCE_FUTURES).wsBase(),
                    emu.endpoints(Exchange.BINANCE_FUTURES).restBase(), emu.endpoints(Exchange.OKX).wsBase(),
                    emu.endpoints(Exchange.OKX).restBase()));
            long accepted = 0;
            for (int run = 1; run <= 2; run++) {
                Path log = dir.resolve("run" + run + ".log");
                Process p = start(config, log);
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                            Files.readString(log).contains("collecting 2 venue(s)"));
                    Thread.sleep(4_000);
                } finally {
                    if (p.isAlive()) {
                        long[] counts = stop(p, log);
                        assertThat(counts[0]).as("run " + run + " accepted records").isPositive();
                        assertThat(counts[1]).as("run " + run + ": everything accepted was written").isEqualTo(
                                counts[0]);
                        assertThat(counts[2]).as("nothing left in the spool").isZero();
                        accepted += counts[0];
                    }
                }
            }
            // the JSON-lines sink saw every accepted record; the store holds each venue event once (records of
            // both runs with the same identity, e.g. the same 5-minute ratio polled twice, are one event)
            List<String> lines = Files.readAllLines(dir.resolve("records.jsonl"));
            assertThat(lines).hasSize((int) accepted);
            long distinct = lines.stream().map(l -> EventIds.of(RecordJson.read(l))).distinct().count();
            assertThat(rows(db)).as("the file holds every accepted event once").isEqualTo(distinct);
        }
    }
}
