package io.marketprism.sink.duckdb;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * Writes records into an embedded DuckDB file (the default store when no NATS/ClickHouse is configured). Each batch
 * is one transaction; per record type, its rows are built as Arrow columns ({@link ArrowColumns}), handed to DuckDB
 * as an Arrow stream, and inserted from there, one row per event identity: duplicates inside the batch collapse
 * (DISTINCT ON the key, only when the batch has any) and rows already stored are skipped (anti-join over the batch's
 * exchange-time range), so a retried or replayed batch adds nothing. A batch whose exchange times are all newer than
 * the table's newest row cannot repeat a stored event (the identity holds the exchange time) and skips that look-up.
 *
 * <p>The file is attached with row groups of {@value #ROW_GROUP_SIZE} rows instead of DuckDB's 122,880: a
 * transaction that appends at least a row group to a table has DuckDB write it compressed straight into the file
 * ("optimistic" writing), and its commit only records where; smaller appends go through the write-ahead log and are
 * compressed again at the next checkpoint, which made commits most of the cost of a bulk load.
 */
public final class DuckDbSink implements BatchSink {
    /** Rows per row group of the tables (a multiple of DuckDB's vector size, 2048); see the class comment. */
    static final int ROW_GROUP_SIZE = 16_384;
    /** The name of the database file inside the connection (tables are queried without it: it is the default). */
    private static final String CATALOG = "store";

    private final Path file;
    private final DuckDBConnection connection;
    private final BufferAllocator allocator;
    private final Map<RecordType, ArrowColumns> columns = new EnumMap<>(RecordType.class);
    /** Newest stored exchange time per table; a batch entirely newer needs no look-up of stored rows. */
    private final Map<RecordType, Long> maxExchangeTs = new EnumMap<>(RecordType.class);
    private boolean closed;

    private DuckDbSink(Path file, DuckDBConnection connection, BufferAllocator allocator) {
        this.file = file;
        this.connection = connection;
        this.allocator = allocator;
    }

    /** Opens (creates) the database file and its tables. Fails clearly when another process holds the file. */
    public static DuckDbSink open(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        BufferAllocator allocator = allocator();
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = c.createStatement()) {
                s.execute("ATTACH '" + abs.toString().replace("'", "''") + "' AS " + CATALOG + " (ROW_GROUP_SIZE "
                        + ROW_GROUP_SIZE + ")");
                s.execute("USE " + CATALOG);
            }
        } catch (SQLException e) {
            close(c, allocator, e);
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
            return new DuckDbSink(abs, c.unwrap(DuckDBConnection.class), allocator);
        } catch (SQLException e) {
            close(c, allocator, e);
            throw new IOException("cannot create the tables in DuckDB file " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Arrow's memory needs java.nio opened to it; say how when the JVM was started without. */
    private static BufferAllocator allocator() throws IOException {
        try {
            return new RootAllocator();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("the DuckDB sink needs Apache Arrow, which needs the JVM option "
                    + "--add-opens=java.base/java.nio=ALL-UNNAMED (bin/marketprism and the jar's manifest set it; "
                    + "add it when starting Java with -cp): " + e, e);
        }
    }

    private static void close(Connection c, BufferAllocator allocator, Exception cause) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
        allocator.close();
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
                    written.put(e.getKey(), insert(s, Tables.of(e.getKey()), e.getValue()));
                }
            }
            connection.commit();
            written.forEach((type, hi) -> maxExchangeTs.merge(type, hi, Math::max));
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("DuckDB write of " + batch.size() + " records to " + file + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Inserts one table's records (in the open transaction); returns their newest exchange time. */
    private long insert(Statement s, Table table, List<MarketRecord> records) throws SQLException {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (MarketRecord r : records) {
            lo = Math.min(lo, r.exchangeTs());
            hi = Math.max(hi, r.exchangeTs());
        }
        ArrowColumns cols = columns.computeIfAbsent(table.type(), t -> new ArrowColumns(table));
        String view = table.name() + "__arrow";
        ArrowReader reader = cols.reader(allocator);
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            boolean unique;
            try {
                unique = cols.fill(reader.getVectorSchemaRoot(), records);
                Data.exportArrayStream(allocator, reader, stream); // the stream owns the reader from here on
            } catch (IOException | RuntimeException e) {
                closeQuietly(reader, e);
                throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
            }
            try {
                connection.registerArrowStream(view, stream);
                // the key holds exchange_ts: rows newer than everything stored cannot be stored already
                s.execute(insertSql(table, view, unique, lo > storedMax(s, table) ? null : new long[] {lo, hi}));
            } finally {
                stream.release(); // frees the reader's buffers now, not whenever DuckDB drops the view
            }
        }
        return hi;
    }

    private static void closeQuietly(ArrowReader reader, Exception cause) {
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
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

    /**
     * Moves the rows of {@code source} into the table, one row per event identity: DISTINCT ON the key when the
     * batch repeats an identity ({@code unique} false), and, when {@code range} (the batch's lowest and highest
     * exchange time) is given, an anti-join against the table's rows of that range (literal bounds, so DuckDB's zone
     * maps prune the scan).
     */
    static String insertSql(Table table, String source, boolean unique, long[] range) {
        String key = String.join(", ", table.orderBy());
        String rows = unique ? source : "(SELECT DISTINCT ON (" + key + ") * FROM " + source + ")";
        if (range == null) {
            return "INSERT INTO " + table.name() + " SELECT * FROM " + rows;
        }
        return "INSERT INTO " + table.name() + " SELECT * FROM " + rows + " s ANTI JOIN (SELECT " + key + " FROM "
                + table.name() + " WHERE exchange_ts BETWEEN " + range[0] + " AND " + range[1] + ") t USING (" + key
                + ")";
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("closing DuckDB file " + file + " failed: " + e.getMessage(), e);
        } finally {
            allocator.close();
        }
    }

    @Override
    public String toString() {
        return "duckdb:" + file;
    }
}
