package io.marketprism.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.Json;
import io.marketprism.venue.VenueAdapter;
import io.marketprism.venue.VenueAdapters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the benchmarks get their input: the shared recorded traffic ({@code ../shared/fixtures} relative to the
 * working directory, or the system property {@code marketprism.fixtures}), never copied into the project. Everything
 * here runs in {@code @Setup}, never in a measured method.
 */
final class BenchFixtures {
    static final String PROPERTY = "marketprism.fixtures";

    private BenchFixtures() {
    }

    /** The shared fixtures folder, or null when it is absent (a clean clone). */
    static Path root() {
        Path root = Paths.get(System.getProperty(PROPERTY, "../shared/fixtures")).toAbsolutePath().normalize();
        return Files.isDirectory(root) ? root : null;
    }

    /** Frames of a cryptofeed capture prefix (e.g. {@code BINANCE}) in receive order; empty when absent. */
    static List<Frame> capture(Path root, String prefix) {
        if (root == null) {
            return List.of();
        }
        Path p = root.resolve("cryptofeed-captures").resolve(prefix);
        if (!Files.exists(p.resolveSibling(prefix + ".0")) && !Files.exists(p.resolveSibling(prefix + ".ws.1.0"))) {
            return List.of();
        }
        List<Frame> out = new ArrayList<>();
        try (CryptofeedCapture c = CryptofeedCapture.open(p)) {
            Frame f;
            while ((f = c.next()) != null) {
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read capture " + p, e);
        }
        return out;
    }

    /**
     * The raw message texts of {@code messages/<file>} whose channel matches, with their exact digits (the raw text
     * after {@code "message":}, as the project's test Fixtures read it). Only {@code kind: ws} lines.
     */
    static List<String> messages(Path root, String file, Predicate<String> channel) {
        if (root == null) {
            return List.of();
        }
        Path path = root.resolve("messages").resolve(file);
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode meta = Json.parse(line);
                if (!"ws".equals(meta.path("kind").asText()) || !channel.test(meta.path("channel").asText())) {
                    continue;
                }
                int at = line.indexOf("\"message\":");
                out.add(line.substring(at + "\"message\":".length(), line.lastIndexOf('}')).trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Feeds the REST responses among {@code frames} (instrument lists) to a throw-away adapter so that the registry
     * holds the venue's instruments, as in live collection; market records are discarded.
     */
    static void loadInstruments(Exchange exchange, InstrumentRegistry registry, List<Frame> frames) {
        VenueAdapter adapter = VenueAdapters.create(exchange, registry);
        AdapterOutput out = new AdapterOutput() {
            @Override
            public void emit(MarketRecord record) {
            }

            @Override
            public void instrument(Instrument instrument) {
                registry.put(instrument);
            }

            @Override
            public void control(String kind) {
            }

            @Override
            public void unknown(String kind) {
            }
        };
        for (Frame f : frames) {
            if (f.kind() == FrameKind.REST_RESPONSE) {
                try {
                    adapter.onFrame(f, out);
                } catch (RuntimeException e) {
                    // not an instrument list we can read: the adapters fall back to their name rules
                }
            }
        }
    }

    static String text(Frame f) {
        return new String(f.payload(), StandardCharsets.UTF_8);
    }
}
