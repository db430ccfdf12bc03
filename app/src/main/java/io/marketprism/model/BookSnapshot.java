package io.marketprism.model;

import java.util.List;

/**
 * A full (or top-N) order book. Sizes are in the venue's book unit ({@code size_unit}: base for Binance Spot/USDⓈ-M
 * and OKX spot, contracts for OKX derivatives and Binance COIN-M, USD for Deribit inverse); converting each level
 * would turn exact venue numbers into rounded quotients, so books stay in native units. {@code sequence} is the
 * venue's book sequence (lastUpdateId, seqId, change_id). Bids best (highest) first, asks best (lowest) first.
 * {@code partial} is true for top-N books (venue partial-depth streams, our own top-N publications) and false for a
 * full book from which a local book can be synchronized.
 */
public record BookSnapshot(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                           List<BookLevel> bids, List<BookLevel> asks, SizeUnit sizeUnit,
                           Long sequence, Long checksum, boolean partial,
                           long exchangeTs, long receiveTs) implements MarketRecord {
    public BookSnapshot {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** A full book (not partial). */
    public BookSnapshot(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                        List<BookLevel> bids, List<BookLevel> asks, SizeUnit sizeUnit,
                        Long sequence, Long checksum, long exchangeTs, long receiveTs) {
        this(exchange, marketType, symbol, nativeSymbol, bids, asks, sizeUnit, sequence, checksum, false,
                exchangeTs, receiveTs);
    }

    /** The same book marked as a top-N (partial) book. */
    public BookSnapshot asPartial() {
        return new BookSnapshot(exchange, marketType, symbol, nativeSymbol, bids, asks, sizeUnit, sequence, checksum,
                true, exchangeTs, receiveTs);
    }

    @Override
    public RecordType type() {
        return RecordType.BOOK_SNAPSHOT;
    }
}
