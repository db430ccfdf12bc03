package io.marketprism.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.book.BookSynchronizer;
import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.connect.VenueSettings;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.FaultPlan;
import io.marketprism.emulate.InstrumentSim;
import io.marketprism.emulate.MarketParams;
import io.marketprism.emulate.TrueBook;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.model.Trade;
import io.marketprism.runtime.Collector;
import io.marketprism.runtime.Sinks;
import io.marketprism.service.ServiceSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live collection over real sockets against the exchange emulator, which the collector reaches only through its
 * configured base URLs. Checked against the generator's ground truth: trades collected equal trades generated
 * (after back-fill), and every published book snapshot equals the true book at its sequence.
 */
@Timeout(180)
class CollectorAgainstEmulatorTest {
    /** The demo's instruments: every exchange id. */
    private static final Map<Exchange, List<String>> SYMBOLS = io.marketprism.cli.DemoCommand.SYMBOLS;

    @TempDir
    Path dir;

    private MarketPrismConfig config(Emulator emulator, Map<Exchange, List<String>> symbols, Path jsonl) {
        MarketPrismConfig base = MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(null, Map.of(
                "MARKETPRISM_BOOKS__SNAPSHOTS", "500ms", "MARKETPRISM_BOOKS__SNAPSHOT_DEPTH", "10",
                "MARKETPRISM_SPOOL__DIR", dir.resolve("spool").toString(),
                "MARKETPRISM_PIPELINE__LINGER", "20ms")).tree()));
        List<VenueSettings> venues = new ArrayList<>();
        symbols.forEach((ex, s) -> venues.add(VenueSettings.defaults(emulator.endpoints(ex), s,
                MarketPrismConfig.defaultTypes(ex))));
        return new MarketPrismConfig("development", "INFO", "plain", ServiceSettings.loopback(), venues, true,
                true, base.books(), List.of("jsonl:" + jsonl, "duckdb:" + dir.resolve("live.duckdb")),
                base.pipeline(), base.nats(), null, null, null);
    }

    private static Emulator emulator(Map<Exchange, List<String>> symbols, FaultPlan faults) throws Exception {
        Emulator.Builder b = Emulator.builder().params(new MarketParams(7, 1.5, 100, 0.5, 0.05, 50_000, 50_000))
                .options(EmulatorOptions.defaults().withRate(50)).faults(faults);
        symbols.forEach(b::venue);
        return b.build().start();
    }

    private static List<MarketRecord> read(Path jsonl) throws Exception {
        List<MarketRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            out.add(RecordJson.read(line));
        }
        return out;
    }

    private static boolean allSynced(Collector c) {
        for (FrameProcessor p : c.processors()) {
            for (StreamState s : p.streams()) {
                BookSynchronizer b = s.book();
                if (b != null && !b.synced()) {
                    return false;
                }
            }
            if (p.streams().stream().noneMatch(s -> s.book() != null)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> levels(List<BookLevel> levels) {
        return levels.stream().map(l -> Decimals.canonical(l.price()) + "x" + Decimals.canonical(l.size())).toList();
    }

    /** Every published book snapshot equals the true book (top N) at its sequence. */
    private static int checkSnapshots(Emulator emulator, List<MarketRecord> records) {
        int checked = 0;
        for (MarketRecord r : records) {
            if (r instanceof BookSnapshot s && s.sequence() != null) {
                InstrumentSim sim = emulator.market(s.exchange()).simIgnoreCase(s.nativeSymbol());
                TrueBook truth = sim.bookAt(s.sequence());
                if (truth == null) {
                    continue; // older than the retained truth
                }
                int n = Math.max(s.bids().size(), s.asks().size());
                assertThat(levels(s.bids())).as(s.exchange().id() + " " + s.nativeSymbol() + " bids @" + s.sequence())
                        .isEqualTo(levels(truth.bids().subList(0, Math.min(n, truth.bids().size()))));
                assertThat(levels(s.asks())).as(s.exchange().id() + " " + s.nativeSymbol() + " asks @" + s.sequence())
                        .isEqualTo(levels(truth.asks().subList(0, Math.min(n, truth.asks().size()))));
                checked++;
            }
        }
        return checked;
    }

    @Test
    void everyVenueSyncsItsBooksAndTheApiServesLiveNumbers() throws Exception {
        Path jsonl = dir.resolve("records.jsonl");
        try (Emulator emulator = emulator(SYMBOLS, FaultPlan.none())) {
            MarketPrismConfig config = config(emulator, SYMBOLS, jsonl);
            Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> allSynced(collector));
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.processors().stream().allMatch(p ->
                        p.counters().records(io.marketprism.model.RecordType.TRADE) >= 5));
                HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + collector.apiPort() + "/api/v1/collector/exchanges")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(status.statusCode()).isEqualTo(200);
                for (Exchange ex : SYMBOLS.keySet()) {
                    assertThat(status.body()).contains("\"" + ex.id() + "\":{\"enabled\":true,\"websocket_connected\":true");
                }
                // every data type the venue offers arrives (pushes and REST polls)
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() ->
                        missingTypes(collector).isEmpty());
                for (FrameProcessor p : collector.processors()) {
                    assertThat(p.counters().malformed()).as(p.exchange().id()).isZero();
                    assertThat(p.counters().unknown()).as(p.exchange().id()).isEmpty();
                }
            } finally {
                collector.close(Duration.ofSeconds(30));
            }
            List<MarketRecord> records = read(jsonl);
            assertThat(checkSnapshots(emulator, records)).isGreaterThan(10);
            assertThat(records.stream().map(r -> r.exchange()).distinct()).hasSize(5);
        }
    }

    @Test
    void afterDroppedFramesAndForcedClosesTradesEqualTheGeneratedOnesAndBooksResync() throws Exception {
        Map<Exchange, List<String>> symbols = new LinkedHashMap<>();
        symbols.put(Exchange.BINANCE_FUTURES, List.of("BTCUSDT"));
        symbols.put(Exchange.DERIBIT, List.of("BTC-PERPETUAL"));
        FaultPlan faults = FaultPlan.parse("""
                binance-futures * drop-frames every=60 count=4
                binance-futures 1 close-after-frames n=400
                deribit 1 drop-frames every=50 count=3
                binance-futures rest status code=429 retry-after=1 count=1 path=/fapi/v1/depth
                """, "test");
        Path jsonl = dir.resolve("faults.jsonl");
        try (Emulator emulator = emulator(symbols, faults)) {
            MarketPrismConfig config = config(emulator, symbols, jsonl);
            Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        emulator.faultCounters().get(Exchange.BINANCE_FUTURES,
                                FaultPlan.Kind.CLOSE_AFTER_FRAMES) >= 1
                                && allSynced(collector) && collector.processors().stream().allMatch(p ->
                                p.streams().stream().anyMatch(s -> s.book() != null
                                        && s.book().stats().resyncs() >= 1)));
                Thread.sleep(3_000); // let back-fills finish
                // the faults happened and were repaired, and every one of them is counted
                assertThat(collector.continuity(Exchange.BINANCE_FUTURES).gaps()).isPositive();
                assertThat(collector.continuity(Exchange.BINANCE_FUTURES).backfilled()).isPositive();
                assertThat(collector.continuity(Exchange.BINANCE_FUTURES).notBackfilled()).isZero();
                // Deribit's dropped frames may all be book frames: whatever trades went missing were back-filled
                assertThat(collector.continuity(Exchange.DERIBIT).notBackfilled()).isZero();
                assertThat(collector.continuity(Exchange.DERIBIT).backfilled())
                        .isEqualTo(collector.continuity(Exchange.DERIBIT).missingDetected());
                assertThat(collector.sessions(Exchange.BINANCE_FUTURES).stream()
                        .mapToLong(s -> s.counters().reconnects()).sum()).isPositive();
                for (FrameProcessor p : collector.processors()) {
                    assertThat(p.streams().stream().filter(s -> s.book() != null)
                            .mapToLong(s -> s.book().stats().gaps()).sum()).as(p.exchange().id()).isPositive();
                }
            } finally {
                collector.close(Duration.ofSeconds(30));
            }
            List<MarketRecord> records = read(jsonl);
            for (Exchange ex : symbols.keySet()) {
                String symbol = symbols.get(ex).get(0);
                TreeSet<Long> ids = new TreeSet<>();
                for (MarketRecord r : records) {
                    if (r instanceof Trade t && t.exchange() == ex && t.sequence() != null) {
                        ids.add(t.sequence());
                    }
                }
                assertThat(ids).as(ex.id() + " trades").isNotEmpty();
                InstrumentSim sim = emulator.market(ex).simIgnoreCase(symbol);
                // the generator's trades in the collected range, by the venue's sequence (agg id / trade_seq)
                long first = ids.first();
                long last = ids.last();
                List<Long> truth = sim.tradesFrom(first, (int) (last - first + 1)).stream()
                        .map(p -> p.tradeId()).filter(id -> id <= last).toList();
                assertThat(new ArrayList<>(ids)).as(ex.id() + ": collected = generated, after back-fill")
                        .isEqualTo(truth);
            }
            assertThat(checkSnapshots(emulator, records)).isGreaterThan(5);
        }
    }

    @Test
    void stallsShutdownNoticesDuplicatesReorderingGarbageAndRestFaultsAreSurvivedAndCounted() throws Exception {
        Map<Exchange, List<String>> symbols = new LinkedHashMap<>();
        symbols.put(Exchange.BINANCE, List.of("BTCUSDT"));
        symbols.put(Exchange.OKX, List.of("BTC-USDT"));
        symbols.put(Exchange.DERIBIT, List.of("BTC-PERPETUAL"));
        FaultPlan faults = FaultPlan.parse("""
                binance 1 server-shutdown after=150 grace-ms=300
                binance 2 stall after=100
                okx 1 duplicate-frames every=25 count=3
                okx 1 reorder-frames every=40 count=2
                deribit 1 malformed every=30 count=2
                binance rest status code=429 retry-after=1 count=2 path=/api/v3/depth
                okx rest slow delay-ms=700 count=2
                """, "test");
        Path jsonl = dir.resolve("more-faults.jsonl");
        try (Emulator emulator = emulator(symbols, faults)) {
            MarketPrismConfig base = config(emulator, symbols, jsonl);
            // a short no-data watchdog so the stalled connection is noticed within the test
            List<VenueSettings> venues = base.venues().stream().map(v -> v.withSession(v.session()
                    .withWatchdog(Duration.ofSeconds(3)))).toList();
            MarketPrismConfig config = new MarketPrismConfig(base.environment(), base.logLevel(), base.logFormat(),
                    base.service(), venues, true, true, base.books(), base.sinks(), base.pipeline(), base.nats(),
                    null, null, null);
            Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC());
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && !(sessionsTotal(collector, Exchange.BINANCE, "watchdog") >= 1
                        && sessionsTotal(collector, Exchange.BINANCE, "switchOvers") >= 1
                        && emulator.faultCounters().get(Exchange.DERIBIT, FaultPlan.Kind.MALFORMED) >= 2
                        && emulator.faultCounters().get(Exchange.OKX, FaultPlan.Kind.REORDER_FRAMES) >= 2
                        && allSynced(collector))) {
                    Thread.sleep(250);
                }
                String faultsSeen = emulator.faultCounters().snapshot().toString();
                assertThat(sessionsTotal(collector, Exchange.BINANCE, "switchOvers")).as("serverShutdown switch-over; "
                        + faultsSeen).isPositive();
                assertThat(sessionsTotal(collector, Exchange.BINANCE, "watchdog")).as("stall noticed; " + faultsSeen)
                        .isPositive();
                assertThat(emulator.faultCounters().get(Exchange.DERIBIT, FaultPlan.Kind.MALFORMED)).isEqualTo(2);
                assertThat(emulator.faultCounters().get(Exchange.OKX, FaultPlan.Kind.REORDER_FRAMES)).isEqualTo(2);
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < until && !allSynced(collector)) {
                    Thread.sleep(200);
                }
                assertThat(unsynced(collector)).as("books not synced").isEmpty();
                for (FrameProcessor p : collector.processors()) {
                    long malformed = p.counters().malformed();
                    assertThat(malformed).as(p.exchange().id() + " malformed frames counted")
                            .isEqualTo(p.exchange() == Exchange.DERIBIT ? 2 : 0);
                }
            } finally {
                collector.close(Duration.ofSeconds(30));
            }
            assertThat(checkSnapshots(emulator, read(jsonl))).isGreaterThan(5);
            // duplicated frames reach the sinks twice (at least once); the store keeps one row per venue event
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"
                    + dir.resolve("live.duckdb")); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM trades")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive().isEqualTo(rs.getLong(2));
            }
        }
    }

    /** Record types each venue should deliver, by the data types it is configured with. */
    private static List<String> missingTypes(Collector c) {
        Map<io.marketprism.connect.DataType, List<io.marketprism.model.RecordType>> produces = Map.of(
                io.marketprism.connect.DataType.TRADES, List.of(io.marketprism.model.RecordType.TRADE),
                io.marketprism.connect.DataType.BOOK, List.of(io.marketprism.model.RecordType.BOOK_DELTA),
                io.marketprism.connect.DataType.QUOTE, List.of(io.marketprism.model.RecordType.QUOTE),
                io.marketprism.connect.DataType.TICKER, List.of(io.marketprism.model.RecordType.TICKER),
                io.marketprism.connect.DataType.FUNDING, List.of(io.marketprism.model.RecordType.FUNDING),
                io.marketprism.connect.DataType.OPEN_INTEREST, List.of(io.marketprism.model.RecordType.OPEN_INTEREST),
                io.marketprism.connect.DataType.LIQUIDATIONS, List.of(io.marketprism.model.RecordType.LIQUIDATION),
                io.marketprism.connect.DataType.LONG_SHORT_RATIO,
                List.of(io.marketprism.model.RecordType.LONG_SHORT_RATIO),
                io.marketprism.connect.DataType.VOLATILITY_INDEX,
                List.of(io.marketprism.model.RecordType.VOLATILITY_INDEX));
        List<String> missing = new ArrayList<>();
        for (FrameProcessor p : c.processors()) {
            for (io.marketprism.connect.DataType t : MarketPrismConfig.defaultTypes(p.exchange())) {
                for (io.marketprism.model.RecordType rt : produces.get(t)) {
                    if (p.counters().records(rt) == 0) {
                        missing.add(p.exchange().id() + ":" + rt.id());
                    }
                }
            }
        }
        return missing;
    }

    private static List<String> unsynced(Collector c) {
        List<String> out = new ArrayList<>();
        for (FrameProcessor p : c.processors()) {
            for (StreamState s : p.streams()) {
                if (s.book() != null && !s.book().synced()) {
                    out.add(p.exchange().id() + " " + s.key().nativeSymbol() + ": " + s.book().lastLossReason()
                            + " stats=" + s.book().stats());
                }
            }
        }
        return out;
    }

    private static long sessionsTotal(Collector c, Exchange ex, String what) {
        return c.sessions(ex).stream().mapToLong(s -> what.equals("watchdog") ? s.counters().watchdogTrips()
                : s.counters().switchOvers()).sum();
    }
}
