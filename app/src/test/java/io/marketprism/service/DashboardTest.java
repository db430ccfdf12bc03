package io.marketprism.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ConnectionState;
import io.marketprism.service.CollectorView.SinkInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live dashboard in a real headless Chromium: the page shows the same numbers as the API, follows new data
 * over Server-Sent Events without a reload, and a screenshot is saved to {@code target/dashboard.png}.
 */
class DashboardTest {
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static Collector binance;
    private static Collector us;
    private static ApiServer server;
    private static Http http;
    private static HeadlessChromium chromium;
    private static final AtomicLong sinkIn = new AtomicLong();
    private static long seq = 102;
    private static int tick;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "no " + HeadlessChromium.BINARY
                + ": install the Debian packages chromium and chromium-driver to run the dashboard test");
        Clock clock = Clock.systemUTC();
        binance = new Collector(clock, Exchange.BINANCE);
        us = new Collector(clock, Exchange.BINANCE_US, binance.view);
        Instant t0 = clock.instant();
        binance.view.connections(Exchange.BINANCE, () -> List.of(new ConnectionInfo(1, Collector.WS,
                ConnectionState.CONNECTED, t0, 0, 0, t0)));
        binance.view.connections(Exchange.BINANCE_US, () -> List.of(new ConnectionInfo(1,
                "wss://stream.binance.us:9443/stream", ConnectionState.CONNECTED, t0, 1, 0, t0)));
        binance.view.sinks(() -> List.of(new SinkInfo("duckdb", "up", 3, 8192, sinkIn.get(),
                Math.max(0, sinkIn.get() - 3), 0, 0, 0, clock.instant())));
        binance.standard();
        us.snapshot("ETHUSD", 50, "[[\"1999.5\",\"3\"],[\"1999\",\"8\"],[\"1998\",\"12\"]]",
                "[[\"2000.5\",\"2\"],[\"2001\",\"6\"],[\"2002\",\"15\"]]");
        ServiceSettings settings = ServiceSettings.loopback().withPushInterval(Duration.ofMillis(200))
                .withHealth(new HealthPolicy(HealthPolicy.defaults().freshness(), Duration.ZERO));
        server = new ApiServer(binance.view, settings).start();
        http = new Http(server.port());
        feed(Duration.ofMillis(1500));
        chromium = new HeadlessChromium(1400, 1000);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Live-like traffic: trades and book deltas on both venues every 40 ms. */
    private static void feed(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            tick++;
            seq++;
            String bidPrice = "100." + (10 + tick % 5);
            binance.delta("BTCUSDT", seq, seq, "[[\"" + bidPrice + "\",\"" + (tick % 7 + 1) + ".5\"]]",
                    "[[\"100." + (25 + tick % 4) + "\",\"" + (tick % 3 + 1) + "\"]]");
            binance.trade("BTCUSDT", "100.2" + tick % 10, "0.0" + (tick % 9 + 1), tick % 2 == 0);
            if (tick % 2 == 0) {
                us.trade("ETHUSD", "2000." + tick % 10, "0.5", tick % 4 == 0);
            }
            sinkIn.addAndGet(3);
            Thread.sleep(40);
        }
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", "").trim());
    }

    /** Differences between what the page shows and what the API answers now (empty when they agree). */
    private static List<String> mismatches() {
        List<String> out = new ArrayList<>();
        JsonNode ex = http.json("/api/v1/collector/exchanges").get("data").get("exchanges");
        for (String venue : List.of("binance", "binance-us")) {
            for (String f : List.of("frames", "records", "malformed", "websocket_messages")) {
                String dom = chromium.text("venue-" + venue + "-" + (f.equals("websocket_messages") ? "ws" : f));
                if (dom == null || number(dom) != ex.get(venue).get(f).asLong()) {
                    out.add(venue + " " + f + ": page " + dom + ", api " + ex.get(venue).get(f));
                }
            }
        }
        long total = http.json("/api/v1/status").get("data").get("collection_stats").get("total_collections")
                .asLong();
        String dom = chromium.text("total-records");
        if (dom == null || number(dom) != total) {
            out.add("total records: page " + dom + ", api " + total);
        }
        for (JsonNode s : http.json("/api/v1/streams").get("data")) {
            String k = "stream-" + s.get("exchange").asText().replace('-', '-') + "-" + s.get("symbol").asText();
            String trades = chromium.text(k + "-trades");
            if (trades == null || number(trades) != s.get("records").path("trade").asLong()) {
                out.add(k + " trades: page " + trades + ", api " + s.get("records").path("trade"));
            }
        }
        JsonNode book = http.json("/api/v1/books/binance/BTCUSDT").get("data");
        String bid = book.get("best_bid").get(0).asText() + " × " + book.get("best_bid").get(1).asText();
        String ask = book.get("best_ask").get(0).asText() + " × " + book.get("best_ask").get(1).asText();
        if (!bid.equals(chromium.text("book-best-bid")) || !ask.equals(chromium.text("book-best-ask"))) {
            out.add("best bid/ask: page " + chromium.text("book-best-bid") + " / " + chromium.text("book-best-ask")
                    + ", api " + bid + " / " + ask);
        }
        String price = http.json("/api/v1/trades?limit=1").get("data").get(0).get("price").asText();
        if (!price.equals(chromium.text("trade-0-price"))) {
            out.add("last trade: page " + chromium.text("trade-0-price") + ", api " + price);
        }
        String sinkOut = chromium.text("sink-duckdb-out");
        long apiOut = http.json("/api/v1/sinks").get("data").get(0).get("records_out").asLong();
        if (sinkOut == null || number(sinkOut) != apiOut) {
            out.add("sink out: page " + sinkOut + ", api " + apiOut);
        }
        return out;
    }

    @Test
    void thePageShowsTheApisNumbersAndFollowsNewData() throws Exception {
        chromium.navigate("http://127.0.0.1:" + server.port() + "/?book=binance:BTCUSDT");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> chromium.eval("Number(document.body.dataset.updates||0)").asInt() > 0);
        feed(Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> mismatches().isEmpty());

        assertThat(chromium.text("live")).isEqualTo("live");
        assertThat(chromium.text("health")).isEqualTo("healthy");
        assertThat(server.subscribers()).isGreaterThanOrEqualTo(1);
        assertThat(chromium.eval("document.querySelectorAll('#book-select option').length").asInt()).isEqualTo(2);
        assertThat(chromium.eval("document.querySelector('#rates-legend').textContent").asText())
                .contains("binance", "binance-us");

        // live: new trades show up without a reload
        long before = number(chromium.text("stream-binance-BTCUSDT-trades"));
        int updates = chromium.eval("Number(document.body.dataset.updates)").asInt();
        for (int i = 0; i < 5; i++) {
            binance.trade("BTCUSDT", "100.3" + i, "1", false);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                number(chromium.text("stream-binance-BTCUSDT-trades")) == before + 5);
        assertThat(chromium.eval("Number(document.body.dataset.updates)").asInt()).isGreaterThan(updates);
        assertThat(chromium.text("trade-0-price")).isEqualTo("100.34");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> mismatches().isEmpty());

        chromium.screenshot(SCREENSHOT);
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }
}
