package io.marketprism.connect;

import io.marketprism.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.marketprism.model.Exchange;
import io.marketprism.venue.FrameKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST client against a real HTTP server on loopback; time moves on an injected clock, never by sleeping. */
@Timeout(30)
class RestClientTest {
    private Javalin server;
    private final AtomicInteger hits = new AtomicInteger();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    // 2026-01-01T00:00:10Z: 50 s left in the current weight minute
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
    private FrameLog log;
    private FrameDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        server = Javalin.create(cfg -> cfg.showJavalinBanner = false).start("127.0.0.1", 0);
        log = new FrameLog();
        dispatcher = new FrameDispatcher("rest-test", 1000, Duration.ofSeconds(1), log);
    }

    @AfterEach
    void tearDown() {
        server.stop();
        dispatcher.close();
    }

    private RestClient client(Exchange e, int weightPerMinute, int maxRetries) {
        VenueEndpoints ep = VenueEndpoints.of(e, "ws://127.0.0.1:1", "http://127.0.0.1:" + server.port());
        RestClient.Settings s = new RestClient.Settings(Duration.ofSeconds(5), maxRetries,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(30), weightPerMinute);
        return new RestClient(ep, new OkHttpClient(), s, clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, () -> 0.5, dispatcher);
    }

    private void awaitFrames(int n) throws InterruptedException {
        for (int i = 0; i < 200 && log.frames.size() < n; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void binance429HonoursRetryAfterThenSucceedsAndHandsTheBodyOnWithTheFullUrl() throws Exception {
        server.get("/api/v3/depth", ctx -> {
            if (hits.incrementAndGet() == 1) {
                ctx.status(429).header("Retry-After", "7").result("{\"code\":-1003,\"msg\":\"Too many requests\"}");
            } else {
                ctx.header("X-MBX-USED-WEIGHT-1M", "55").result("{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}");
            }
        });
        RestClient c = client(Exchange.BINANCE, 6000, 3);
        String body = c.get("/api/v3/depth?symbol=BTCUSDT&limit=1000");

        assertThat(body).startsWith("{\"lastUpdateId\":1");
        assertThat(c.counters().http429()).isEqualTo(1);
        assertThat(c.counters().retries()).isEqualTo(1);
        assertThat(c.counters().weightUsed()).isEqualTo(55);
        // the retry waited out Retry-After: backoff 100 ms, then the rest of the 7 s block
        assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(7000);
        awaitFrames(1);
        assertThat(log.of(FrameKind.REST_RESPONSE)).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/api/v3/depth?symbol=BTCUSDT&limit=1000");
            assertThat(f.connectionId()).isZero();
        });
    }

    @Test
    void binance418BacksOffHardWithoutRetrying() throws Exception {
        server.get("/api/v3/exchangeInfo", ctx -> {
            hits.incrementAndGet();
            ctx.status(418).header("Retry-After", "600").result("{\"code\":-1003,\"msg\":\"banned\"}");
        });
        RestClient c = client(Exchange.BINANCE, 6000, 3);
        assertThatThrownBy(() -> c.get("/api/v3/exchangeInfo")).isInstanceOf(RestException.class)
                .satisfies(e -> assertThat(((RestException) e).reason()).isEqualTo(RestException.Reason.BANNED));
        // while banned nothing is sent: the wait (600 s) is above the allowed 30 s
        assertThatThrownBy(() -> c.get("/api/v3/exchangeInfo")).isInstanceOf(RestException.class)
                .hasMessageContaining("rate limit would need a wait of 600 s");
        assertThat(hits.get()).isEqualTo(1);
        assertThat(c.counters().http418()).isEqualTo(1);
        assertThat(c.counters().throttledRejects()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(601));
        assertThatThrownBy(() -> c.get("/api/v3/exchangeInfo")).isInstanceOf(RestException.class);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void binanceWeightBudgetDelaysTheRequestThatWouldExceedIt() throws Exception {
        server.get("/api/v3/depth", ctx -> {
            hits.incrementAndGet();
            ctx.result("{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}");
        });
        clock.advance(Duration.ofSeconds(30)); // 00:00:40: 20 s left in this weight minute
        RestClient c = client(Exchange.BINANCE, 12, 0); // limit=100 costs 5: two fit, the third waits
        c.get("/api/v3/depth?symbol=BTCUSDT&limit=100");
        c.get("/api/v3/depth?symbol=ETHUSDT&limit=100");
        assertThat(sleeps).isEmpty();
        c.get("/api/v3/depth?symbol=SOLUSDT&limit=100");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(20)); // to the next minute
        assertThat(c.counters().throttledWaits()).isEqualTo(1);
        assertThat(hits.get()).isEqualTo(3);
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndLetsATrialThroughLater() throws Exception {
        server.get("/fapi/v1/openInterest", ctx -> {
            hits.incrementAndGet();
            ctx.status(503).result("Service Unavailable.");
        });
        RestClient c = client(Exchange.BINANCE_FUTURES, 2400, 0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> c.get("/fapi/v1/openInterest?symbol=BTCUSDT"))
                    .hasMessageContaining("HTTP 503");
        }
        assertThat(c.breakerState("/fapi/v1/openInterest")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> c.get("/fapi/v1/openInterest?symbol=BTCUSDT")).isInstanceOf(RestException.class)
                .satisfies(e -> assertThat(((RestException) e).reason())
                        .isEqualTo(RestException.Reason.BREAKER_OPEN));
        assertThat(hits.get()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> c.get("/fapi/v1/openInterest?symbol=BTCUSDT")).hasMessageContaining("HTTP 503");
        assertThat(hits.get()).isEqualTo(4);
        assertThat(c.counters().breakerRejects()).isEqualTo(1);
        assertThat(c.counters().failures()).isEqualTo(5);
    }

    @Test
    void retriesServerErrorsWithBackoffForIdempotentCalls() throws Exception {
        server.get("/fapi/v1/premiumIndex", ctx -> {
            if (hits.incrementAndGet() < 3) {
                ctx.status(500).result("oops");
            } else {
                ctx.result("{\"symbol\":\"BTCUSDT\"}");
            }
        });
        RestClient c = client(Exchange.BINANCE_FUTURES, 2400, 3);
        assertThat(c.get("/fapi/v1/premiumIndex?symbol=BTCUSDT")).contains("BTCUSDT");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(c.counters().retries()).isEqualTo(2);
        assertThat(c.counters().successes()).isEqualTo(1);
    }

    @Test
    void okxRateLimitCodeInA200BodyIsRetriedAfterTheEndpointBucketRefills() throws Exception {
        server.get("/api/v5/public/funding-rate", ctx -> {
            if (hits.incrementAndGet() == 1) {
                ctx.result("{\"code\":\"50011\",\"msg\":\"Rate limit reached\",\"data\":[]}");
            } else {
                ctx.result("{\"code\":\"0\",\"msg\":\"\",\"data\":[]}");
            }
        });
        RestClient c = client(Exchange.OKX, 1, 2);
        assertThat(c.get("/api/v5/public/funding-rate?instId=BTC-USDT-SWAP")).contains("\"code\":\"0\"");
        assertThat(c.counters().venueRateLimits()).isEqualTo(1);
        assertThat(c.counters().throttledWaits()).isEqualTo(1); // the drained bucket made the retry wait
        awaitFrames(2);
        assertThat(log.of(FrameKind.REST_RESPONSE)).hasSize(2); // both bodies go on: the adapter counts the error
    }

    @Test
    void deribit10028DrainsTheCreditsAndRetries() throws Exception {
        server.get("/api/v2/public/ticker", ctx -> {
            if (hits.incrementAndGet() == 1) {
                ctx.result("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":10028,\"message\":\"too_many_requests\"}}");
            } else {
                ctx.result("{\"jsonrpc\":\"2.0\",\"result\":{}}");
            }
        });
        RestClient c = client(Exchange.DERIBIT, 1, 2);
        c.get("/api/v2/public/ticker?instrument_name=BTC-PERPETUAL");
        assertThat(c.counters().venueRateLimits()).isEqualTo(1);
        assertThat(hits.get()).isEqualTo(2);
        assertThat(c.counters().retries()).isEqualTo(1);
    }

    @Test
    void weightsFollowTheDocumentedTables() {
        assertThat(RestLimiter.binanceWeight("/api/v3/depth", "symbol=X&limit=5000")).isEqualTo(250);
        assertThat(RestLimiter.binanceWeight("/api/v3/depth", "symbol=X&limit=1000")).isEqualTo(50);
        assertThat(RestLimiter.binanceWeight("/fapi/v1/depth", "symbol=X&limit=1000")).isEqualTo(20);
        assertThat(RestLimiter.binanceWeight("/fapi/v1/premiumIndex", null)).isEqualTo(10);
        assertThat(RestLimiter.binanceWeight("/futures/data/topLongShortPositionRatio", "symbol=X")).isZero();
        assertThat(RestLimiter.okxPerTwoSeconds("/api/v5/rubik/stat/taker-volume")).isEqualTo(5);
    }
}
