package io.marketprism.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.connect.VenueSettings;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.Exchange;
import io.marketprism.runtime.Collector;
import io.marketprism.runtime.Sinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of the demo set-up (emulator on all five exchange ids + collector + DuckDB) in a real headless
 * Chromium: after the market stops, the page shows the same per-venue numbers as the API. Saves a screenshot.
 */
@Timeout(150)
class DemoDashboardTest {
    private static final Path SCREENSHOT = Path.of("target", "demo-dashboard.png");

    @TempDir
    Path dir;

    @Test
    void theDemoDashboardShowsTheApisNumbers() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "no " + HeadlessChromium.BINARY
                + ": install the Debian packages chromium and chromium-driver to run the dashboard test");
        Map<Exchange, List<String>> symbols = io.marketprism.cli.DemoCommand.SYMBOLS;
        Emulator.Builder b = Emulator.builder().params(new MarketParams(5, 1.5, 100, 0.5, 0.05, 20_000, 20_000))
                .options(EmulatorOptions.defaults().withRate(30));
        symbols.forEach(b::venue);
        Emulator emulator = b.build().start();
        MarketPrismConfig base = MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(null, Map.of(
                "MARKETPRISM_SPOOL__DIR", dir.resolve("spool").toString())).tree()));
        List<VenueSettings> venues = new ArrayList<>();
        symbols.forEach((ex, s) -> venues.add(VenueSettings.defaults(emulator.endpoints(ex), s,
                MarketPrismConfig.defaultTypes(ex))));
        MarketPrismConfig config = new MarketPrismConfig("development", "INFO", "plain", ServiceSettings.loopback(),
                venues, true, true, base.books(), List.of("duckdb:" + dir.resolve("demo.duckdb")), base.pipeline(),
                base.nats(), null, null, null);
        try (Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC());
             HeadlessChromium chromium = new HeadlessChromium(1400, 1000)) {
            Http http = new Http(collector.apiPort());
            chromium.navigate("http://127.0.0.1:" + collector.apiPort() + "/?book=binance-futures:BTCUSDT");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    chromium.eval("Number(document.body.dataset.updates||0)").asInt() > 3);
            Thread.sleep(3_000);
            emulator.close(); // the market stops: numbers settle
            Thread.sleep(1_500);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode ex = http.json("/api/v1/collector/exchanges").get("data").get("exchanges");
                for (Exchange e : symbols.keySet()) {
                    for (String f : List.of("frames", "records", "malformed")) {
                        String dom = chromium.text("venue-" + e.id() + "-" + f);
                        if (dom == null || Long.parseLong(dom.replace(",", "").trim()) != ex.get(e.id()).get(f)
                                .asLong()) {
                            return false;
                        }
                    }
                }
                return true;
            });
            JsonNode ex = http.json("/api/v1/collector/exchanges").get("data").get("exchanges");
            for (Exchange e : symbols.keySet()) {
                assertThat(ex.get(e.id()).get("records").asLong()).as(e.id()).isPositive();
                assertThat(ex.get(e.id()).get("malformed").asLong()).as(e.id()).isZero();
            }
            chromium.screenshot(SCREENSHOT);
            assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
        }
    }
}
