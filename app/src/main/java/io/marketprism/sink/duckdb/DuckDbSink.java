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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    /** Builds the next table's columns while DuckDB inserts the current one's. */
    private final ExecutorService filler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "duckdb-fill");
        t.setDaemon(true);
        return t;
    });
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
                // where DuckDB spills when an insert outgrows memory: beside the file, as when the file is opened
                // directly (an in-memory connection would use ./.tmp in the working directory)
                s.execute("SET temp_directory = '" + (abs + ".tmp").replace("'", "''") + "'");
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
     * Few, large transactions: DuckDB's cost is per commit and per statement, and a table's rows go straight into
     * the file only a whole row group at a time, so a replay writes up to 100,000 records per transaction (replay
     * sizes its queue for that: 65,536-record transactions measured 269k records/s, 100,000-record ones
     * 305-388k), and a live collector commits about once a second.
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
        for (MarketRecord r : batch) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
        }
        // one insert per table: splitting a table's rows into several statements measured slower (per-statement
        // cost), while building the next table's columns during this one's insert measured +7 %
        List<List<MarketRecord>> chunks = new ArrayList<>(byType.values());
        // newest exchange time per table including this transaction's chunks; kept only once it commits
        Map<RecordType, Long> newest = new EnumMap<>(RecordType.class);
        Future<Chunk> next = chunks.isEmpty() ? null : filler.submit(() -> fill(chunks.get(0)));
        try {
            try (Statement s = connection.createStatement()) {
                for (int k = 0; k < chunks.size(); k++) {
                    Future<Chunk> current = next;
                    next = null; // awaited here: a failure of its own must not be discarded again
                    Chunk chunk = await(current);
                    int following = k + 1;
                    // the next table's columns are built while DuckDB inserts this one's
                    next = following < chunks.size() ? filler.submit(() -> fill(chunks.get(following))) : null;
                    insert(s, chunk, newest);
                }
            }
            connection.commit();
            newest.forEach((type, hi) -> maxExchangeTs.merge(type, hi, Math::max));
        } catch (IOException | SQLException | RuntimeException e) {
            discard(next, e);
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("DuckDB write of " + batch.size() + " records to " + file + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** One table's rows of a batch, built as Arrow columns and ready to insert. */
    private record Chunk(Table table, ArrowReader reader, boolean unique, long lo, long hi) {
    }

    /** Builds a chunk's columns (on the filler thread, the only user of {@link #columns}). */
    private Chunk fill(List<MarketRecord> records) throws IOException {
        Table table = Tables.of(records.get(0).type());
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (MarketRecord r : records) {
            lo = Math.min(lo, r.exchangeTs());
            hi = Math.max(hi, r.exchangeTs());
        }
        ArrowColumns cols = columns.computeIfAbsent(table.type(), t -> new ArrowColumns(table));
        ArrowReader reader = cols.reader(allocator);
        try {
            return new Chunk(table, reader, cols.fill(reader.getVectorSchemaRoot(), records), lo, hi);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, e);
            throw e;
        }
    }

    private static Chunk await(Future<Chunk> chunk) throws IOException {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building DuckDB rows", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /** After a failure: waits for the chunk being built, if any, and frees its columns. */
    private static void discard(Future<Chunk> chunk, Exception cause) {
        if (chunk == null) {
            return;
        }
        try {
            closeQuietly(await(chunk).reader(), cause);
        } catch (IOException | RuntimeException | Error e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * Inserts one table's rows (in the open transaction): straight when their exchange times are all newer than the
     * table's newest row (the key holds exchange_ts, so none of them can be stored already), else through the
     * anti-join; DISTINCT ON only when the rows repeat an identity.
     */
    private void insert(Statement s, Chunk chunk, Map<RecordType, Long> newest) throws SQLException {
        Table table = chunk.table();
        Long known = newest.get(table.type());
        long max = known != null ? known : storedMax(s, table);
        String view = table.name() + "__arrow";
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            try {
                Data.exportArrayStream(allocator, chunk.reader(), stream); // the stream owns the reader from here
            } catch (RuntimeException e) {
                closeQuietly(chunk.reader(), e);
                throw e;
            }
            try {
                connection.registerArrowStream(view, stream);
                s.execute(insertSql(table, view, chunk.unique(),
                        chunk.lo() > max ? null : new long[] {chunk.lo(), chunk.hi()}));
            } finally {
                stream.release(); // frees the columns now, not whenever DuckDB drops the view
            }
        }
        newest.put(table.type(), Math.max(max, chunk.hi()));
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
        filler.shutdownNow();
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
