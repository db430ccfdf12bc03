package io.marketprism.sink.duckdb;

import io.marketprism.bench.store.SyntheticRecords;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.sink.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The DuckDB sink's Java side on one thread: building a table's Arrow columns from {@value #ROWS} records
 * ({@link ArrowColumns#fill}, including the event ids and the check for repeated ones), trades and book deltas as
 * {@link SyntheticRecords} makes them. In the sink's own package because the columns are package-private there.
 * Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (Arrow), which the fork gets from {@code jvmArgsAppend}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class ArrowFillBenchmark {
    static final int ROWS = 20_000;

    private BufferAllocator allocator;
    private final List<MarketRecord> trades = new ArrayList<>();
    private final List<MarketRecord> deltas = new ArrayList<>();
    private ArrowColumns tradeColumns;
    private ArrowColumns deltaColumns;

    @Setup(Level.Trial)
    public void setup() {
        allocator = new RootAllocator();
        for (MarketRecord r : SyntheticRecords.generate(4 * ROWS, 0, 1)) {
            List<MarketRecord> to = r.type() == RecordType.TRADE ? trades : deltas;
            if (to.size() < ROWS) {
                to.add(r);
            }
        }
        tradeColumns = new ArrowColumns(Tables.of(RecordType.TRADE));
        deltaColumns = new ArrowColumns(Tables.of(RecordType.BOOK_DELTA));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        allocator.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public boolean trades() {
        return fill(tradeColumns, trades);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public boolean bookDeltas() {
        return fill(deltaColumns, deltas);
    }

    private boolean fill(ArrowColumns columns, List<MarketRecord> records) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(columns.schema(), allocator)) {
            return columns.fill(root, records);
        }
    }
}
