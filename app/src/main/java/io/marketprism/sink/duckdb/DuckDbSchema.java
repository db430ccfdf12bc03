package io.marketprism.sink.duckdb;

import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The DuckDB form of {@link Tables}: the same table and column names as ClickHouse, so the same queries work. There
 * is no primary key: maintaining its index cut inserts to ~75k rows/s here. Instead {@link DuckDbSink} inserts
 * only rows whose event identity ({@link Table#orderBy()}) is not stored yet, looking only at the batch's
 * exchange-time range (DuckDB's zone maps skip the rest), so a retried or replayed batch leaves one row per event;
 * ClickHouse gets the same effect from ReplacingMergeTree.
 */
public final class DuckDbSchema {
    /** Bumped when the DDL changes; recorded in {@code schema_migrations} like the ClickHouse store does. */
    public static final int VERSION = 1;
    /** The connection's staging table of a table: the Appender fills it. */
    static final String STAGE_SUFFIX = "__stage";
    /** The view of a staging table in the table's own columns and types: the inserts read it. */
    static final String STAGE_VIEW_SUFFIX = "__stage_view";
    /** Staging column of a decimal list: how many of its values the row's {@link #UNSCALED_LISTS} holds (INTEGER). */
    static final String LENGTH_SUFFIX = "__length";
    /** Staging column of a decimal list: the scale of its unscaled values, 0 to 18 (UTINYINT). */
    static final String SCALE_SUFFIX = "__scale";
    /** Last staging column of a table with decimal lists: the row's lists' unscaled values, one after the other. */
    static final String UNSCALED_LISTS = "decimal_lists__unscaled";

    private DuckDbSchema() {
    }

    public static String type(ColumnType t) {
        String dec = "DECIMAL(" + Tables.DECIMAL_PRECISION + "," + Tables.DECIMAL_SCALE + ")";
        return switch (t) {
            case STRING, NULLABLE_STRING -> "VARCHAR";
            case INT64, NULLABLE_INT64 -> "BIGINT";
            case NULLABLE_INT32 -> "INTEGER";
            case BOOL -> "BOOLEAN";
            case DECIMAL, NULLABLE_DECIMAL -> dec;
            case DECIMAL_ARRAY -> dec + "[]";
            case DATETIME -> "TIMESTAMP";
        };
    }

    private static boolean nullable(ColumnType t) {
        return switch (t) {
            case NULLABLE_STRING, NULLABLE_INT64, NULLABLE_INT32, NULLABLE_DECIMAL -> true;
            default -> false;
        };
    }

    public static String createTable(Table table) {
        StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table.name()).append(" (");
        for (Column c : table.columns()) {
            sb.append(c.name()).append(' ').append(type(c.type())).append(nullable(c.type()) ? "" : " NOT NULL")
                    .append(", ");
        }
        sb.setLength(sb.length() - 2);
        return sb.append(")").toString();
    }

    /**
     * The connection's staging table of {@code table} (TEMP, no constraints), in the Appender's column order: each
     * column as in the table, except that a decimal list {@code c} is staged as {@code c__length INTEGER} and
     * {@code c__scale UTINYINT} (its elements' unscaled values at their largest scale are in the row's last column,
     * {@code decimal_lists__unscaled BIGINT[]}, after those of the lists before it), then {@code c} itself, filled
     * only for a list some element of which does not fit that form (see {@link DuckDbSink}).
     */
    static String createStage(Table table) {
        List<String> cols = new ArrayList<>();
        boolean lists = false;
        for (Column c : table.columns()) {
            if (c.type() == ColumnType.DECIMAL_ARRAY) {
                cols.add(c.name() + LENGTH_SUFFIX + " INTEGER");
                cols.add(c.name() + SCALE_SUFFIX + " UTINYINT");
                lists = true;
            }
            cols.add(c.name() + " " + type(c.type()));
        }
        if (lists) {
            cols.add(UNSCALED_LISTS + " BIGINT[]");
        }
        return "CREATE TEMP TABLE IF NOT EXISTS " + table.name() + STAGE_SUFFIX + " (" + String.join(", ", cols)
                + ")";
    }

    /**
     * The staged rows as the table's columns: a decimal list is its exact staged form when there is one, else its
     * slice of the row's unscaled values times 10^-scale. The factor is an exact DECIMAL(19,18) literal picked per
     * row (not {@code 10 ^ -scale}, a DOUBLE), computed once per row in the inner SELECT and captured by the lambda;
     * every BIGINT fits DECIMAL(19,0), and the product (at most 19 integer digits, scale 18) is exact in
     * DECIMAL(38,18).
     */
    static String createStageView(Table table) {
        List<String> factors = new ArrayList<>();
        for (int s = 0; s <= Tables.DECIMAL_SCALE; s++) {
            factors.add(BigDecimal.ONE.movePointLeft(s).toPlainString() + "::DECIMAL(19,18)");
        }
        String factorList = "[" + String.join(", ", factors) + "]";
        List<String> cols = new ArrayList<>();
        List<String> perRow = new ArrayList<>();
        String start = "0"; // where the list's values start in the row's unscaled values (0-based)
        for (Column c : table.columns()) {
            if (c.type() == ColumnType.DECIMAL_ARRAY) {
                String factor = c.name() + "__factor";
                String length = c.name() + LENGTH_SUFFIX;
                perRow.add(factorList + "[" + c.name() + SCALE_SUFFIX + " + 1] AS " + factor);
                cols.add("COALESCE(" + c.name() + ", list_transform(" + UNSCALED_LISTS + "[" + start + " + 1 : "
                        + start + " + " + length + "], lambda x: x::DECIMAL(19,0) * " + factor + ")) AS " + c.name());
                start = start + " + " + length;
            } else {
                cols.add(c.name());
            }
        }
        String stage = table.name() + STAGE_SUFFIX;
        String from = perRow.isEmpty() ? stage : "(SELECT *, " + String.join(", ", perRow) + " FROM " + stage + ")";
        return "CREATE OR REPLACE TEMP VIEW " + table.name() + STAGE_VIEW_SUFFIX + " AS SELECT "
                + String.join(", ", cols) + " FROM " + from;
    }

    /** Creates every table (idempotent), the connection's staging tables and records the schema version. */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            for (Table t : Tables.all()) {
                s.execute(createTable(t));
                // staging is per connection and in memory: the Appender fills the table, the inserts read the view
                s.execute(createStage(t));
                s.execute(createStageView(t));
            }
            s.execute("INSERT OR IGNORE INTO schema_migrations (version, description) VALUES (" + VERSION
                    + ", 'record tables, de-duplicated by event identity on insert')");
        }
    }
}
