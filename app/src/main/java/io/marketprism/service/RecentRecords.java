package io.marketprism.service;

import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.ingest.StreamKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A tap on the record stream: the last trades of every stream (a bounded ring per stream, oldest dropped), the
 * latest ticker per stream, and the newest receive time per exchange and data type (for freshness). The number of
 * streams is bounded by the subscriptions, so memory is bounded by streams × capacity.
 */
public final class RecentRecords implements Consumer<MarketRecord> {
    private final int tradesPerStream;
    /** A trade and its arrival number: receive times of one frame's trades are equal, arrival order is not. */
    private record Entry(long seq, Trade trade) {
    }

    private final Map<StreamKey, ArrayDeque<Entry>> trades = new HashMap<>();
    private long arrivals;
    private final Map<StreamKey, Ticker> tickers = new HashMap<>();
    private final Map<Exchange, Map<String, Long>> lastReceive = new EnumMap<>(Exchange.class);

    public RecentRecords(int tradesPerStream) {
        if (tradesPerStream < 1) {
            throw new IllegalArgumentException("trades kept per stream must be >= 1, was " + tradesPerStream);
        }
        this.tradesPerStream = tradesPerStream;
    }

    /** The health data type of a record type: book snapshots and deltas are both "book". */
    public static String dataType(RecordType type) {
        return switch (type) {
            case BOOK_SNAPSHOT, BOOK_DELTA -> "book";
            default -> type.id();
        };
    }

    @Override
    public synchronized void accept(MarketRecord r) {
        lastReceive.computeIfAbsent(r.exchange(), e -> new TreeMap<>())
                .merge(dataType(r.type()), r.receiveTs(), Math::max);
        if (r instanceof Trade t) {
            ArrayDeque<Entry> ring = trades.computeIfAbsent(new StreamKey(t.exchange(), t.nativeSymbol()),
                    k -> new ArrayDeque<>(tradesPerStream));
            if (ring.size() == tradesPerStream) {
                ring.pollFirst();
            }
            ring.addLast(new Entry(++arrivals, t));
        } else if (r instanceof Ticker t) {
            tickers.put(new StreamKey(t.exchange(), t.nativeSymbol()), t);
        }
    }

    /** Newest (last arrived) first; null exchange/symbol = all; symbol matches native or unified. */
    public synchronized List<Trade> trades(Exchange exchange, String symbol, int limit) {
        List<Entry> all = new ArrayList<>();
        for (Map.Entry<StreamKey, ArrayDeque<Entry>> e : trades.entrySet()) {
            if (exchange != null && e.getKey().exchange() != exchange) {
                continue;
            }
            Entry last = e.getValue().peekLast();
            if (symbol != null && !symbol.equals(e.getKey().nativeSymbol())
                    && (last == null || !symbol.equals(last.trade().symbol()))) {
                continue;
            }
            all.addAll(e.getValue());
        }
        all.sort(Comparator.comparingLong(Entry::seq).reversed());
        List<Trade> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, all.size()); i++) {
            out.add(all.get(i).trade());
        }
        return out;
    }

    /** Trades currently held for a stream. */
    public synchronized int held(Exchange exchange, String nativeSymbol) {
        ArrayDeque<Entry> ring = trades.get(new StreamKey(exchange, nativeSymbol));
        return ring == null ? 0 : ring.size();
    }

    public synchronized List<Ticker> tickers(Exchange exchange) {
        List<Ticker> out = new ArrayList<>();
        for (Ticker t : tickers.values()) {
            if (exchange == null || t.exchange() == exchange) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing((Ticker t) -> t.exchange().id()).thenComparing(Ticker::nativeSymbol));
        return out;
    }

    /** Newest receive time (ns) per data type of an exchange. */
    public synchronized Map<String, Long> lastReceive(Exchange exchange) {
        Map<String, Long> m = lastReceive.get(exchange);
        return m == null ? Map.of() : new TreeMap<>(m);
    }
}
