package io.marketprism.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketprism.capture.CaptureReader;
import io.marketprism.capture.CaptureWriter;
import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.model.RecordType;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replays of the real recorded captures in the shared fixtures, end to end through adapters and books. */
class ReplayGoldenTest {

    /** A sink that keeps the JSON form of every record (so the test sees exactly what a sink would get). */
    static final class KeepingSink implements BatchSink {
        final List<String> json = new ArrayList<>();
        int flushes;

        @Override
        public void write(List<MarketRecord> batch) {
            batch.forEach(r -> json.add(RecordJson.write(r)));
            flushes++;
        }

        @Override
        public void close() {
        }

        @Override
        public String name() {
            return "keeping";
        }
    }

    static JsonNode replay(List<Replay.Input> inputs, KeepingSink sink) throws IOException {
        List<MarketRecord> records = new ArrayList<>();
        List<FrameProcessor> processors = new Replay(records::add, BookOptions.defaults()).run(inputs,
                Replay.Progress.NONE);
        sink.write(records);
        return ReplaySummary.build(processors, new ObjectMapper());
    }

    static Replay.Input cryptofeed(String name) throws IOException {
        Path prefix = Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve(name);
        CryptofeedCapture c = CryptofeedCapture.open(prefix);
        return new Replay.Input(c.exchange(), c, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BINANCE", "BINANCE_US"})
    void binanceSpotBooksSyncAndEqualAnIndependentReplay(String name) throws IOException {
        KeepingSink sink = new KeepingSink();
        JsonNode summary = replay(List.of(cryptofeed(name)), sink);

        assertThat(summary.get("malformed").asLong()).isZero();
        Map<String, List<List<String>>[]> oracle = BinanceSpotBookOracle.finalBooks(
                Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve(name), 10);
        assertThat(summary.get("streams")).hasSize(4);
        for (JsonNode s : summary.get("streams")) {
            String symbol = s.get("native_symbol").asText();
            assertThat(s.get("book_synced").asBoolean()).as(symbol).isTrue();
            assertThat(s.get("gaps").asLong()).as(symbol).isZero();
            assertThat(s.get("book_updates_applied").asLong()).as(symbol).isPositive();
            ObjectMapper m = new ObjectMapper();
            assertThat(m.convertValue(s.get("final_book").get("bids"), List.class)).as(symbol + " bids")
                    .isEqualTo(oracle.get(symbol)[0]);
            assertThat(m.convertValue(s.get("final_book").get("asks"), List.class)).as(symbol + " asks")
                    .isEqualTo(oracle.get(symbol)[1]);
        }
        // what the sink received adds up to the summary's counters
        JsonNode counters = summary.get("exchanges").elements().next();
        long published = 0;
        for (RecordType t : RecordType.values()) {
            published += counters.get("records").get(t.id()).asLong();
        }
        assertThat(sink.json).hasSize((int) published);
    }

    @Test
    void binanceNknUsdtMatchesTheRecordedFrames() throws IOException {
        KeepingSink sink = new KeepingSink();
        JsonNode summary = replay(List.of(cryptofeed("BINANCE")), sink);
        JsonNode nkn = stream(summary, "NKNUSDT");
        assertThat(nkn.get("symbol").asText()).isEqualTo("NKN-USDT");
        assertThat(nkn.get("exchange").asText()).isEqualTo("binance");
        assertThat(nkn.get("trades").asLong()).isEqualTo(1);
        // the first record of the stream is the snapshot it synced from (lastUpdateId 499869752 in BINANCE.http.0.0)
        String first = sink.json.stream().filter(j -> j.contains("\"native_symbol\":\"NKNUSDT\"")
                && j.startsWith("{\"type\":\"book_")).findFirst().orElseThrow();
        assertThat(first).startsWith("{\"type\":\"book_snapshot\"").contains("\"sequence\":499869752");
        // the only NKN aggTrade of the capture, exactly as sent
        String trade = sink.json.stream().filter(j -> j.startsWith("{\"type\":\"trade\"")
                && j.contains("NKNUSDT")).findFirst().orElseThrow();
        assertThat(trade).contains("\"trade_id\":\"15683430\"", "\"price\":\"0.3528\"", "\"size\":\"58\"",
                "\"side\":\"buy\"", "\"exchange_ts\":1633998523963000");
    }

    @Test
    void okxBooksPassEveryChecksum() throws IOException {
        JsonNode summary = replay(List.of(cryptofeed("OKX")), new KeepingSink());
        assertThat(summary.get("malformed").asLong()).isZero();
        assertThat(summary.get("streams")).hasSize(3);
        long updates = 0;
        for (JsonNode s : summary.get("streams")) {
            String symbol = s.get("native_symbol").asText();
            assertThat(s.get("book_synced").asBoolean()).as(symbol).isTrue();
            assertThat(s.get("checksum_failed").asLong()).as(symbol).isZero();
            // every update and the snapshot carry a non-zero CRC32 in this 2022 capture
            assertThat(s.get("checksum_ok").asLong()).as(symbol)
                    .isEqualTo(s.get("book_updates_applied").asLong() + 1);
            updates += s.get("book_updates_applied").asLong();
            JsonNode bids = s.get("final_book").get("bids");
            JsonNode asks = s.get("final_book").get("asks");
            assertThat(bids).hasSize(10);
            assertThat(new java.math.BigDecimal(bids.get(0).get(0).asText()))
                    .isLessThan(new java.math.BigDecimal(asks.get(0).get(0).asText()));
        }
        assertThat(updates).isEqualTo(287);
        JsonNode swap = stream(summary, "UNI-USD-SWAP");
        assertThat(swap.get("symbol").asText()).isEqualTo("UNI-USD-PERP");
        assertThat(stream(summary, "BTC-USDT").get("trades").asLong()).isEqualTo(69);
    }

    @Test
    void ourCaptureFormatReplaysToTheSameRecords(@TempDir Path dir) throws IOException {
        KeepingSink direct = new KeepingSink();
        JsonNode expected = replay(List.of(cryptofeed("OKX")), direct);

        Path file = dir.resolve("okx-capture.mpc");
        try (CaptureWriter w = CaptureWriter.open(file); CryptofeedCapture c = (CryptofeedCapture) cryptofeed("OKX")
                .source()) {
            Frame f;
            while ((f = c.next()) != null) {
                w.append(f);
            }
        }
        KeepingSink viaCapture = new KeepingSink();
        JsonNode actual = replay(List.of(new Replay.Input(io.marketprism.model.Exchange.OKX,
                CaptureReader.open(file), file.toString())), viaCapture);

        assertThat(viaCapture.json).isEqualTo(direct.json);
        assertThat(actual).isEqualTo(expected);
    }

    static JsonNode stream(JsonNode summary, String nativeSymbol) {
        for (JsonNode s : summary.get("streams")) {
            if (s.get("native_symbol").asText().equals(nativeSymbol)) {
                return s;
            }
        }
        throw new AssertionError("no stream " + nativeSymbol);
    }
}
