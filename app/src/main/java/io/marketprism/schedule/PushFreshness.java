package io.marketprism.schedule;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * When each (record type, native symbol) last arrived from a WebSocket push: a poller whose data the venue also
 * pushes asks only when the push has been silent for the poll interval (REST as fallback). Fed with the records of
 * the ingest path; uses the records' local receive time (ns).
 */
public final class PushFreshness implements Consumer<MarketRecord> {
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    @Override
    public void accept(MarketRecord r) {
        lastSeen.merge(key(r.type(), r.nativeSymbol()), r.receiveTs(), Math::max);
    }

    /** Whether a record of this type and symbol arrived at or after {@code sinceNanos}. */
    public boolean freshSince(RecordType type, String nativeSymbol, long sinceNanos) {
        Long t = lastSeen.get(key(type, nativeSymbol));
        return t != null && t >= sinceNanos;
    }

    private static String key(RecordType type, String symbol) {
        return type.name() + '|' + symbol;
    }
}
