package io.marketprism.emulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every fault of a plan, seen from the client side and counted on the server side. */
@Timeout(60)
class FaultInjectionTest {
    static final Exchange SPOT = Exchange.BINANCE;
    static final Exchange FUT = Exchange.BINANCE_FUTURES;
    static final Exchange OKX = Exchange.OKX;
    static Emulator emu;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        FaultPlan plan = FaultPlan.parse("""
                # connection faults, by connection ordinal
                binance          1  close-after-frames  n=30
                binance          2  drop-frames         every=10 count=3
                binance          3  duplicate-frames    every=10 count=3
                binance          4  reorder-frames      every=10 count=3
                binance          5  malformed           every=10 count=3
                binance          6  stall               after=20
                binance          7  server-shutdown     after=20 grace-ms=100
                binance          8  close-at-age        age-ms=300
                binance          9  close-random        p=0.05 seed=3
                okx              1  server-shutdown     after=5 grace-ms=100
                binance-futures  rest status  code=429 retry-after=2 count=1 path=/fapi/v1/depth
                binance-futures  rest status  code=418 retry-after=120 count=1 path=/fapi/v1/openInterest
                binance-futures  rest slow    delay-ms=300 count=1 path=/fapi/v1/premiumIndex
                """, "test-plan");
        emu = Emulator.builder()
                .venue(SPOT, List.of("BTCUSDT"))
                .venue(FUT, List.of("BTCUSDT"))
                .venue(OKX, List.of("BTC-USDT-SWAP"))
                .params(MarketParams.defaults(5))
                .options(new EmulatorOptions(Duration.ofMillis(5), 4, Duration.ofSeconds(20), Duration.ofMinutes(3),
                        Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .truthOut(dir.resolve("truth.jsonl"), 10)
                .faults(plan).build().start();
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    /** Opens the spot connections in ordinal order (each waits for its first frame so ordinals are fixed). */
    private static List<EmuClient.Ws> openSpot(EmuClient client, int n) {
        List<EmuClient.Ws> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            EmuClient.Ws w = client.ws(emu.endpoints(SPOT).ws("/stream?streams=btcusdt@depth@100ms").toString());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !w.messages.isEmpty() || w.closed());
            out.add(w);
        }
        return out;
    }

    private static List<Long> ids(EmuClient.Ws w) {
        List<Long> out = new ArrayList<>();
        for (String m : w.messages) {
            int at = m.indexOf("\"u\":");
            if (at >= 0 && m.endsWith("}")) {
                out.add(Long.parseLong(m.substring(at + 4, m.indexOf(',', at))));
            }
        }
        return out;
    }

    @Test
    void connectionFaultsAreVisibleAndCounted() {
        try (EmuClient client = new EmuClient()) {
            List<EmuClient.Ws> c = openSpot(client, 9);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> c.get(1).messages.size() > 60
                    && c.get(2).messages.size() > 60 && c.get(3).messages.size() > 60 && c.get(4).messages.size() > 60
                    && c.get(0).closed() && c.get(6).closed() && c.get(7).closed() && c.get(8).closed());
            // close after 30 frames
            assertThat(c.get(0).messages).hasSize(30);
            assertThat(c.get(0).closeReason).contains("close-after-frames");
            // drops: sequence gaps (U > previous u + 1) exactly where frames were dropped
            List<Long> dropped = ids(c.get(1));
            long gaps = 0;
            for (int i = 1; i < dropped.size(); i++) {
                String m = c.get(1).messages.get(i);
                long first = Long.parseLong(m.substring(m.indexOf("\"U\":") + 4, m.indexOf(',', m.indexOf("\"U\":"))));
                if (first != dropped.get(i - 1) + 1) {
                    gaps++;
                }
            }
            assertThat(gaps).isEqualTo(3);
            // duplicates: the same update id twice in a row
            List<Long> dup = ids(c.get(2));
            assertThat(dup.size() - dup.stream().distinct().count()).isEqualTo(3);
            // reorder: an update id smaller than the one before it
            List<Long> re = ids(c.get(3));
            long backwards = 0;
            for (int i = 1; i < re.size(); i++) {
                if (re.get(i) < re.get(i - 1)) {
                    backwards++;
                }
            }
            assertThat(backwards).isEqualTo(3);
            // malformed: frames that are not JSON
            assertThat(c.get(4).messages.stream().filter(m -> EmuJson.parseOrNull(m) == null).count()).isEqualTo(3);
            // stall: exactly 20 frames, the connection stays open
            assertThat(c.get(5).messages).hasSize(20);
            assertThat(c.get(5).closed()).isFalse();
            // serverShutdown event, then the close
            assertThat(c.get(6).messages).anyMatch(m -> m.equals("{\"stream\":\"!serverShutdown\",\"data\":"
                    + m.substring(m.indexOf("{\"e\""), m.length() - 1) + "}") && m.contains("serverShutdown"));
            assertThat(c.get(6).closeReason).contains("server shutdown");
            assertThat(c.get(7).closeReason).contains("close-at-age");
            assertThat(c.get(8).closeReason).contains("close-random");

            FaultCounters f = emu.faultCounters();
            assertThat(f.get(SPOT, FaultPlan.Kind.CLOSE_AFTER_FRAMES)).isEqualTo(1);
            assertThat(f.get(SPOT, FaultPlan.Kind.DROP_FRAMES)).isEqualTo(3);
            assertThat(f.get(SPOT, FaultPlan.Kind.DUPLICATE_FRAMES)).isEqualTo(3);
            assertThat(f.get(SPOT, FaultPlan.Kind.REORDER_FRAMES)).isEqualTo(3);
            assertThat(f.get(SPOT, FaultPlan.Kind.MALFORMED)).isEqualTo(3);
            assertThat(f.get(SPOT, FaultPlan.Kind.STALL)).isEqualTo(1);
            assertThat(f.withheldFrames(SPOT)).isPositive();
            assertThat(f.get(SPOT, FaultPlan.Kind.SERVER_SHUTDOWN)).isEqualTo(1);
            assertThat(f.get(SPOT, FaultPlan.Kind.CLOSE_AT_AGE)).isEqualTo(1);
            assertThat(f.get(SPOT, FaultPlan.Kind.CLOSE_RANDOM)).isEqualTo(1);
            assertThat(emu.counters(SPOT).serverCloses()).isGreaterThanOrEqualTo(4);

            // the malformed frames are counted as malformed by our real pipeline, the rest parses
            EmuChecks checks = new EmuChecks(SPOT);
            checks.process(client.frames.stream().filter(fr -> fr.connectionId() == c.get(4).id).toList(),
                    new SyntheticMarket(SPOT, List.of("ETHUSDT"), MarketParams.defaults(1), java.time.Clock
                            .systemUTC()));
            assertThat(checks.processor.counters().malformed()).isEqualTo(3);
        }
    }

    @Test
    void okxShutdownNoticeThenClose() {
        try (EmuClient client = new EmuClient()) {
            EmuClient.Ws w = client.ws(emu.endpoints(OKX).ws("/ws/v5/public").toString());
            w.send("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT-SWAP\"}]}");
            w.await(m -> m.contains("64008"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(w::closed);
            assertThat(emu.faultCounters().get(OKX, FaultPlan.Kind.SERVER_SHUTDOWN)).isEqualTo(1);
        }
    }

    @Test
    void restFaultsCarryRetryAfterAndAreCounted() throws Exception {
        try (EmuClient client = new EmuClient()) {
            String base = emu.endpoints(FUT).rest("").toString();
            EmuClient.Rest first = client.get(base + "/fapi/v1/depth?symbol=BTCUSDT&limit=5");
            assertThat(first.status()).isEqualTo(429);
            assertThat(first.headers().firstValue("Retry-After")).contains("2");
            assertThat(first.body()).contains("-1003");
            assertThat(client.get(base + "/fapi/v1/depth?symbol=BTCUSDT&limit=5").status()).isEqualTo(200);
            EmuClient.Rest ban = client.get(base + "/fapi/v1/openInterest?symbol=BTCUSDT");
            assertThat(ban.status()).isEqualTo(418);
            assertThat(ban.headers().firstValue("Retry-After")).contains("120");
            long t0 = System.nanoTime();
            assertThat(client.get(base + "/fapi/v1/premiumIndex?symbol=BTCUSDT").status()).isEqualTo(200);
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            FaultCounters f = emu.faultCounters();
            assertThat(f.get(FUT, FaultPlan.Kind.REST_STATUS)).isEqualTo(2);
            assertThat(f.get(FUT, FaultPlan.Kind.REST_SLOW)).isEqualTo(1);
            assertThat(emu.counters(FUT).restErrors()).isEqualTo(2);
        }
    }

    @Test
    void truthFileHasTradesUpdatesAndBooks() throws Exception {
        List<String> lines = new ArrayList<>();
        // the writer buffers; read what is flushed so far after a bounded wait
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            lines.clear();
            lines.addAll(Files.readAllLines(dir.resolve("truth.jsonl")));
            return lines.stream().anyMatch(l -> l.contains("\"type\":\"book\""))
                    && lines.stream().anyMatch(l -> l.contains("\"type\":\"trade\""));
        });
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"book_update\"")).count()).isPositive();
    }

    @Test
    void planErrorsNameTheLineAndTheFix() {
        assertThatThrownBy(() -> FaultPlan.parse("binance 1 drop-frames", "p.txt"))
                .hasMessageContaining("p.txt line 1").hasMessageContaining("every=");
        assertThatThrownBy(() -> FaultPlan.parse("\nbinance rest drop-frames every=3", "p.txt"))
                .hasMessageContaining("line 2").hasMessageContaining("connections");
        assertThatThrownBy(() -> FaultPlan.parse("kraken 1 stall after=1", "p.txt"))
                .hasMessageContaining("unknown exchange 'kraken'");
        assertThatThrownBy(() -> FaultPlan.parse("okx 1 explode", "p.txt")).hasMessageContaining("allowed:");
        assertThatThrownBy(() -> FaultPlan.parse("okx rest status code=200", "p.txt"))
                .hasMessageContaining("code=200");
        assertThatThrownBy(() -> FaultPlan.parse("okx 0 stall after=1", "p.txt")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> FaultPlan.parse("okx 1 stall after=x", "p.txt")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> FaultPlan.parse("okx 1 stall after=1 foo=2", "p.txt"))
                .hasMessageContaining("no parameter 'foo'");
        assertThat(FaultPlan.parse("# nothing\n\n", "p").rules()).isEmpty();
    }
}
