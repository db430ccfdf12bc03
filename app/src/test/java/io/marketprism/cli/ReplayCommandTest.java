package io.marketprism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketprism.model.Decimals;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.model.Trade;
import io.marketprism.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code marketprism replay} as a user runs it, on captures of every exchange id: the three real ones of the shared
 * fixtures, and captures written here in cryptofeed's format for the venues the fixtures lack (Binance USDⓈ-M and
 * COIN-M, Deribit), with consistent sequence chains whose final books are known.
 */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String err) {
    }

    /**
     * Runs the command; a replay without {@code --spool-dir} gets a temporary one (not ./data/spool), deleted
     * afterwards.
     */
    static Run run(String... args) {
        Path tempSpool = null;
        if (args.length > 0 && args[0].equals("replay") && !List.of(args).contains("--spool-dir")) {
            try {
                String[] withSpool = new String[args.length + 2];
                withSpool[0] = args[0];
                withSpool[1] = "--spool-dir";
                tempSpool = Files.createTempDirectory("replay-spool");
                withSpool[2] = tempSpool.toString();
                System.arraycopy(args, 1, withSpool, 3, args.length - 1);
                args = withSpool;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            deleteTree(tempSpool);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void binanceFuturesCaptureSyncsAndSummarizes() throws IOException {
        String url = "wss://fstream.binance.com/stream?streams=sushiusdt@aggTrade/sushiusdt@depth@100ms";
        write("BINANCE_FUTURES.ws.1.0",
                url + " <-> 1626992740.179554",
                // buffered before the snapshot: u < lastUpdateId, dropped as stale
                "1626992741.0: {\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741037,"
                        + "\"T\":1626992741024,\"s\":\"SUSHIUSDT\",\"U\":90,\"u\":95,\"pu\":89,"
                        + "\"b\":[[\"7.0000\",\"1\"]],\"a\":[]}}",
                // straddles the snapshot (U <= 100 <= u)
                "1626992741.2: {\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741140,"
                        + "\"T\":1626992741123,\"s\":\"SUSHIUSDT\",\"U\":96,\"u\":105,\"pu\":95,"
                        + "\"b\":[[\"7.6120\",\"303\"],[\"7.6100\",\"0\"]],\"a\":[[\"7.6160\",\"267\"]]}}",
                "1626992741.4: {\"stream\":\"sushiusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741575,"
                        + "\"a\":16599292,\"s\":\"SUSHIUSDT\",\"p\":\"7.6120\",\"q\":\"10\",\"f\":1,\"l\":2,"
                        + "\"T\":1626992741421,\"m\":false}}",
                "1626992741.5: {\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741240,"
                        + "\"T\":1626992741223,\"s\":\"SUSHIUSDT\",\"U\":106,\"u\":110,\"pu\":105,"
                        + "\"b\":[],\"a\":[[\"7.6150\",\"0\"]]}}",
                "1626992741.6: {\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741340,"
                        + "\"T\":1626992741323,\"s\":\"SUSHIUSDT\",\"U\":111,\"u\":120,\"pu\":110,"
                        + "\"b\":[[\"7.6000\",\"5\"]],\"a\":[]}}",
                "1626992741.7: {\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741",
                "1626992741.8: {\"stream\":\"sushiusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741675,"
                        + "\"a\":16599293,\"s\":\"SUSHIUSDT\",\"p\":\"7.6160\",\"q\":\"3.5\",\"f\":3,\"l\":3,"
                        + "\"T\":1626992741621,\"m\":true}}");
        write("BINANCE_FUTURES.http.0.0",
                "https://fapi.binance.com/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000 -> 1626992741.1: "
                        + "{\"lastUpdateId\":100,\"E\":1626992741100,\"T\":1626992741090,"
                        + "\"bids\":[[\"7.6100\",\"4\"],[\"7.6000\",\"9\"]],\"asks\":[[\"7.6150\",\"2\"],[\"7.6200\",\"8\"]]}");
        Path summary = dir.resolve("out/summary.json");
        Path records = dir.resolve("out/records.jsonl");

        Run r = run("replay", "--format", "cryptofeed", "--summary-json", summary.toString(),
                "--sink", "jsonl:" + records, dir.resolve("BINANCE_FUTURES").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(summary.toFile());
        assertThat(s.get("frames").asLong()).isEqualTo(8);
        assertThat(s.get("malformed").asLong()).as("the truncated frame").isEqualTo(1);
        JsonNode sushi = s.get("streams").get(0);
        assertThat(sushi.get("exchange").asText()).isEqualTo("binance-futures");
        assertThat(sushi.get("native_symbol").asText()).isEqualTo("SUSHIUSDT");
        assertThat(sushi.get("symbol").asText()).isEqualTo("SUSHI-USDT-PERP");
        assertThat(sushi.get("trades").asLong()).isEqualTo(2);
        assertThat(sushi.get("book_updates_applied").asLong()).isEqualTo(3);
        assertThat(sushi.get("gaps").asLong()).isZero();
        assertThat(sushi.get("book_synced").asBoolean()).isTrue();
        assertThat(sushi.get("final_book").toString()).isEqualTo(
                "{\"bids\":[[\"7.612\",\"303\"],[\"7.6\",\"5\"]],\"asks\":[[\"7.616\",\"267\"],[\"7.62\",\"8\"]]}");

        List<MarketRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(records)) {
            out.add(RecordJson.read(line));
        }
        List<Trade> trades = out.stream().filter(Trade.class::isInstance).map(Trade.class::cast).toList();
        assertThat(trades).extracting(t -> Decimals.canonical(t.size())).containsExactly("10", "3.5");
        assertThat(trades.get(1).receiveTs()).isEqualTo(1626992741800000000L);
        assertThat(r.err()).contains("replayed 8 frames (1 malformed)");
    }

    @Test
    void binanceDeliveryConvertsContracts() throws IOException {
        write("BINANCE_DELIVERY.ws.1.0",
                "wss://dstream.binance.com/stream?streams=btcusd_perp@aggTrade <-> 1600000000.0",
                "1600000001.0: {\"stream\":\"btcusd_perp@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1600000000900,"
                        + "\"a\":7,\"s\":\"BTCUSD_PERP\",\"p\":\"10000.0\",\"q\":\"5\",\"f\":1,\"l\":1,"
                        + "\"T\":1600000000800,\"m\":true}}");
        Path records = dir.resolve("delivery.jsonl");
        Path summary = dir.resolve("delivery.json");

        Run r = run("replay", "--format", "cryptofeed", "--sink", "jsonl:" + records, "--spool-dir",
                dir.resolve("spool").toString(), "--summary-json", summary.toString(),
                dir.resolve("BINANCE_DELIVERY").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        Trade t = (Trade) RecordJson.read(Files.readAllLines(records).get(0));
        // 5 contracts of 100 USD at 10000 USD = 0.05 BTC; the raw quantity stays
        assertThat(Decimals.canonical(t.size())).isEqualTo("0.05");
        assertThat(Decimals.canonical(t.rawSize())).isEqualTo("5");
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(JSON.readTree(summary.toFile()).get("streams").get(0).get("exchange").asText())
                .isEqualTo("binance-delivery");
    }

    @Test
    void deribitBookChainAndGap() throws IOException {
        String url = "wss://www.deribit.com/ws/api/v2";
        write("DERIBIT.ws.1.0",
                url + " <-> 1700000000.0",
                url + " <- 1700000000.1: {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/subscribe\","
                        + "\"params\":{\"channels\":[\"book.BTC-PERPETUAL.100ms\",\"trades.BTC-PERPETUAL.100ms\"]}}",
                "1700000000.2: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[\"book.BTC-PERPETUAL.100ms\"]}",
                book("snapshot", 10, null, "[[\"new\",37000.5,1000.0],[\"new\",37000.0,20]]",
                        "[[\"new\",37001.0,500]]", "1700000000.3"),
                book("change", 11, 10L, "[[\"delete\",37000.5,0]]", "[[\"change\",37001.0,250.0]]",
                        "1700000000.4"),
                "1700000000.5: {\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":"
                        + "\"trades.BTC-PERPETUAL.100ms\",\"data\":[{\"trade_seq\":5,\"trade_id\":\"77\","
                        + "\"timestamp\":1700000000450,\"price\":37001.0,\"instrument_name\":\"BTC-PERPETUAL\","
                        + "\"direction\":\"buy\",\"amount\":370.0}]}}",
                // change 13 follows 12, which was lost: a gap, the book is no longer trusted
                book("change", 13, 12L, "[[\"new\",36999.0,5]]", "[]", "1700000000.6"));

        Path summary = dir.resolve("deribit.json");
        Run r = run("replay", "--format", "cryptofeed", "--summary-json", summary.toString(),
                dir.resolve("DERIBIT").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(summary.toFile()).get("streams").get(0);
        assertThat(s.get("exchange").asText()).isEqualTo("deribit");
        assertThat(s.get("symbol").asText()).isEqualTo("BTC-USD-PERP");
        assertThat(s.get("trades").asLong()).isEqualTo(1);
        assertThat(s.get("book_updates_applied").asLong()).isEqualTo(1);
        assertThat(s.get("gaps").asLong()).isEqualTo(1);
        assertThat(s.get("book_synced").asBoolean()).isFalse();
        // a book that lost sync is discarded, never shown as if it were right
        assertThat(s.get("final_book").toString()).isEqualTo("{\"bids\":[],\"asks\":[]}");
        assertThat(JSON.readTree(summary.toFile()).get("exchanges").get("deribit").get("resync_requests").asLong())
                .isEqualTo(1);
    }

    private static String book(String type, long changeId, Long prev, String bids, String asks, String t) {
        return t + ": {\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":"
                + "\"book.BTC-PERPETUAL.100ms\",\"data\":{\"type\":\"" + type + "\",\"timestamp\":1700000000000,"
                + "\"instrument_name\":\"BTC-PERPETUAL\",\"change_id\":" + changeId
                + (prev == null ? "" : ",\"prev_change_id\":" + prev) + ",\"bids\":" + bids + ",\"asks\":" + asks
                + "}}}";
    }

    @Test
    void realCapturesOfAllThreeRecordedVenuesInOneRun() throws IOException {
        Path root = Fixtures.sharedRoot().resolve("cryptofeed-captures");
        Path summary = dir.resolve("all.json");
        Run r = run("replay", "--format", "cryptofeed", "--summary-json", summary.toString(),
                "--snapshot-interval-ms", "1000", "--snapshot-depth", "5",
                root.resolve("BINANCE").toString(), root.resolve("BINANCE_US").toString(),
                root.resolve("OKX").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(summary.toFile());
        assertThat(s.get("frames").asLong()).isEqualTo(270 + 485 + 435);
        assertThat(s.get("malformed").asLong()).isZero();
        assertThat(s.get("streams")).hasSize(11);
        s.get("streams").forEach(x -> assertThat(x.get("book_synced").asBoolean()).isTrue());
        assertThat(s.get("exchanges").get("okx").get("records").get("book_snapshot").asLong())
                .as("3 synced snapshots plus top-5 snapshots once per second of exchange time").isGreaterThan(3);
    }

    @Test
    void badArgumentsFailWithAClearMessage() {
        Run unknownSink = run("replay", "--format", "cryptofeed", "--sink", "kafka:x", dir.resolve("X").toString());
        assertThat(unknownSink.exit()).isEqualTo(2);

        Run missing = run("replay", "--format", "cryptofeed", dir.resolve("BINANCE").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("BINANCE");

        Run notAVenue = run("replay", "--format", "cryptofeed", dir.resolve("KRAKEN").toString());
        assertThat(notAVenue.exit()).isEqualTo(2);
        assertThat(notAVenue.err()).contains("KRAKEN");

        Run noExchange = run("replay", "--format", "capture", write0("capture.bin").toString());
        assertThat(noExchange.exit()).isEqualTo(2);
        assertThat(noExchange.err()).contains("--exchange");

        Run badInterval = run("replay", "--format", "cryptofeed", "--snapshot-interval-ms", "-1",
                dir.resolve("BINANCE").toString());
        assertThat(badInterval.exit()).isEqualTo(2);

        assertThat(run("--help").exit()).isZero();
        assertThat(run("--version").exit()).isZero();
    }

    private Path write0(String name) {
        try {
            return Files.write(dir.resolve(name), new byte[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
