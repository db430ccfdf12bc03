package io.marketprism.cli;

import io.marketprism.config.MarketPrismConfig;
import io.marketprism.runtime.Collector;
import io.marketprism.runtime.ConfigWatcher;
import io.marketprism.runtime.Logging;
import io.marketprism.runtime.Sinks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code marketprism collect}: live collection as configured; with no sink configured, into the embedded DuckDB
 * file. Runs until SIGTERM/SIGINT, then stops in order: sessions closed, pipeline drained, sinks flushed within
 * {@code --stop-timeout}.
 */
@Command(name = "collect", mixinStandardHelpOptions = true, description = "Collect live market data.")
public final class CollectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--sink", description = "Replaces the configured sinks (repeatable): duckdb:PATH, "
            + "clickhouse:http://HOST:PORT/DB, nats://HOST:PORT, jsonl:PATH, jsonl:-.")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--capture", paramLabel = "DIR", description = "Also write every raw frame to DIR (our capture "
            + "format, rotated by size and time; replay with `replay --format capture`).")
    Path capture;

    @Option(names = "--stop-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Bound for draining the pipeline on stop (default ${DEFAULT-VALUE} s).")
    long stopSeconds;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run "
            + "until stopped).")
    Long durationSeconds;

    @Override
    public Integer call() throws Exception {
        ConfigOptions.Loaded loaded = options.load(System.getenv());
        MarketPrismConfig config = withOverrides(loaded.config(), sinks, capture);
        Logging.apply(config.logLevel(), config.logFormat());
        Path file = loaded.source().file();
        return runUntilStopped(spec.commandLine().getErr(), config, durationSeconds, stopSeconds, collector -> {
            if (file == null) {
                return () -> { };
            }
            // hot reload: venues, symbols and data types change without a restart; an invalid file is rejected
            return new ConfigWatcher(file, Duration.ofSeconds(2),
                    () -> withOverrides(options.load(System.getenv()).config(), sinks, capture),
                    collector::reconfigure);
        });
    }

    static MarketPrismConfig withOverrides(MarketPrismConfig c, List<String> sinks, Path capture) {
        return new MarketPrismConfig(c.environment(), c.logLevel(), c.logFormat(), c.service(), c.venues(),
                c.websocket(), c.booksEnabled(), c.books(), sinks.isEmpty() ? c.sinks() : List.copyOf(sinks),
                c.pipeline(), c.nats(), c.clickhouseUser(), c.clickhousePassword(),
                capture == null ? c.capture() : new MarketPrismConfig.Capture(capture,
                        c.capture() == null ? 256L << 20 : c.capture().rotateBytes(),
                        c.capture() == null ? Duration.ofHours(1) : c.capture().rotateInterval()));
    }

    /** Starts the collector, tells where to look, waits for a signal or the duration, stops in order. */
    /** Something started beside the collector (e.g. the config watcher), closed before it. */
    @FunctionalInterface
    interface Extra {
        AutoCloseable start(Collector collector) throws Exception;
    }

    static int runUntilStopped(PrintWriter err, MarketPrismConfig config, Long durationSeconds, long stopSeconds,
                               Extra extra) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Collector collector = Collector.start(config, Sinks.open(config, System.getenv()), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(stopSeconds + 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "marketprism-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        AutoCloseable extraPart = () -> { };
        try {
            err.printf("collecting %d venue(s) into %s%n  status:    http://127.0.0.1:%d/api/v1/status%n"
                    + "  health:    http://127.0.0.1:%d/health%n  metrics:   http://127.0.0.1:%d/metrics%n"
                    + "  dashboard: http://127.0.0.1:%d/%n", config.venues().size(), config.sinks(),
                    collector.apiPort(), collector.apiPort(), collector.apiPort(), collector.apiPort());
            err.flush();
            if (extra != null) {
                extraPart = extra.start(collector);
            }
            if (durationSeconds == null) {
                stop.await();
            } else {
                stop.await(durationSeconds, TimeUnit.SECONDS);
            }
        } finally {
            extraPart.close();
            collector.close(Duration.ofSeconds(stopSeconds));
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // stopping because of a signal: the hook is running
            }
        }
        return 0;
    }
}
