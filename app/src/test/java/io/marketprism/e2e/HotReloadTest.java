package io.marketprism.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import io.marketprism.runtime.Collector;
import io.marketprism.runtime.ConfigWatcher;
import io.marketprism.runtime.Sinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload of the configuration file while collecting from the emulator. */
@Timeout(120)
class HotReloadTest {
    @TempDir
    Path dir;

    private String yaml(Emulator emu, String okxSymbols, boolean deribit, String extra) {
        return """
                api: {host: 127.0.0.1, port: 0}
                sinks: [jsonl:%s]
                spool: {dir: %s}
                venues:
                  okx:
                    ws_url: %s
                    rest_url: %s
                    symbols: [%s]
                    data_types: [trades, book]
                  deribit:
                    enabled: %s
                    ws_url: %s
                    rest_url: %s
                    symbols: [BTC-PERPETUAL]
                    data_types: [trades, book]
                %s
                """.formatted(dir.resolve("records.jsonl"), dir.resolve("spool"), emu.endpoints(Exchange.OKX).wsBase(),
                emu.endpoints(Exchange.OKX).restBase(), okxSymbols, deribit,
                emu.endpoints(Exchange.DERIBIT).wsBase(), emu.endpoints(Exchange.DERIBIT).restBase(), extra);
    }

    private static MarketPrismConfig load(Path file) {
        return MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(file, Map.of()).tree()));
    }

    private static StreamState stream(Collector c, Exchange ex, String symbol) {
        for (FrameProcessor p : c.processors()) {
            if (p.exchange() == ex && p.stream(symbol) != null) {
                return p.stream(symbol);
            }
        }
        return null;
    }

    private static boolean synced(Collector c, Exchange ex, String symbol) {
        StreamState s = stream(c, ex, symbol);
        return s != null && s.book() != null && s.book().synced();
    }

    @Test
    void symbolsAndVenuesChangeWithoutARestartAndAnInvalidFileIsRejected() throws Exception {
        Emulator.Builder b = Emulator.builder().params(new MarketParams(3, 1.5, 50, 0.5, 0.0, 10_000, 10_000))
                .options(EmulatorOptions.defaults().withRate(40));
        b.venue(Exchange.OKX, List.of("BTC-USDT", "BTC-USDT-SWAP"));
        b.venue(Exchange.DERIBIT, List.of("BTC-PERPETUAL"));
        try (Emulator emu = b.build().start()) {
            Path file = dir.resolve("marketprism.yaml");
            Files.writeString(file, yaml(emu, "BTC-USDT", false, ""));
            MarketPrismConfig config = load(file);
            try (Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC());
                 ConfigWatcher watcher = new ConfigWatcher(file, Duration.ofMillis(100), () -> load(file),
                         collector::reconfigure)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> synced(collector, Exchange.OKX, "BTC-USDT"));
                assertThat(stream(collector, Exchange.OKX, "BTC-USDT-SWAP")).isNull();

                // add a symbol and a venue
                Files.writeString(file, yaml(emu, "BTC-USDT, BTC-USDT-SWAP", true, ""));
                await().atMost(Duration.ofSeconds(30)).until(() -> synced(collector, Exchange.OKX, "BTC-USDT-SWAP")
                        && synced(collector, Exchange.DERIBIT, "BTC-PERPETUAL"));
                assertThat(watcher.applied()).isEqualTo(1);

                // an invalid file is rejected, the running configuration stays and keeps collecting
                Files.writeString(file, yaml(emu, "BTC-USDT, BTC-USDT-SWAP", true, "pipeline: {max_batch: lots}"));
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.rejected() == 1);
                assertThat(watcher.lastError()).contains("pipeline.max_batch").contains("'lots'");
                long before = stream(collector, Exchange.DERIBIT, "BTC-PERPETUAL").records(RecordType.BOOK_DELTA);
                await().atMost(Duration.ofSeconds(10)).until(() -> stream(collector, Exchange.DERIBIT,
                        "BTC-PERPETUAL").records(RecordType.BOOK_DELTA) > before + 5);

                // remove a symbol: its updates stop, the other one carries on
                Files.writeString(file, yaml(emu, "BTC-USDT-SWAP", true, ""));
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.applied() == 2);
                Thread.sleep(500);
                long spot = stream(collector, Exchange.OKX, "BTC-USDT").records(RecordType.BOOK_DELTA);
                long swap = stream(collector, Exchange.OKX, "BTC-USDT-SWAP").records(RecordType.BOOK_DELTA);
                Thread.sleep(1_500);
                assertThat(stream(collector, Exchange.OKX, "BTC-USDT").records(RecordType.BOOK_DELTA))
                        .as("removed symbol").isEqualTo(spot);
                assertThat(stream(collector, Exchange.OKX, "BTC-USDT-SWAP").records(RecordType.BOOK_DELTA))
                        .as("kept symbol").isGreaterThan(swap);
            }
        }
    }
}
