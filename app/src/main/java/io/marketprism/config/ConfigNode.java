package io.marketprism.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the configuration tree that knows its own key path, so every typed read can fail with a message
 * naming the full key ({@code pipeline.linger}), the bad value and what is allowed. Reads also record which keys
 * were used, so unknown keys (typos) can be reported.
 */
public final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String path;
    private final JsonNode node;
    private final Set<String> used;

    private ConfigNode(String path, JsonNode node, Set<String> used) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.used = used;
    }

    public static ConfigNode root(JsonNode tree) {
        return new ConfigNode("", tree, new TreeSet<>());
    }

    public String path() {
        return path;
    }

    public boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    private String key(String child) {
        return path.isEmpty() ? child : path + "." + child;
    }

    public ConfigNode get(String child) {
        String k = key(child);
        used.add(k);
        return new ConfigNode(k, node.get(child), used);
    }

    /** The child keys of a map section (e.g. the venues), in file order. */
    public List<String> keys() {
        if (!present()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new ConfigException(path, "must be a map of keys to values, was " + describe(node));
        }
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The elements of a list. A single scalar is taken as a list of one. */
    public List<ConfigNode> list() {
        if (!present()) {
            return List.of();
        }
        List<ConfigNode> out = new ArrayList<>();
        if (node.isArray()) {
            int i = 0;
            for (JsonNode n : node) {
                out.add(new ConfigNode(path + "[" + i++ + "]", n, used));
            }
        } else if (node.isValueNode()) {
            out.add(this);
        } else {
            throw new ConfigException(path, "must be a list, was " + describe(node));
        }
        return out;
    }

    public String string(String fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.isValueNode()) {
            throw new ConfigException(path, "must be a text value, was " + describe(node));
        }
        return node.asText();
    }

    public String requiredString() {
        String s = string(null);
        if (s == null || s.isBlank()) {
            throw new ConfigException(path, "is required");
        }
        return s;
    }

    public int integer(int fallback, int min, int max) {
        if (!present()) {
            return fallback;
        }
        long v = number(min, max);
        return (int) v;
    }

    public long longValue(long fallback, long min, long max) {
        if (!present()) {
            return fallback;
        }
        return number(min, max);
    }

    private long number(long min, long max) {
        long v;
        if (node.isIntegralNumber()) {
            v = node.longValue();
        } else if (node.isTextual() && node.asText().trim().matches("-?\\d+")) {
            v = Long.parseLong(node.asText().trim());
        } else {
            throw new ConfigException(path, "'" + node.asText() + "' is not a whole number (allowed: " + min + " to "
                    + max + ")");
        }
        if (v < min || v > max) {
            throw new ConfigException(path, v + " is out of range (allowed: " + min + " to " + max + ")");
        }
        return v;
    }

    public boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String s = node.asText().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(path, "'" + node.asText() + "' is not a boolean (allowed: true, "
                    + "false)");
        };
    }

    /** A duration like {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d}, or a plain number of seconds. */
    public Duration duration(Duration fallback) {
        if (!present()) {
            return fallback;
        }
        String s = node.asText().trim().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new ConfigException(path, "'" + node.asText() + "' is not a duration (e.g. 250ms, 5s, 1m, 2h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A size like {@code 512MiB}, {@code 10GB}, {@code 4096} (bytes). */
    public long bytes(long fallback) {
        if (!present()) {
            return fallback;
        }
        String s = node.asText().trim();
        Matcher m = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE).matcher(s);
        if (!m.matches()) {
            throw new ConfigException(path, "'" + s + "' is not a size (e.g. 4096, 64KiB, 512MiB, 2GiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long mult = switch (unit.charAt(0)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1L;
        };
        return Math.multiplyExact(n, mult);
    }

    /** One of the allowed values (case-insensitive), returned in lower case. */
    public String oneOf(String fallback, String... allowed) {
        String s = string(fallback);
        if (s == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new ConfigException(path, "'" + s + "' is not allowed (allowed: " + String.join(", ", allowed) + ")");
    }

    /** Keys present under this node (recursively) that no reader asked for: typos, or settings of another version. */
    public List<String> unknownKeys() {
        List<String> out = new ArrayList<>();
        collect(path, node, out);
        return out;
    }

    private void collect(String at, JsonNode n, List<String> out) {
        if (n == null || !n.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
            if (!used.contains(k)) {
                out.add(k);
            } else {
                collect(k, e.getValue(), out);
            }
        }
    }

    private static String describe(JsonNode n) {
        if (n.isObject()) {
            return "a map";
        }
        if (n.isArray()) {
            return "a list";
        }
        return "'" + n.asText() + "'";
    }
}
