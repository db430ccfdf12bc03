package io.marketprism.service;

import io.marketprism.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over a real recorded Binance Spot session (cryptofeed capture), replayed through the real ingest path. */
class ApiReplayTest {
    private static FrameProcessor processor;
    private static IngestFeed feed;
    private static IngestView view;
    private static ApiServer server;
    private static Http http;

    @BeforeAll
    static void replay() throws Exception {
        var root = Fixtures.sharedRoot();
        view = new IngestView(new MutableClock(Instant.parse("2021-10-12T12:00:00Z")), "replay");
        InstrumentRegistry registry = new InstrumentRegistry();
        processor = new FrameProcessor(VenueAdapters.create(Exchange.BINANCE, registry), registry,
                view.tap(r -> { }), BookOptions.defaults(), ResyncRequester.NONE);
        feed = view.attach(processor);
        try (CryptofeedCapture capture = CryptofeedCapture.open(root.resolve("cryptofeed-captures/BINANCE"))) {
            Frame f;
            while ((f = capture.next()) != null) {
                feed.process(f);
            }
        }
        server = new ApiServer(view, ServiceSettings.loopback()).start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyBookEqualsItsSynchronizer() {
        List<StreamState> books = feed.read(p -> p.streams().stream().filter(s -> s.book() != null).toList());
        assertThat(books).as("the capture has depth streams").isNotEmpty();
        for (StreamState s : books) {
            String sym = s.key().nativeSymbol();
            JsonNode d = http.json("/api/v1/books/binance/" + sym + "?depth=50").get("data");
            List<BookLevel> bids = feed.read(p -> p.stream(sym).book().book().top(Side.BUY, 50));
            List<BookLevel> asks = feed.read(p -> p.stream(sym).book().book().top(Side.SELL, 50));
            assertThat(d.get("synced").asBoolean()).as(sym).isEqualTo(feed.read(p -> p.stream(sym).book().synced()));
            assertThat(d.get("bids")).as(sym).hasSize(bids.size());
            assertThat(d.get("asks")).as(sym).hasSize(asks.size());
            for (int i = 0; i < bids.size(); i++) {
                assertThat(d.get("bids").get(i).get(0).asText()).isEqualTo(bids.get(i).price().toPlainString());
                assertThat(d.get("bids").get(i).get(1).asText()).isEqualTo(bids.get(i).size().toPlainString());
            }
            for (int i = 0; i < asks.size(); i++) {
                assertThat(d.get("asks").get(i).get(0).asText()).isEqualTo(asks.get(i).price().toPlainString());
            }
        }
    }

    @Test
    void countersEqualTheProcessors() {
        JsonNode c = http.json("/api/v1/collector/stats").get("data").get("collection_stats");
        assertThat(c.get("websocket_messages").asLong()).isEqualTo(processor.counters().frames(FrameKind.WS_IN))
                .isPositive();
        assertThat(c.get("rest_requests").asLong()).isEqualTo(processor.counters().frames(FrameKind.REST_RESPONSE));
        assertThat(c.get("errors").asLong()).isEqualTo(processor.counters().malformed());
        JsonNode streams = http.json("/api/v1/streams").get("data");
        long trades = 0;
        for (JsonNode s : streams) {
            trades += s.get("records").path("trade").asLong();
        }
        assertThat(trades).isEqualTo(processor.counters().records(RecordType.TRADE)).isPositive();
        JsonNode t = http.json("/api/v1/trades?limit=5").get("data");
        assertThat(t).hasSize((int) Math.min(5, trades));
    }
}
