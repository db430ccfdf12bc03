package io.marketprism.service;

/** The original service's error codes (with their HTTP statuses in comments), plus NOT_FOUND for the new paths. */
public final class ErrorCodes {
    /** 503. */
    public static final String COLLECTOR_NOT_INITIALIZED = "COLLECTOR_NOT_INITIALIZED";
    /** 500. */
    public static final String STATS_UNAVAILABLE = "STATS_UNAVAILABLE";
    /** 500. */
    public static final String EXCHANGE_STATUS_ERROR = "EXCHANGE_STATUS_ERROR";
    /** 500. */
    public static final String DATA_RETRIEVAL_ERROR = "DATA_RETRIEVAL_ERROR";
    /** 400. */
    public static final String INVALID_PARAMETERS = "INVALID_PARAMETERS";
    /** 503. */
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    /** 500. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    /** 404: unknown path or symbol (not in the original, which had no such paths). */
    public static final String NOT_FOUND = "NOT_FOUND";

    private ErrorCodes() {
    }
}
