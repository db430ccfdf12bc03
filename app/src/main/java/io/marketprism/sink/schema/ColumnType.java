package io.marketprism.sink.schema;

/**
 * Logical column types shared by every store (ClickHouse, DuckDB). Each store maps them to its own types once;
 * values handed out by {@link Column#value} are of the Java type named here.
 */
public enum ColumnType {
    /** {@code String}. */
    STRING,
    /** {@code String} or null. */
    NULLABLE_STRING,
    /** {@code Long}. */
    INT64,
    /** {@code Long} or null. */
    NULLABLE_INT64,
    /** {@code Integer} or null. */
    NULLABLE_INT32,
    /** {@code Boolean}. */
    BOOL,
    /** {@code BigDecimal} with scale {@link Tables#DECIMAL_SCALE}: Decimal(38,18). */
    DECIMAL,
    /** {@code BigDecimal} (scale 18) or null. */
    NULLABLE_DECIMAL,
    /** {@code List<BigDecimal>} (scale 18 each): book level prices or sizes, best first. */
    DECIMAL_ARRAY,
    /**
     * {@code Long}: seconds since the epoch, for partitioning ({@code DateTime} in ClickHouse, {@code TIMESTAMP} in
     * DuckDB): the exchange time, or the receive time when the venue sent none.
     */
    DATETIME
}
