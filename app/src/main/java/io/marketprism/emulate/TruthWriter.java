package io.marketprism.emulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Decimals;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the ground truth as JSON lines: every trade ({@code "type":"trade"}), every book update
 * ({@code "type":"book_update"}: sequence numbers and level changes) and the full true book every
 * {@code bookEvery} updates per instrument ({@code "type":"book"}: the book right after that sequence). Prices and
 * sizes are canonical decimal strings. Thread-safe; a write failure is counted and logged once, then writing stops
 * (the emulator keeps serving).
 */
public final class TruthWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TruthWriter.class);

    private final Path file;
    private final BufferedWriter out;
    private final int bookEvery;
    private final Map<String, Integer> updatesSinceBook = new HashMap<>();
    private long lines;
    private long failures;

    public TruthWriter(Path file, int bookEvery) throws IOException {
        if (bookEvery < 1) {
            throw new IllegalArgumentException("truth book interval must be >= 1 update, was " + bookEvery);
        }
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.bookEvery = bookEvery;
    }

    synchronized void write(InstrumentSim sim, List<MarketEvent> events) {
        if (failures > 0) {
            return;
        }
        try {
            for (MarketEvent e : events) {
                EmuInstrument ins = e.instrument();
                ObjectNode n = EmuJson.object();
                n.put("exchange", ins.exchange().id()).put("symbol", ins.nativeSymbol()).put("ts", e.timestampMs());
                if (e instanceof MarketEvent.TradePrint t) {
                    n.put("type", "trade").put("trade_id", t.tradeId()).put("side", t.taker().id())
                            .put("price", Decimals.canonical(ins.price(t.priceTicks())))
                            .put("size", Decimals.canonical(ins.size(t.lots()))).put("liquidation", t.liquidation());
                } else if (e instanceof MarketEvent.BookUpdate u) {
                    n.put("type", "book_update").put("first", u.first()).put("last", u.last()).put("prev", u.prev());
                    changes(n.putArray("bids"), ins, u.bids());
                    changes(n.putArray("asks"), ins, u.asks());
                    line(n);
                    int k = updatesSinceBook.merge(ins.nativeSymbol(), 1, Integer::sum);
                    if (k >= bookEvery) {
                        updatesSinceBook.put(ins.nativeSymbol(), 0);
                        TrueBook b = sim.bookAt(u.last());
                        ObjectNode bn = EmuJson.object();
                        bn.put("exchange", ins.exchange().id()).put("symbol", ins.nativeSymbol())
                                .put("ts", e.timestampMs()).put("type", "book").put("sequence", b.sequence());
                        levels(bn.putArray("bids"), b.bids());
                        levels(bn.putArray("asks"), b.asks());
                        line(bn);
                    }
                    continue;
                } else {
                    continue; // liquidations are flagged on their trade
                }
                line(n);
            }
        } catch (IOException | RuntimeException ex) {
            failures++;
            LOG.error("ground truth file {}: write failed after {} lines, no more truth is written: {}", file, lines,
                    ex.toString());
        }
    }

    private void line(ObjectNode n) throws IOException {
        out.write(EmuJson.write(n));
        out.write('\n');
        lines++;
    }

    private static void changes(ArrayNode arr, EmuInstrument ins, List<MarketEvent.Level> levels) {
        for (MarketEvent.Level l : levels) {
            arr.addArray().add(Decimals.canonical(ins.price(l.priceTicks()))).add(Decimals.canonical(ins.size(
                    l.lots())));
        }
    }

    private static void levels(ArrayNode arr, List<BookLevel> levels) {
        for (BookLevel l : levels) {
            arr.addArray().add(Decimals.canonical(l.price())).add(Decimals.canonical(l.size()));
        }
    }

    public synchronized long lines() {
        return lines;
    }

    public synchronized long failures() {
        return failures;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            failures++;
            throw new UncheckedIOException("closing ground truth file " + file, e);
        }
    }
}
