package io.marketprism.ingest;

import io.marketprism.book.BookSynchronizer;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.RecordType;
import java.util.EnumMap;
import java.util.Map;

/** What the ingest knows about one instrument stream: its identity, record counts and (if any) its local book. */
public final class StreamState {
    private final StreamKey key;
    private volatile String symbol;
    private volatile MarketType marketType;
    private final Map<RecordType, Long> records = new EnumMap<>(RecordType.class);
    private volatile long lastExchangeTs;
    private volatile long lastReceiveTs;
    private int connectionId;
    private BookSynchronizer book;

    StreamState(StreamKey key) {
        this.key = key;
    }

    void saw(MarketRecord r, int connection) {
        symbol = r.symbol();
        marketType = r.marketType();
        lastExchangeTs = Math.max(lastExchangeTs, r.exchangeTs());
        lastReceiveTs = Math.max(lastReceiveTs, r.receiveTs());
        if (connection > 0) {
            connectionId = connection;
        }
    }

    synchronized void counted(RecordType type) {
        records.merge(type, 1L, Long::sum);
    }

    void book(BookSynchronizer synchronizer) {
        this.book = synchronizer;
    }

    public StreamKey key() {
        return key;
    }

    public String symbol() {
        return symbol;
    }

    public MarketType marketType() {
        return marketType;
    }

    public synchronized long records(RecordType type) {
        return records.getOrDefault(type, 0L);
    }

    public long lastExchangeTs() {
        return lastExchangeTs;
    }

    public long lastReceiveTs() {
        return lastReceiveTs;
    }

    int connectionId() {
        return connectionId;
    }

    /** The stream's book synchronizer, or null when the stream has no full book. */
    public BookSynchronizer book() {
        return book;
    }
}
