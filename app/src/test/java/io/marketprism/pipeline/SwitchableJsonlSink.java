package io.marketprism.pipeline;

import io.marketprism.model.MarketRecord;
import io.marketprism.sink.JsonlSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@link JsonlSink} whose target can be re-pointed: at {@code /dev/full} every flush fails with "No space
 * left on device"; at a file it works. Optionally slowed down to make a queue fill.
 */
final class SwitchableJsonlSink implements BatchSink {
    private volatile JsonlSink target;
    private volatile long delayMillis;
    private final String name;

    SwitchableJsonlSink(String name, Path path) throws IOException {
        this.name = name;
        this.target = JsonlSink.toFile(path);
    }

    void pointTo(Path path) throws IOException {
        // the old target (perhaps /dev/full with unwritable buffered bytes) is dropped, not flushed
        target = JsonlSink.toFile(path);
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(List<MarketRecord> batch) throws IOException {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        target.write(batch);
    }

    @Override
    public void close() throws IOException {
        try {
            target.close();
        } catch (IOException e) {
            // closing a /dev/full target cannot flush; its batches are in the spool
        }
    }
}
