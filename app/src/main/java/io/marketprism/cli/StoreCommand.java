package io.marketprism.cli;

import io.marketprism.sink.SinkUri;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.clickhouse.ClickHouseSink;
import io.marketprism.sink.nats.JetStreamSetup;
import io.marketprism.sink.nats.NatsConnections;
import io.marketprism.sink.nats.NatsSettings;
import io.marketprism.store.StoreMetrics;
import io.marketprism.store.StoreRunner;
import io.marketprism.store.StoreSettings;
import io.nats.client.Connection;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code marketprism store}: the scale-out writer. A durable JetStream pull consumer (shared by every store process
 * with the same name) feeds batched ClickHouse inserts; a message is acknowledged only after its insert succeeded.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "JetStream durable consumer -> batched ClickHouse inserts (ack after commit).")
public final class StoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nats", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
            description = "NATS server URL (default: NATS_URL or ${DEFAULT-VALUE}).")
    String nats;

    @Option(names = "--clickhouse", required = true,
            description = "clickhouse:http://HOST:PORT/DATABASE (user/password from CLICKHOUSE_USER/CLICKHOUSE_PASSWORD).")
    String clickhouse;

    @Option(names = "--stream", defaultValue = SinkUri.DEFAULT_STREAM, description = "Stream (default ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--durable", defaultValue = "marketprism-store",
            description = "Durable consumer shared by all store processes (default ${DEFAULT-VALUE}).")
    String durable;

    @Option(names = "--batch", defaultValue = "20000",
            description = "Records written per batch, one insert per table (default ${DEFAULT-VALUE}: "
                    + "≥ 10,000 rows per insert for the busy tables under load).")
    int batch;

    @Option(names = "--fetch-wait-ms", defaultValue = "1000",
            description = "Longest wait for a batch to fill, so an idle store inserts about once per second "
                    + "(default ${DEFAULT-VALUE}).")
    long fetchWaitMs;

    @Option(names = "--metrics-port", defaultValue = "8085",
            description = "Port of the store's /metrics and /health (default ${DEFAULT-VALUE}; 0: any free port; "
                    + "-1: off).")
    int metricsPort;

    @Option(names = "--until-idle", description = "Exit once the consumer has nothing pending (for batch jobs and tests).")
    boolean untilIdle;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        NatsSettings settings = NatsSettings.of(nats).withStreams(List.of(SinkUri.defaultStream("")));
        StoreSettings d = StoreSettings.of(stream, durable);
        // every process may hold a whole batch unacknowledged while it inserts: leave room for two
        StoreSettings store = new StoreSettings(stream, durable, null, batch, Duration.ofMillis(fetchWaitMs),
                d.ackWait(), Math.max(d.maxAckPending(), 2 * batch), d.lagRefresh(), d.minBackoff(), d.maxBackoff());
        try (ClickHouseSink sink = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(clickhouse), Clock.systemUTC())) {
            Connection c = new NatsConnections(settings).connect("marketprism-store");
            try {
                JetStreamSetup.apply(c, settings.streams());
                StoreRunner runner = new StoreRunner(c, store, sink, System::nanoTime);
                CountDownLatch stop = new CountDownLatch(1);
                Thread hook = new Thread(stop::countDown, "store-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                runner.start();
                StoreMetrics metrics = metricsPort < 0 ? null : new StoreMetrics(runner, durable, "0.0.0.0",
                        metricsPort);
                err.printf("store: consuming %s as durable '%s' into %s%s%n", stream, durable, sink,
                        metrics == null ? "" : "; metrics on http://127.0.0.1:" + metrics.port() + "/metrics");
                err.flush();
                while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    runner.refreshLag();
                    if (untilIdle && runner.lag() == 0 && runner.ackPending() == 0 && runner.fetched() > 0) {
                        break;
                    }
                }
                runner.stop(Duration.ofSeconds(30));
                if (metrics != null) {
                    metrics.close();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already stopping: nothing to remove
                }
                err.printf("store: %d records written, %d messages acknowledged, %d write failures, %d unparsable "
                                + "lines%n",
                        runner.written(), runner.acked(), runner.writeFailures(), runner.unparsable());
                err.flush();
                return 0;
            } finally {
                c.close();
            }
        }
    }
}
