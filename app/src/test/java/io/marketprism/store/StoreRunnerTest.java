package io.marketprism.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.EventIds;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.JsonlSink;
import io.marketprism.sink.nats.JetStreamSetup;
import io.marketprism.sink.nats.NatsConnections;
import io.marketprism.sink.nats.NatsSettings;
import io.marketprism.sink.nats.NatsSink;
import io.marketprism.sink.nats.SampleRecords;
import io.marketprism.testing.NatsServer;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRunnerTest {
    private static NatsServer server;
    private static NatsConnections connections;
    private static Connection admin;
    private final List<StoreRunner> runners = new ArrayList<>();
    private final List<Connection> opened = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = NatsServer.create().start();
        connections = new NatsConnections(NatsSettings.of(server.url()));
        admin = connections.connect("store-test-admin");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Creates stream {@code name} on subjects {@code prefix.>} and publishes the records through NatsSink. */
    private static void publish(String name, String prefix, List<MarketRecord> records) throws IOException {
        NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix(prefix)
                .withStreams(List.of(NatsSettings.StreamSpec.of(name, prefix + ".>")));
        JetStreamSetup.apply(admin, settings.streams());
        try (NatsSink sink = new NatsSink(admin, settings, false, System::nanoTime)) {
            sink.write(records);
        }
    }

    private StoreRunner runner(StoreSettings settings, BatchSink sink) throws IOException {
        Connection c = connections.connect("store-test");
        opened.add(c);
        StoreRunner r = new StoreRunner(c, settings, sink, System::nanoTime);
        runners.add(r);
        r.start();
        return r;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static Set<String> eventIds(List<String> lines) {
        Set<String> ids = new HashSet<>();
        for (String l : lines) {
            ids.add(EventIds.of(RecordJson.read(l)));
        }
        return ids;
    }

    @org.junit.jupiter.api.AfterEach
    void stopRunners() throws InterruptedException {
        for (StoreRunner r : runners) {
            r.stop(Duration.ofSeconds(5));
        }
        for (Connection c : opened) {
            c.close();
        }
    }

    @Test
    void bundledMessagesAreSplitIntoTheirRecordsAndABadLineIsCountedNotFatal() throws Exception {
        List<MarketRecord> records = new ArrayList<>(SampleRecords.everyType());
        records.addAll(SampleRecords.trades(100, 5100));
        NatsSettings base = NatsSettings.of(server.url()).withSubjectPrefix("sb")
                .withStreams(List.of(NatsSettings.StreamSpec.of("SB", "sb.>")));
        NatsSettings settings = base.withPublish(base.publish().withRecordsPerMessage(250));
        JetStreamSetup.apply(admin, settings.streams());
        try (NatsSink sink = new NatsSink(admin, settings, false, System::nanoTime)) {
            sink.write(records);
        }
        // a bundle from elsewhere with one line that is not a record between two that are
        MarketRecord extraA = SampleRecords.trades(9000, 9001).get(0);
        MarketRecord extraB = SampleRecords.trades(9001, 9002).get(0);
        admin.publish("sb.trade.x", (RecordJson.write(extraA) + "\n{\"type\":\"trade\",\"oops\n"
                + RecordJson.write(extraB)).getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("sb.jsonl");
        StoreRunner r;
        try (JsonlSink sink = JsonlSink.toFile(out)) {
            r = runner(StoreSettings.of("SB", "store").withBatch(1000, Duration.ofMillis(100)), sink);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> r.written() == records.size() + 2);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                r.refreshLag();
                return r.lag() == 0 && r.ackPending() == 0;
            });
        }
        List<String> expected = new ArrayList<>();
        records.forEach(x -> expected.add(RecordJson.write(x)));
        expected.add(RecordJson.write(extraA));
        expected.add(RecordJson.write(extraB));
        assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.unparsable()).isEqualTo(1);
        assertThat(r.fetched()).isLessThan(records.size() / 100); // bundles, not one message per record
        assertThat(r.redelivered()).isZero();
    }

    @Test
    void everyRecordIsWrittenOnceAndAckedAndLagDrainsToZero() throws Exception {
        List<MarketRecord> records = new ArrayList<>(SampleRecords.everyType());
        records.addAll(SampleRecords.trades(100, 2100));
        publish("S1", "s1", records);
        Path out = dir.resolve("s1.jsonl");
        try (JsonlSink sink = JsonlSink.toFile(out)) {
            StoreRunner r = runner(StoreSettings.of("S1", "store").withBatch(500, Duration.ofMillis(200))
                    .withLagRefresh(Duration.ofMillis(100)), sink);
            assertThat(r.lag()).isEqualTo(records.size());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> r.acked() == records.size());
            r.refreshLag();
            assertThat(r.lag()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                r.refreshLag();
                assertThat(r.ackPending()).isZero();
            });
            assertThat(r.written()).isEqualTo(records.size());
            assertThat(r.redelivered()).isZero();
        }
        List<String> lines = lines(out);
        List<String> expected = records.stream().map(RecordJson::write).toList();
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void metricsAndHealthAreServedFromTheRunnersCounters() throws Exception {
        publish("SM", "sm", SampleRecords.trades(0, 50));
        Path out = dir.resolve("sm.jsonl");
        try (JsonlSink sink = JsonlSink.toFile(out)) {
            StoreRunner r = runner(StoreSettings.of("SM", "store-metrics").withBatch(20, Duration.ofMillis(100))
                    .withLagRefresh(Duration.ofMillis(100)), sink);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> r.acked() == 50);
            try (StoreMetrics metrics = new StoreMetrics(r, "store-metrics", "127.0.0.1", 0)) {
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                String text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + metrics.port() + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(text).contains("marketprism_store_records_written_total{durable=\"store-metrics\"} 50.0")
                        .contains("marketprism_store_messages_acked_total{durable=\"store-metrics\"} 50.0")
                        .contains("marketprism_store_consumer_lag{durable=\"store-metrics\"}")
                        .contains("jvm_memory_used_bytes");
                java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + metrics.port() + "/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"healthy\"");
                r.stop(Duration.ofSeconds(5));
                assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + metrics.port() + "/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(503);
            }
        }
    }

    @Test
    void unparsablePayloadIsTerminatedAndCounted() throws Exception {
        publish("S2", "s2", SampleRecords.trades(0, 10));
        admin.publish("s2.trade.binance.spot.BAD", "not a record".getBytes(StandardCharsets.UTF_8));
        admin.flush(Duration.ofSeconds(5));
        publish("S2", "s2", SampleRecords.trades(10, 20));
        Path out = dir.resolve("s2.jsonl");
        try (JsonlSink sink = JsonlSink.toFile(out)) {
            StoreRunner r = runner(StoreSettings.of("S2", "store").withBatch(100, Duration.ofMillis(100)), sink);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> r.acked() == 20 && r.unparsable() == 1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                r.refreshLag();
                assertThat(r.ackPending()).as("terminated, not pending").isZero();
                assertThat(r.lag()).isZero();
            });
        }
        assertThat(lines(out)).hasSize(20);
    }

    @Test
    void failedWriteIsNakedAndRedeliveredUntilItSucceeds() throws Exception {
        publish("S3", "s3", SampleRecords.trades(0, 50));
        Path out = dir.resolve("s3.jsonl");
        try (JsonlSink jsonl = JsonlSink.toFile(out)) {
            FailingFirst sink = new FailingFirst(jsonl, 2);
            StoreRunner r = runner(StoreSettings.of("S3", "store").withBatch(100, Duration.ofMillis(100))
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), sink);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> r.acked() == 50);
            assertThat(r.writeFailures()).isEqualTo(2);
            assertThat(r.naked()).isEqualTo(100);
            assertThat(r.redelivered()).as("each message came back twice").isEqualTo(100);
        }
        assertThat(eventIds(lines(out))).hasSize(50);
        assertThat(lines(out)).hasSize(50);
    }

    @Test
    void runnerKilledBetweenFetchAndWriteLeavesItsBatchToBeRedelivered() throws Exception {
        List<MarketRecord> records = SampleRecords.trades(0, 300);
        publish("S4", "s4", records);
        StoreSettings settings = StoreSettings.of("S4", "store").withBatch(100, Duration.ofMillis(100))
                .withAckWait(Duration.ofSeconds(2));
        Connection doomed = connections.connect("store-doomed");
        StuckSink stuck = new StuckSink();
        StoreRunner first = new StoreRunner(doomed, settings, stuck, System::nanoTime);
        runners.add(first);
        first.start();
        assertThat(stuck.entered.await(20, TimeUnit.SECONDS)).isTrue();
        // the process dies while its sink holds the first batch: nothing was acked
        doomed.close();
        first.stop(Duration.ofMillis(200));
        assertThat(first.acked()).isZero();
        // the batch in the sink, and perhaps the next one parsed and waiting for the writer
        assertThat(first.fetched()).isBetween(100L, 200L);

        Path out = dir.resolve("s4.jsonl");
        try (JsonlSink sink = JsonlSink.toFile(out)) {
            StoreRunner second = runner(settings, sink);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> second.acked() == records.size());
            // what the first runner took (and perhaps a pull the server sent as its connection died) comes again
            assertThat(second.redelivered()).isBetween(first.fetched(), 200L);
        }
        List<String> lines = lines(out);
        assertThat(eventIds(lines)).hasSize(records.size());
        assertThat(lines).hasSize(records.size());
    }

    @Test
    void twoRunnersSharingTheDurableSplitTheWork() throws Exception {
        List<MarketRecord> records = SampleRecords.trades(0, 6000);
        publish("S5", "s5", records);
        StoreSettings settings = StoreSettings.of("S5", "shared").withBatch(100, Duration.ofMillis(50));
        Path outA = dir.resolve("a.jsonl");
        Path outB = dir.resolve("b.jsonl");
        try (JsonlSink a = JsonlSink.toFile(outA); JsonlSink b = JsonlSink.toFile(outB)) {
            SlowSink slowA = new SlowSink(a);
            SlowSink slowB = new SlowSink(b);
            StoreRunner ra = runner(settings, slowA);
            StoreRunner rb = runner(settings, slowB);
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> ra.acked() + rb.acked() >= records.size());
            assertThat(ra.acked()).isPositive();
            assertThat(rb.acked()).isPositive();
        }
        List<String> all = new ArrayList<>(lines(outA));
        all.addAll(lines(outB));
        Set<String> ids = eventIds(all);
        Set<String> expected = new HashSet<>();
        records.forEach(r -> expected.add(EventIds.of(r)));
        assertThat(ids).isEqualTo(expected);
        assertThat(all).hasSize(records.size());
    }

    @Test
    void missingStreamIsAClearError() throws Exception {
        try (JsonlSink sink = JsonlSink.toFile(dir.resolve("x.jsonl"))) {
            StoreRunner r = new StoreRunner(admin, StoreSettings.of("NOPE", "store"), sink, System::nanoTime);
            assertThatThrownBy(r::start).isInstanceOf(IOException.class).hasMessageContaining("'NOPE'")
                    .hasMessageContaining("create the stream first");
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> StoreSettings.of("S", "a.b")).hasMessageContaining("store.durable 'a.b'");
        assertThatThrownBy(() -> StoreSettings.of("S", "d").withBatch(100, Duration.ofSeconds(60)))
                .hasMessageContaining("store.ack_wait");
        assertThatThrownBy(() -> StoreSettings.of("S", "d").withBatch(50_000, Duration.ofMillis(100)))
                .hasMessageContaining("store.max_ack_pending");
    }

    /** A real sink (the test's JSONL file) that fails its first {@code n} writes, as a down database would. */
    private static final class FailingFirst implements BatchSink {
        private final BatchSink delegate;
        private int failuresLeft;

        FailingFirst(BatchSink delegate, int n) {
            this.delegate = delegate;
            this.failuresLeft = n;
        }

        @Override
        public String name() {
            return "failing-first";
        }

        @Override
        public void write(List<MarketRecord> batch) throws IOException {
            if (failuresLeft-- > 0) {
                throw new IOException("store down (test)");
            }
            delegate.write(batch);
        }

        @Override
        public void close() {
        }
    }

    /** A sink that never completes a write: the process is stuck, then dies. */
    private static final class StuckSink implements BatchSink {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public String name() {
            return "stuck";
        }

        @Override
        public void write(List<MarketRecord> batch) throws IOException {
            entered.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
                throw new IOException("stuck sink timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("stuck sink interrupted", e);
            }
        }

        @Override
        public void close() {
        }
    }

    /** Slows each write a little so that both runners get batches on this 2-core machine. */
    private static final class SlowSink implements BatchSink {
        private final BatchSink delegate;

        SlowSink(BatchSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public void write(List<MarketRecord> batch) throws IOException {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            delegate.write(batch);
        }

        @Override
        public void close() {
        }
    }
}
