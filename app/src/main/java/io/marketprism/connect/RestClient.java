package io.marketprism.connect;

import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one REST client of a venue: client-side rate limits ({@link RestLimiter}), the venue's over-limit answers
 * (Binance 429 + {@code Retry-After}, 418 hard back-off, used-weight header; OKX 50011/50013; Deribit 10028), a
 * circuit breaker per endpoint, retries with backoff and jitter for these idempotent GETs, and timeouts.
 * Every 2xx body is handed on as a {@code REST_RESPONSE} frame whose URL is the full request URL (the adapters
 * route on its path and query) and returned to the caller. Calls block the calling thread (a poller or
 * back-fill worker, never a socket reader).
 */
public final class RestClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
    /** Binance asks for at least this pause after a 418 when it names none. */
    private static final Duration MIN_BAN = Duration.ofMinutes(2);
    private static final Set<String> OKX_RATE = Set.of("50011", "50013");
    private static final Set<String> OKX_RETRY = Set.of("50001", "50004", "50026");
    private static final Set<String> DERIBIT_RETRY = Set.of("10066", "10040", "10041", "10047", "11051", "11094",
            "13028", "13888");

    /** How the client behaves. */
    public record Settings(Duration timeout, int maxRetries, Backoff backoff, Duration maxWait, int breakerThreshold,
                           Duration breakerOpen, int weightPerMinute) {
        public Settings {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("REST max retries must be >= 0, got " + maxRetries);
            }
            if (breakerThreshold < 1) {
                throw new IllegalArgumentException("breaker threshold must be >= 1, got " + breakerThreshold);
            }
            if (weightPerMinute < 1) {
                throw new IllegalArgumentException("weight per minute must be >= 1, got " + weightPerMinute);
            }
        }

        public static Settings defaults(Exchange e) {
            return new Settings(Duration.ofSeconds(10), 3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10),
                    0.2), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), RestLimiter.defaultWeightPerMinute(e));
        }
    }

    /** Waits; injected so tests need not sleep for real. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

        void sleep(Duration d) throws InterruptedException;
    }

    private final Exchange exchange;
    private final OkHttpClient http;
    private final VenueEndpoints endpoints;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final FrameDispatcher out;
    private final RestLimiter limiter;
    private final RestCounters counters = new RestCounters();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public RestClient(VenueEndpoints endpoints, OkHttpClient http, Settings settings, Clock clock, Sleeper sleeper,
                      DoubleSupplier random, FrameDispatcher out) {
        this.exchange = endpoints.exchange();
        this.endpoints = endpoints;
        this.http = http.newBuilder().callTimeout(settings.timeout()).build();
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.out = out;
        this.limiter = new RestLimiter(exchange, settings.weightPerMinute());
    }

    public Exchange exchange() {
        return exchange;
    }

    public RestCounters counters() {
        return counters;
    }

    public CircuitBreaker.State breakerState(String path) {
        CircuitBreaker b = breakers.get(path);
        return b == null ? CircuitBreaker.State.CLOSED : b.state();
    }

    private long now() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * GETs {@code pathAndQuery} below the venue's REST base, e.g. {@code /api/v3/depth?symbol=BTCUSDT&limit=1000}.
     * Returns the body (already handed on as a frame).
     */
    public String get(String pathAndQuery) throws RestException, InterruptedException {
        URI uri = endpoints.rest(pathAndQuery);
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        String url = uri.toString();
        CircuitBreaker breaker = breakers.computeIfAbsent(path,
                p -> new CircuitBreaker(settings.breakerThreshold(), settings.breakerOpen().toNanos()));
        RestException last = null;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                counters.retries.incrementAndGet();
                sleeper.sleep(settings.backoff().delay(attempt - 1, random));
            }
            awaitBudget(path, query, url);
            if (!breaker.allow(now())) {
                counters.breakerRejects.incrementAndGet();
                counters.failures.incrementAndGet();
                throw new RestException(RestException.Reason.BREAKER_OPEN, exchange.id() + " " + path
                        + ": circuit breaker open after repeated failures; not calling " + url, last, false);
            }
            try {
                String body = once(url, path, breaker);
                counters.successes.incrementAndGet();
                return body;
            } catch (RestException e) {
                last = e;
                if (!retryable(e)) {
                    counters.failures.incrementAndGet();
                    throw e;
                }
                LOG.info("{} GET {} failed (attempt {}): {}", exchange.id(), url, attempt + 1, e.getMessage());
            }
        }
        counters.failures.incrementAndGet();
        throw last;
    }

    private static boolean retryable(RestException e) {
        return e.retryable();
    }

    private void awaitBudget(String path, String query, String url) throws RestException, InterruptedException {
        while (true) {
            long wait;
            synchronized (limiter) {
                wait = limiter.acquire(path, query, now());
            }
            if (wait == 0) {
                return;
            }
            if (wait > settings.maxWait().toNanos()) {
                counters.throttledRejects.incrementAndGet();
                boolean banned = now() < limiterBlockedUntil();
                throw new RestException(banned ? RestException.Reason.BANNED : RestException.Reason.RATE_LIMITED,
                        exchange.id() + ": rate limit would need a wait of " + Duration.ofNanos(wait).toSeconds()
                                + " s (more than the allowed " + settings.maxWait().toSeconds() + " s) for " + url, null,
                        false);
            }
            counters.throttledWaits.incrementAndGet();
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    private long limiterBlockedUntil() {
        synchronized (limiter) {
            return limiter.blockedUntil();
        }
    }

    private String once(String url, String path, CircuitBreaker breaker) throws RestException {
        counters.requests.incrementAndGet();
        long start = System.nanoTime();
        Request req = new Request.Builder().url(url).get().build();
        try (Response resp = http.newCall(req).execute()) {
            counters.latency.computeIfAbsent(path, p -> new RestCounters.Latency()).add(System.nanoTime() - start);
            long now = now();
            String used = resp.header("X-MBX-USED-WEIGHT-1M");
            if (used != null) {
                try {
                    long w = Long.parseLong(used.trim());
                    counters.weightUsed.set(w);
                    synchronized (limiter) {
                        limiter.observeUsedWeight(w, now);
                    }
                } catch (NumberFormatException e) {
                    LOG.warn("{}: unreadable X-MBX-USED-WEIGHT-1M '{}'", exchange.id(), used);
                }
            }
            ResponseBody rb = resp.body();
            String body = rb == null ? "" : rb.string();
            int code = resp.code();
            if (code == 429 || code == 418) {
                Duration retryAfter = retryAfter(resp.header("Retry-After"));
                if (code == 418) {
                    counters.http418.incrementAndGet();
                    retryAfter = retryAfter == null || retryAfter.compareTo(MIN_BAN) < 0 ? MIN_BAN : retryAfter;
                } else {
                    counters.http429.incrementAndGet();
                    retryAfter = retryAfter == null ? Duration.ofSeconds(exchange == Exchange.OKX ? 2 : 60)
                            : retryAfter;
                }
                synchronized (limiter) {
                    limiter.blockUntil(now + retryAfter.toNanos());
                    limiter.exhausted(path, now);
                }
                LOG.warn("{}: HTTP {} for {}; no requests for {} s", exchange.id(), code, url,
                        retryAfter.toSeconds());
                throw new RestException(code == 418 ? RestException.Reason.BANNED : RestException.Reason.RATE_LIMITED,
                        exchange.id() + ": HTTP " + code + " for " + url + " (Retry-After " + retryAfter.toSeconds()
                                + " s)", null, code == 429);
            }
            if (code >= 500) {
                breaker.failure(now);
                throw new RestException(RestException.Reason.HTTP_ERROR, exchange.id() + ": HTTP " + code + " for "
                        + url + ": " + prefix(body), null, true);
            }
            if (code >= 300) {
                breaker.success(); // the endpoint answers; the request is wrong
                throw new RestException(RestException.Reason.HTTP_ERROR, exchange.id() + ": HTTP " + code + " for "
                        + url + ": " + prefix(body), null, false);
            }
            breaker.success();
            if (!out.offer(new Frame(FrameKind.REST_RESPONSE, now, 0, url, body.getBytes(StandardCharsets.UTF_8)))) {
                throw new RestException(RestException.Reason.CONSUMER_FULL, exchange.id() + ": frame consumer full; "
                        + "response of " + url + " not delivered", null, false);
            }
            venueError(body, url, path, now);
            return body;
        } catch (IOException e) {
            breaker.failure(now());
            throw new RestException(RestException.Reason.IO, exchange.id() + ": " + e + " for " + url, e, true);
        }
    }

    /** Errors inside a 200 body that call for a retry (the body was still handed on: adapters count it). */
    private void venueError(String body, String url, String path, long now) throws RestException {
        if (exchange == Exchange.OKX && body.startsWith("{\"code\":\"") && !body.startsWith("{\"code\":\"0\"")) {
            String code = body.substring(9, body.indexOf('"', 9));
            if (OKX_RATE.contains(code)) {
                counters.venueRateLimits.incrementAndGet();
                synchronized (limiter) {
                    limiter.exhausted(path, now);
                }
            }
            boolean retry = OKX_RATE.contains(code) || OKX_RETRY.contains(code);
            throw new RestException(RestException.Reason.VENUE_ERROR, "okx: code " + code + " for " + url + ": "
                    + prefix(body), null, retry);
        }
        if (exchange == Exchange.DERIBIT && body.contains("\"error\":{")) {
            int at = body.indexOf("\"code\":", body.indexOf("\"error\":{"));
            String code = at < 0 ? "?" : body.substring(at + 7).split("[,}]")[0].trim();
            if (code.equals("10028")) {
                counters.venueRateLimits.incrementAndGet();
                synchronized (limiter) {
                    limiter.exhausted(path, now);
                }
            }
            boolean retry = code.equals("10028") || DERIBIT_RETRY.contains(code);
            throw new RestException(RestException.Reason.VENUE_ERROR, "deribit: error " + code + " for " + url + ": "
                    + prefix(body), null, retry);
        }
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to the default pause
        }
    }

    private static String prefix(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }
}
