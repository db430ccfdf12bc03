package io.marketprism.ingest;

import io.marketprism.model.Exchange;

/** One venue instrument stream: the unit of books, counters and replay summaries. */
public record StreamKey(Exchange exchange, String nativeSymbol) implements Comparable<StreamKey> {
    @Override
    public int compareTo(StreamKey o) {
        int c = exchange.id().compareTo(o.exchange.id());
        return c != 0 ? c : nativeSymbol.compareTo(o.nativeSymbol);
    }
}
