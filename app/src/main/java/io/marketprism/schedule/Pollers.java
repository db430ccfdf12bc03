package io.marketprism.schedule;

import io.marketprism.connect.DataType;
import io.marketprism.connect.RestClient;
import io.marketprism.connect.RestException;
import io.marketprism.connect.StreamPlan;
import io.marketprism.connect.VenueSettings;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST pollers of one venue on an injected scheduler: instruments (at start and refreshed), funding, open
 * interest, long/short ratios, volatility index, at the configured intervals. Request paths and parameters are
 * exactly those the venue adapters route on. Where the venue pushes the same data on the WebSocket (Binance
 * markPrice, OKX funding-rate/open-interest, Deribit ticker and DVOL), a request is skipped while the push is fresh.
 */
public final class Pollers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pollers.class);

    /** One request of a job; {@code pushed} names the pushed record that makes it unnecessary (or null). */
    public record Request(String path, RecordType pushed, String symbol) {
    }

    /** A named job with its interval and requests. */
    public record Job(String name, Duration interval, List<Request> requests) {
    }

    private final VenueSettings settings;
    private final RestClient rest;
    private final ScheduledExecutorService scheduler;
    private final PushFreshness freshness;
    private final Clock clock;
    private final List<Job> jobs;
    private final List<ScheduledFuture<?>> running = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong skippedFresh = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public Pollers(VenueSettings settings, RestClient rest, ScheduledExecutorService scheduler,
                   PushFreshness freshness, Clock clock) {
        this.settings = settings;
        this.rest = rest;
        this.scheduler = scheduler;
        this.freshness = freshness;
        this.clock = clock;
        this.jobs = jobs(settings, clock);
    }

    /** Loads instruments now (blocking: adapters need them before data), then schedules every job. */
    public void start() throws InterruptedException {
        Job instruments = jobs.get(0);
        runOnce(instruments);
        for (Job j : jobs) {
            long first = j == instruments ? j.interval().toNanos() : 0;
            running.add(scheduler.scheduleWithFixedDelay(() -> {
                try {
                    runOnce(j);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, first, j.interval().toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    public List<Job> jobs() {
        return jobs;
    }

    /** Runs one job's requests now; failures are counted and logged, the job goes on with the next request. */
    public void runOnce(Job job) throws InterruptedException {
        long now = nanos(clock.instant());
        for (Request r : job.requests()) {
            if (r.pushed() != null && freshness.freshSince(r.pushed(), r.symbol(), now - job.interval().toNanos())) {
                skippedFresh.incrementAndGet();
                continue;
            }
            requests.incrementAndGet();
            try {
                long ms = clock.millis();
                rest.get(r.path().replace("{start}", Long.toString(ms - 3_600_000))
                        .replace("{end}", Long.toString(ms)));
            } catch (RestException e) {
                failures.incrementAndGet();
                LOG.warn("{} poll {} failed: {}", settings.exchange().id(), job.name(), e.getMessage());
            }
        }
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    public long requests() {
        return requests.get();
    }

    /** Requests not made because the WebSocket push was fresh. */
    public long skippedFresh() {
        return skippedFresh.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        running.forEach(f -> f.cancel(false));
    }

    /** The jobs of a venue; the first is always the instrument refresh. */
    static List<Job> jobs(VenueSettings s, Clock clock) {
        var p = s.polls();
        List<Job> out = new ArrayList<>();
        out.add(new Job("instruments", p.instruments(), instruments(s)));
        List<Request> funding = new ArrayList<>();
        List<Request> oi = new ArrayList<>();
        List<Request> ratios = new ArrayList<>();
        List<Request> vol = new ArrayList<>();
        String period = p.ratioPeriod();
        Exchange e = s.exchange();
        for (String sym : s.symbols()) {
            switch (e) {
                case BINANCE_FUTURES -> {
                    funding.add(new Request("/fapi/v1/premiumIndex?symbol=" + sym, RecordType.FUNDING, sym));
                    oi.add(new Request("/fapi/v1/openInterest?symbol=" + sym, null, sym));
                    for (String ep : List.of("globalLongShortAccountRatio", "topLongShortAccountRatio",
                            "topLongShortPositionRatio", "takerlongshortRatio")) {
                        ratios.add(new Request("/futures/data/" + ep + "?symbol=" + sym + "&period=" + period
                                + "&limit=1", null, sym));
                    }
                }
                case BINANCE_DELIVERY -> {
                    funding.add(new Request("/dapi/v1/premiumIndex?symbol=" + sym, RecordType.FUNDING, sym));
                    oi.add(new Request("/dapi/v1/openInterest?symbol=" + sym, null, sym));
                    String pair = sym.contains("_") ? sym.substring(0, sym.indexOf('_')) : sym;
                    for (String ep : List.of("globalLongShortAccountRatio", "topLongShortAccountRatio",
                            "topLongShortPositionRatio")) {
                        ratios.add(new Request("/futures/data/" + ep + "?pair=" + pair + "&period=" + period
                                + "&limit=1", null, sym));
                    }
                    ratios.add(new Request("/futures/data/takerBuySellVol?pair=" + pair
                            + "&contractType=PERPETUAL&period=" + period + "&limit=1", null, sym));
                }
                case OKX -> {
                    if (sym.endsWith("-SWAP")) {
                        funding.add(new Request("/api/v5/public/funding-rate?instId=" + sym, RecordType.FUNDING,
                                sym));
                        oi.add(new Request("/api/v5/public/open-interest?instType=SWAP&instId=" + sym,
                                RecordType.OPEN_INTEREST, sym));
                        String rubik = "/api/v5/rubik/stat/";
                        for (String ep : List.of("contracts/long-short-account-ratio-contract",
                                "contracts/long-short-account-ratio-contract-top-trader",
                                "contracts/long-short-position-ratio-contract-top-trader", "taker-volume-contract")) {
                            ratios.add(new Request(rubik + ep + "?instId=" + sym + "&period=" + period, null, sym));
                        }
                    }
                }
                case DERIBIT -> {
                    if (sym.endsWith("-PERPETUAL")) {
                        funding.add(new Request("/api/v2/public/ticker?instrument_name=" + sym, RecordType.FUNDING,
                                sym));
                    }
                }
                default -> { }
            }
        }
        if (e == Exchange.DERIBIT) {
            Set<String> ccys = new LinkedHashSet<>();
            s.symbols().forEach(x -> ccys.add(StreamPlan.deribitCurrency(x)));
            for (String c : ccys) {
                // {start}/{end}: the last hour, filled in when the request runs
                vol.add(new Request("/api/v2/public/get_volatility_index_data?currency=" + c
                        + "&start_timestamp={start}&end_timestamp={end}&resolution=60", RecordType.VOLATILITY_INDEX,
                        c));
            }
        }
        if (s.wants(DataType.FUNDING) && !funding.isEmpty()) {
            out.add(new Job("funding", p.funding(), funding));
        }
        if (s.wants(DataType.OPEN_INTEREST) && !oi.isEmpty()) {
            out.add(new Job("open_interest", p.openInterest(), oi));
        }
        if (s.wants(DataType.LONG_SHORT_RATIO) && !ratios.isEmpty()) {
            out.add(new Job("long_short_ratio", p.longShortRatio(), ratios));
        }
        if (s.wants(DataType.VOLATILITY_INDEX) && !vol.isEmpty()) {
            out.add(new Job("volatility_index", p.volatilityIndex(), vol));
        }
        return out;
    }

    private static List<Request> instruments(VenueSettings s) {
        return switch (s.exchange()) {
            case BINANCE, BINANCE_US -> List.of(new Request("/api/v3/exchangeInfo", null, null));
            case BINANCE_FUTURES -> List.of(new Request("/fapi/v1/exchangeInfo", null, null));
            case BINANCE_DELIVERY -> List.of(new Request("/dapi/v1/exchangeInfo", null, null));
            case OKX -> {
                Set<String> types = new LinkedHashSet<>();
                for (String id : s.symbols()) {
                    types.add(id.endsWith("-SWAP") ? "SWAP" : id.matches(".*-\\d{6}$") ? "FUTURES" : "SPOT");
                }
                List<Request> r = new ArrayList<>();
                types.forEach(t -> r.add(new Request("/api/v5/public/instruments?instType=" + t, null, null)));
                yield r;
            }
            case DERIBIT -> {
                Set<String> ccys = new LinkedHashSet<>();
                s.symbols().forEach(x -> ccys.add(StreamPlan.deribitCurrency(x)));
                List<Request> r = new ArrayList<>();
                ccys.forEach(c -> r.add(new Request("/api/v2/public/get_instruments?currency=" + c
                        + "&expired=false", null, null)));
                yield r;
            }
        };
    }
}
