package io.marketprism.model;

import java.math.BigDecimal;

/**
 * Funding with mark and index price. Venue semantics differ and are kept: Binance {@code r} is the rate of the
 * current period applied at {@code next_funding_time}; OKX {@code fundingRate} is the rate for {@code funding_time};
 * Deribit {@code funding_8h} is an 8-hour-equivalent rate of continuously accrued funding
 * ({@code funding_interval_hours} = 8). Times in µs since the epoch; any field may be null when the venue's message
 * does not carry it (e.g. a mark-price-only frame).
 */
public record Funding(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                      BigDecimal fundingRate, BigDecimal predictedRate, Long fundingTime, Long nextFundingTime,
                      Integer fundingIntervalHours, BigDecimal markPrice, BigDecimal indexPrice,
                      long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.FUNDING;
    }
}
