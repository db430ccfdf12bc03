package io.marketprism.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.venue.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to the shared recorded traffic ({@code ../shared/fixtures}, never copied into the project) and to the
 * project's own small fixtures on the test class path. Tests that need the shared folder call {@link #sharedRoot()},
 * which skips the test with a clear message when the folder is absent, so a fresh clone still passes.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The shared fixtures folder; skips the calling test when it is absent. */
    public static Path sharedRoot() {
        String prop = System.getProperty("marketprism.fixtures");
        Path root = prop != null ? Paths.get(prop) : Paths.get("..", "..", "shared", "fixtures");
        assumeTrue(Files.isDirectory(root),
                "shared fixtures folder " + root.toAbsolutePath().normalize()
                        + " is absent: skipping tests on recorded exchange traffic");
        return root.toAbsolutePath().normalize();
    }

    /** One line of a {@code messages/*.ndjson} file: metadata plus the raw message text with its exact digits. */
    public record RecordedMessage(String exchange, String kind, String channel, String source, String raw, int line) {
        public boolean isRest() {
            return "rest".equals(kind);
        }

        @Override
        public String toString() {
            return exchange + " " + kind + " " + channel + " (line " + line + ")";
        }
    }

    /** All messages of {@code messages/<file>} (e.g. {@code okx.ndjson}); skips when the shared folder is absent. */
    public static List<RecordedMessage> messages(String file) {
        Path path = sharedRoot().resolve("messages").resolve(file);
        try {
            List<RecordedMessage> out = new ArrayList<>();
            int n = 0;
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode meta = Json.parse(line);
                // "message" is the last key of every line: cut its raw text so numbers keep their exact digits
                int at = line.indexOf("\"message\":");
                String raw = line.substring(at + "\"message\":".length(), line.lastIndexOf('}')).trim();
                out.add(new RecordedMessage(meta.get("exchange").asText(), meta.get("kind").asText(),
                        meta.get("channel").asText(), meta.get("source").asText(), raw, n));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture of the project's own, from the test class path (e.g. {@code venue/binance/aggTrade.json}). */
    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
