package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

public enum RatioKind {
    /** Long/short ratio of all accounts. */
    GLOBAL_ACCOUNT("global_account"),
    /** Long/short ratio of top traders by accounts. */
    TOP_ACCOUNT("top_account"),
    /** Long/short ratio of top traders by positions. */
    TOP_POSITION("top_position"),
    /** Taker buy/sell volume ratio. */
    TAKER_BUY_SELL("taker_buy_sell");

    private final String id;

    RatioKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
