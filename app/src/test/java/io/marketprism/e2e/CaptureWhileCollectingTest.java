package io.marketprism.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.capture.CaptureReader;
import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.connect.VenueSettings;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.replay.Replay;
import io.marketprism.runtime.Collector;
import io.marketprism.runtime.Sinks;
import io.marketprism.service.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect --capture DIR}: replaying the capture reproduces exactly the records the live run produced. */
@Timeout(120)
class CaptureWhileCollectingTest {
    @TempDir
    Path dir;

    @Test
    void replayOfTheCaptureReproducesTheLiveRecords() throws Exception {
        Emulator.Builder b = Emulator.builder().params(new MarketParams(21, 1.5, 50, 0.5, 0.05, 10_000, 10_000))
                .options(EmulatorOptions.defaults().withRate(40));
        b.venue(Exchange.BINANCE_FUTURES, List.of("BTCUSDT"));
        b.venue(Exchange.DERIBIT, List.of("BTC-PERPETUAL"));
        Path live = dir.resolve("live.jsonl");
        Path captureDir = dir.resolve("capture");
        try (Emulator emu = b.build().start()) {
            MarketPrismConfig base = MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(null, Map.of(
                    "MARKETPRISM_SPOOL__DIR", dir.resolve("spool").toString())).tree()));
            List<VenueSettings> venues = List.of(
                    VenueSettings.defaults(emu.endpoints(Exchange.BINANCE_FUTURES), List.of("BTCUSDT"),
                            MarketPrismConfig.defaultTypes(Exchange.BINANCE_FUTURES)),
                    VenueSettings.defaults(emu.endpoints(Exchange.DERIBIT), List.of("BTC-PERPETUAL"),
                            MarketPrismConfig.defaultTypes(Exchange.DERIBIT)));
            MarketPrismConfig config = new MarketPrismConfig("development", "INFO", "plain",
                    ServiceSettings.loopback(), venues, true, true, base.books(), List.of("jsonl:" + live),
                    base.pipeline(), base.nats(), null, null,
                    new MarketPrismConfig.Capture(captureDir, 1 << 20, Duration.ofSeconds(2)));
            try (Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.processors().stream()
                        .allMatch(p -> p.streams().stream().anyMatch(s -> s.book() != null && s.book().synced())));
                Thread.sleep(4_000); // long enough for a rotation
            }
        }
        List<Replay.Input> inputs = new ArrayList<>();
        for (Exchange ex : List.of(Exchange.BINANCE_FUTURES, Exchange.DERIBIT)) {
            try (Stream<Path> files = Files.list(captureDir.resolve(ex.id()))) {
                for (Path f : files.sorted().toList()) {
                    inputs.add(new Replay.Input(ex, CaptureReader.open(f), f.toString()));
                }
            }
        }
        assertThat(inputs.size()).as("rotated capture files").isGreaterThan(2);
        List<MarketRecord> replayed = new ArrayList<>();
        new Replay(replayed::add, MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(null, Map.of()).tree()))
                .books()).run(inputs, Replay.Progress.NONE);

        List<String> liveByVenue = new ArrayList<>();
        List<String> replayedByVenue = new ArrayList<>();
        for (Exchange ex : List.of(Exchange.BINANCE_FUTURES, Exchange.DERIBIT)) {
            for (String line : Files.readAllLines(live)) {
                if (RecordJson.read(line).exchange() == ex) {
                    liveByVenue.add(line);
                }
            }
            for (MarketRecord r : replayed) {
                if (r.exchange() == ex) {
                    replayedByVenue.add(RecordJson.write(r));
                }
            }
        }
        assertThat(liveByVenue).hasSizeGreaterThan(100);
        assertThat(replayedByVenue).as("replay of the capture = the live records, in order").isEqualTo(liveByVenue);
    }
}
