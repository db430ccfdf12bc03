package io.marketprism.bench;

import io.marketprism.model.BookDelta;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.Trade;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapter;
import io.marketprism.venue.VenueAdapters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse + normalize: one venue frame (bytes as received) through its {@link VenueAdapter} per operation, records into
 * a Blackhole, so ops/s = frames/s. No book work (that is {@link BookBenchmark}). Frames are the recorded ones of the
 * channel when the shared fixtures are present, else a small built-in set written from the protocol reference
 * examples; the benchmark cycles over them. Instrument registries are filled from the recorded instrument lists when
 * present (as live collection does), otherwise the adapters use their name rules.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdapterBenchmark {
    private static final String BINANCE_SPOT_URL = "wss://stream.binance.com:9443/stream";
    private static final String BINANCE_USDM_URL = "wss://fstream.binance.com/stream";
    private static final String OKX_URL = "wss://ws.okx.com:8443/ws/v5/public";
    private static final String DERIBIT_URL = "wss://www.deribit.com/ws/api/v2";
    private static final long RECEIVE_TS = 1_700_000_000_000_000_000L;

    @Param({
        "binance-spot.aggTrade",
        "binance-spot.depthUpdate",
        "binance-usdm.aggTrade",
        "binance-usdm.depthUpdate",
        "binance-usdm.markPriceUpdate",
        "okx.trades",
        "okx.books-update",
        "deribit.trades",
        "deribit.book-change",
    })
    public String channel;

    private VenueAdapter adapter;
    private Frame[] frames;
    private int next;
    private final BlackholeOutput out = new BlackholeOutput();

    @Setup
    public void setup() {
        Path root = BenchFixtures.root();
        InstrumentRegistry registry = new InstrumentRegistry();
        Exchange exchange;
        List<Frame> recorded = new ArrayList<>();
        String source;
        List<String> fallback;
        String fallbackUrl;
        Class<? extends MarketRecord> expected;
        switch (channel) {
            case "binance-spot.aggTrade" -> {
                exchange = Exchange.BINANCE;
                List<Frame> binance = BenchFixtures.capture(root, "BINANCE");
                BenchFixtures.loadInstruments(exchange, registry, binance);
                // the Spot capture has only 2 aggTrade frames; Binance.US speaks the same protocol and adds 11
                recorded.addAll(ws(binance, t -> t.contains("\"e\":\"aggTrade\"")));
                recorded.addAll(ws(BenchFixtures.capture(root, "BINANCE_US"), t -> t.contains("\"e\":\"aggTrade\"")));
                source = "cryptofeed-captures/BINANCE + BINANCE_US";
                fallbackUrl = BINANCE_SPOT_URL;
                fallback = BuiltInFrames.BINANCE_SPOT_AGG_TRADE;
                expected = Trade.class;
            }
            case "binance-spot.depthUpdate" -> {
                exchange = Exchange.BINANCE;
                List<Frame> binance = BenchFixtures.capture(root, "BINANCE");
                BenchFixtures.loadInstruments(exchange, registry, binance);
                recorded.addAll(ws(binance, t -> t.contains("\"e\":\"depthUpdate\"")));
                source = "cryptofeed-captures/BINANCE";
                fallbackUrl = BINANCE_SPOT_URL;
                fallback = BuiltInFrames.BINANCE_SPOT_DEPTH_UPDATE;
                expected = BookDelta.class;
            }
            case "binance-usdm.aggTrade" -> {
                exchange = Exchange.BINANCE_FUTURES;
                recorded.addAll(frames(BINANCE_USDM_URL,
                        BenchFixtures.messages(root, "binance-futures.ndjson", "aggTrade"::equals)));
                source = "messages/binance-futures.ndjson";
                fallbackUrl = BINANCE_USDM_URL;
                fallback = BuiltInFrames.BINANCE_USDM_AGG_TRADE;
                expected = Trade.class;
            }
            case "binance-usdm.depthUpdate" -> {
                exchange = Exchange.BINANCE_FUTURES;
                recorded.addAll(frames(BINANCE_USDM_URL, BenchFixtures.messages(root, "binance-futures.ndjson",
                        c -> c.startsWith("depth@"))));
                source = "messages/binance-futures.ndjson";
                fallbackUrl = BINANCE_USDM_URL;
                fallback = BuiltInFrames.BINANCE_USDM_DEPTH_UPDATE;
                expected = BookDelta.class;
            }
            case "binance-usdm.markPriceUpdate" -> {
                exchange = Exchange.BINANCE_FUTURES;
                recorded.addAll(frames(BINANCE_USDM_URL, BenchFixtures.messages(root, "binance-futures.ndjson",
                        c -> c.equals("markPrice") || c.equals("markPrice@1s"))));
                source = "messages/binance-futures.ndjson";
                fallbackUrl = BINANCE_USDM_URL;
                fallback = BuiltInFrames.BINANCE_USDM_MARK_PRICE;
                expected = MarketRecord.class;
            }
            case "okx.trades" -> {
                exchange = Exchange.OKX;
                List<Frame> okx = BenchFixtures.capture(root, "OKX");
                BenchFixtures.loadInstruments(exchange, registry, okx);
                recorded.addAll(ws(okx, t -> t.startsWith("{\"arg\":{\"channel\":\"trades\"") && t.contains("\"data\"")));
                source = "cryptofeed-captures/OKX";
                fallbackUrl = OKX_URL;
                fallback = BuiltInFrames.OKX_TRADES;
                expected = Trade.class;
            }
            case "okx.books-update" -> {
                exchange = Exchange.OKX;
                List<Frame> okx = BenchFixtures.capture(root, "OKX");
                BenchFixtures.loadInstruments(exchange, registry, okx);
                recorded.addAll(ws(okx, t -> t.contains("\"channel\":\"books\"") && t.contains("\"action\":\"update\"")));
                source = "cryptofeed-captures/OKX";
                fallbackUrl = OKX_URL;
                fallback = BuiltInFrames.OKX_BOOKS_UPDATE;
                expected = BookDelta.class;
            }
            case "deribit.trades" -> {
                exchange = Exchange.DERIBIT;
                recorded.addAll(frames(DERIBIT_URL,
                        BenchFixtures.messages(root, "deribit.ndjson", c -> c.startsWith("trades."))));
                source = "messages/deribit.ndjson";
                fallbackUrl = DERIBIT_URL;
                fallback = BuiltInFrames.DERIBIT_TRADES;
                expected = Trade.class;
            }
            case "deribit.book-change" -> {
                exchange = Exchange.DERIBIT;
                // changes: "type":"change", or (pre-2020 format without type) a prev_change_id
                recorded.addAll(frames(DERIBIT_URL, BenchFixtures.messages(root, "deribit.ndjson",
                        c -> c.equals("book.raw") || c.equals("book.100ms")).stream()
                        .filter(t -> t.contains("\"prev_change_id\"") && !t.contains("\"type\":\"snapshot\""))
                        .toList()));
                source = "messages/deribit.ndjson";
                fallbackUrl = DERIBIT_URL;
                fallback = BuiltInFrames.DERIBIT_BOOK_CHANGE;
                expected = BookDelta.class;
            }
            default -> throw new IllegalArgumentException("unknown channel " + channel);
        }
        if (recorded.isEmpty()) {
            recorded.addAll(frames(fallbackUrl, fallback));
            source = "built-in frames (protocol reference examples; shared fixtures "
                    + (root == null ? "absent" : "have none") + ")";
        }
        adapter = VenueAdapters.create(exchange, registry);
        frames = recorded.toArray(new Frame[0]);
        verify(expected);
        System.out.printf("%nAdapterBenchmark %s: %d frames from %s, %d instruments known%n", channel, frames.length,
                source, registry.size());
    }

    @Benchmark
    public void adapt(Blackhole bh) {
        out.bh = bh;
        Frame f = frames[next];
        next = next + 1 == frames.length ? 0 : next + 1;
        adapter.onFrame(f, out);
    }

    /**
     * Every frame must give at least one record of the expected kind (a Deribit liquidation trade also gives a
     * Liquidation) and no control/unknown outcome: fail loudly otherwise.
     */
    private void verify(Class<? extends MarketRecord> expected) {
        for (Frame f : frames) {
            List<MarketRecord> got = new ArrayList<>();
            List<String> odd = new ArrayList<>();
            AdapterOutput check = new AdapterOutput() {
                @Override
                public void emit(MarketRecord record) {
                    got.add(record);
                }

                @Override
                public void instrument(Instrument instrument) {
                }

                @Override
                public void control(String kind) {
                    odd.add("control " + kind);
                }

                @Override
                public void unknown(String kind) {
                    odd.add("unknown " + kind);
                }
            };
            try {
                adapter.onFrame(f, check);
            } catch (RuntimeException e) {
                throw new IllegalStateException(channel + ": frame failed: " + e + " | " + f.prefix(200), e);
            }
            if (got.isEmpty() || !odd.isEmpty() || got.stream().noneMatch(expected::isInstance)) {
                throw new IllegalStateException(channel + ": frame gave " + got + " " + odd + " (expected "
                        + expected.getSimpleName() + ") | " + f.prefix(200));
            }
        }
    }

    private static List<Frame> ws(List<Frame> capture, Predicate<String> keep) {
        return capture.stream().filter(f -> f.kind() == FrameKind.WS_IN && keep.test(BenchFixtures.text(f))).toList();
    }

    private static List<Frame> frames(String url, List<String> texts) {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(Frame.wsIn(RECEIVE_TS + i, url, texts.get(i)));
        }
        return out;
    }
}
