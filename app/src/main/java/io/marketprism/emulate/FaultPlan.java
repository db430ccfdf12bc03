package io.marketprism.emulate;

import io.marketprism.model.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which faults the emulator injects, per venue and connection ordinal (1 = the venue's first WebSocket connection,
 * 2 = the second, …; {@code *} = every connection), or per venue's REST endpoint. Immutable.
 *
 * <p>Text form (one rule per line, {@code #} starts a comment, keys are {@code key=value}):
 * <pre>
 * # venue          connection  fault               parameters
 * binance-futures  1           close-after-frames  n=100
 * okx              *           drop-frames         every=50 [count=3]
 * binance          2           duplicate-frames    every=20 [count=..]
 * binance          2           reorder-frames      every=30 [count=..]
 * deribit          1           malformed           every=40 [count=..]
 * okx              1           close-random        p=0.01 [seed=7]
 * binance          1           stall               after=25
 * binance          1           server-shutdown     after=25 [grace-ms=500]
 * okx              *           close-at-age        age-ms=5000
 * binance          rest        status              code=429 retry-after=2 [count=3] [path=/api/v3/depth]
 * binance          rest        slow                delay-ms=800 [count=1] [path=/api/v3/depth]
 * </pre>
 * Frames are counted per connection and only data frames (market data, not acks or heartbeats) are counted and
 * faulted: "after=25" means after the 25th data frame.
 */
public final class FaultPlan {
    /** Kinds of fault, with their text names and parameters. */
    public enum Kind {
        CLOSE_AFTER_FRAMES("close-after-frames", Set.of("n"), Set.of()),
        CLOSE_RANDOM("close-random", Set.of("p"), Set.of("seed")),
        DROP_FRAMES("drop-frames", Set.of("every"), Set.of("count")),
        DUPLICATE_FRAMES("duplicate-frames", Set.of("every"), Set.of("count")),
        REORDER_FRAMES("reorder-frames", Set.of("every"), Set.of("count")),
        MALFORMED("malformed", Set.of("every"), Set.of("count")),
        STALL("stall", Set.of("after"), Set.of()),
        SERVER_SHUTDOWN("server-shutdown", Set.of("after"), Set.of("grace-ms")),
        CLOSE_AT_AGE("close-at-age", Set.of("age-ms"), Set.of()),
        REST_STATUS("status", Set.of("code"), Set.of("retry-after", "count", "path")),
        REST_SLOW("slow", Set.of("delay-ms"), Set.of("count", "path"));

        private final String id;
        private final Set<String> required;
        private final Set<String> optional;

        Kind(String id, Set<String> required, Set<String> optional) {
            this.id = id;
            this.required = required;
            this.optional = optional;
        }

        public String id() {
            return id;
        }

        boolean rest() {
            return this == REST_STATUS || this == REST_SLOW;
        }

        static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            StringBuilder all = new StringBuilder();
            for (Kind k : values()) {
                all.append(all.length() == 0 ? "" : ", ").append(k.id);
            }
            throw new IllegalArgumentException("unknown fault '" + id + "', allowed: " + all);
        }
    }

    /**
     * One rule.
     *
     * @param connection the connection ordinal (1-based), 0 for every connection; ignored for REST rules
     */
    public record Rule(Exchange venue, int connection, Kind kind, Map<String, String> args) {
        public Rule {
            Objects.requireNonNull(venue, "venue");
            Objects.requireNonNull(kind, "kind");
            args = Map.copyOf(args);
            for (String k : kind.required) {
                if (!args.containsKey(k)) {
                    throw new IllegalArgumentException("fault " + kind.id + " needs " + k + "=...");
                }
            }
            for (String k : args.keySet()) {
                if (!kind.required.contains(k) && !kind.optional.contains(k)) {
                    throw new IllegalArgumentException("fault " + kind.id + " has no parameter '" + k
                            + "' (parameters: " + kind.required + " required, " + kind.optional + " optional)");
                }
            }
            for (Map.Entry<String, String> e : args.entrySet()) {
                if (!e.getKey().equals("path")) {
                    double v = number(kind, e.getKey(), e.getValue());
                    if (v < 0 || (e.getKey().equals("every") || e.getKey().equals("count")) && v < 1) {
                        throw new IllegalArgumentException("fault " + kind.id + ": " + e.getKey() + "="
                                + e.getValue() + " is out of range");
                    }
                }
            }
            if (kind == Kind.REST_STATUS && !Set.of("429", "418", "403", "500", "503").contains(args.get("code"))) {
                throw new IllegalArgumentException("fault status: code=" + args.get("code")
                        + " is not one of 429, 418, 403, 500, 503");
            }
            if (connection < 0) {
                throw new IllegalArgumentException("connection ordinal must be >= 1 (or * for all), was "
                        + connection);
            }
        }

        boolean matches(Exchange v, int ordinal) {
            return venue == v && !kind.rest() && (connection == 0 || connection == ordinal);
        }

        long longArg(String key, long fallback) {
            String v = args.get(key);
            return v == null ? fallback : (long) number(kind, key, v);
        }

        double doubleArg(String key, double fallback) {
            String v = args.get(key);
            return v == null ? fallback : number(kind, key, v);
        }

        private static double number(Kind kind, String key, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault " + kind.id + ": " + key + "=" + value
                        + " is not a number");
            }
        }
    }

    private static final FaultPlan NONE = new FaultPlan(List.of());

    private final List<Rule> rules;

    public FaultPlan(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static FaultPlan none() {
        return NONE;
    }

    /** A plan of rules; for tests: {@code FaultPlan.of(FaultPlan.rule(BINANCE, 1, "drop-frames", "every=10"))}. */
    public static FaultPlan of(Rule... rules) {
        return new FaultPlan(List.of(rules));
    }

    /** A rule in the text form's terms; connection 0 = every connection (or REST rules). */
    public static Rule rule(Exchange venue, int connection, String kind, String... keyValues) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fault parameter '" + kv + "' is not key=value");
            }
            args.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Rule(venue, connection, Kind.of(kind), args);
    }

    public static FaultPlan parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the text form; errors name the source, line number and what is wrong. */
    public static FaultPlan parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] t = line.split("\\s+");
            try {
                if (t.length < 3) {
                    throw new IllegalArgumentException("expected '<venue> <connection|*|rest> <fault> [key=value ...]'");
                }
                Exchange venue = Exchange.fromId(t[0].toLowerCase(Locale.ROOT));
                Kind kind = Kind.of(t[2]);
                int connection;
                if (t[1].equals("rest")) {
                    if (!kind.rest()) {
                        throw new IllegalArgumentException("fault " + kind.id + " applies to connections, not rest");
                    }
                    connection = 0;
                } else if (kind.rest()) {
                    throw new IllegalArgumentException("fault " + kind.id + " applies to 'rest' only");
                } else if (t[1].equals("*")) {
                    connection = 0;
                } else {
                    try {
                        connection = Integer.parseInt(t[1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("connection '" + t[1] + "' is not an ordinal, * or rest");
                    }
                    if (connection < 1) {
                        throw new IllegalArgumentException("connection ordinal must be >= 1, was " + connection);
                    }
                }
                String[] kv = new String[t.length - 3];
                System.arraycopy(t, 3, kv, 0, kv.length);
                Rule r = rule(venue, connection, t[2], kv);
                rules.add(new Rule(r.venue(), r.connection(), r.kind(), r.args()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage()
                        + " | " + lines[i].trim(), e);
            }
        }
        return new FaultPlan(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The connection rules of a venue's connection. */
    List<Rule> forConnection(Exchange venue, int ordinal) {
        return rules.stream().filter(r -> r.matches(venue, ordinal)).toList();
    }

    /** The REST rules of a venue. */
    List<Rule> forRest(Exchange venue) {
        return rules.stream().filter(r -> r.venue() == venue && r.kind().rest()).toList();
    }
}
