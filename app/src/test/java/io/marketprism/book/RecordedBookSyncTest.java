package io.marketprism.book;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Golden tests over real recorded traffic (cryptofeed raw captures in the shared fixtures; skipped when absent). The
 * frames are turned into snapshots/deltas here with a few lines of JSON reading (the venue adapters are built
 * elsewhere), then fed to a fast and a reference synchronizer side by side: both must agree step by step, and the
 * recorded streams must sync without any gap, checksum failure or crossed book.
 */
class RecordedBookSyncTest {

    /** One recorded event: a snapshot or a delta of one symbol, at its local receive time. */
    private record Event(double receiveTime, String symbol, BookSnapshot snapshot, BookDelta delta) {
    }

    /** A fast and a reference synchronizer fed the same events. */
    private static final class Pair {
        final BookSynchronizer fast;
        final BookSynchronizer ref;
        final List<SyncOutcome> outcomes = new ArrayList<>();
        final BookFixtures.RecordingListener listener = new BookFixtures.RecordingListener();

        Pair(SyncRule rule) {
            fast = new BookSynchronizer(rule, new FastOrderBook(), listener, 10_000);
            ref = new BookSynchronizer(rule, new ReferenceOrderBook(), new BookFixtures.RecordingListener(), 10_000);
        }

        void feed(Event e) {
            SyncOutcome a = e.snapshot != null ? fast.onSnapshot(e.snapshot) : fast.onDelta(e.delta);
            SyncOutcome b = e.snapshot != null ? ref.onSnapshot(e.snapshot) : ref.onDelta(e.delta);
            assertThat(a).as("fast and reference outcome at %s", e).isEqualTo(b);
            outcomes.add(a);
            for (Side side : Side.values()) {
                assertThat(fast.book().top(side, 50)).isEqualTo(ref.book().top(side, 50));
                assertThat(fast.book().depth(side)).isEqualTo(ref.book().depth(side));
            }
        }
    }

    private static List<String> lines(String file) throws IOException {
        Path path = Fixtures.sharedRoot().resolve("cryptofeed-captures").resolve(file);
        return Files.readAllLines(path, StandardCharsets.UTF_8);
    }

    private static List<BookLevel> levels(JsonNode array) {
        List<BookLevel> out = new ArrayList<>();
        for (JsonNode level : array) {
            out.add(BookLevel.of(level.get(0).asText(), level.get(1).asText()));
        }
        return out;
    }

    /** Binance Spot depth@100ms diffs plus the REST snapshots, merged by local receive time. */
    private static Map<String, Pair> replayBinance(String exchange, Exchange ex) throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : lines(exchange + ".ws.1.0")) {
            int at = line.indexOf(": {");
            if (at < 0 || !Character.isDigit(line.charAt(0))) {
                continue; // URL and connect lines
            }
            JsonNode msg = Json.parse(line.substring(at + 2));
            if (!msg.path("stream").asText().endsWith("@depth@100ms")) {
                continue;
            }
            JsonNode d = msg.get("data");
            String symbol = d.get("s").asText();
            events.add(new Event(Double.parseDouble(line.substring(0, at)), symbol, null,
                    new BookDelta(ex, MarketType.SPOT, symbol, symbol, levels(d.get("b")), levels(d.get("a")),
                            SizeUnit.BASE, d.get("U").asLong(), d.get("u").asLong(), null, null,
                            Json.msToMicros(d.get("E").asLong()), 0)));
        }
        for (String line : lines(exchange + ".http.0.0")) {
            if (line.isBlank()) {
                continue;
            }
            int arrow = line.indexOf(" -> ");
            int colon = line.indexOf(": ", arrow);
            String url = line.substring(0, arrow);
            String symbol = url.substring(url.indexOf("symbol=") + 7, url.indexOf('&', url.indexOf("symbol=")));
            JsonNode body = Json.parse(line.substring(colon + 2));
            events.add(new Event(Double.parseDouble(line.substring(arrow + 4, colon)), symbol,
                    new BookSnapshot(ex, MarketType.SPOT, symbol, symbol, levels(body.get("bids")),
                            levels(body.get("asks")), SizeUnit.BASE, body.get("lastUpdateId").asLong(), null, 0, 0),
                    null));
        }
        return replay(events, s -> new Pair(SyncRule.BINANCE_SPOT));
    }

    private static Map<String, Pair> replay(List<Event> events, Function<String, Pair> factory) {
        events.sort(Comparator.comparingDouble(Event::receiveTime)); // stable: file order within equal times
        Map<String, Pair> pairs = new LinkedHashMap<>();
        for (Event e : events) {
            pairs.computeIfAbsent(e.symbol, factory).feed(e);
        }
        return pairs;
    }

    private static Map<SyncOutcome, Integer> count(Pair p) {
        Map<SyncOutcome, Integer> out = new EnumMap<>(SyncOutcome.class);
        p.outcomes.forEach(o -> out.merge(o, 1, Integer::sum));
        return out;
    }

    private static void assertClean(Map<String, Pair> pairs, int symbols) {
        assertThat(pairs).hasSize(symbols);
        pairs.forEach((symbol, p) -> {
            BookStats s = p.fast.stats();
            assertThat(s.gaps()).as("%s gaps", symbol).isZero();
            assertThat(s.checksumFailed()).as("%s checksum failures", symbol).isZero();
            assertThat(s.crossed()).as("%s crossed", symbol).isZero();
            assertThat(s.bufferOverflows()).isZero();
            assertThat(p.fast.synced()).as("%s synced", symbol).isTrue();
            assertThat(p.listener.resyncReasons).isEmpty();
            assertThat(p.fast.stats().toString()).isEqualTo(p.ref.stats().toString());
        });
    }

    @Test
    void binanceSpotRecordingSyncsWithoutGaps() throws IOException {
        Map<String, Pair> pairs = replayBinance("BINANCE", Exchange.BINANCE);
        assertClean(pairs, 4);
        Pair nkn = pairs.get("NKNUSDT");
        // §2.6 worked example: snapshot 499869752 after the buffered 499869750..752 event, which is dropped
        assertThat(nkn.listener.synced).first().extracting(BookSnapshot::sequence).isEqualTo(499869752L);
        assertThat(nkn.fast.stats().stale()).isGreaterThanOrEqualTo(1);
        assertThat(nkn.listener.applied).first().extracting(BookDelta::firstSequence).isEqualTo(499869753L);
        // every applied delta continues the previous one: U == previous u + 1
        List<BookDelta> applied = nkn.listener.applied;
        for (int i = 1; i < applied.size(); i++) {
            assertThat(applied.get(i).firstSequence()).isEqualTo(applied.get(i - 1).sequence() + 1);
        }
        assertThat(nkn.fast.sequence()).isEqualTo(applied.get(applied.size() - 1).sequence());
        assertThat(nkn.fast.stats().updatesApplied()).isEqualTo(applied.size());
        // the snapshot's best bid text survives exactly (scale 8)
        assertThat(nkn.listener.synced.get(0).bids().get(0).price().toPlainString()).isEqualTo("0.35210000");
        assertThat(count(nkn).get(SyncOutcome.APPLIED)).isGreaterThan(100);
    }

    @Test
    void binanceUsRecordingSyncsWithoutGaps() throws IOException {
        Map<String, Pair> pairs = replayBinance("BINANCE_US", Exchange.BINANCE_US);
        assertClean(pairs, 4);
        assertThat(pairs.values().stream().mapToLong(p -> p.fast.stats().updatesApplied()).sum()).isPositive();
    }

    @Test
    void okxRecordingPassesEveryChecksum() throws IOException {
        List<Event> events = new ArrayList<>();
        int bookMessages = 0;
        for (String line : lines("OKX.ws.1.0")) {
            int at = line.indexOf(": {");
            if (at < 0 || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            JsonNode msg = Json.parse(line.substring(at + 2));
            if (!"books".equals(msg.path("arg").path("channel").asText()) || !msg.has("action")) {
                continue;
            }
            String inst = msg.get("arg").get("instId").asText();
            boolean snapshot = "snapshot".equals(msg.get("action").asText());
            for (JsonNode d : msg.get("data")) {
                bookMessages++;
                long checksum = d.get("checksum").asLong();
                long ts = Json.msToMicros(Long.parseLong(d.get("ts").asText()));
                double t = Double.parseDouble(line.substring(0, at));
                assertThat(d.has("seqId")).as("2022-05 data predates seqId").isFalse();
                events.add(snapshot
                        ? new Event(t, inst, new BookSnapshot(Exchange.OKX, MarketType.SPOT, inst, inst,
                        levels(d.get("bids")), levels(d.get("asks")), SizeUnit.BASE, null, checksum, ts, 0), null)
                        : new Event(t, inst, null, new BookDelta(Exchange.OKX, MarketType.SPOT, inst, inst,
                        levels(d.get("bids")), levels(d.get("asks")), SizeUnit.BASE, null, null, null, checksum,
                        ts, 0)));
            }
        }
        Map<String, Pair> pairs = replay(events, s -> new Pair(SyncRule.OKX));
        assertThat(bookMessages).isEqualTo(290); // 3 snapshots + 287 updates
        long ok = pairs.values().stream().mapToLong(p -> p.fast.stats().checksumOk()).sum();
        assertThat(ok).isEqualTo(bookMessages);
        pairs.forEach((inst, p) -> {
            assertThat(p.fast.stats().checksumFailed()).as(inst).isZero();
            assertThat(p.fast.stats().snapshotsApplied()).as(inst).isEqualTo(1);
            assertThat(p.fast.synced()).as(inst).isTrue();
            assertThat(p.listener.resyncReasons).isEmpty();
        });
        assertThat(pairs.keySet()).containsExactlyInAnyOrder("BTC-USD-220527", "UNI-USD-SWAP", "BTC-USDT");
    }
}
