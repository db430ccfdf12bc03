package io.marketprism.model;

import java.math.BigDecimal;

/**
 * A public trade. {@code side} is the taker side. {@code size} is in base-asset units (null only when the contract
 * specification needed for the conversion is unknown); {@code raw_size}/{@code raw_size_unit} keep the venue's
 * quantity as sent. {@code sequence} is the venue's per-instrument trade sequence where one exists (Binance trade or
 * aggregate id, Deribit trade_seq).
 */
public record Trade(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                    String tradeId, Side side, BigDecimal price, BigDecimal size, BigDecimal rawSize,
                    SizeUnit rawSizeUnit, Long sequence, boolean liquidation,
                    long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.TRADE;
    }
}
