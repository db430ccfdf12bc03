package io.marketprism.testing;

import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.InstrumentRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * An adapter output that keeps everything, for tests. Instruments also go into the given registry, as the real
 * frame processor does, so later frames see them.
 */
public final class CollectingOutput implements AdapterOutput {
    public final List<MarketRecord> records = new ArrayList<>();
    public final List<Instrument> instruments = new ArrayList<>();
    public final List<String> controls = new ArrayList<>();
    public final List<String> unknowns = new ArrayList<>();
    private final InstrumentRegistry registry;

    public CollectingOutput(InstrumentRegistry registry) {
        this.registry = registry;
    }

    public CollectingOutput() {
        this(new InstrumentRegistry());
    }

    @Override
    public void emit(MarketRecord record) {
        records.add(record);
    }

    @Override
    public void instrument(Instrument instrument) {
        instruments.add(instrument);
        registry.put(instrument);
    }

    @Override
    public void control(String kind) {
        controls.add(kind);
    }

    @Override
    public void unknown(String kind) {
        unknowns.add(kind);
    }

    @SuppressWarnings("unchecked")
    public <T extends MarketRecord> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (MarketRecord r : records) {
            if (type.isInstance(r)) {
                out.add((T) r);
            }
        }
        return out;
    }

    public void clear() {
        records.clear();
        instruments.clear();
        controls.clear();
        unknowns.clear();
    }
}
