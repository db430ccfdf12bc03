package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Venue identities as they appear in records, subjects and tables. */
public enum Exchange {
    BINANCE("binance"),
    /** Binance USDⓈ-M futures (fstream / fapi). */
    BINANCE_FUTURES("binance-futures"),
    /** Binance COIN-M futures (dstream / dapi): quantities in contracts. */
    BINANCE_DELIVERY("binance-delivery"),
    /** Binance.US: the Spot protocol on another host; kept apart so its records never mix with binance's. */
    BINANCE_US("binance-us"),
    OKX("okx"),
    DERIBIT("deribit");

    private final String id;

    Exchange(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static Exchange fromId(String id) {
        for (Exchange e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown exchange '" + id + "', allowed: " + allIds());
    }

    public static String allIds() {
        StringBuilder sb = new StringBuilder();
        for (Exchange e : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.id);
        }
        return sb.toString();
    }
}
