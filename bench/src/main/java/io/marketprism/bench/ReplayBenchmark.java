package io.marketprism.bench;

import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.model.MarketRecord;
import io.marketprism.replay.Replay;
import io.marketprism.sink.RecordSink;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A whole replay per operation: {@link Replay} over the three shared cryptofeed prefixes (BINANCE, BINANCE_US, OKX;
 * files read from disk, i.e. the page cache after the first pass) with the default book options into a counting
 * sink. The primary score is replays/s; the auxiliary counters {@code frames} (every frame of the captures: WS in and
 * out, REST, connects) and {@code adapterFrames} (WS in + REST responses, what the adapters read) give frames/s, and
 * {@code records} records/s. Fails with a clear message when the shared fixtures are absent (JMH reports it and goes
 * on with the other benchmarks).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplayBenchmark {
    static final List<String> PREFIXES = List.of("BINANCE", "BINANCE_US", "OKX");

    /** Per-operation counts, reported by JMH as rates next to the primary score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counts {
        public long frames;
        public long adapterFrames;
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
            adapterFrames = 0;
            records = 0;
        }
    }

    /** Counts records, keeps nothing. */
    static final class CountingSink implements RecordSink {
        long records;

        @Override
        public void accept(MarketRecord record) {
            records++;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    private List<Path> prefixes;

    @Setup
    public void setup() throws IOException {
        Path root = BenchFixtures.root();
        if (root == null) {
            throw new IllegalStateException("ReplayBenchmark skipped: the shared fixtures folder is absent (set -D"
                    + BenchFixtures.PROPERTY + "=<dir> or run from a worktree next to ../shared/fixtures)");
        }
        prefixes = new ArrayList<>();
        for (String p : PREFIXES) {
            Path prefix = root.resolve("cryptofeed-captures").resolve(p);
            if (!Files.exists(prefix.resolveSibling(p + ".ws.1.0"))) {
                throw new IllegalStateException("ReplayBenchmark skipped: no capture " + prefix + ".ws.1.0");
            }
            prefixes.add(prefix);
        }
        Result r = runOnce();
        System.out.printf("%nReplayBenchmark: %s: %d frames (%d to adapters), %d records, %d malformed%n", PREFIXES,
                r.frames, r.adapterFrames, r.records, r.malformed);
    }

    @Benchmark
    public long replay(Counts counts) throws IOException {
        Result r = runOnce();
        counts.frames += r.frames;
        counts.adapterFrames += r.adapterFrames;
        counts.records += r.records;
        return r.records;
    }

    private record Result(long frames, long adapterFrames, long records, long malformed) {
    }

    private Result runOnce() throws IOException {
        List<Replay.Input> inputs = new ArrayList<>(prefixes.size());
        for (Path p : prefixes) {
            CryptofeedCapture c = CryptofeedCapture.open(p);
            inputs.add(new Replay.Input(c.exchange(), c, p.toString()));
        }
        CountingSink sink = new CountingSink();
        List<FrameProcessor> processors = new Replay(List.of(sink), BookOptions.defaults())
                .run(inputs, Replay.Progress.NONE);
        long frames = 0;
        long adapter = 0;
        long malformed = 0;
        for (FrameProcessor p : processors) {
            for (FrameKind k : FrameKind.values()) {
                frames += p.counters().frames(k);
            }
            adapter += p.counters().adapterFrames();
            malformed += p.counters().malformed();
        }
        return new Result(frames, adapter, sink.records, malformed);
    }
}
