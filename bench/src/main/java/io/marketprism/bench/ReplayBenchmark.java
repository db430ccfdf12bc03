package io.marketprism.bench;

import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.model.MarketRecord;
import io.marketprism.replay.Replay;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole replay per operation: {@link Replay} over the three shared cryptofeed prefixes (BINANCE, BINANCE_US, OKX;
 * files read from disk, i.e. the page cache after the first pass) with the default book options into a counting
 * sink. The primary score is replays/s; the auxiliary counters {@code frames} (every frame of the captures: WS in and
 * out, REST, connects) and {@code adapterFrames} (WS in + REST responses, what the adapters read) give frames/s, and
 * {@code records} records/s, {@code bytes} capture bytes/s. Fails with a clear message when the shared fixtures are absent (JMH reports it and goes
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
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
            adapterFrames = 0;
            records = 0;
            bytes = 0;
        }
    }

    /** Counts records, keeps nothing. */
    static final class CountingSink implements java.util.function.Consumer<MarketRecord> {
        long records;

        @Override
        public void accept(MarketRecord record) {
            records++;
        }
    }

    /**
     * {@code all}: every capture file. {@code no-instruments}: without the {@code P.0} files, whose few REST frames
     * are the venues' whole instrument lists (1.8 MB for Binance, 3.5 MB for OKX) and dominate the time; the replay
     * then reads only the WebSocket and depth-snapshot files (symlinked into a temporary folder).
     */
    @Param({"all", "no-instruments"})
    public String files;

    private List<Path> prefixes;
    private long captureBytes;
    private Path tempDir;

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
            if (files.equals("all")) {
                prefixes.add(prefix);
            } else {
                if (tempDir == null) {
                    tempDir = Files.createTempDirectory("marketprism-replay-bench");
                }
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(prefix.getParent(), p + ".*")) {
                    for (Path f : ds) {
                        String name = f.getFileName().toString();
                        if (name.startsWith(p + ".ws.") || name.startsWith(p + ".http.")) {
                            Files.createSymbolicLink(tempDir.resolve(name), f);
                        }
                    }
                }
                prefixes.add(tempDir.resolve(p));
            }
        }
        captureBytes = 0;
        for (Path prefix : prefixes) {
            String name = prefix.getFileName().toString();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(prefix.getParent(), name + ".*")) {
                for (Path f : ds) {
                    if (f.getFileName().toString().matches(java.util.regex.Pattern.quote(name)
                            + "\\.(0|(ws|http)\\.\\d+\\.\\d+)")) {
                        captureBytes += Files.size(f);
                    }
                }
            }
        }
        Result r = runOnce();
        System.out.printf("%nReplayBenchmark %s: %s: %d bytes, %d frames (%d to adapters), %d records, %d "
                + "malformed%n", files, PREFIXES, captureBytes, r.frames, r.adapterFrames, r.records, r.malformed);
    }

    @TearDown
    public void tearDown() throws IOException {
        if (tempDir != null) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(tempDir)) {
                for (Path f : ds) {
                    Files.delete(f);
                }
            }
            Files.delete(tempDir);
            tempDir = null;
        }
    }

    @Benchmark
    public long replay(Counts counts) throws IOException {
        Result r = runOnce();
        counts.frames += r.frames;
        counts.adapterFrames += r.adapterFrames;
        counts.records += r.records;
        counts.bytes += captureBytes;
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
        List<FrameProcessor> processors = new Replay(sink, BookOptions.defaults())
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
