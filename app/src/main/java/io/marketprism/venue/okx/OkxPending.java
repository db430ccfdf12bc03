package io.marketprism.venue.okx;

import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.AdapterOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds back the records and instruments of one frame until the whole frame has been read, so that a frame found
 * malformed half-way (say in its third data element) yields nothing rather than a part. Counters (control, unknown)
 * pass straight through.
 */
final class OkxPending implements AdapterOutput {
    private final AdapterOutput out;
    private final List<MarketRecord> records = new ArrayList<>();
    private final List<Instrument> instruments = new ArrayList<>();

    OkxPending(AdapterOutput out) {
        this.out = out;
    }

    @Override
    public void emit(MarketRecord record) {
        records.add(record);
    }

    @Override
    public void instrument(Instrument instrument) {
        instruments.add(instrument);
    }

    @Override
    public void control(String kind) {
        out.control(kind);
    }

    @Override
    public void unknown(String kind) {
        out.unknown(kind);
    }

    /** Hands everything held back to the real output, in arrival order per kind. */
    void flush() {
        instruments.forEach(out::instrument);
        records.forEach(out::emit);
    }
}
