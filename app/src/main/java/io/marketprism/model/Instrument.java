package io.marketprism.model;

import java.math.BigDecimal;

/**
 * Instrument metadata from the venue's instrument endpoint. {@code contract_size} is what one contract is worth, in
 * {@code contract_size_unit}: BASE for linear contracts (OKX ctVal in the base currency), QUOTE for inverse ones
 * (OKX ctVal in USD, Binance COIN-M contractSize USD); null for spot. {@code expiry} in µs since the epoch for dated
 * instruments; {@code strike}/{@code option_type} ("C"/"P") for options.
 */
public record Instrument(Exchange exchange, String nativeSymbol, String symbol, MarketType marketType,
                         ContractKind contractKind, String base, String quote, String settle,
                         BigDecimal contractSize, SizeUnit contractSizeUnit,
                         BigDecimal tickSize, BigDecimal lotSize,
                         Long expiry, BigDecimal strike, String optionType, String status) {

    /** The base-asset size of a raw quantity in this instrument's native unit at {@code price}, or null if unknown. */
    public BigDecimal baseSize(BigDecimal rawSize, SizeUnit rawUnit, BigDecimal price) {
        return Quantities.toBase(rawSize, rawUnit, contractSize, contractSizeUnit, price);
    }
}
