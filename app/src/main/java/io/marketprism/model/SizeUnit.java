package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The unit of a venue's raw quantity. Records keep the raw quantity and its unit beside the base-asset size, so a
 * later change of contract specification cannot silently change history.
 */
public enum SizeUnit {
    /** Units of the base asset (Binance Spot and USDⓈ-M, OKX spot, Deribit linear and options). */
    BASE("base"),
    /** Venue contracts: OKX swaps/futures/options (ctVal each), Binance COIN-M (contractSize USD each). */
    CONTRACT("contract"),
    /** Quote-currency (USD) amounts: Deribit inverse instruments. */
    QUOTE("quote");

    private final String id;

    SizeUnit(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
