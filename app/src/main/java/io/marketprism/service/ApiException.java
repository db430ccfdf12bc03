package io.marketprism.service;

/** An error answered with the documented envelope: HTTP status, {@code error_code} and message. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, ErrorCodes.INVALID_PARAMETERS, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
