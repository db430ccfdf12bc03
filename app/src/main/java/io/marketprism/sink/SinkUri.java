package io.marketprism.sink;

import io.marketprism.model.RecordType;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.nats.JetStreamSetup;
import io.marketprism.sink.nats.NatsConnections;
import io.marketprism.sink.nats.NatsSettings;
import io.marketprism.sink.nats.NatsSink;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.clickhouse.ClickHouseSink;
import io.marketprism.sink.duckdb.DuckDbSink;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;

/**
 * Parses sink URIs ({@code --sink}) and opens the sink: {@code duckdb:PATH} (embedded store),
 * {@code clickhouse:http://HOST:PORT/DATABASE}, {@code nats://HOST:PORT} (JetStream, stream {@value #DEFAULT_STREAM}
 * created or updated), {@code jsonl:PATH}, {@code jsonl:-} (standard output).
 */
public final class SinkUri {
    public static final List<String> AVAILABLE = List.of("duckdb:PATH", "clickhouse:http://HOST:PORT/DATABASE",
            "nats://HOST:PORT[?records_per_message=N]", "jsonl:PATH", "jsonl:-");
    /** The stream a bare {@code nats://} sink creates or updates: every record type's subjects, file storage. */
    public static final String DEFAULT_STREAM = "MARKETPRISM";

    private SinkUri() {
    }

    public static BatchSink open(String uri) throws IOException {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("empty sink URI; allowed: " + String.join(", ", AVAILABLE));
        }
        if (uri.startsWith("duckdb:")) {
            String target = uri.substring("duckdb:".length());
            if (target.isEmpty()) {
                throw new IllegalArgumentException("sink '" + uri + "' names no file; use duckdb:PATH");
            }
            return DuckDbSink.open(Paths.get(target));
        }
        if (uri.startsWith(ClickHouseSettings.SCHEME)) {
            // user and password from CLICKHOUSE_USER / CLICKHOUSE_PASSWORD, never from the URI
            return ClickHouseSink.open(ClickHouseSettings.fromSinkUri(uri), Clock.systemUTC());
        }
        if (uri.startsWith("jsonl:")) {
            String target = uri.substring("jsonl:".length());
            if (target.isEmpty()) {
                throw new IllegalArgumentException("sink '" + uri + "' names no file; use jsonl:PATH or jsonl:-");
            }
            return "-".equals(target) ? JsonlSink.toStdout() : JsonlSink.toFile(Paths.get(target));
        }
        if (uri.startsWith("nats://") || uri.startsWith("tls://")) {
            return nats(natsOptions(NatsSettings.of(natsServer(uri)).withStreams(List.of(defaultStream(""))), uri));
        }
        throw new IllegalArgumentException("unknown sink '" + uri + "'; allowed: " + String.join(", ", AVAILABLE));
    }

    /** The server part of a {@code nats://} or {@code tls://} sink URI (without its {@code ?options}). */
    public static String natsServer(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /**
     * {@code settings} for the server of a {@code nats://} sink URI, with the publishing options of its query:
     * {@code records_per_message=N} (bundles, see {@code nats.records_per_message}). Unknown options are errors.
     */
    public static NatsSettings natsOptions(NatsSettings settings, String uri) {
        NatsSettings out = settings.withServers(List.of(natsServer(uri)));
        int q = uri.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String option : uri.substring(q + 1).split("&")) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (!key.equals("records_per_message") || eq < 0) {
                throw new IllegalArgumentException("sink '" + uri + "': option '" + option + "' is not allowed; "
                        + "allowed: records_per_message=N (1.." + NatsSettings.Publish.MAX_RECORDS_PER_MESSAGE + ")");
            }
            int n;
            try {
                n = Integer.parseInt(option.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sink '" + uri + "': records_per_message must be a whole number, "
                        + "got '" + option.substring(eq + 1) + "'");
            }
            out = out.withPublish(out.publish().withRecordsPerMessage(n));
        }
        return out;
    }

    /** The default stream of a subject prefix: {@code [prefix.]trade.>}, {@code [prefix.]book_delta.>}, ... */
    public static NatsSettings.StreamSpec defaultStream(String prefix) {
        List<String> subjects = new java.util.ArrayList<>();
        for (RecordType t : RecordType.values()) {
            subjects.add((prefix == null || prefix.isEmpty() ? "" : prefix + ".") + t.id() + ".>");
        }
        return NatsSettings.StreamSpec.of(DEFAULT_STREAM, subjects.toArray(new String[0]));
    }

    /** Connects, creates or updates the configured streams (never deletes one), and returns the JetStream sink. */
    public static NatsSink nats(NatsSettings settings) throws IOException {
        io.nats.client.Connection c = new NatsConnections(settings).connect("marketprism-publisher");
        try {
            JetStreamSetup.apply(c, settings.streams());
            return new NatsSink(c, settings, true, System::nanoTime);
        } catch (IOException | RuntimeException e) {
            try {
                c.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /** Opens every URI; on failure closes the ones already opened. */
    public static List<BatchSink> openAll(List<String> uris) throws IOException {
        java.util.ArrayList<BatchSink> out = new java.util.ArrayList<>();
        try {
            for (String u : uris) {
                out.add(open(u));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            for (BatchSink s : out) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the original failure is what matters
                }
            }
            throw e;
        }
    }

}
