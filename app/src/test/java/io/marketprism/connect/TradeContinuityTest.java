package io.marketprism.connect;

import io.marketprism.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Trade;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gap detection on trade sequences and back-fill from a loopback REST server. */
@Timeout(30)
class TradeContinuityTest {
    private Javalin server;
    private FrameDispatcher dispatcher;
    private final List<String> urls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        server = Javalin.create(cfg -> cfg.showJavalinBanner = false).start("127.0.0.1", 0);
        dispatcher = new FrameDispatcher("trades", 1000, Duration.ofSeconds(1), f -> { });
    }

    @AfterEach
    void tearDown() {
        server.stop();
        dispatcher.close();
    }

    private TradeContinuity continuity(Exchange e) {
        VenueEndpoints ep = VenueEndpoints.of(e, "ws://127.0.0.1:1", "http://127.0.0.1:" + server.port());
        VenueSettings vs = VenueSettings.defaults(ep, List.of("BTCUSDT"), EnumSet.of(DataType.TRADES));
        RestClient rest = new RestClient(ep, new OkHttpClient(), RestClient.Settings.defaults(e),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), d -> { }, () -> 0.5, dispatcher);
        return new TradeContinuity(vs, rest, Runnable::run, 10_000, false);
    }

    private static Trade trade(Exchange e, String symbol, long seq) {
        return new Trade(e, MarketType.SPOT, "BTC-USDT", symbol, Long.toString(seq), Side.BUY, BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ONE, SizeUnit.BASE, seq, false, 0, 0);
    }

    @Test
    void binanceAggregateIdGapIsBackfilledAndTheUnavailableRestCounted() {
        server.get("/api/v3/aggTrades", ctx -> {
            urls.add(ctx.fullUrl());
            // the venue still has ids 3..5 of the missing 3..6
            ctx.result("[{\"a\":3,\"p\":\"1\",\"q\":\"1\",\"f\":3,\"l\":3,\"T\":1,\"m\":true},"
                    + "{\"a\":4,\"p\":\"1\",\"q\":\"1\",\"f\":4,\"l\":4,\"T\":1,\"m\":true},"
                    + "{\"a\":5,\"p\":\"1\",\"q\":\"1\",\"f\":5,\"l\":5,\"T\":1,\"m\":true}]");
        });
        TradeContinuity c = continuity(Exchange.BINANCE);
        c.accept(trade(Exchange.BINANCE, "BTCUSDT", 1));
        c.accept(trade(Exchange.BINANCE, "BTCUSDT", 2));
        c.accept(trade(Exchange.BINANCE, "BTCUSDT", 7)); // 3..6 missing
        c.accept(trade(Exchange.BINANCE, "BTCUSDT", 4)); // a back-filled one coming through the adapter

        assertThat(c.gaps()).isEqualTo(1);
        assertThat(c.missingDetected()).isEqualTo(4);
        assertThat(c.backfilled()).isEqualTo(3);
        assertThat(c.notBackfilled()).isEqualTo(1);
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(urls.get(0)).endsWith("/api/v3/aggTrades?symbol=BTCUSDT&fromId=3&limit=4");
    }

    @Test
    void deribitTradeSeqGapUsesStartAndEndSeq() {
        server.get("/api/v2/public/get_last_trades_by_instrument", ctx -> {
            urls.add(ctx.fullUrl());
            ctx.result("{\"jsonrpc\":\"2.0\",\"result\":{\"trades\":[{\"trade_seq\":11},{\"trade_seq\":12}],"
                    + "\"has_more\":false}}");
        });
        TradeContinuity c = continuity(Exchange.DERIBIT);
        c.accept(trade(Exchange.DERIBIT, "BTC-PERPETUAL", 10));
        c.accept(trade(Exchange.DERIBIT, "BTC-PERPETUAL", 13));
        assertThat(c.backfilled()).isEqualTo(2);
        assertThat(c.notBackfilled()).isZero();
        assertThat(urls.get(0)).endsWith(
                "/api/v2/public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL&start_seq=11&end_seq=12&count=2");
    }
}
