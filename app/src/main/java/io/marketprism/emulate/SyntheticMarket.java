package io.marketprism.emulate;

import io.marketprism.model.Exchange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The synthetic market of one venue: one {@link InstrumentSim} per instrument, each seeded from the market seed, the
 * venue and the symbol (so adding a symbol does not change the others), stepped together with the injected clock's
 * time. Every event can also be written to a {@link TruthWriter} (ground truth as JSON lines).
 */
public final class SyntheticMarket {
    private final Exchange exchange;
    private final Clock clock;
    private final Map<String, InstrumentSim> sims = new LinkedHashMap<>();
    private volatile TruthWriter truthWriter;

    public SyntheticMarket(Exchange exchange, List<String> nativeSymbols, MarketParams params, Clock clock) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (nativeSymbols.isEmpty()) {
            throw new IllegalArgumentException("no symbols for " + exchange.id());
        }
        for (String s : nativeSymbols) {
            EmuInstrument ins = EmuInstrument.of(exchange, s);
            long seed = params.seed() * 1_000_003L + exchange.ordinal() * 7919L + ins.nativeSymbol().hashCode();
            sims.put(ins.nativeSymbol(), new InstrumentSim(ins, params, seed));
        }
    }

    public Exchange exchange() {
        return exchange;
    }

    public Clock clock() {
        return clock;
    }

    /** Ground truth goes to this writer from now on (null: none). */
    public void truthWriter(TruthWriter writer) {
        this.truthWriter = writer;
    }

    /** One step of every instrument at the clock's current time; the events in instrument order. */
    public List<MarketEvent> step() {
        long now = clock.millis();
        List<MarketEvent> out = new ArrayList<>();
        for (InstrumentSim sim : sims.values()) {
            List<MarketEvent> events = sim.step(now);
            out.addAll(events);
            TruthWriter w = truthWriter;
            if (w != null) {
                w.write(sim, events);
            }
        }
        return out;
    }

    /** The instrument's simulation, or null when the venue does not list it. */
    public InstrumentSim sim(String nativeSymbol) {
        return sims.get(nativeSymbol);
    }

    /** The simulation of a symbol named in any case (Binance stream names are lower case). */
    public InstrumentSim simIgnoreCase(String nativeSymbol) {
        for (InstrumentSim s : sims.values()) {
            if (s.instrument().nativeSymbol().equalsIgnoreCase(nativeSymbol)) {
                return s;
            }
        }
        return null;
    }

    public List<InstrumentSim> sims() {
        return List.copyOf(sims.values());
    }
}
