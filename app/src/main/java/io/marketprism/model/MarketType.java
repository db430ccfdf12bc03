package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

public enum MarketType {
    SPOT("spot"),
    PERPETUAL("perpetual"),
    /** Dated (delivery) futures. */
    FUTURE("future"),
    OPTION("option");

    private final String id;

    MarketType(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
