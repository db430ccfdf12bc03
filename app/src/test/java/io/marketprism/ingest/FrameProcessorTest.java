package io.marketprism.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.book.SnapshotPolicy;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ingest path with the real Binance USDⓈ-M adapter and books. */
class FrameProcessorTest {
    private static final String WS = "wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms";
    private static final String REST = "https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000";

    private final List<MarketRecord> out = new ArrayList<>();
    private final List<String> resyncs = new ArrayList<>();
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private FrameProcessor processor = processor(BookOptions.defaults());

    private FrameProcessor processor(BookOptions options) {
        return new FrameProcessor(VenueAdapters.create(Exchange.BINANCE_FUTURES, registry), registry, out::add,
                options, (ex, symbol, reason) -> resyncs.add(ex.id() + " " + symbol + ": " + reason));
    }

    private static Frame ws(long t, String json) {
        return new Frame(FrameKind.WS_IN, t, 1, WS, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Frame depth(long t, long first, long last, long prev, String bids, String asks) {
        return ws(t, "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + t + ",\"T\":" + t
                + ",\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"pu\":" + prev + ",\"b\":" + bids
                + ",\"a\":" + asks + "}}");
    }

    private static Frame snapshot(long t, long lastUpdateId) {
        return Frame.restResponse(t, REST, "{\"lastUpdateId\":" + lastUpdateId + ",\"E\":1,\"T\":1,"
                + "\"bids\":[[\"100.0\",\"1\"],[\"99.5\",\"2\"]],\"asks\":[[\"100.5\",\"3\"]]}");
    }

    @Test
    void deltasWaitForTheSnapshotThenFlowInOrder() {
        processor.process(depth(1, 5, 10, 4, "[[\"100.0\",\"7\"]]", "[]"));
        assertThat(out).as("nothing published before the book is synced").isEmpty();
        processor.process(snapshot(2, 8));
        processor.process(depth(3, 11, 12, 10, "[]", "[[\"100.5\",\"0\"],[\"101.0\",\"4\"]]"));

        assertThat(out).extracting(MarketRecord::type).containsExactly(RecordType.BOOK_SNAPSHOT,
                RecordType.BOOK_DELTA, RecordType.BOOK_DELTA);
        assertThat(((BookSnapshot) out.get(0)).sequence()).isEqualTo(8L);
        assertThat(((BookDelta) out.get(1)).sequence()).isEqualTo(10L);
        StreamState s = processor.stream("BTCUSDT");
        assertThat(s.book().synced()).isTrue();
        assertThat(s.book().stats().updatesApplied()).isEqualTo(2);
        assertThat(s.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(s.records(RecordType.BOOK_DELTA)).isEqualTo(2);
        assertThat(processor.counters().records(RecordType.BOOK_SNAPSHOT)).isEqualTo(1);
    }

    @Test
    void aGapAsksForAResyncAndTheNextSnapshotCountsAsOne() {
        processor.process(snapshot(1, 8));
        processor.process(depth(2, 9, 10, 8, "[]", "[]"));
        processor.process(depth(3, 15, 16, 14, "[]", "[]"));
        assertThat(resyncs).containsExactly("binance-futures BTCUSDT: initial snapshot",
                resyncs.get(1)).element(1).asString().startsWith("binance-futures BTCUSDT: gap");
        assertThat(processor.counters().resyncRequests()).isEqualTo(1);
        assertThat(processor.stream("BTCUSDT").book().synced()).isFalse();

        processor.process(snapshot(4, 16));
        processor.process(depth(5, 17, 18, 16, "[]", "[]"));
        assertThat(processor.stream("BTCUSDT").book().synced()).isTrue();
        assertThat(processor.stream("BTCUSDT").book().stats().resyncs()).isEqualTo(1);
        assertThat(processor.stream("BTCUSDT").book().stats().gaps()).isEqualTo(1);
    }

    @Test
    void aReconnectInvalidatesTheBooksOfThatConnection() {
        processor.process(snapshot(1, 8));
        processor.process(depth(2, 9, 10, 8, "[]", "[]"));
        assertThat(processor.stream("BTCUSDT").book().synced()).isTrue();

        processor.process(new Frame(FrameKind.CONNECT, 3, 2, WS, new byte[0]));
        assertThat(processor.stream("BTCUSDT").book().synced()).as("another connection").isTrue();
        processor.process(new Frame(FrameKind.CONNECT, 4, 1, WS, new byte[0]));
        assertThat(processor.stream("BTCUSDT").book().synced()).isFalse();
        assertThat(resyncs).as("Binance books restart from a REST snapshot").containsExactly(
                "binance-futures BTCUSDT: initial snapshot", "binance-futures BTCUSDT: reconnected");
        assertThat(processor.counters().frames(FrameKind.CONNECT)).isEqualTo(2);
    }

    @Test
    void malformedFramesAreCountedAndProcessingGoesOn() {
        processor.process(ws(1, "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1"));
        processor.process(ws(2, "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\"}}"));
        processor.process(ws(3, "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"a\":5,"
                + "\"s\":\"BTCUSDT\",\"p\":\"1.5\",\"q\":\"2\",\"T\":1,\"m\":true}}"));
        processor.process(ws(4, "{\"stream\":\"btcusdt@weird\",\"data\":{\"e\":\"weirdEvent\"}}"));
        processor.process(new Frame(FrameKind.WS_OUT, 5, 1, WS, "{\"method\":\"SUBSCRIBE\"}".getBytes()));

        assertThat(processor.counters().malformed()).isEqualTo(2);
        assertThat(processor.counters().records(RecordType.TRADE)).isEqualTo(1);
        assertThat(processor.counters().unknown()).containsEntry("weirdEvent", 1L);
        assertThat(processor.counters().adapterFrames()).isEqualTo(4);
        assertThat(processor.counters().frames(FrameKind.WS_OUT)).isEqualTo(1);
        assertThat(processor.streams()).extracting(s -> s.key().nativeSymbol()).containsExactly("BTCUSDT");
    }

    @Test
    void channelOfNamesTheStreamForLogs() {
        assertThat(FrameProcessor.channelOf(ws(1, "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{"))).isEqualTo(
                "btcusdt@depth@100ms");
        assertThat(FrameProcessor.channelOf(ws(1, "{\"arg\":{\"channel\":\"books\"}"))).isEqualTo("books");
        assertThat(FrameProcessor.channelOf(ws(1, "garbage"))).isEqualTo("?");
    }

    @Test
    void topNSnapshotsFollowThePolicy() {
        processor = processor(BookOptions.defaults().withSnapshots(SnapshotPolicy.everyUpdate(1)));
        processor.process(snapshot(1, 8));
        processor.process(depth(2, 9, 10, 8, "[[\"100.2\",\"1\"]]", "[]"));
        BookSnapshot top = (BookSnapshot) out.get(out.size() - 1);
        assertThat(top.partial()).isTrue();
        assertThat(top.bids()).hasSize(1);
        assertThat(top.bids().get(0).price()).isEqualByComparingTo("100.2");
        assertThat(top.sequence()).isEqualTo(10L);
    }

    @Test
    void rulesPerVenueFamily() {
        assertThat(FrameProcessor.ruleFor(Exchange.BINANCE)).isEqualTo(io.marketprism.book.SyncRule.BINANCE_SPOT);
        assertThat(FrameProcessor.ruleFor(Exchange.BINANCE_US)).isEqualTo(io.marketprism.book.SyncRule.BINANCE_SPOT);
        assertThat(FrameProcessor.ruleFor(Exchange.BINANCE_DELIVERY))
                .isEqualTo(io.marketprism.book.SyncRule.BINANCE_FUTURES);
        assertThat(FrameProcessor.ruleFor(Exchange.OKX)).isEqualTo(io.marketprism.book.SyncRule.OKX);
        assertThat(FrameProcessor.ruleFor(Exchange.DERIBIT)).isEqualTo(io.marketprism.book.SyncRule.DERIBIT);
    }
}
