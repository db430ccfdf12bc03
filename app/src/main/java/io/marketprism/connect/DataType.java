package io.marketprism.connect;

import java.util.Locale;

/** What a venue is asked for; names as in the configuration. */
public enum DataType {
    TRADES, BOOK, QUOTE, TICKER, FUNDING, OPEN_INTEREST, LIQUIDATIONS, LONG_SHORT_RATIO, VOLATILITY_INDEX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DataType fromId(String id) {
        for (DataType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        StringBuilder all = new StringBuilder();
        for (DataType t : values()) {
            all.append(all.length() == 0 ? "" : ", ").append(t.id());
        }
        throw new IllegalArgumentException("unknown data type '" + id + "', allowed: " + all);
    }
}
