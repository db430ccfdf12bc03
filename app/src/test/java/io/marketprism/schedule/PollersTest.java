package io.marketprism.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.marketprism.connect.DataType;
import io.marketprism.connect.FrameDispatcher;
import io.marketprism.connect.RestClient;
import io.marketprism.connect.VenueEndpoints;
import io.marketprism.connect.VenueSettings;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.MarketType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Poll jobs ask for exactly the URLs the adapters route on; pushed data is only polled when the push is stale. */
@Timeout(30)
class PollersTest {
    private Javalin server;
    private FrameDispatcher dispatcher;
    private ScheduledExecutorService scheduler;
    private final List<String> hits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        server = Javalin.create(cfg -> cfg.showJavalinBanner = false).start("127.0.0.1", 0);
        server.get("/*", ctx -> {
            hits.add(ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
            ctx.result("{}");
        });
        dispatcher = new FrameDispatcher("polls", 1000, Duration.ofSeconds(1), f -> { });
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        server.stop();
        dispatcher.close();
        scheduler.shutdownNow();
    }

    @Test
    void binanceFuturesJobsAndPushFallback() throws Exception {
        VenueEndpoints ep = VenueEndpoints.of(Exchange.BINANCE_FUTURES, "ws://127.0.0.1:1",
                "http://127.0.0.1:" + server.port());
        VenueSettings vs = VenueSettings.defaults(ep, List.of("BTCUSDT"), EnumSet.of(DataType.FUNDING,
                DataType.OPEN_INTEREST, DataType.LONG_SHORT_RATIO));
        RestClient rest = new RestClient(ep, new OkHttpClient(), RestClient.Settings.defaults(ep.exchange()),
                Clock.systemUTC(), RestClient.Sleeper.REAL, () -> 0.5, dispatcher);
        PushFreshness fresh = new PushFreshness();
        Pollers pollers = new Pollers(vs, rest, scheduler, fresh, Clock.systemUTC());

        assertThat(pollers.jobs()).extracting(Pollers.Job::name, Pollers.Job::interval).containsExactly(
                org.assertj.core.groups.Tuple.tuple("instruments", Duration.ofHours(1)),
                org.assertj.core.groups.Tuple.tuple("funding", Duration.ofSeconds(60)),
                org.assertj.core.groups.Tuple.tuple("open_interest", Duration.ofSeconds(30)),
                org.assertj.core.groups.Tuple.tuple("long_short_ratio", Duration.ofMinutes(5)));
        for (Pollers.Job j : pollers.jobs()) {
            pollers.runOnce(j);
        }
        assertThat(hits).containsExactly("/fapi/v1/exchangeInfo", "/fapi/v1/premiumIndex?symbol=BTCUSDT",
                "/fapi/v1/openInterest?symbol=BTCUSDT",
                "/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=1",
                "/futures/data/topLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=1",
                "/futures/data/topLongShortPositionRatio?symbol=BTCUSDT&period=5m&limit=1",
                "/futures/data/takerlongshortRatio?symbol=BTCUSDT&period=5m&limit=1");

        // the markPrice push just delivered funding: the REST fallback stays quiet
        long now = System.currentTimeMillis() * 1_000_000L;
        fresh.accept(new Funding(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                null, null, null, null, null, null, null, 0, now));
        hits.clear();
        pollers.runOnce(pollers.jobs().get(1));
        assertThat(hits).isEmpty();
        assertThat(pollers.skippedFresh()).isEqualTo(1);
    }
}
