package io.marketprism.sink.clickhouse;

import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClickHouse layout of {@link Tables} and its versioned migrations.
 *
 * <p>One table per record type, {@code ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMMDD(event_time) ORDER BY
 * (exchange, native_symbol, exchange_ts, event_id)}. De-duplication is by the event identity in the sorting key:
 * a retried or replayed batch inserts rows with the same key, and ReplacingMergeTree keeps one of them when parts
 * merge; queries that must not see duplicates before a merge read with {@code FINAL} ({@link ClickHouseQueries}).
 * Insert de-duplication (block hashes) was not chosen: it only exists for Replicated tables on 18.16 and only catches
 * byte-identical blocks, not a record that arrives again in a differently cut batch.
 *
 * <p>Portability: the base DDL uses only what ClickHouse 18.16 understands. Newer clauses are added by server version:
 * from {@link #LOW_CARDINALITY_SINCE} 20.1 on, {@code exchange}, {@code market_type} and {@code symbol} are
 * {@code LowCardinality(String)} (18.16 only has it behind an experimental flag; 19.x made it usable, 20.1 is the
 * first release line where it is on by default everywhere, so we choose it as the safe boundary). A table keeps the
 * types it was created with; upgrading the server does not alter existing tables.
 *
 * <p>Migrations are an ordered list in code; {@code schema_migrations (version, description, applied_at)} in the
 * database records the applied ones. At start the missing ones run in order; every statement is idempotent ({@code IF
 * NOT EXISTS}), so a crash between a statement and its record is repaired by running it again. A database whose
 * recorded version is newer than this build knows is refused with a clear error instead of being written with an
 * older layout.
 */
public final class ClickHouseSchema {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSchema.class);

    public static final int LOW_CARDINALITY_SINCE_MAJOR = 20;
    public static final int LOW_CARDINALITY_SINCE_MINOR = 1;
    /** The version from which {@code LowCardinality(String)} is used for the stream columns. */
    public static final String LOW_CARDINALITY_SINCE = LOW_CARDINALITY_SINCE_MAJOR + "." + LOW_CARDINALITY_SINCE_MINOR;
    public static final String MIGRATIONS_TABLE = "schema_migrations";
    public static final String WATERMARK_TABLE = "cold_tier_watermark";
    private static final Set<String> LOW_CARDINALITY_COLUMNS = Set.of("exchange", "market_type", "symbol");

    /** One schema step: its statements for a database and server version. */
    public record Migration(int version, String description,
                            BiFunction<String, ServerVersion, List<String>> statements) {
    }

    /** The result of {@link #migrate}: versions before and after, and the migrations applied now. */
    public record MigrationResult(ServerVersion server, int fromVersion, int toVersion, List<Integer> applied) {
    }

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "record tables, one per record type", (db, v) -> {
                List<String> out = new ArrayList<>();
                for (Table t : Tables.all()) {
                    out.add(createTable(db, t, v));
                }
                return out;
            }),
            new Migration(2, "cold tier watermark", (db, v) -> List.of(createWatermarkTable(db))));

    private ClickHouseSchema() {
    }

    public static List<Migration> migrations() {
        return MIGRATIONS;
    }

    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** The ClickHouse type of a logical column type on a server version. */
    public static String typeOf(Column column, ServerVersion server) {
        if (column.type() == ColumnType.STRING && LOW_CARDINALITY_COLUMNS.contains(column.name())
                && server.atLeast(LOW_CARDINALITY_SINCE_MAJOR, LOW_CARDINALITY_SINCE_MINOR)) {
            return "LowCardinality(String)";
        }
        String decimal = "Decimal(" + Tables.DECIMAL_PRECISION + "," + Tables.DECIMAL_SCALE + ")";
        return switch (column.type()) {
            case STRING -> "String";
            case NULLABLE_STRING -> "Nullable(String)";
            case INT64 -> "Int64";
            case NULLABLE_INT64 -> "Nullable(Int64)";
            case NULLABLE_INT32 -> "Nullable(Int32)";
            case BOOL -> "UInt8";
            case DECIMAL -> decimal;
            case NULLABLE_DECIMAL -> "Nullable(" + decimal + ")";
            case DECIMAL_ARRAY -> "Array(" + decimal + ")";
            case DATETIME -> "DateTime";
        };
    }

    /** {@code CREATE TABLE IF NOT EXISTS db.table (...) ENGINE = ReplacingMergeTree() ...} for a server version. */
    public static String createTable(String database, Table table, ServerVersion server) {
        ClickHouseSettings.requireIdentifier("database", database);
        StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(database).append('.')
                .append(table.name()).append(" (");
        List<Column> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(cols.get(i).name()).append(' ').append(typeOf(cols.get(i), server));
        }
        return sb.append(") ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMMDD(event_time) ORDER BY (")
                .append(String.join(", ", table.orderBy())).append(')').toString();
    }

    static String createMigrationsTable(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + "." + MIGRATIONS_TABLE
                + " (version UInt32, description String, applied_at DateTime)"
                + " ENGINE = ReplacingMergeTree() ORDER BY version";
    }

    /**
     * The cold tier's progress, one row per (table, partition) step; {@code version} orders the steps so the newest
     * state wins ({@code FINAL}). See {@link ColdTierMover}.
     */
    static String createWatermarkTable(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + "." + WATERMARK_TABLE
                + " (table_name String, partition_id UInt32, state String, moved_rows UInt64, moved_at DateTime,"
                + " version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (table_name, partition_id)";
    }

    /**
     * Creates the database if needed and applies the missing migrations in order.
     *
     * @throws IllegalStateException when the database is at a newer schema version than this build knows
     */
    public static MigrationResult migrate(ClickHouseHttp http, Clock clock) throws IOException {
        String db = http.settings().database();
        ServerVersion server = http.version();
        http.execute("CREATE DATABASE IF NOT EXISTS " + db);
        http.execute(createMigrationsTable(db));
        int current = currentVersion(http);
        if (current > latestVersion()) {
            throw new IllegalStateException("ClickHouse database " + db + " at " + http.settings().baseUri()
                    + " is at schema version " + current + " but this build knows versions up to " + latestVersion()
                    + ": upgrade MarketPrism, or point it at another database");
        }
        List<Integer> applied = new ArrayList<>();
        for (Migration m : MIGRATIONS) {
            if (m.version() <= current) {
                continue;
            }
            for (String statement : m.statements().apply(db, server)) {
                http.execute(statement);
            }
            long now = clock.instant().getEpochSecond();
            http.execute("INSERT INTO " + db + "." + MIGRATIONS_TABLE + " (version, description, applied_at) VALUES ("
                    + m.version() + ", " + quote(m.description()) + ", " + now + ")");
            LOG.info("ClickHouse {}: applied schema migration {} ({}) on server {}", http.settings().sinkUri(),
                    m.version(), m.description(), server);
            applied.add(m.version());
        }
        return new MigrationResult(server, current, Math.max(current, latestVersion()), List.copyOf(applied));
    }

    /** The highest applied migration (0 for a fresh database). */
    public static int currentVersion(ClickHouseHttp http) throws IOException {
        return (int) http.queryLong("SELECT max(version) FROM " + http.settings().database() + "." + MIGRATIONS_TABLE);
    }

    /** A ClickHouse string literal. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
