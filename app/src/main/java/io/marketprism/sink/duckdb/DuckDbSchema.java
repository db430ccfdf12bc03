package io.marketprism.sink.duckdb;

import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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

    /** Creates every table (idempotent) and records the schema version. */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            for (Table t : Tables.all()) {
                s.execute(createTable(t));
            }
            s.execute("INSERT OR IGNORE INTO schema_migrations (version, description) VALUES (" + VERSION
                    + ", 'record tables, de-duplicated by event identity on insert')");
        }
    }
}
