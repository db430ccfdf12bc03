package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

public enum RecordType {
    TRADE("trade"),
    BOOK_SNAPSHOT("book_snapshot"),
    BOOK_DELTA("book_delta"),
    QUOTE("quote"),
    TICKER("ticker"),
    FUNDING("funding"),
    OPEN_INTEREST("open_interest"),
    LIQUIDATION("liquidation"),
    LONG_SHORT_RATIO("long_short_ratio"),
    VOLATILITY_INDEX("volatility_index");

    private final String id;

    RecordType(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static RecordType fromId(String id) {
        for (RecordType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown record type '" + id + "'");
    }
}
