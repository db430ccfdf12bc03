package io.marketprism.bench;

import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.AdapterOutput;
import java.util.function.Consumer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An adapter output and record consumer that sinks everything into the current {@link Blackhole}, so the JIT cannot
 * drop the work of building records. The blackhole is set by the measured method (JMH hands it to benchmark methods
 * only); that is one field store per operation.
 */
final class BlackholeOutput implements AdapterOutput, Consumer<MarketRecord> {
    Blackhole bh;

    @Override
    public void emit(MarketRecord record) {
        bh.consume(record);
    }

    @Override
    public void accept(MarketRecord record) {
        bh.consume(record);
    }

    @Override
    public void instrument(Instrument instrument) {
        bh.consume(instrument);
    }

    @Override
    public void control(String kind) {
        bh.consume(kind);
    }

    @Override
    public void unknown(String kind) {
        bh.consume(kind);
    }
}
