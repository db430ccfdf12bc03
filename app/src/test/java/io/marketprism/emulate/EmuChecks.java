package io.marketprism.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.book.BookSynchronizer;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Decimals;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.Side;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.util.ArrayList;
import java.util.List;

/** Feeds what a client received through our real adapters and books, and compares books with the ground truth. */
final class EmuChecks {
    final FrameProcessor processor;
    final List<MarketRecord> records = new ArrayList<>();
    final List<String> resyncs = new ArrayList<>();
    int bookComparisons;

    EmuChecks(Exchange exchange) {
        InstrumentRegistry registry = new InstrumentRegistry();
        processor = new FrameProcessor(VenueAdapters.create(exchange, registry), registry, records::add,
                BookOptions.defaults(), (ResyncRequester) (ex, sym, reason) -> resyncs.add(sym + ": " + reason));
    }

    /**
     * Processes the frames in order; after every frame, each synced book of {@code market} must equal the true book
     * at the book's sequence.
     */
    void process(List<Frame> frames, SyntheticMarket market) {
        for (Frame f : frames) {
            processor.process(f);
            for (InstrumentSim sim : market.sims()) {
                StreamState s = processor.stream(sim.instrument().nativeSymbol());
                BookSynchronizer b = s == null ? null : s.book();
                if (b != null && b.synced()) {
                    TrueBook truth = sim.bookAt(b.sequence());
                    assertThat(text(b.book().top(Side.BUY, Integer.MAX_VALUE))).as("bids at %s", b.sequence())
                            .isEqualTo(text(truth.bids()));
                    assertThat(text(b.book().top(Side.SELL, Integer.MAX_VALUE))).as("asks at %s", b.sequence())
                            .isEqualTo(text(truth.asks()));
                    bookComparisons++;
                }
            }
        }
    }

    void assertClean() {
        assertThat(processor.counters().malformed()).as("malformed frames").isZero();
        assertThat(processor.counters().unknown()).as("unknown frames").isEmpty();
    }

    long count(Class<? extends MarketRecord> type, String nativeSymbol) {
        return records.stream().filter(type::isInstance).filter(r -> r.nativeSymbol().equals(nativeSymbol)).count();
    }

    static List<String> text(List<BookLevel> levels) {
        List<String> out = new ArrayList<>(levels.size());
        for (BookLevel l : levels) {
            out.add(Decimals.canonical(l.price()) + "@" + Decimals.canonical(l.size()));
        }
        return out;
    }
}
