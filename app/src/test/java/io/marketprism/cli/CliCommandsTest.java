package io.marketprism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The commands a user types: {@code config check}, {@code demo}, {@code collect}. */
@Timeout(120)
class CliCommandsTest {
    @TempDir
    Path dir;

    record Out(int exit, String out, String err) {
    }

    static Out run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Out(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path yaml(String text) throws Exception {
        return Files.writeString(dir.resolve("marketprism.yaml"), text);
    }

    @Test
    void configCheckValidatesAndMasksSecrets() throws Exception {
        Path ok = yaml("""
                api: {port: 9000}
                clickhouse: {user: writer, password: top-secret}
                venues:
                  okx: {symbols: [BTC-USDT], proxy: "http://proxyuser:proxy-pass@127.0.0.1:3128"}
                """);
        Out good = run("config", "check", "--config", ok.toString());
        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.out()).contains("# configuration OK: " + ok).contains("# venue okx: [BTC-USDT]")
                .contains("password: \"***\"").doesNotContain("top-secret")
                .contains("http://proxyuser:***@127.0.0.1:3128").doesNotContain("proxy-pass");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "venues:\n  okx: {symbols: [BTC-USDT], data_types: [trades, candles]}\n");
        Out refused = run("config", "check", "--config", bad.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("venues.okx.data_types[1]").contains("candles").contains("allowed");

        Path bundles = yaml("nats: {records_per_message: 200}\n");
        Out bundled = run("config", "check", "--config", bundles.toString());
        assertThat(bundled.exit()).as(bundled.err()).isZero();
        assertThat(bundled.out()).contains("records_per_message: 200");
        Path zero = Files.writeString(dir.resolve("zero.yaml"), "nats: {records_per_message: 0}\n");
        Out zeroRefused = run("config", "check", "--config", zero.toString());
        assertThat(zeroRefused.exit()).isEqualTo(2);
        assertThat(zeroRefused.err()).contains("nats.records_per_message").contains("0");
    }

    @Test
    void demoRunsOfflineAndWritesEveryVenue() throws Exception {
        Path cfg = yaml("""
                api: {host: 127.0.0.1, port: 0}
                spool: {dir: %s}
                """.formatted(dir.resolve("spool")));
        Path records = dir.resolve("demo.jsonl");
        Out demo = run("demo", "--config", cfg.toString(), "--sink", "jsonl:" + records, "--duration", "6");
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.err()).contains("demo: exchange emulator serving").contains("dashboard: http://127.0.0.1:");
        Set<Exchange> venues = Files.readAllLines(records).stream().map(RecordJson::read).map(MarketRecord::exchange)
                .collect(Collectors.toSet());
        assertThat(venues).containsAll(DemoCommand.SYMBOLS.keySet());
    }

    @Test
    void collectFollowsTheConfigurationAndStopsCleanly() throws Exception {
        Emulator.Builder b = Emulator.builder().params(new MarketParams(4, 1.5, 50, 0.5, 0.0, 10_000, 10_000))
                .options(EmulatorOptions.defaults().withRate(30));
        b.venue(Exchange.DERIBIT, List.of("BTC-PERPETUAL"));
        try (Emulator emu = b.build().start()) {
            Path cfg = yaml("""
                    api: {host: 127.0.0.1, port: 0}
                    spool: {dir: %s}
                    logging: {format: json}
                    venues:
                      deribit: {ws_url: %s, rest_url: %s, symbols: [BTC-PERPETUAL], data_types: [trades, book]}
                    """.formatted(dir.resolve("spool"), emu.endpoints(Exchange.DERIBIT).wsBase(),
                    emu.endpoints(Exchange.DERIBIT).restBase()));
            Path records = dir.resolve("collect.jsonl");
            Out collect = run("collect", "--config", cfg.toString(), "--sink", "jsonl:" + records,
                    "--capture", dir.resolve("capture").toString(), "--duration", "4");
            assertThat(collect.exit()).as(collect.err()).isZero();
            assertThat(Files.readAllLines(records)).isNotEmpty();
            assertThat(dir.resolve("capture").resolve("deribit")).isDirectory();
        } finally {
            io.marketprism.runtime.Logging.apply("WARN", "plain");
            assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                    org.slf4j.Logger.ROOT_LOGGER_NAME)).getAppender("JSON")).as("plain logs again").isNull();
        }
    }
}
