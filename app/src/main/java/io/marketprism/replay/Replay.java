package io.marketprism.replay;

import io.marketprism.capture.FrameSource;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays recorded frames through exactly the adapters and books of live collection and hands the records to a
 * downstream (the pipeline, in production). One frame processor per exchange, so streams of several inputs of one
 * venue add up.
 */
public final class Replay {
    /** One recorded input and the exchange whose adapter reads it. */
    public record Input(Exchange exchange, FrameSource source, String name) {
    }

    /**
     * Told every {@value #PROGRESS_FRAMES} frames and at the end of an input: frames so far of that input (the input's
     * {@link FrameSource#progress()} tells how much of it is read, for an ETA).
     */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (input, frames, done) -> { };

        void update(Input input, long frames, boolean done);
    }

    static final int PROGRESS_FRAMES = 4096;

    private final Consumer<MarketRecord> downstream;
    private final BookOptions bookOptions;
    private final Map<Exchange, FrameProcessor> processors = new EnumMap<>(Exchange.class);
    private final Map<Exchange, InstrumentRegistry> registries = new EnumMap<>(Exchange.class);

    public Replay(Consumer<MarketRecord> downstream, BookOptions bookOptions) {
        this.downstream = downstream;
        this.bookOptions = bookOptions;
    }

    /** Replays every input in order; returns the processors (one per exchange) with their counters and books. */
    public List<FrameProcessor> run(List<Input> inputs, Progress progress) throws IOException {
        for (Input input : inputs) {
            FrameProcessor p = processors.computeIfAbsent(input.exchange(), ex -> new FrameProcessor(
                    VenueAdapters.create(ex, registry(ex)), registry(ex), downstream, bookOptions,
                    ResyncRequester.NONE));
            long n = 0;
            try (FrameSource source = input.source()) {
                Frame f;
                while ((f = source.next()) != null) {
                    p.process(f);
                    if (++n % PROGRESS_FRAMES == 0) {
                        progress.update(input, n, false);
                    }
                }
            }
            progress.update(input, n, true);
        }
        return new ArrayList<>(processors.values());
    }

    private InstrumentRegistry registry(Exchange exchange) {
        return registries.computeIfAbsent(exchange, e -> new InstrumentRegistry());
    }
}
