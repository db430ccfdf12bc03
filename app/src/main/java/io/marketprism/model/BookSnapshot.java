package io.marketprism.model;

import java.util.List;

/**
 * A full (or top-N) order book. Sizes are in the venue's book unit ({@code size_unit}: base for Binance Spot/USDⓈ-M
 * and OKX spot, contracts for OKX derivatives and Binance COIN-M, USD for Deribit inverse); converting each level
 * would turn exact venue numbers into rounded quotients, so books stay in native units. {@code sequence} is the
 * venue's book sequence (lastUpdateId, seqId, change_id). Bids best (highest) first, asks best (lowest) first.
 */
public record BookSnapshot(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                           List<BookLevel> bids, List<BookLevel> asks, SizeUnit sizeUnit,
                           Long sequence, Long checksum,
                           long exchangeTs, long receiveTs) implements MarketRecord {
    public BookSnapshot {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    @Override
    public RecordType type() {
        return RecordType.BOOK_SNAPSHOT;
    }
}
