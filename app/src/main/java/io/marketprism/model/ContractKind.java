package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonValue;

public enum ContractKind {
    SPOT("spot"),
    /** Margined and settled in the quote currency; a contract is a fixed amount of the base asset. */
    LINEAR("linear"),
    /** Margined and settled in the base asset; a contract is a fixed amount of quote (USD). */
    INVERSE("inverse");

    private final String id;

    ContractKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
