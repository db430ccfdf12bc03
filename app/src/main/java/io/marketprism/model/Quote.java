package io.marketprism.model;

import java.math.BigDecimal;

/** Best bid and ask. Sizes in the venue's book unit ({@code size_unit}). Sides may be null when a side is empty. */
public record Quote(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                    BigDecimal bidPrice, BigDecimal bidSize, BigDecimal askPrice, BigDecimal askSize,
                    SizeUnit sizeUnit, Long sequence,
                    long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.QUOTE;
    }
}
