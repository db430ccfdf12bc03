package io.marketprism.sink;

import io.marketprism.model.MarketRecord;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.model.RecordJson;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One record per line in the record JSON form, to a file (appended) or standard output. */
public final class JsonlSink implements BatchSink {
    private final OutputStream out;
    private final String description;
    private final boolean ownsStream;

    private JsonlSink(OutputStream out, String description, boolean ownsStream) {
        this.out = out;
        this.description = description;
        this.ownsStream = ownsStream;
    }

    public static JsonlSink toFile(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonlSink(new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 1 << 16),
                "jsonl:" + path, true);
    }

    public static JsonlSink toStdout() {
        return new JsonlSink(new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 16),
                "jsonl:-", false);
    }

    /** Writes the batch and flushes it to the file (or stdout) before returning. */
    @Override
    public void write(List<MarketRecord> batch) throws IOException {
        for (MarketRecord record : batch) {
            out.write(RecordJson.writeBytes(record));
            out.write('\n');
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
        if (ownsStream) {
            out.close();
        }
    }

    @Override
    public String name() {
        return description.equals("jsonl:-") ? "jsonl-stdout" : "jsonl";
    }

    @Override
    public String toString() {
        return description;
    }
}
