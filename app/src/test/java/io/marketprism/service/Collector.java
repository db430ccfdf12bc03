package io.marketprism.service;

import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real ingest path for the service tests: the Binance Spot adapter and books behind an {@link IngestView}, fed
 * with hand-written frames whose receive times come from the test clock.
 */
final class Collector {
    static final String WS = "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms/btcusdt@trade";

    final Clock clock;
    final IngestView view;
    final List<MarketRecord> downstream = new ArrayList<>();
    final IngestFeed feed;
    final FrameProcessor processor;
    private long tradeId = 1000;

    Collector(Clock clock, Exchange exchange) {
        this(clock, exchange, new IngestView(clock, "test", 100, System::nanoTime));
    }

    /** Another venue on the same view. */
    Collector(Clock clock, Exchange exchange, IngestView view) {
        this.clock = clock;
        this.view = view;
        InstrumentRegistry registry = new InstrumentRegistry();
        this.processor = new FrameProcessor(VenueAdapters.create(exchange, registry), registry,
                view.tap(downstream::add), BookOptions.defaults(), ResyncRequester.NONE);
        this.feed = view.attach(processor);
    }

    private Frame ws(String json) {
        return new Frame(FrameKind.WS_IN, nanos(), 1, WS, json.getBytes(StandardCharsets.UTF_8));
    }

    private long nanos() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private long ms() {
        return clock.instant().toEpochMilli();
    }

    Collector snapshot(String symbol, long lastUpdateId, String bids, String asks) {
        feed.process(Frame.restResponse(nanos(), "https://api.binance.com/api/v3/depth?symbol=" + symbol
                + "&limit=1000", "{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":" + bids + ",\"asks\":" + asks
                + "}"));
        return this;
    }

    Collector delta(String symbol, long first, long last, String bids, String asks) {
        feed.process(ws("{\"stream\":\"" + symbol.toLowerCase() + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\","
                + "\"E\":" + ms() + ",\"s\":\"" + symbol + "\",\"U\":" + first + ",\"u\":" + last + ",\"b\":" + bids
                + ",\"a\":" + asks + "}}"));
        return this;
    }

    Collector trade(String symbol, String price, String qty, boolean buyerMaker) {
        long id = tradeId++;
        feed.process(ws("{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":" + ms()
                + ",\"s\":\"" + symbol + "\",\"t\":" + id + ",\"p\":\"" + price + "\",\"q\":\"" + qty + "\",\"T\":"
                + ms() + ",\"m\":" + buyerMaker + ",\"M\":true}}"));
        return this;
    }

    Collector ticker(String symbol, String last) {
        feed.process(ws("{\"stream\":\"" + symbol.toLowerCase() + "@ticker\",\"data\":{\"e\":\"24hrTicker\",\"E\":"
                + ms() + ",\"s\":\"" + symbol + "\",\"p\":\"1.5\",\"P\":\"1.50\",\"w\":\"100\",\"x\":\"99\",\"c\":\""
                + last + "\",\"Q\":\"1\",\"b\":\"100.10\",\"B\":\"1\",\"a\":\"100.20\",\"A\":\"1\",\"o\":\"99\","
                + "\"h\":\"101\",\"l\":\"98\",\"v\":\"10\",\"q\":\"1000\",\"O\":0,\"C\":1,\"F\":0,\"L\":1,\"n\":2}}"));
        return this;
    }

    Collector malformed() {
        feed.process(ws("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"p\":"));
        return this;
    }

    /** A synced BTCUSDT book, three trades, a ticker and one malformed frame. */
    Collector standard() {
        snapshot("BTCUSDT", 100, "[[\"100.10\",\"1.5\"],[\"100.00\",\"2\"],[\"99.90\",\"4\"]]",
                "[[\"100.20\",\"0.7\"],[\"100.30\",\"3\"]]");
        delta("BTCUSDT", 101, 102, "[[\"100.15\",\"0.4\"]]", "[[\"100.30\",\"0\"]]");
        trade("BTCUSDT", "100.15", "0.010", true);
        trade("BTCUSDT", "100.20", "0.5", false);
        trade("ETHUSDT", "2000.01", "1.25", false);
        ticker("BTCUSDT", "100.18");
        malformed();
        return this;
    }
}
