package io.marketprism.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketprism.book.SnapshotPolicy;
import io.marketprism.capture.CaptureReader;
import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.model.Exchange;
import io.marketprism.replay.Replay;
import io.marketprism.replay.ReplaySummary;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.pipeline.Pipeline;
import io.marketprism.pipeline.PipelineSettings;
import io.marketprism.pipeline.SinkStats;
import io.marketprism.sink.SinkUri;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code marketprism replay}: recorded frames through the live adapters and books, into sinks. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays recorded exchange traffic through the same adapters and books as live collection.")
public final class ReplayCommand implements Callable<Integer> {

    enum Format { cryptofeed, capture }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "capture",
            description = "Input format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--exchange", description = "Exchange id of --format capture inputs (default: from the file or "
            + "folder name). One of: binance, binance-futures, binance-delivery, binance-us, okx, deribit.")
    String exchange;

    @Option(names = "--sink", description = "Where records go (repeatable): duckdb:PATH, jsonl:PATH, jsonl:- (stdout).")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--spool-dir", defaultValue = "data/spool",
            description = "Where records wait when a sink is down (default ${DEFAULT-VALUE}); drained on the next run.")
    Path spoolDir;

    @Option(names = "--close-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long to wait for sinks to take the last records (default ${DEFAULT-VALUE} s).")
    long closeSeconds;

    @Option(names = "--summary-json", description = "Write the replay summary JSON to this file.")
    Path summaryJson;

    @Option(names = "--snapshot-interval-ms", paramLabel = "MS",
            description = "Also publish a top-N snapshot of each local book at most once per MS of exchange time "
                    + "(0: after every applied update; default: never).")
    Long snapshotIntervalMs;

    @Option(names = "--snapshot-depth", defaultValue = "20",
            description = "Levels per side of those snapshots (default ${DEFAULT-VALUE}).")
    int snapshotDepth;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "cryptofeed: capture prefixes like .../BINANCE_FUTURES; capture: capture files.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        BookOptions options = BookOptions.defaults().withSnapshots(snapshotPolicy());
        List<Replay.Input> in = new ArrayList<>();
        for (Path p : inputs) {
            in.add(open(p));
        }
        List<BatchSink> opened = SinkUri.openAll(sinks);
        List<FrameProcessor> processors;
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        Pipeline pipeline = new Pipeline(opened, PipelineSettings.defaults(spoolDir).sizedForBulk(opened));
        try {
            processors = new Replay(pipeline::accept, options).run(in, progress);
        } finally {
            pipeline.close(Duration.ofSeconds(closeSeconds));
        }
        long spooled = 0;
        for (SinkStats st : pipeline.stats()) {
            spooled += st.spoolPendingRecords();
            err.printf("sink %s: %d records written, %d waiting in the spool %s%n", st.sink(), st.recordsOut(),
                    st.spoolPendingRecords(), spoolDir.resolve(st.sink()));
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode summary = ReplaySummary.build(processors, mapper);
        if (summaryJson != null) {
            Path parent = summaryJson.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            mapper.writeValue(summaryJson.toFile(), summary);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf("replayed %d frames (%d malformed) in %.2f s, %d streams%n", summary.get("frames").asLong(),
                summary.get("malformed").asLong(), seconds, summary.get("streams").size());
        err.flush();
        // records that could not be written are safe in the spool, but the replay did not deliver them
        return spooled > 0 ? 3 : 0;
    }

    private SnapshotPolicy snapshotPolicy() {
        if (snapshotIntervalMs == null) {
            return SnapshotPolicy.never();
        }
        if (snapshotIntervalMs < 0) {
            throw new IllegalArgumentException("--snapshot-interval-ms must be >= 0, was " + snapshotIntervalMs);
        }
        return snapshotIntervalMs == 0 ? SnapshotPolicy.everyUpdate(snapshotDepth)
                : SnapshotPolicy.interval(snapshotIntervalMs * 1000, snapshotDepth);
    }

    private Replay.Input open(Path p) throws IOException {
        if (format == Format.cryptofeed) {
            CryptofeedCapture c = CryptofeedCapture.open(p);
            return new Replay.Input(c.exchange(), c, p.toString());
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("capture file " + p + " does not exist");
        }
        return new Replay.Input(exchangeOf(p), CaptureReader.open(p), p.toString());
    }

    /** --exchange, else the first exchange id that the file name or its folder starts with. */
    private Exchange exchangeOf(Path p) {
        if (exchange != null) {
            return Exchange.fromId(exchange);
        }
        for (Path part = p.toAbsolutePath(); part != null && part.getFileName() != null; part = part.getParent()) {
            String name = part.getFileName().toString();
            Exchange best = null;
            for (Exchange e : Exchange.values()) {
                if (name.startsWith(e.id()) && (best == null || e.id().length() > best.id().length())) {
                    best = e;
                }
            }
            if (best != null) {
                return best;
            }
        }
        throw new IllegalArgumentException("cannot tell the exchange of " + p + ": pass --exchange (one of "
                + Exchange.allIds() + ")");
    }
}
