package io.marketprism.sink;

import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.clickhouse.ClickHouseSink;
import io.marketprism.sink.duckdb.DuckDbSink;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;

/**
 * Parses sink URIs ({@code --sink}) and opens the sink: {@code duckdb:PATH} (embedded store), {@code jsonl:PATH},
 * {@code jsonl:-} (standard output).
 */
public final class SinkUri {
    public static final List<String> AVAILABLE = List.of("duckdb:PATH", "clickhouse:http://HOST:PORT/DATABASE",
            "jsonl:PATH", "jsonl:-");
    private static final List<String> PLANNED = List.of("nats://");

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
        for (String planned : PLANNED) {
            if (uri.startsWith(planned)) {
                throw new IllegalArgumentException("sink '" + uri + "': the " + planned.replace(":", "")
                        .replace("//", "") + " sink is not available in this build; available: "
                        + String.join(", ", AVAILABLE));
            }
        }
        throw new IllegalArgumentException("unknown sink '" + uri + "'; allowed: " + String.join(", ", AVAILABLE));
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
