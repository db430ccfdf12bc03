package io.marketprism.model;

import java.math.BigDecimal;

/**
 * A liquidation. {@code side} is the side of the liquidation order: SELL means a long position was liquidated.
 * Binance and OKX liquidation feeds are samples, not complete (Binance pushes at most one per symbol per second);
 * Deribit marks liquidations on its trades.
 */
public record Liquidation(Exchange exchange, MarketType marketType, String symbol, String nativeSymbol,
                          Side side, BigDecimal price, BigDecimal size, BigDecimal rawSize, SizeUnit rawSizeUnit,
                          String tradeId, long exchangeTs, long receiveTs) implements MarketRecord {
    @Override
    public RecordType type() {
        return RecordType.LIQUIDATION;
    }
}
