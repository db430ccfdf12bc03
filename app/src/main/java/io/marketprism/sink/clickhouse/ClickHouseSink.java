package io.marketprism.sink.clickhouse;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to ClickHouse: the batch is grouped by record type and each group goes out as one
 * {@code INSERT ... FORMAT RowBinary} into its table. {@link #write} returns only after ClickHouse answered 200 to
 * every insert of the batch; otherwise it throws and the caller retries the whole batch, which the tables'
 * ReplacingMergeTree identity key makes harmless (see {@link ClickHouseSchema}).
 *
 * <p>Counters (read by getters; Prometheus wiring comes later): rows and inserts per table, failed inserts, and the
 * duration of the last successful insert.
 */
public final class ClickHouseSink implements BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);

    private final ClickHouseHttp http;
    private final LongSupplier nanoTime;
    private final Map<RecordType, AtomicLong> rows = new EnumMap<>(RecordType.class);
    private final Map<RecordType, AtomicLong> inserts = new EnumMap<>(RecordType.class);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastInsertNanos = new AtomicLong();
    private final Map<RecordType, List<String>> columnNames = new EnumMap<>(RecordType.class);

    /** A sink on a database whose schema is already in place (see {@link #open}). */
    public ClickHouseSink(ClickHouseHttp http, LongSupplier nanoTime) {
        this.http = http;
        this.nanoTime = nanoTime;
        for (RecordType t : RecordType.values()) {
            rows.put(t, new AtomicLong());
            inserts.put(t, new AtomicLong());
            columnNames.put(t, Tables.of(t).columns().stream().map(Column::name).toList());
        }
    }

    /** Connects, creates or migrates the schema, and returns a sink on it. */
    public static ClickHouseSink open(ClickHouseSettings settings, Clock clock) throws IOException {
        ClickHouseHttp http = new ClickHouseHttp(settings);
        ClickHouseSchema.MigrationResult r = ClickHouseSchema.migrate(http, clock);
        LOG.info("ClickHouse sink {} on server {}: schema version {} (was {})", settings, r.server(), r.toVersion(),
                r.fromVersion());
        return new ClickHouseSink(http, System::nanoTime);
    }

    /**
     * ClickHouse wants few, large inserts: up to 50,000 records per write under load (≥ 10,000 rows per insert for
     * the busy tables) and at most about one write — one insert per table — per second when idle.
     */
    @Override
    public int preferredBatch() {
        return 50_000;
    }

    @Override
    public java.time.Duration preferredLinger() {
        return java.time.Duration.ofSeconds(1);
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public void write(List<MarketRecord> batch) throws IOException {
        Map<RecordType, List<MarketRecord>> byType = new EnumMap<>(RecordType.class);
        for (MarketRecord r : batch) {
            byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<RecordType, List<MarketRecord>> e : byType.entrySet()) {
            insert(e.getKey(), e.getValue());
        }
    }

    private void insert(RecordType type, List<MarketRecord> records) throws IOException {
        Table table = Tables.of(type);
        RowBinaryWriter w = new RowBinaryWriter(records.size() * 128);
        for (MarketRecord r : records) {
            w.writeRow(table, table.row(r));
        }
        long start = nanoTime.getAsLong();
        try {
            http.insertRowBinary(table.name(), columnNames.get(type), w.toByteArray());
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.warn("ClickHouse insert of {} rows into {}.{} failed (the batch will be retried by the caller): {}",
                    records.size(), http.settings().database(), table.name(), e.getMessage());
            throw e;
        }
        lastInsertNanos.set(nanoTime.getAsLong() - start);
        rows.get(type).addAndGet(records.size());
        inserts.get(type).incrementAndGet();
    }

    /** Rows inserted (acknowledged by ClickHouse) into the table of {@code type}, retries included. */
    public long rows(RecordType type) {
        return rows.get(type).get();
    }

    /** Successful inserts into the table of {@code type}. */
    public long inserts(RecordType type) {
        return inserts.get(type).get();
    }

    /** Inserts that failed (and were reported to the caller by an IOException). */
    public long failures() {
        return failures.get();
    }

    /** Duration of the last successful insert in nanoseconds (0 before the first). */
    public long lastInsertNanos() {
        return lastInsertNanos.get();
    }

    public ClickHouseHttp http() {
        return http;
    }

    /** Nothing to flush: every write is complete when it returns. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return http.settings().sinkUri();
    }
}
