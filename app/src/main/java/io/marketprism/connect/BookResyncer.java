package io.marketprism.connect;

import io.marketprism.ingest.ResyncRequester;
import io.marketprism.model.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches what a book needs after it lost sync. Binance: a REST depth snapshot, delivered as a REST_RESPONSE frame by
 * the REST client, at most one per symbol per {@code minInterval} and at most {@code perMinute} per venue (a
 * flapping connection must not run into 429/418); requests in between are coalesced. OKX and Deribit: the book
 * channel is unsubscribed and subscribed again (the venue sends a fresh snapshot). Called on the frame consumer
 * thread; the work runs on the scheduler.
 */
public final class BookResyncer implements ResyncRequester {
    private static final Logger LOG = LoggerFactory.getLogger(BookResyncer.class);

    private final VenueSettings settings;
    private final RestClient rest;
    private final VenueConnector connector;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final long minIntervalNanos;
    private final TokenBucket global;
    /** Longest pause between snapshot attempts of one book after failures. */
    static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Map<String, Long> lastFetch = new HashMap<>();
    private final Map<String, Integer> consecutiveFailures = new HashMap<>();
    private final Set<String> pending = new HashSet<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong resubscribes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public BookResyncer(VenueSettings settings, RestClient rest, VenueConnector connector,
                        ScheduledExecutorService scheduler, Clock clock, Duration minInterval, int perMinute) {
        this.settings = settings;
        this.rest = rest;
        this.connector = connector;
        this.scheduler = scheduler;
        this.clock = clock;
        this.minIntervalNanos = minInterval.toNanos();
        this.global = new TokenBucket(perMinute, 60_000_000_000L);
    }

    private long now() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Override
    public void requestResync(Exchange exchange, String nativeSymbol, String reason) {
        requested.incrementAndGet();
        switch (exchange) {
            case OKX, DERIBIT -> scheduler.execute(() -> {
                if (connector.resubscribeBook(nativeSymbol)) {
                    resubscribes.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                }
            });
            default -> scheduleSnapshot(nativeSymbol, reason);
        }
    }

    private synchronized void scheduleSnapshot(String symbol, String reason) {
        if (!pending.add(symbol)) {
            coalesced.incrementAndGet();
            return;
        }
        long now = now();
        Long last = lastFetch.get(symbol);
        long delay = last == null ? 0 : Math.max(0, last + minIntervalNanos - now);
        LOG.info("{} {}: book re-sync ({}), snapshot in {} ms", settings.exchange().id(), symbol, reason,
                delay / 1_000_000);
        scheduler.schedule(() -> fetch(symbol), delay, TimeUnit.NANOSECONDS);
    }

    private void fetch(String symbol) {
        long wait;
        synchronized (this) {
            wait = global.reserve(1, now());
        }
        if (wait > 0) {
            scheduler.schedule(() -> fetch(symbol), wait, TimeUnit.NANOSECONDS);
            return;
        }
        synchronized (this) {
            pending.remove(symbol);
            lastFetch.put(symbol, now());
        }
        try {
            rest.get(depthPath(settings.exchange(), symbol, settings.bookSnapshotDepth()));
            snapshots.incrementAndGet();
            synchronized (this) {
                consecutiveFailures.remove(symbol);
            }
        } catch (RestException e) {
            failures.incrementAndGet();
            // the book waits for this snapshot: try again, backing off (a ban or an outage can last minutes)
            long retryIn;
            synchronized (this) {
                int n = consecutiveFailures.merge(symbol, 1, Integer::sum);
                retryIn = Math.min(MAX_RETRY_NANOS, minIntervalNanos << Math.min(n - 1, 10));
                pending.add(symbol);
            }
            LOG.warn("{} {}: snapshot for book re-sync failed ({}); next try in {} ms", settings.exchange().id(),
                    symbol, e.getMessage(), retryIn / 1_000_000);
            scheduler.schedule(() -> fetch(symbol), retryIn, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The depth snapshot request the Binance adapters route on. */
    static String depthPath(Exchange e, String symbol, int depth) {
        String prefix = switch (e) {
            case BINANCE_FUTURES -> "/fapi/v1/depth";
            case BINANCE_DELIVERY -> "/dapi/v1/depth";
            default -> "/api/v3/depth";
        };
        return prefix + "?symbol=" + symbol + "&limit=" + depth;
    }

    public long requested() {
        return requested.get();
    }

    /** Requests folded into one already waiting for the same symbol. */
    public long coalesced() {
        return coalesced.get();
    }

    public long snapshots() {
        return snapshots.get();
    }

    public long resubscribes() {
        return resubscribes.get();
    }

    public long failures() {
        return failures.get();
    }
}
