package io.marketprism.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics} (Prometheus text) and {@code /health} of a {@code store} process, read from its runner at scrape
 * time: consumer lag, messages pending acknowledgement, records written and acknowledged, redeliveries, write
 * failures, unparsable messages. {@code /health} is 200 while the runner runs, 503 otherwise.
 */
public final class StoreMetrics implements MultiCollector, AutoCloseable {
    private final StoreRunner runner;
    private final String durable;
    private final HttpServer server;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = new PrometheusTextFormatWriter(false);

    public StoreMetrics(StoreRunner runner, String durable, String host, int port) throws IOException {
        this.runner = runner;
        this.durable = durable;
        registry.register(this);
        JvmMetrics.builder().register(registry);
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange ex) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        text.write(out, registry.scrape());
        ex.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
        send(ex, 200, out.toByteArray());
    }

    private void health(HttpExchange ex) throws IOException {
        boolean up = runner.isRunning();
        String body = "{\"status\":\"" + (up ? "healthy" : "unhealthy") + "\",\"durable\":\"" + durable
                + "\",\"lag\":" + runner.lag() + ",\"write_failures\":" + runner.writeFailures() + "}";
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, up ? 200 : 503, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public MetricSnapshots collect() {
        Labels labels = Labels.of("durable", durable);
        return MetricSnapshots.of(
                gauge("marketprism_store_consumer_lag", "Messages of the stream not yet delivered to the consumer",
                        runner.lag(), labels),
                gauge("marketprism_store_ack_pending", "Messages delivered and not yet acknowledged",
                        runner.ackPending(), labels),
                gauge("marketprism_store_running", "1 while the store consumes", runner.isRunning() ? 1 : 0, labels),
                counter("marketprism_store_records_written", "Records written to the store", runner.written(), labels),
                counter("marketprism_store_messages_acked", "Messages acknowledged after their write",
                        runner.acked(), labels),
                counter("marketprism_store_redelivered", "Messages delivered more than once", runner.redelivered(),
                        labels),
                counter("marketprism_store_write_failures", "Failed store writes (batch nak'd and retried)",
                        runner.writeFailures(), labels),
                counter("marketprism_store_unparsable", "Payload lines that were not a record (dropped and logged)",
                        runner.unparsable(), labels));
    }

    private static GaugeSnapshot gauge(String name, String help, double value, Labels labels) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, double value, Labels labels) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build())
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
