package io.marketprism.pipeline;

import io.marketprism.model.MarketRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A destination that takes records in batches. {@link #write} returns only when the whole batch is durable at the
 * destination (inserted, acknowledged, flushed); it throws when it is not, and then none or all of the batch may have
 * arrived: destinations de-duplicate by event identity, so the pipeline may write the same batch again.
 */
public interface BatchSink extends AutoCloseable {
    /** A short name for logs, metrics and spool folders: letters, digits, '-' and '_' only; never secrets. */
    String name();

    void write(List<MarketRecord> batch) throws IOException;

    /**
     * The batch size this destination works best with; the pipeline batches up to the larger of this and its own
     * setting (bounded by the queue). ClickHouse wants few large inserts; a bus wants small, fast batches.
     */
    default int preferredBatch() {
        return 1;
    }

    /** How long to wait for a fuller batch; the pipeline lingers the longer of this and its own setting. */
    default Duration preferredLinger() {
        return Duration.ZERO;
    }

    @Override
    void close() throws IOException;
}
