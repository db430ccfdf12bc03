package io.marketprism.sink.duckdb;

import java.nio.file.Files;
import java.nio.file.Path;

/** A second process for the lock test: opens the DuckDB file, says so, and holds it until killed. */
public final class DuckDbHolder {
    private DuckDbHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (DuckDbSink sink = DuckDbSink.open(Path.of(args[0]))) {
            Files.writeString(Path.of(args[1]), "ready");
            Thread.sleep(60_000);
        }
    }
}
