package io.marketprism.service;

import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ConnectionState;
import io.marketprism.service.CollectorView.SinkInfo;
import io.marketprism.service.CollectorView.StreamInfo;
import io.marketprism.service.CollectorView.Venue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides health from a snapshot. Checks per venue and data type: a data type whose newest record is older than its
 * freshness threshold fails; a venue with no records at all fails; a venue whose connections are all down fails,
 * one with some down warns; unsynced books warn; a spooling sink warns, a sink in any state other than {@code up}
 * or {@code spooling} fails. Overall: any failure → {@code unhealthy} (503), else any warning → {@code degraded}
 * (200, working within bounds), else {@code healthy}. During the start-up grace period failures are reported as
 * warnings and the status is {@code starting} (200): venues need time to connect and books to sync.
 * Data types without a threshold (liquidations: rare by nature) are not checked.
 */
public final class HealthPolicy {
    private final Map<String, Duration> freshness;
    private final Duration grace;

    public HealthPolicy(Map<String, Duration> freshness, Duration grace) {
        for (Map.Entry<String, Duration> e : freshness.entrySet()) {
            if (e.getValue() == null || e.getValue().isNegative() || e.getValue().isZero()) {
                throw new IllegalArgumentException("health freshness threshold for '" + e.getKey()
                        + "' must be a positive duration, was " + e.getValue());
            }
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("health start-up grace period must be >= 0, was " + grace);
        }
        this.freshness = Map.copyOf(freshness);
        this.grace = grace;
    }

    /** Defaults: trade 60 s, book 30 s, quote 30 s, ticker 60 s, funding 180 s, open_interest 120 s, … grace 60 s. */
    public static HealthPolicy defaults() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("trade", Duration.ofSeconds(60));
        m.put("book", Duration.ofSeconds(30));
        m.put("quote", Duration.ofSeconds(30));
        m.put("ticker", Duration.ofSeconds(60));
        m.put("funding", Duration.ofSeconds(180));
        m.put("open_interest", Duration.ofSeconds(120));
        m.put("long_short_ratio", Duration.ofSeconds(900));
        m.put("volatility_index", Duration.ofSeconds(120));
        return new HealthPolicy(m, Duration.ofSeconds(60));
    }

    public Map<String, Duration> freshness() {
        return freshness;
    }

    public Duration grace() {
        return grace;
    }

    /** One check: {@code pass}, {@code warn} or {@code fail}; age and threshold in seconds where they apply. */
    public record Check(String name, String status, String result, Double ageSeconds, Long thresholdSeconds) {
    }

    /** The verdict: status, HTTP status and every check, with the reasons of the non-passing ones. */
    public record Report(String status, int httpStatus, List<Check> checks, List<String> reasons) {
    }

    public Report evaluate(boolean initialized, List<Venue> venues, List<SinkInfo> sinks, Instant start,
                           Instant now) {
        Objects.requireNonNull(now, "now");
        boolean inGrace = Duration.between(start, now).compareTo(grace) < 0;
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("service_status", initialized ? "pass" : "fail",
                initialized ? "running" : "collector not initialized", null, null));
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        for (Venue v : venues) {
            String ex = v.exchange().id();
            if (v.lastReceiveNsByDataType().isEmpty()) {
                checks.add(new Check(ex + ".data", "fail", ex + ": no records received yet", null, null));
            }
            for (Map.Entry<String, Long> e : v.lastReceiveNsByDataType().entrySet()) {
                Duration limit = freshness.get(e.getKey());
                if (limit == null) {
                    continue;
                }
                double age = (nowNs - e.getValue()) / 1e9;
                boolean fresh = age <= limit.toMillis() / 1000.0;
                checks.add(new Check(ex + "." + e.getKey(), fresh ? "pass" : "fail",
                        fresh ? "fresh" : String.format(java.util.Locale.ROOT,
                                "%s %s: newest record %.1f s old, threshold %d s", ex, e.getKey(), age,
                                limit.toSeconds()),
                        Math.round(age * 1000) / 1000.0, limit.toSeconds()));
            }
            if (!v.connections().isEmpty()) {
                long up = v.connections().stream().filter(c -> c.state() == ConnectionState.CONNECTED).count();
                String status = up == v.connections().size() ? "pass" : up == 0 ? "fail" : "warn";
                StringBuilder down = new StringBuilder();
                for (ConnectionInfo c : v.connections()) {
                    if (c.state() != ConnectionState.CONNECTED) {
                        down.append(down.length() == 0 ? "" : ", ").append('#').append(c.id()).append(' ')
                                .append(c.state().name().toLowerCase(java.util.Locale.ROOT));
                    }
                }
                checks.add(new Check(ex + ".connections", status, status.equals("pass")
                        ? up + " connected" : ex + ": " + up + " of " + v.connections().size()
                        + " connections up (" + down + ")", null, null));
            }
            long books = 0;
            List<String> unsynced = new ArrayList<>();
            for (StreamInfo s : v.streams()) {
                if (s.book() != null) {
                    books++;
                    if (!s.book().synced()) {
                        unsynced.add(s.nativeSymbol() + (s.book().lastLossReason() == null ? ""
                                : " (" + s.book().lastLossReason() + ")"));
                    }
                }
            }
            if (books > 0) {
                checks.add(new Check(ex + ".books", unsynced.isEmpty() ? "pass" : "warn", unsynced.isEmpty()
                        ? books + " synced" : ex + ": " + unsynced.size() + " of " + books
                        + " books resyncing: " + String.join("; ", unsynced.subList(0, Math.min(5,
                        unsynced.size()))), null, null));
            }
        }
        for (SinkInfo s : sinks) {
            String status = "up".equals(s.state()) ? "pass" : "spooling".equals(s.state()) ? "warn" : "fail";
            checks.add(new Check("sink." + s.name(), status, status.equals("pass") ? "up"
                    : "sink " + s.name() + " is " + s.state() + " (queue " + s.queueDepth() + ", spool "
                    + s.spoolBytes() + " bytes)", null, null));
        }
        if (inGrace) {
            List<Check> softened = new ArrayList<>();
            for (Check c : checks) {
                softened.add(c.status().equals("fail") ? new Check(c.name(), "warn",
                        c.result() + " (start-up grace period)", c.ageSeconds(), c.thresholdSeconds()) : c);
            }
            checks = softened;
        }
        List<String> reasons = new ArrayList<>();
        boolean fail = false;
        boolean warn = false;
        for (Check c : checks) {
            if (!c.status().equals("pass")) {
                reasons.add(c.result());
                fail |= c.status().equals("fail");
                warn = true;
            }
        }
        String status = fail ? "unhealthy" : inGrace ? "starting" : warn ? "degraded" : "healthy";
        return new Report(status, fail ? 503 : 200, List.copyOf(checks), List.copyOf(reasons));
    }
}
