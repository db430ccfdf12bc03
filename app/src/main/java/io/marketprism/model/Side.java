package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** For trades: the taker (aggressor) side. For liquidations: the side of the liquidation order. For books: the book side. */
public enum Side {
    BUY("buy"),
    SELL("sell");

    private final String id;

    Side(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
