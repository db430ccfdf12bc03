package io.marketprism.emulate;

import io.marketprism.model.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fault rules of one connection applied to its data frames, in frame order. Single-threaded (the owning
 * connection serializes its sends).
 */
final class ConnectionFaults {
    /** What to do with the connection after this frame. */
    enum After { NOTHING, CLOSE, SHUTDOWN }

    /** The frames to put on the wire now (0, 1 or 2) and what happens next. */
    record Outcome(List<String> frames, After after, String reason) {
    }

    private final Exchange venue;
    private final List<FaultPlan.Rule> rules;
    private final long[] applied;
    private final Random[] random;
    private final FaultCounters counters;
    private long dataFrames;
    private boolean stalled;
    private String held;

    ConnectionFaults(Exchange venue, List<FaultPlan.Rule> rules, FaultCounters counters) {
        this.venue = venue;
        this.rules = rules;
        this.applied = new long[rules.size()];
        this.random = new Random[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            random[i] = new Random(rules.get(i).longArg("seed", 1));
        }
        this.counters = counters;
    }

    boolean stalled() {
        return stalled;
    }

    /** The connection age (ms) at which it must be closed, or -1. */
    long closeAtAgeMs() {
        for (FaultPlan.Rule r : rules) {
            if (r.kind() == FaultPlan.Kind.CLOSE_AT_AGE) {
                return r.longArg("age-ms", -1);
            }
        }
        return -1;
    }

    long graceMs() {
        for (FaultPlan.Rule r : rules) {
            if (r.kind() == FaultPlan.Kind.SERVER_SHUTDOWN) {
                return r.longArg("grace-ms", 500);
            }
        }
        return 500;
    }

    void countAgeClose() {
        counters.count(venue, FaultPlan.Kind.CLOSE_AT_AGE);
    }

    Outcome onDataFrame(String frame) {
        if (stalled) {
            counters.withheld(venue);
            return new Outcome(List.of(), After.NOTHING, null);
        }
        long n = ++dataFrames;
        List<String> out = new ArrayList<>(2);
        out.add(frame);
        After after = After.NOTHING;
        String reason = null;
        for (int i = 0; i < rules.size(); i++) {
            FaultPlan.Rule r = rules.get(i);
            switch (r.kind()) {
                case DROP_FRAMES -> {
                    if (periodic(i, r, n) && out.remove(frame)) {
                        hit(i, r);
                    }
                }
                case DUPLICATE_FRAMES -> {
                    if (periodic(i, r, n) && out.contains(frame)) {
                        out.add(frame);
                        hit(i, r);
                    }
                }
                case MALFORMED -> {
                    if (periodic(i, r, n) && out.contains(frame)) {
                        out.replaceAll(f -> f == frame ? frame.substring(0, frame.length() / 2) : f);
                        hit(i, r);
                    }
                }
                case REORDER_FRAMES -> {
                    if (held == null && periodic(i, r, n) && out.size() == 1) {
                        held = out.remove(0); // sent after the next data frame
                        hit(i, r);
                    }
                }
                case CLOSE_AFTER_FRAMES -> {
                    if (n == r.longArg("n", 0)) {
                        after = After.CLOSE;
                        reason = r.kind().id();
                        hit(i, r);
                    }
                }
                case CLOSE_RANDOM -> {
                    if (after == After.NOTHING && random[i].nextDouble() < r.doubleArg("p", 0)) {
                        after = After.CLOSE;
                        reason = r.kind().id();
                        hit(i, r);
                    }
                }
                case STALL -> {
                    if (n == r.longArg("after", 0)) {
                        stalled = true;
                        hit(i, r);
                    }
                }
                case SERVER_SHUTDOWN -> {
                    if (n == r.longArg("after", 0)) {
                        after = After.SHUTDOWN;
                        reason = r.kind().id();
                        hit(i, r);
                    }
                }
                default -> {
                    // CLOSE_AT_AGE is checked by the clock, REST kinds never reach connections
                }
            }
        }
        if (held != null && !out.isEmpty() && !out.contains(held)) {
            out.add(held);
            held = null;
        }
        return new Outcome(out, after, reason);
    }

    private boolean periodic(int i, FaultPlan.Rule r, long n) {
        return n % r.longArg("every", Long.MAX_VALUE) == 0 && applied[i] < r.longArg("count", Long.MAX_VALUE);
    }

    private void hit(int i, FaultPlan.Rule r) {
        applied[i]++;
        counters.count(venue, r.kind());
    }
}
