package io.marketprism.sink;

import io.marketprism.model.MarketRecord;
import java.io.IOException;

/**
 * A destination of records. {@link #accept} may buffer; {@link #flush} makes everything accepted so far durable at
 * the destination (called at the end of a batch, not per record); {@link #close} flushes and releases.
 */
public interface RecordSink extends AutoCloseable {
    void accept(MarketRecord record) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /** A short description for logs and status (never contains secrets). */
    String describe();
}
