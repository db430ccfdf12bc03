package io.marketprism.model;

import java.math.BigDecimal;

/**
 * Rolling 24 h statistics. {@code volume_base} is in base-asset units and {@code volume_quote} in quote units where
 * the venue gives them (null otherwise). {@code price_change_pct} is in percent.
 */
public record Ticker(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                     BigDecimal last, BigDecimal open, BigDecimal high, BigDecimal low,
                     BigDecimal volumeBase, BigDecimal volumeQuote, BigDecimal priceChangePct,
                     BigDecimal bestBid, BigDecimal bestAsk,
                     long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.TICKER;
    }
}
