package io.marketprism.replay;

import io.marketprism.capture.FrameSource;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded frames through exactly the adapters and books of live collection and writes the records to the
 * sinks. One frame processor per exchange, so streams of several inputs of one venue add up; sinks are flushed at
 * the end of every batch of frames, not per record.
 */
public final class Replay {
    /** Frames per sink flush. */
    static final int BATCH_FRAMES = 4096;

    /** One recorded input and the exchange whose adapter reads it. */
    public record Input(Exchange exchange, FrameSource source, String name) {
    }

    /** Told after every batch and at the end: frames so far of the current input. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (input, frames, done) -> { };

        void update(Input input, long frames, boolean done);
    }

    private final List<BatchSink> sinks;
    private final BookOptions bookOptions;
    private final Map<Exchange, FrameProcessor> processors = new EnumMap<>(Exchange.class);
    private final Map<Exchange, InstrumentRegistry> registries = new EnumMap<>(Exchange.class);
    private final List<MarketRecord> batch = new ArrayList<>();

    public Replay(List<BatchSink> sinks, BookOptions bookOptions) {
        this.sinks = List.copyOf(sinks);
        this.bookOptions = bookOptions;
    }

    /** Replays every input in order; returns the processors (one per exchange) with their counters and books. */
    public List<FrameProcessor> run(List<Input> inputs, Progress progress) throws IOException {
        for (Input input : inputs) {
            FrameProcessor p = processors.computeIfAbsent(input.exchange(), ex -> new FrameProcessor(
                    VenueAdapters.create(ex, registry(ex)), registry(ex), batch::add, bookOptions, ResyncRequester.NONE));
            long n = 0;
            try (FrameSource source = input.source()) {
                Frame f;
                while ((f = source.next()) != null) {
                    p.process(f);
                    if (++n % BATCH_FRAMES == 0) {
                        flushSinks();
                        progress.update(input, n, false);
                    }
                }
            }
            flushSinks();
            progress.update(input, n, true);
        }
        return new ArrayList<>(processors.values());
    }

    private InstrumentRegistry registry(Exchange exchange) {
        return registries.computeIfAbsent(exchange, e -> new InstrumentRegistry());
    }

    /** Hands the records of the last frames to every sink as one batch. */
    private void flushSinks() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<MarketRecord> out = List.copyOf(batch);
        batch.clear();
        for (BatchSink s : sinks) {
            s.write(out);
        }
    }
}
