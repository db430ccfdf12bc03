package io.marketprism.sink.clickhouse;

import java.io.IOException;

/** ClickHouse answered, but not with success: carries the HTTP status and ClickHouse's own error code and text. */
public final class ClickHouseException extends IOException {
    private final int httpStatus;
    private final int errorCode;

    public ClickHouseException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** ClickHouse's error code (e.g. 60 unknown table, 193 wrong password), or -1 when the answer named none. */
    public int errorCode() {
        return errorCode;
    }
}
