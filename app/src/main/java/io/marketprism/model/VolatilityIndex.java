package io.marketprism.model;

import java.math.BigDecimal;

/**
 * A volatility index value (Deribit DVOL). {@code symbol} is the index name in upper case (e.g. {@code BTC-DVOL}),
 * {@code native_symbol} the venue's ({@code btc_usd}). Candles from REST also carry open/high/low; {@code value} is
 * the close.
 */
public record VolatilityIndex(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                              BigDecimal value, BigDecimal open, BigDecimal high, BigDecimal low,
                              long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.VOLATILITY_INDEX;
    }
}
