package io.marketprism.capture;

import static io.marketprism.capture.CaptureFormatTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cryptofeed importer on small synthetic captures written to a temporary folder. */
class CryptofeedCaptureTest {
    private static final String DERIBIT_WS = "wss://www.deribit.com/ws/api/v2";
    private static final String TRADES = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":"
            + "\"trades.BTC-PERPETUAL.raw\",\"data\":[{\"trade_seq\":1,\"price\":30000.5,\"amount\":10.0,"
            + "\"timestamp\":1652459225000,\"direction\":\"buy\"}]}}";

    @TempDir
    Path dir;

    private void file(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void exchangeOfMapsCryptofeedNames() {
        assertThat(CryptofeedCapture.exchangeOf("BINANCE")).isEqualTo(Exchange.BINANCE);
        assertThat(CryptofeedCapture.exchangeOf("BINANCE_US")).isEqualTo(Exchange.BINANCE_US);
        assertThat(CryptofeedCapture.exchangeOf("BINANCE_FUTURES")).isEqualTo(Exchange.BINANCE_FUTURES);
        assertThat(CryptofeedCapture.exchangeOf("BINANCE_DELIVERY")).isEqualTo(Exchange.BINANCE_DELIVERY);
        assertThat(CryptofeedCapture.exchangeOf("OKX")).isEqualTo(Exchange.OKX);
        assertThat(CryptofeedCapture.exchangeOf("OKEX")).isEqualTo(Exchange.OKX);
        assertThat(CryptofeedCapture.exchangeOf("DERIBIT")).isEqualTo(Exchange.DERIBIT);
        assertThatThrownBy(() -> CryptofeedCapture.exchangeOf("COINBASE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("COINBASE")
                .hasMessageContaining("BINANCE_FUTURES").hasMessageContaining("OKEX").hasMessageContaining("DERIBIT");
    }

    @Test
    void epochSecondsBecomeExactNanoseconds() {
        assertThat(CryptofeedCapture.epochNanos("1633998512.0633569")).isEqualTo(1_633_998_512_063_356_900L);
        assertThat(CryptofeedCapture.epochNanos("1633998512.320639")).isEqualTo(1_633_998_512_320_639_000L);
        assertThat(CryptofeedCapture.epochNanos("1652459225.2987883")).isEqualTo(1_652_459_225_298_788_300L);
        assertThat(CryptofeedCapture.epochNanos("1633998512")).isEqualTo(1_633_998_512_000_000_000L);
        assertThat(CryptofeedCapture.epochNanos("1.123456789")).isEqualTo(1_123_456_789L);
        assertThat(CryptofeedCapture.epochNanos("1.1234567899")).as("below a ns: truncated").isEqualTo(1_123_456_789L);
        assertThat(CryptofeedCapture.epochNanos("0.000000001")).isEqualTo(1L);
        for (String bad : new String[] {"", "abc", "1.", ".5", "1.2.3", "-1", "1e9", "12a", "1. 5",
                "99999999999999999999", "9223372037"}) {
            assertThat(CryptofeedCapture.epochNanos(bad)).as("'%s'", bad).isEqualTo(-1L);
        }
    }

    @Test
    void deribitWithCrlfRotationsTwoConnectionsAndNoTrailingNewline() throws IOException {
        file("DERIBIT.0", "https://www.deribit.com/api/v2/public/get_instruments?currency=BTC -> 1652459224.1: "
                + "{\"result\":[{\"instrument_name\":\"BTC-PERPETUAL\",\"tick_size\":0.5}]}\r\n"
                + "configuration: {\"trades\":[\"BTC-USD-PERP\"]}\r\n");
        file("DERIBIT.ws.1.0", DERIBIT_WS + " <-> 1652459224.5300605\r\n"
                + DERIBIT_WS + " <- 1652459225.0: {\"method\":\"public/subscribe\",\"params\":{\"channels\":"
                + "[\"trades.BTC-PERPETUAL.raw\"]}}\r\n"
                + "1652459225.25: " + TRADES + "\r\n");
        // rotation 1 of connection 1: no connect line, the URL carries over; no trailing newline
        file("DERIBIT.ws.1.1", "1652459226.5: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":[]}\r\n"
                + "\r\n"
                + "1652459227.000000001: {\"a\":1}");
        file("DERIBIT.ws.2.0", DERIBIT_WS + "?second <-> 1652459225.1\r\n"
                + "1652459226.0: {\"b\":2}\r\n");
        try (CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("DERIBIT"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.DERIBIT);
            assertThat(c.configuration().get("trades").get(0).asText()).isEqualTo("BTC-USD-PERP");
            List<Frame> frames = readAll(c);
            assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.REST_RESPONSE, FrameKind.CONNECT,
                    FrameKind.WS_OUT, FrameKind.CONNECT, FrameKind.WS_IN, FrameKind.WS_IN, FrameKind.WS_IN,
                    FrameKind.WS_IN);
            assertThat(frames).extracting(Frame::receiveTs).containsExactly(1_652_459_224_100_000_000L,
                    1_652_459_224_530_060_500L, 1_652_459_225_000_000_000L, 1_652_459_225_100_000_000L,
                    1_652_459_225_250_000_000L, 1_652_459_226_000_000_000L, 1_652_459_226_500_000_000L,
                    1_652_459_227_000_000_001L);
            assertThat(frames).extracting(Frame::connectionId).containsExactly(0, 1, 1, 2, 1, 2, 1, 1);
            assertThat(frames).extracting(Frame::url).containsExactly(
                    "https://www.deribit.com/api/v2/public/get_instruments?currency=BTC", DERIBIT_WS, DERIBIT_WS,
                    DERIBIT_WS + "?second", DERIBIT_WS, DERIBIT_WS + "?second", DERIBIT_WS, DERIBIT_WS);
            assertThat(frames.get(0).text())
                    .isEqualTo("{\"result\":[{\"instrument_name\":\"BTC-PERPETUAL\",\"tick_size\":0.5}]}");
            assertThat(frames.get(1).payload()).isEmpty();
            assertThat(frames.get(4).text()).isEqualTo(TRADES); // no CR left, exact text
            assertThat(frames.get(7).text()).isEqualTo("{\"a\":1}");
            assertThat(c.malformedLines()).isZero();
            assertThat(c.next()).isNull();
        }
    }

    @Test
    void binanceFuturesWithoutRestFileAndEqualTimesInFileOrder() throws IOException {
        String ws = "wss://fstream.binance.com/stream?streams=btcusdt@depth@100ms";
        String depth = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"T\":1,"
                + "\"s\":\"BTCUSDT\",\"U\":10,\"u\":12,\"pu\":9,\"b\":[[\"30000.10\",\"1.000\"]],\"a\":[]}}";
        String snapshot = "{\"lastUpdateId\":11,\"E\":1,\"T\":1,\"bids\":[[\"30000.10\",\"2.000\"]],\"asks\":[]}";
        file("BINANCE_FUTURES.ws.1.0", ws + " <-> 1700000000.5\n"
                + "1700000001.000: " + depth + "\n"
                + "1700000002: " + depth + "\n");
        file("BINANCE_FUTURES.http.0.0",
                "https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000 -> 1700000001: " + snapshot);
        // files of another venue and stray names in the same folder are ignored
        file("BINANCE.ws.1.0", "wss://other <-> 1.0\n");
        file("BINANCE_FUTURES.ws.x.0", "junk\n");
        file("BINANCE_FUTURES.txt", "junk\n");
        Files.createDirectory(dir.resolve("BINANCE_FUTURES.ws.3.0"));
        try (CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("BINANCE_FUTURES"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.BINANCE_FUTURES);
            assertThat(c.configuration()).isNull();
            List<Frame> frames = readAll(c);
            assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.CONNECT,
                    FrameKind.REST_RESPONSE, FrameKind.WS_IN, FrameKind.WS_IN);
            // the snapshot and a diff share 1700000001 s exactly: http files come before ws files
            assertThat(frames.get(1).receiveTs()).isEqualTo(frames.get(2).receiveTs())
                    .isEqualTo(1_700_000_001_000_000_000L);
            assertThat(frames.get(1).url()).isEqualTo("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
            assertThat(frames.get(1).connectionId()).isZero();
            assertThat(frames.get(1).text()).isEqualTo(snapshot);
            assertThat(frames.get(2).text()).isEqualTo(depth);
            assertThat(frames.get(3).url()).isEqualTo(ws);
        }
    }

    @Test
    void malformedLinesAreCountedAndSkipped() throws IOException {
        file("OKX.ws.1.0", "wss://ws.okx.com:8443/ws/v5/public <-> 1652459224.5300605\n"
                + "not a frame at all\n"
                + "abc: {\"x\":1}\n"
                + "wss://ws.okx.com:8443/ws/v5/public <~ 1652459225.1: {}\n"
                + "wss://ws.okx.com:8443/ws/v5/public <- notatime: {}\n"
                + "wss://ws.okx.com:8443/ws/v5/public <-> soon\n"
                + " <- 1652459225.1: {}\n"
                + "1652459225.2: pong\n"
                + "   \n");
        file("OKX.0", "configuration: {not json\n");
        try (CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("OKX"))) {
            assertThat(c.configuration()).isNull();
            List<Frame> frames = readAll(c);
            assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.CONNECT, FrameKind.WS_IN);
            assertThat(frames.get(1).text()).isEqualTo("pong");
            // 6 bad lines in the ws file and the configuration line that is not JSON
            assertThat(c.malformedLines()).isEqualTo(7);
        }
    }

    @Test
    void framesBeforeAnyConnectLineHaveAnEmptyUrl() throws IOException {
        file("OKEX.ws.4.2", "1652459225.2: {\"event\":\"subscribe\"}\n");
        try (CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("OKEX"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.OKX);
            Frame f = c.next();
            assertThat(f.url()).isEmpty();
            assertThat(f.connectionId()).isEqualTo(4);
            assertThat(c.next()).isNull();
        }
    }

    @Test
    void aPrefixWithoutFilesOrOfAnUnknownVenueIsRefused() throws IOException {
        file("BINANCE_US.ws.1.0", "wss://x <-> 1.0\n");
        assertThatThrownBy(() -> CryptofeedCapture.open(dir.resolve("BINANCE")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("BINANCE");
        assertThatThrownBy(() -> CryptofeedCapture.open(dir.resolve("nowhere").resolve("DERIBIT")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> CryptofeedCapture.open(dir.resolve("KRAKEN")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KRAKEN");
    }

    @Test
    void multiMegabyteLinesAreReadWhole() throws IOException {
        StringBuilder body = new StringBuilder("{\"symbols\":[");
        while (body.length() < 3_000_000) {
            body.append("{\"symbol\":\"BTCUSDT\",\"tickSize\":\"0.01000000\"},");
        }
        body.append("{}]}");
        file("BINANCE_DELIVERY.0", "https://dapi.binance.com/dapi/v1/exchangeInfo -> 1700000000.25: " + body
                + "\nhttps://dapi.binance.com/dapi/v1/exchangeInfo -> 1700000001.25: {\"small\":true}\n");
        try (CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("BINANCE_DELIVERY"))) {
            assertThat(c.exchange()).isEqualTo(Exchange.BINANCE_DELIVERY);
            Frame big = c.next();
            assertThat(big.payload()).hasSize(body.length());
            assertThat(big.text()).isEqualTo(body.toString());
            assertThat(c.next().text()).isEqualTo("{\"small\":true}");
            assertThat(c.next()).isNull();
        }
    }

    @Test
    void aPrefixMustNameFiles() {
        assertThatThrownBy(() -> CryptofeedCapture.open(dir.getRoot()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingEarlyReleasesFiles() throws IOException {
        file("DERIBIT.ws.1.0", DERIBIT_WS + " <-> 1.0\n1.5: {}\n2.5: {}\n");
        CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("DERIBIT"));
        assertThat(c.next().kind()).isEqualTo(FrameKind.CONNECT);
        c.close();
        assertThat(c.next()).as("already read ahead").isNotNull();
        assertThat(c.next()).isNull();
    }

    @Test
    void importedFramesRoundTripThroughOurFormat() throws IOException {
        file("DERIBIT.ws.1.0", DERIBIT_WS + " <-> 1652459224.5300605\n1652459225.25: " + TRADES + "\n");
        file("DERIBIT.0", "https://www.deribit.com/api/v2/public/get_instruments?currency=BTC -> 1652459224.1: {}\n");
        List<Frame> imported;
        try (CryptofeedCapture c = CryptofeedCapture.open(dir.resolve("DERIBIT"))) {
            imported = readAll(c);
        }
        Path own = dir.resolve("deribit.mpc");
        CaptureFormatTest.write(own, imported);
        CaptureFormatTest.assertSameFrames(CaptureFormatTest.readAll(own), imported);
    }
}
