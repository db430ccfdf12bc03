package io.marketprism.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent re-implementation, for tests only, of Binance Spot book sync over a cryptofeed capture: its own
 * line parsing, its own merge by receive time, plain TreeMaps and the documented rules of §2.6. The replay's final
 * books must equal what this computes.
 */
final class BinanceSpotBookOracle {
    private record Line(double t, int order, String url, String body) {
    }

    private static final class Book {
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        final List<JsonNode> buffer = new ArrayList<>();
        Long last;
    }

    static Map<String, List<List<String>>[]> finalBooks(Path prefix, int depth) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<Line> lines = new ArrayList<>();
        int order = 0;
        String http = prefix + ".http.0.0";
        for (String l : Files.readAllLines(Path.of(http), StandardCharsets.UTF_8)) {
            if (l.isBlank()) {
                continue;
            }
            int arrow = l.indexOf(" -> ");
            int colon = l.indexOf(": ", arrow);
            lines.add(new Line(Double.parseDouble(l.substring(arrow + 4, colon)), order++, l.substring(0, arrow),
                    l.substring(colon + 2)));
        }
        for (String l : Files.readAllLines(Path.of(prefix + ".ws.1.0"), StandardCharsets.UTF_8)) {
            if (l.contains(" <-> ") || l.isBlank()) {
                continue;
            }
            int colon = l.indexOf(": ");
            lines.add(new Line(Double.parseDouble(l.substring(0, colon)), order++, null, l.substring(colon + 2)));
        }
        lines.sort(Comparator.comparingDouble(Line::t).thenComparingInt(Line::order));
        Map<String, Book> books = new HashMap<>();
        for (Line line : lines) {
            JsonNode body = m.readTree(line.body());
            if (line.url() != null) {
                String symbol = line.url().replaceAll(".*symbol=([A-Z0-9]+).*", "$1");
                Book b = books.computeIfAbsent(symbol, k -> new Book());
                b.bids.clear();
                b.asks.clear();
                body.get("bids").forEach(x -> b.bids.put(new BigDecimal(x.get(0).asText()),
                        new BigDecimal(x.get(1).asText())));
                body.get("asks").forEach(x -> b.asks.put(new BigDecimal(x.get(0).asText()),
                        new BigDecimal(x.get(1).asText())));
                b.last = body.get("lastUpdateId").asLong();
                List<JsonNode> pending = new ArrayList<>(b.buffer);
                b.buffer.clear();
                pending.forEach(d -> apply(b, d));
                continue;
            }
            JsonNode data = body.get("data");
            if (data == null || !"depthUpdate".equals(data.path("e").asText())) {
                continue;
            }
            Book b = books.computeIfAbsent(data.get("s").asText(), k -> new Book());
            if (b.last == null) {
                b.buffer.add(data);
            } else {
                apply(b, data);
            }
        }
        Map<String, List<List<String>>[]> out = new TreeMap<>();
        books.forEach((symbol, b) -> {
            @SuppressWarnings("unchecked")
            List<List<String>>[] sides = new List[] {top(b.bids, depth), top(b.asks, depth)};
            out.put(symbol, sides);
        });
        return out;
    }

    private static void apply(Book b, JsonNode d) {
        long first = d.get("U").asLong();
        long last = d.get("u").asLong();
        if (last <= b.last) {
            return;
        }
        if (first > b.last + 1) {
            throw new IllegalStateException("gap in oracle replay at U=" + first + " B=" + b.last);
        }
        d.get("b").forEach(x -> set(b.bids, x));
        d.get("a").forEach(x -> set(b.asks, x));
        b.last = last;
    }

    private static void set(TreeMap<BigDecimal, BigDecimal> side, JsonNode level) {
        BigDecimal price = new BigDecimal(level.get(0).asText());
        BigDecimal size = new BigDecimal(level.get(1).asText());
        if (size.signum() == 0) {
            side.remove(price);
        } else {
            side.put(price, size);
        }
    }

    private static List<List<String>> top(TreeMap<BigDecimal, BigDecimal> side, int depth) {
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            if (out.size() == depth) {
                break;
            }
            out.add(List.of(canonical(e.getKey()), canonical(e.getValue())));
        }
        return out;
    }

    private static String canonical(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
