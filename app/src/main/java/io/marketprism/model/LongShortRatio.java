package io.marketprism.model;

import java.math.BigDecimal;

/**
 * A long/short ratio sample over {@code period} (e.g. {@code 5m}). For {@code taker_buy_sell}, {@code ratio} is
 * buy/sell volume and {@code buy_volume}/{@code sell_volume} are set; otherwise {@code long_share}/{@code short_share}
 * are the fractions of accounts or positions where the venue gives them.
 */
public record LongShortRatio(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                             RatioKind kind, String period, BigDecimal ratio, BigDecimal longShare,
                             BigDecimal shortShare, BigDecimal buyVolume, BigDecimal sellVolume,
                             long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.LONG_SHORT_RATIO;
    }
}
