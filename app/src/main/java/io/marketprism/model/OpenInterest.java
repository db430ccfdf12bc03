package io.marketprism.model;

import java.math.BigDecimal;

/**
 * Open interest as the venue reports it ({@code open_interest} in {@code unit}) plus whichever conversions the venue
 * gives or the instrument allows exactly: {@code open_interest_base} (base asset) and {@code open_interest_usd}.
 */
public record OpenInterest(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                           BigDecimal openInterest, SizeUnit unit, BigDecimal openInterestBase,
                           BigDecimal openInterestUsd,
                           long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.OPEN_INTEREST;
    }
}
