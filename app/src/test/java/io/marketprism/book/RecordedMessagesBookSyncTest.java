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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tardis-node depth sequences of the shared message fixtures ({@code depth*} diffs with the generated
 * {@code depthSnapshot}), fed in file order per stream. They exercise the overlap rules of §2.6 and §3.5 with real
 * ids.
 */
class RecordedMessagesBookSyncTest {

    private static List<BookLevel> levels(JsonNode array) {
        List<BookLevel> out = new ArrayList<>();
        for (JsonNode level : array) {
            out.add(BookLevel.of(level.get(0).asText(), level.get(1).asText()));
        }
        return out;
    }

    /** Outcomes per stream, in file order. */
    private static Map<String, List<SyncOutcome>> replay(String file, Exchange ex, SyncRule rule,
                                                         Map<String, BookSynchronizer> syncs) {
        Map<String, List<SyncOutcome>> outcomes = new LinkedHashMap<>();
        for (Fixtures.RecordedMessage m : Fixtures.messages(file)) {
            if (m.isRest() || !m.source().startsWith("tardis") || !m.channel().startsWith("depth")
                    || m.channel().matches("depth\\d+")) {
                continue;
            }
            JsonNode msg = Json.parse(m.raw());
            String stream = msg.get("stream").asText();
            String symbol = stream.substring(0, stream.indexOf('@'));
            JsonNode d = msg.get("data");
            BookSynchronizer sync = syncs.computeIfAbsent(symbol,
                    s -> new BookSynchronizer(rule, new FastOrderBook(), new BookFixtures.RecordingListener(), 100));
            SyncOutcome outcome;
            if (m.channel().equals("depthSnapshot")) {
                outcome = sync.onSnapshot(new BookSnapshot(ex, MarketType.SPOT, symbol, symbol, levels(d.get("bids")),
                        levels(d.get("asks")), SizeUnit.BASE, d.get("lastUpdateId").asLong(), null, 0, 0));
            } else {
                outcome = sync.onDelta(new BookDelta(ex, MarketType.SPOT, symbol, symbol, levels(d.get("b")),
                        levels(d.get("a")), SizeUnit.BASE, d.get("U").asLong(), d.get("u").asLong(),
                        d.has("pu") ? d.get("pu").asLong() : null, null, Json.msToMicros(d.get("E").asLong()), 0));
            }
            outcomes.computeIfAbsent(symbol, s -> new ArrayList<>()).add(outcome);
        }
        return outcomes;
    }

    @Test
    void binanceSpotSnapshotBridging() {
        Map<String, BookSynchronizer> syncs = new LinkedHashMap<>();
        Map<String, List<SyncOutcome>> outcomes = replay("binance.ndjson", Exchange.BINANCE, SyncRule.BINANCE_SPOT,
                syncs);
        // btcusdc: snapshot 16084251, then U=16084252 continues it
        assertThat(outcomes.get("btcusdc")).containsExactly(SyncOutcome.SNAPSHOT_APPLIED, SyncOutcome.APPLIED);
        // gntbtc: 41603407..413 (stale for L=41603417) and 41603414..418 (straddles L+1) are buffered; after the
        // snapshot the overlapping 41603417..419 (U <= B+1 = 41603419) still applies
        assertThat(outcomes.get("gntbtc")).containsExactly(SyncOutcome.BUFFERED, SyncOutcome.BUFFERED,
                SyncOutcome.SNAPSHOT_APPLIED, SyncOutcome.APPLIED);
        BookSynchronizer gnt = syncs.get("gntbtc");
        assertThat(gnt.stats().stale()).isEqualTo(1);
        assertThat(gnt.sequence()).isEqualTo(41603419L);
        assertThat(gnt.book().best(Side.BUY)).isEqualTo(BookLevel.of("0.00002248", "114.00000000"));
        assertThat(gnt.book().top(Side.SELL, 10)).extracting(l -> l.price().toPlainString())
                .doesNotContain("0.00002257").contains("0.00002262");
        syncs.values().forEach(s -> assertThat(s.stats().gaps()).isZero());
    }

    @Test
    void binanceDeliveryPuChain() {
        Map<String, BookSynchronizer> syncs = new LinkedHashMap<>();
        Map<String, List<SyncOutcome>> outcomes = replay("binance-delivery.ndjson", Exchange.BINANCE_DELIVERY,
                SyncRule.BINANCE_FUTURES, syncs);
        // snapshot 37471290, then U=37471290 <= L <= u=37471292 applies; the next recorded event (pu=37471321) is
        // an excerpt ~30 ids later, so the recording itself has a hole there: a gap, detected as such
        assertThat(outcomes.get("btcusd_200925")).containsExactly(SyncOutcome.SNAPSHOT_APPLIED, SyncOutcome.APPLIED,
                SyncOutcome.GAP);
        BookSynchronizer s = syncs.get("btcusd_200925");
        assertThat(s.stats().gaps()).isEqualTo(1);
        assertThat(s.synced()).isFalse();
        assertThat(s.bufferedCount()).isEqualTo(1);
    }
}
