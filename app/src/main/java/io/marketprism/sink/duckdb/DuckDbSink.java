package io.marketprism.sink.duckdb;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.Decimal128;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes records into an embedded DuckDB file (the default store when no NATS/ClickHouse is configured). Each batch
 * is one transaction: per record type, rows are appended with the Appender to an in-memory staging table, then
 * {@link #dedupInsert} moves the events not stored yet into the table (a retried or replayed batch, duplicates
 * inside a batch, leave one row per event). A batch whose exchange times are all newer than the table's newest
 * row cannot repeat a stored event (the identity holds the exchange time): it skips the look-up
 * ({@link #distinctInsert}). The inserts read the staging table through a view in the table's own columns
 * ({@link DuckDbSchema#createStageView}): a row's decimal lists are staged as one list of unscaled longs and
 * converted there ({@link #appendList}).
 */
public final class DuckDbSink implements BatchSink {
    private static final long[] POW10 = new long[Tables.DECIMAL_SCALE + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final Path file;
    private final DuckDBConnection connection;
    private final Map<RecordType, DuckDBAppender> appenders = new EnumMap<>(RecordType.class);
    private final Decimal128 decimal = new Decimal128();
    /** The unscaled values of the decimal lists of the row being appended, one list after the other. */
    private long[] unscaledLists = new long[64];
    private int unscaledListsUsed;
    /** Newest stored exchange time per table; a batch entirely newer needs no look-up of stored rows. */
    private final Map<RecordType, Long> maxExchangeTs = new EnumMap<>(RecordType.class);
    private boolean closed;

    private DuckDbSink(Path file, DuckDBConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creates) the database file and its tables. Fails clearly when another process holds the file. */
    public static DuckDbSink open(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:" + abs);
        } catch (SQLException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("lock")) {
                throw new IOException("DuckDB file " + abs + " is in use by another process (" + msg.trim()
                        + "): stop that process or configure another DuckDB file", e);
            }
            throw new IOException("cannot open DuckDB file " + abs + ": " + msg, e);
        }
        try {
            DuckDbSchema.create(c);
            c.setAutoCommit(false);
            return new DuckDbSink(abs, c.unwrap(DuckDBConnection.class));
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("cannot create the tables in DuckDB file " + abs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "duckdb";
    }

    /**
     * Few, large transactions: DuckDB's cost is per commit (WAL and checkpoint) and per statement, so a replay
     * writes up to 100,000 records per transaction (bounded by the pipeline's queue, 65,536 by default), and a live
     * collector commits about once a second.
     */
    @Override
    public int preferredBatch() {
        return 100_000;
    }

    @Override
    public java.time.Duration preferredLinger() {
        return java.time.Duration.ofSeconds(1);
    }

    public Path file() {
        return file;
    }

    /** The connection, for queries on the same file (DuckDB allows one writing process per file). */
    public Connection connection() {
        return connection;
    }

    @Override
    public void write(List<MarketRecord> batch) throws IOException {
        if (closed) {
            throw new IOException("DuckDB sink " + file + " is closed");
        }
        Map<RecordType, List<MarketRecord>> byType = new EnumMap<>(RecordType.class);
        Map<RecordType, Long> written = new EnumMap<>(RecordType.class);
        for (MarketRecord r : batch) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
        }
        try {
            try (Statement s = connection.createStatement()) {
                for (Map.Entry<RecordType, List<MarketRecord>> e : byType.entrySet()) {
                    Table table = Tables.of(e.getKey());
                    DuckDBAppender a = appender(table);
                    long lo = Long.MAX_VALUE;
                    long hi = Long.MIN_VALUE;
                    for (MarketRecord r : e.getValue()) {
                        append(a, table, r);
                        lo = Math.min(lo, r.exchangeTs());
                        hi = Math.max(hi, r.exchangeTs());
                    }
                    a.flush();
                    String staged = table.name() + DuckDbSchema.STAGE_VIEW_SUFFIX;
                    // the key holds exchange_ts: rows newer than everything stored cannot be stored already
                    s.execute(lo > storedMax(s, table) ? distinctInsert(table, staged)
                            : dedupInsert(table, staged, lo, hi));
                    s.execute("DELETE FROM " + table.name() + DuckDbSchema.STAGE_SUFFIX);
                    written.put(e.getKey(), hi);
                }
            }
            connection.commit();
            written.forEach((type, hi) -> maxExchangeTs.merge(type, hi, Math::max));
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw new IOException("DuckDB write of " + batch.size() + " records to " + file + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The newest exchange time in the table (read once, then followed by the commits of this sink). */
    private long storedMax(Statement s, Table table) throws SQLException {
        Long max = maxExchangeTs.get(table.type());
        if (max == null) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT max(exchange_ts) FROM " + table.name())) {
                rs.next();
                long v = rs.getLong(1);
                max = rs.wasNull() ? Long.MIN_VALUE : v;
            }
            maxExchangeTs.put(table.type(), max);
        }
        return max;
    }

    /** Moves the staged rows into the table, one row per event identity (duplicates inside the batch collapse). */
    static String distinctInsert(Table table, String staged) {
        return "INSERT INTO " + table.name() + " SELECT DISTINCT ON (" + String.join(", ", table.orderBy())
                + ") * FROM " + staged;
    }

    /**
     * Moves the staged rows into the table, one row per event identity: duplicates inside the batch collapse
     * (DISTINCT ON the key), rows already stored are skipped (anti-join against the table restricted to the batch's
     * exchange-time range, literal bounds so DuckDB's zone maps prune the scan).
     */
    static String dedupInsert(Table table, String staged, long lo, long hi) {
        String key = String.join(", ", table.orderBy());
        return "INSERT INTO " + table.name() + " SELECT * FROM (SELECT DISTINCT ON (" + key + ") * FROM " + staged
                + ") s ANTI JOIN (SELECT " + key + " FROM " + table.name() + " WHERE exchange_ts BETWEEN " + lo
                + " AND " + hi + ") t USING (" + key + ")";
    }

    private DuckDBAppender appender(Table table) throws SQLException {
        DuckDBAppender a = appenders.get(table.type());
        if (a == null) {
            a = connection.createAppender("temp", "main", table.name() + DuckDbSchema.STAGE_SUFFIX);
            appenders.put(table.type(), a);
        }
        return a;
    }

    private void append(DuckDBAppender a, Table table, MarketRecord r) throws SQLException {
        a.beginRow();
        boolean lists = false;
        unscaledListsUsed = 0;
        for (Column c : table.columns()) {
            Object v = c.value(r);
            if (v == null) {
                a.appendNull();
                continue;
            }
            switch (c.type()) {
                case STRING, NULLABLE_STRING -> a.append((String) v);
                case INT64, NULLABLE_INT64 -> a.append(((Long) v).longValue());
                case NULLABLE_INT32 -> a.append(((Integer) v).intValue());
                case BOOL -> a.append(((Boolean) v).booleanValue());
                case DECIMAL, NULLABLE_DECIMAL -> {
                    decimal.set((BigDecimal) v);
                    a.appendDecimal(decimal.low(), decimal.high()); // DuckDB's HUGEINT order: lower half first
                }
                case DECIMAL_ARRAY -> {
                    appendList(a, (List<?>) v);
                    lists = true;
                }
                case DATETIME -> a.appendEpochMicros(Math.multiplyExact((Long) v, 1_000_000L));
            }
        }
        if (lists) {
            a.append(Arrays.copyOf(unscaledLists, unscaledListsUsed));
        }
        a.endRow();
    }

    /**
     * Appends a decimal list's three staging columns ({@link DuckDbSchema#createStage}) and adds its unscaled values
     * to the row's. Why: the Appender takes decimal list elements only at the column's scale (BigDecimal.setScale
     * per element, then precision and BigInteger arithmetic), and each list it appends costs about four JNI calls
     * whatever its elements; so the row's lists are staged as one list of longs, their elements' unscaled values at
     * each list's largest element scale, plus a length and that scale per list, and the insert multiplies them back
     * exactly. A list some element of which does not fit that form (scale outside 0..18, more than 18 digits, or
     * beyond a long at the common scale) has length 0 and is staged as the exact decimal list in the third column.
     */
    private void appendList(DuckDBAppender a, List<?> values) throws SQLException {
        int scale = commonScale(values);
        if (scale >= 0) {
            if (unscaledLists.length < unscaledListsUsed + values.size()) {
                unscaledLists = Arrays.copyOf(unscaledLists, Math.max(2 * unscaledLists.length,
                        unscaledListsUsed + values.size()));
            }
            if (unscaled(values, scale, unscaledLists, unscaledListsUsed)) {
                unscaledListsUsed += values.size();
                a.append(values.size()).append((byte) scale).appendNull();
                return;
            }
        }
        a.append(0).appendNull().append(storedList(values));
    }

    /**
     * The largest scale of the list's elements (0 for an empty list), or -1 when an element's scale is outside
     * 0..18 or it has more than 18 digits.
     */
    static int commonScale(List<?> values) {
        int scale = 0;
        for (Object o : values) {
            BigDecimal v = (BigDecimal) o;
            int s = v.scale();
            if (s < 0 || s > Tables.DECIMAL_SCALE || v.precision() > 18) {
                return -1;
            }
            scale = Math.max(scale, s);
        }
        return scale;
    }

    /**
     * Writes the elements' unscaled values at {@code scale} (at least each element's scale, at most 18, each element
     * of at most 18 digits: {@link #commonScale}) to {@code out} from {@code from} on; false when one does not fit a
     * long there.
     */
    static boolean unscaled(List<?> values, int scale, long[] out, int from) {
        int i = from;
        for (Object o : values) {
            BigDecimal v = (BigDecimal) o;
            try {
                out[i++] = Math.multiplyExact(v.unscaledValue().longValue(), POW10[scale - v.scale()]);
            } catch (ArithmeticException overflow) {
                return false;
            }
        }
        return true;
    }

    /** The appender takes list elements only at the column's scale. */
    private static List<BigDecimal> storedList(List<?> values) {
        List<BigDecimal> out = new ArrayList<>(values.size());
        for (Object o : values) {
            out.add(Tables.stored((BigDecimal) o));
        }
        return out;
    }

    /** Undoes the batch and drops the appenders (their buffered rows belong to the failed batch). */
    private void rollback(Exception cause) {
        for (DuckDBAppender a : appenders.values()) {
            try {
                a.close();
            } catch (SQLException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        appenders.clear();
        try {
            connection.rollback();
            try (Statement s = connection.createStatement()) {
                for (Table t : Tables.all()) {
                    s.execute("DELETE FROM " + t.name() + DuckDbSchema.STAGE_SUFFIX);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (DuckDBAppender a : appenders.values()) {
                a.close();
            }
            appenders.clear();
            connection.close();
        } catch (SQLException e) {
            throw new IOException("closing DuckDB file " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "duckdb:" + file;
    }
}
