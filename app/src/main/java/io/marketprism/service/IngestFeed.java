package io.marketprism.service;

import io.marketprism.ingest.FrameProcessor;
import io.marketprism.model.RecordType;
import io.marketprism.venue.Frame;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The way frames enter a {@link FrameProcessor} watched by the service: each frame is processed under the lock the
 * service reads the processor's books and streams with (a {@link FrameProcessor} is single-threaded), and its
 * processing time is observed under the data type of the first record it produced ({@code none} for frames that
 * produced none: control messages, buffered deltas).
 */
public final class IngestFeed {
    private static final RecordType[] TYPES = RecordType.values();

    private final FrameProcessor processor;
    private final Object lock;
    private final ProcessingTimes times;
    private final LongSupplier nanoTime;
    private final long[] before = new long[TYPES.length];

    IngestFeed(FrameProcessor processor, Object lock, ProcessingTimes times, LongSupplier nanoTime) {
        this.processor = processor;
        this.lock = lock;
        this.times = times;
        this.nanoTime = nanoTime;
    }

    public void process(Frame frame) {
        synchronized (lock) {
            for (int i = 0; i < TYPES.length; i++) {
                before[i] = processor.counters().records(TYPES[i]);
            }
            long t0 = nanoTime.getAsLong();
            processor.process(frame);
            long elapsed = nanoTime.getAsLong() - t0;
            String type = "none";
            for (int i = 0; i < TYPES.length; i++) {
                if (processor.counters().records(TYPES[i]) != before[i]) {
                    type = RecentRecords.dataType(TYPES[i]);
                    break;
                }
            }
            times.observe(processor.exchange(), type, elapsed);
        }
    }

    /** Reads the processor's state consistently (never while a frame is half-processed). */
    public <T> T read(Function<FrameProcessor, T> reader) {
        synchronized (lock) {
            return reader.apply(processor);
        }
    }

    public FrameProcessor processor() {
        return processor;
    }
}
