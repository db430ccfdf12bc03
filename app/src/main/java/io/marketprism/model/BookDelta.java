package io.marketprism.model;

import java.util.List;

/**
 * Changes to an order book: each level's size is the new absolute size, zero deletes the level. Sequence fields as
 * the venue sends them: Binance {@code U}/{@code u}/{@code pu}; OKX prevSeqId/seqId; Deribit
 * prev_change_id/change_id. {@code checksum} is OKX's CRC32 (null when absent or zero).
 */
public record BookDelta(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                        List<BookLevel> bids, List<BookLevel> asks, SizeUnit sizeUnit,
                        Long firstSequence, Long sequence, Long prevSequence, Long checksum,
                        long exchangeTs, long receiveTs) implements MarketRecord {
    public BookDelta {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    @Override
    public RecordType type() {
        return RecordType.BOOK_DELTA;
    }
}
