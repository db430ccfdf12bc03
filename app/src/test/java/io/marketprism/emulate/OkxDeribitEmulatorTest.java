package io.marketprism.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookDelta;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.LongShortRatio;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.model.VolatilityIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OKX and Deribit over real sockets, read back with our real adapters and book synchronizer. */
@Timeout(60)
class OkxDeribitEmulatorTest {
    static Emulator emu;

    @BeforeAll
    static void start() throws Exception {
        EmulatorOptions fast = new EmulatorOptions(Duration.ofMillis(5), 4, Duration.ofSeconds(20),
                Duration.ofMinutes(3), Duration.ofSeconds(2), Duration.ofMillis(20));
        emu = Emulator.builder()
                .venue(Exchange.OKX, List.of("BTC-USDT", "BTC-USDT-SWAP", "BTC-USD-SWAP"))
                .venue(Exchange.DERIBIT, List.of("BTC-PERPETUAL", "ETH_USDC-PERPETUAL"))
                .params(new MarketParams(7, 1.5, 150, 0.6, 0.2, 20_000, 20_000))
                .options(fast).build().start();
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    private static String ws(Exchange v, String path) {
        return emu.endpoints(v).ws(path).toString();
    }

    private static String rest(Exchange v, String path) {
        return emu.endpoints(v).rest(path).toString();
    }

    @Test
    void okxChannelsRestAndBooksMatchTheTruth() throws Exception {
        Exchange v = Exchange.OKX;
        try (EmuClient client = new EmuClient()) {
            assertThat(client.get(rest(v, "/api/v5/public/instruments?instType=SWAP")).status()).isEqualTo(200);
            client.get(rest(v, "/api/v5/public/instruments?instType=SPOT"));
            EmuClient.Ws pub = client.ws(ws(v, "/ws/v5/public"));
            EmuClient.Ws biz = client.ws(ws(v, "/ws/v5/business"));
            pub.send("{\"id\":\"1\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT-SWAP\"},"
                    + "{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},"
                    + "{\"channel\":\"tickers\",\"instId\":\"BTC-USD-SWAP\"},{\"channel\":\"funding-rate\",\"instId\":"
                    + "\"BTC-USDT-SWAP\"},{\"channel\":\"mark-price\",\"instId\":\"BTC-USDT-SWAP\"},{\"channel\":"
                    + "\"open-interest\",\"instId\":\"BTC-USD-SWAP\"},{\"channel\":\"liquidation-orders\",\"instType\":"
                    + "\"SWAP\"},{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},"
                    + "{\"channel\":\"trades-all\",\"instId\":\"BTC-USDT\"},{\"channel\":\"books\",\"instId\":\"NOPE\"}]}");
            pub.await(m -> m.contains("\"code\":\"64001\""));
            pub.await(m -> m.contains("\"code\":\"60018\""));
            pub.await(m -> m.contains("\"event\":\"subscribe\"") && m.contains("liquidation-orders"));
            biz.send("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades-all\",\"instId\":\"BTC-USDT\"}]}");
            biz.await(m -> m.contains("trades-all") && m.contains("\"data\""));
            pub.send("ping");
            pub.await("pong"::equals);
            for (String p : List.of("/api/v5/market/books?instId=BTC-USDT-SWAP&sz=400",
                    "/api/v5/public/funding-rate?instId=BTC-USDT-SWAP", "/api/v5/public/open-interest?instType=SWAP",
                    "/api/v5/market/trades?instId=BTC-USDT-SWAP&limit=10",
                    "/api/v5/market/history-trades?instId=BTC-USDT-SWAP&limit=10",
                    "/api/v5/market/ticker?instId=BTC-USDT", "/api/v5/public/mark-price?instType=SWAP",
                    "/api/v5/rubik/stat/contracts/long-short-account-ratio?ccy=BTC&period=5m",
                    "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP",
                    "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract-top-trader?instId=BTC-USDT-SWAP",
                    "/api/v5/rubik/stat/contracts/long-short-position-ratio-contract-top-trader?instId=BTC-USDT-SWAP"
                            + "&period=1H", "/api/v5/rubik/stat/taker-volume-contract?instId=BTC-USDT-SWAP",
                    "/api/v5/rubik/stat/taker-volume?ccy=BTC&instType=CONTRACTS")) {
                EmuClient.Rest r = client.get(rest(v, p));
                assertThat(r.status()).as(p).isEqualTo(200);
                assertThat(r.body()).as(p).startsWith("{\"code\":\"0\"");
            }
            assertThat(client.get(rest(v, "/api/v5/market/ticker?instId=NOPE")).body()).contains("51001");
            pub.await(m -> m.contains("liquidation-orders") && m.contains("bkPx"));
            pub.await(m -> m.contains("\"channel\":\"open-interest\"") && m.contains("oiCcy"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pub.messages.size() > 400);

            // OKX's REST book is a full snapshot racing with the WebSocket chain: it is checked on its own
            List<io.marketprism.venue.Frame> restBooks = client.frames.stream()
                    .filter(f -> f.url().contains("/api/v5/market/books")).toList();
            EmuChecks rest = new EmuChecks(v);
            rest.process(restBooks, emu.market(v));
            assertThat(rest.bookComparisons).isPositive();
            EmuChecks checks = new EmuChecks(v);
            List<io.marketprism.venue.Frame> frames = new ArrayList<>(client.frames);
            frames.removeAll(restBooks);
            checks.process(frames, emu.market(v));
            checks.assertClean();
            assertThat(checks.resyncs).isEmpty();
            assertThat(checks.bookComparisons).isGreaterThan(200);
            for (Class<? extends io.marketprism.model.MarketRecord> type : List.of(Trade.class, BookDelta.class,
                    Quote.class, Funding.class, Liquidation.class)) {
                assertThat(checks.count(type, "BTC-USDT-SWAP")).as(type.getSimpleName()).isPositive();
            }
            assertThat(checks.count(Ticker.class, "BTC-USD-SWAP")).isPositive();
            assertThat(checks.count(OpenInterest.class, "BTC-USD-SWAP")).isPositive();
            assertThat(checks.count(LongShortRatio.class, "BTC-USDT-SWAP")).isPositive();
            Trade swap = (Trade) checks.records.stream().filter(r -> r instanceof Trade t
                    && t.nativeSymbol().equals("BTC-USDT-SWAP")).findFirst().orElseThrow();
            assertThat(swap.size()).isEqualByComparingTo(swap.rawSize().multiply(new java.math.BigDecimal("0.01")));
        }
    }

    @Test
    void okxClosesIdleConnectionsWith4004() {
        try (EmuClient client = new EmuClient()) {
            EmuClient.Ws idle = client.ws(ws(Exchange.OKX, "/ws/v5/public"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(idle::closed);
            assertThat(idle.closeCode).isEqualTo(4004);
        }
    }

    @Test
    void deribitJsonRpcHeartbeatsRestAndBooksMatchTheTruth() throws Exception {
        Exchange v = Exchange.DERIBIT;
        try (EmuClient client = new EmuClient()) {
            client.get(rest(v, "/api/v2/public/get_instruments?currency=any&kind=future"));
            EmuClient.Ws w = client.ws(ws(v, "/ws/api/v2"));
            w.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":10}}");
            w.await(m -> m.contains("\"id\":1") && m.contains("\"result\":\"ok\""));
            w.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"public/subscribe\",\"params\":{\"channels\":["
                    + "\"book.BTC-PERPETUAL.100ms\",\"book.ETH_USDC-PERPETUAL.100ms\",\"trades.BTC-PERPETUAL.100ms\","
                    + "\"ticker.BTC-PERPETUAL.100ms\",\"quote.BTC-PERPETUAL\",\"perpetual.BTC-PERPETUAL.100ms\","
                    + "\"deribit_volatility_index.btc_usd\",\"book.BTC-PERPETUAL.raw\"]}}");
            String ack = w.await(m -> m.contains("\"id\":2"));
            assertThat(ack).doesNotContain(".raw").contains("book.BTC-PERPETUAL.100ms");
            // answer every test_request for a while: the connection must stay open
            long answered = 0;
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                long requests = w.count(m -> m.contains("test_request"));
                while (answered < requests) {
                    w.send("{\"jsonrpc\":\"2.0\",\"id\":" + (100 + answered) + ",\"method\":\"public/test\"}");
                    answered++;
                }
                Thread.sleep(20);
            }
            assertThat(answered).isGreaterThan(2);
            assertThat(w.closed()).isFalse();
            w.await(m -> m.contains("\"liquidation\":\"T\""));
            for (String p : List.of("/api/v2/public/get_order_book?instrument_name=BTC-PERPETUAL&depth=20",
                    "/api/v2/public/ticker?instrument_name=BTC-PERPETUAL",
                    "/api/v2/public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL&start_seq=1&count=5",
                    "/api/v2/public/get_volatility_index_data?currency=BTC&start_timestamp=0&end_timestamp=1"
                            + "&resolution=60")) {
                assertThat(client.get(rest(v, p)).status()).as(p).isEqualTo(200);
            }
            w.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"public/nope\"}");
            w.await(m -> m.contains("-32601"));

            EmuChecks checks = new EmuChecks(v);
            checks.process(new ArrayList<>(client.frames), emu.market(v));
            checks.assertClean();
            assertThat(checks.resyncs).isEmpty();
            assertThat(checks.bookComparisons).isGreaterThan(100);
            for (Class<? extends io.marketprism.model.MarketRecord> type : List.of(Trade.class, BookDelta.class,
                    Quote.class, Ticker.class, Funding.class, OpenInterest.class, Liquidation.class)) {
                assertThat(checks.count(type, "BTC-PERPETUAL")).as(type.getSimpleName()).isPositive();
            }
            assertThat(checks.records.stream().filter(r -> r instanceof VolatilityIndex).count()).isPositive();
            assertThat(checks.processor.stream("ETH_USDC-PERPETUAL").book().synced()).isTrue();

            // stop answering: the server closes the connection at the next test_request
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(w::closed);
            assertThat(w.closeReason).contains("public/test");
        }
    }
}
