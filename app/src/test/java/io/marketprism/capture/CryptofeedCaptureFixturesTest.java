package io.marketprism.capture;

import static io.marketprism.capture.CaptureFormatTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.Exchange;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Golden tests over cryptofeed's recorded sample data (skipped when the shared folder is absent). */
class CryptofeedCaptureFixturesTest {

    private static Path prefix(String name) {
        return Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve(name);
    }

    private static Map<FrameKind, Integer> counts(List<Frame> frames) {
        Map<FrameKind, Integer> m = new EnumMap<>(FrameKind.class);
        frames.forEach(f -> m.merge(f.kind(), 1, Integer::sum));
        return m;
    }

    private static void assertTimeOrdered(List<Frame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).receiveTs()).as("frame %d", i).isGreaterThanOrEqualTo(frames.get(i - 1).receiveTs());
        }
    }

    /** Line {@code n} (1-based) of a fixture file, as written. */
    private static String line(String file, int n) throws IOException {
        try (var lines = Files.lines(prefix(file), StandardCharsets.UTF_8)) {
            return lines.skip(n - 1).findFirst().orElseThrow();
        }
    }

    @Test
    void binance() throws IOException {
        List<Frame> frames;
        try (CryptofeedCapture c = CryptofeedCapture.open(prefix("BINANCE"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.BINANCE);
            assertThat(c.configuration().get("l2_book").get(0).asText()).isEqualTo("NKN-USDT");
            assertThat(c.configuration().get("trades")).hasSize(4);
            frames = readAll(c);
            assertThat(c.malformedLines()).isZero();
        }
        assertThat(frames).hasSize(271);
        assertThat(counts(frames)).containsExactlyInAnyOrderEntriesOf(
                Map.of(FrameKind.REST_RESPONSE, 5, FrameKind.CONNECT, 1, FrameKind.WS_IN, 265));
        assertTimeOrdered(frames);

        Frame info = frames.get(0);
        assertThat(info.kind()).isEqualTo(FrameKind.REST_RESPONSE);
        assertThat(info.receiveTs()).isEqualTo(1_633_998_511_132_921_000L);
        assertThat(info.url()).isEqualTo("https://api.binance.com/api/v3/exchangeInfo");
        assertThat(info.connectionId()).isZero();
        assertThat(info.payload()).hasSize(1_860_807);
        assertThat(info.prefix(40)).isEqualTo("{\"timezone\":\"UTC\",\"serverTime\":163399851…");

        Frame connect = frames.get(1);
        assertThat(connect.kind()).isEqualTo(FrameKind.CONNECT);
        assertThat(connect.receiveTs()).isEqualTo(1_633_998_511_159_679_000L);
        assertThat(connect.connectionId()).isEqualTo(1);
        assertThat(connect.url()).startsWith("wss://stream.binance.com:9443/stream?streams=nknusdt@depth@100ms/")
                .endsWith("/runeeur@aggTrade");

        Frame firstDiff = frames.get(2);
        assertThat(firstDiff.kind()).isEqualTo(FrameKind.WS_IN);
        assertThat(firstDiff.receiveTs()).isEqualTo(1_633_998_512_063_356_900L);
        assertThat(firstDiff.url()).isEqualTo(connect.url());
        assertThat(firstDiff.connectionId()).isEqualTo(1);
        assertThat(firstDiff.text()).isEqualTo(line("BINANCE.ws.1.0", 2).substring("1633998512.0633569: ".length()));

        // the NKNUSDT snapshot (lastUpdateId 499869752) arrives after the first NKNUSDT diff (U 499869750) and
        // before the second: the replay must buffer diffs
        Frame snapshot = frames.get(3);
        assertThat(snapshot.kind()).isEqualTo(FrameKind.REST_RESPONSE);
        assertThat(snapshot.receiveTs()).isEqualTo(1_633_998_512_320_639_000L);
        assertThat(snapshot.url()).isEqualTo("https://api.binance.com/api/v3/depth?symbol=NKNUSDT&limit=1000");
        assertThat(snapshot.text()).startsWith("{\"lastUpdateId\":499869752,\"bids\":[[\"0.35210000\",\"672.00000000\"]");
        assertThat(frames.get(4).receiveTs()).isEqualTo(1_633_998_512_564_785_000L);
        assertThat(restIndexes(frames)).containsExactly(0, 3, 17, 31, 79);
        assertThat(frames.get(frames.size() - 1).receiveTs()).isEqualTo(1_633_998_542_077_861_800L);
    }

    @Test
    void binanceUs() throws IOException {
        List<Frame> frames;
        try (CryptofeedCapture c = CryptofeedCapture.open(prefix("BINANCE_US"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.BINANCE_US);
            assertThat(c.configuration().get("l2_book").get(0).asText()).isEqualTo("CRV-USDT");
            frames = readAll(c);
            assertThat(c.malformedLines()).isZero();
        }
        assertThat(frames).hasSize(486);
        assertThat(counts(frames)).containsExactlyInAnyOrderEntriesOf(
                Map.of(FrameKind.REST_RESPONSE, 5, FrameKind.CONNECT, 1, FrameKind.WS_IN, 480));
        assertTimeOrdered(frames);
        assertThat(frames).allSatisfy(f -> assertThat(f.url()).contains("binance.us"));
        assertThat(frames.get(0).receiveTs()).isEqualTo(1_633_998_274_500_393_000L);
        assertThat(frames.get(1).receiveTs()).isEqualTo(1_633_998_274_503_672_100L);
        assertThat(frames.get(2).receiveTs()).isEqualTo(1_633_998_274_723_671_000L);
        assertThat(frames.get(2).text()).startsWith("{\"stream\":\"compusdt@depth@100ms\"");
        assertThat(restIndexes(frames)).containsExactly(0, 3, 5, 8, 60);
        assertThat(frames.get(5).url()).isEqualTo("https://api.binance.us/api/v3/depth?symbol=OMGBUSD&limit=1000");
        assertThat(frames.get(5).receiveTs()).isEqualTo(1_633_998_275_092_400_800L);
    }

    @Test
    void okx() throws IOException {
        List<Frame> frames;
        try (CryptofeedCapture c = CryptofeedCapture.open(prefix("OKX"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.OKX);
            assertThat(c.configuration().get("l2_book").get(1).asText()).isEqualTo("UNI-USD-PERP");
            frames = readAll(c);
            assertThat(c.malformedLines()).isZero();
        }
        assertThat(frames).hasSize(439);
        assertThat(counts(frames)).containsExactlyInAnyOrderEntriesOf(Map.of(FrameKind.REST_RESPONSE, 25,
                FrameKind.CONNECT, 1, FrameKind.WS_OUT, 3, FrameKind.WS_IN, 410));
        assertTimeOrdered(frames);
        assertThat(frames.get(0).receiveTs()).isEqualTo(1_652_458_996_256_593_000L);
        assertThat(frames.get(0).url()).isEqualTo("https://www.okx.com/api/v5/public/instruments?instType=SPOT");
        assertThat(frames.get(1).receiveTs()).isEqualTo(1_652_458_996_525_855_500L);
        // all instrument lists were fetched before the connection was opened
        assertThat(restIndexes(frames)).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        Frame connect = frames.get(25);
        assertThat(connect.kind()).isEqualTo(FrameKind.CONNECT);
        assertThat(connect.receiveTs()).isEqualTo(1_652_459_224_530_060_500L);
        assertThat(connect.url()).isEqualTo("wss://ws.okx.com:8443/ws/v5/public");
        Frame subscribe = frames.get(26);
        assertThat(subscribe.kind()).isEqualTo(FrameKind.WS_OUT);
        assertThat(subscribe.receiveTs()).isEqualTo(1_652_459_225_298_788_300L);
        assertThat(subscribe.url()).isEqualTo(connect.url());
        assertThat(subscribe.text()).startsWith("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"tickers\"");
        assertThat(frames.subList(29, frames.size())).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FrameKind.WS_IN);
            assertThat(f.connectionId()).isEqualTo(1);
            assertThat(f.url()).isEqualTo("wss://ws.okx.com:8443/ws/v5/public");
        });
        assertThat(frames.get(frames.size() - 1).receiveTs()).isEqualTo(1_652_459_236_341_644_500L);
    }

    @Test
    void aCryptofeedCaptureConvertsLosslesslyToOurFormat() throws IOException {
        Path own = Files.createTempFile("okx", ".mpc");
        try {
            List<Frame> imported;
            try (CryptofeedCapture c = CryptofeedCapture.open(prefix("OKX"));
                    CaptureWriter w = CaptureWriter.open(own)) {
                imported = new ArrayList<>();
                for (Frame f = c.next(); f != null; f = c.next()) {
                    imported.add(f);
                    w.append(f);
                }
            }
            long raw = Files.size(prefix("OKX.0")) + Files.size(prefix("OKX.ws.1.0"));
            assertThat(Files.size(own)).isLessThan(raw / 4);
            CaptureFormatTest.assertSameFrames(CaptureFormatTest.readAll(own), imported);
        } finally {
            Files.deleteIfExists(own);
        }
    }

    private static List<Integer> restIndexes(List<Frame> frames) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).kind() == FrameKind.REST_RESPONSE) {
                out.add(i);
            }
        }
        return out;
    }
}
