package io.marketprism.venue;

import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instrument metadata by (exchange, native symbol): filled from the venues' instrument lists, read by adapters for
 * unified symbols and contract sizes. Thread-safe; a newer entry replaces an older one.
 */
public final class InstrumentRegistry {
    private final Map<Exchange, Map<String, Instrument>> byExchange = new ConcurrentHashMap<>();

    public void put(Instrument instrument) {
        byExchange.computeIfAbsent(instrument.exchange(), e -> new ConcurrentHashMap<>())
                .put(instrument.nativeSymbol(), instrument);
    }

    /** The instrument, or null when the venue's list has not been seen (adapters then fall back and say so). */
    public Instrument find(Exchange exchange, String nativeSymbol) {
        Map<String, Instrument> m = byExchange.get(exchange);
        return m == null ? null : m.get(nativeSymbol);
    }

    public List<Instrument> all(Exchange exchange) {
        Map<String, Instrument> m = byExchange.get(exchange);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    public int size() {
        return byExchange.values().stream().mapToInt(Map::size).sum();
    }
}
