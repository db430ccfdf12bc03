package io.marketprism.bench.store;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bus codec on one thread, per record: writing a record's JSON form (the publisher), and reading a bundle of
 * {@value #BUNDLE} of them (what {@code store} does per message) line by line with a parser per record, or with
 * {@link RecordJson#readBundle} (one parser). Records as {@link SyntheticRecords} makes them (55 % trades, book deltas
 * of 1–10 levels per side). The bundle stays in the caches, so these are upper bounds for the store's parse stage.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BusCodecBenchmark {
    static final int BUNDLE = 200;

    private List<MarketRecord> records;
    private byte[] bundle;

    @Setup
    public void setup() {
        records = SyntheticRecords.generate(BUNDLE, 0, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MarketRecord r : records) {
            if (out.size() > 0) {
                out.write('\n');
            }
            out.writeBytes(RecordJson.writeBytes(r));
        }
        bundle = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(BUNDLE)
    public void write(Blackhole bh) {
        for (MarketRecord r : records) {
            bh.consume(RecordJson.writeBytes(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BUNDLE)
    public void readLineByLine(Blackhole bh) {
        int start = 0;
        while (start < bundle.length) {
            int end = start;
            while (end < bundle.length && bundle[end] != '\n') {
                end++;
            }
            bh.consume(RecordJson.read(bundle, start, end - start));
            start = end + 1;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BUNDLE)
    public void readBundle(Blackhole bh) {
        if (RecordJson.readBundle(bundle, bh::consume) != bundle.length) {
            throw new IllegalStateException("the bundle was not read to its end");
        }
    }
}
