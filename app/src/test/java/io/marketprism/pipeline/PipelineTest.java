package io.marketprism.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.model.Trade;
import io.marketprism.sink.duckdb.DuckDbSink;
import io.marketprism.sink.spool.SpoolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PipelineTest {
    private static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    private PipelineSettings settings() {
        return PipelineSettings.defaults(dir.resolve("spool"))
                .withRetry(Duration.ofMillis(10), Duration.ofMillis(100))
                .withSpool(new SpoolSettings(64 << 10, 64 << 20, SpoolSettings.FsyncPolicy.NEVER, null,
                        SpoolSettings.FullPolicy.BLOCK));
    }

    /** The trade ids in a jsonl file, in file order. */
    private static List<Long> ids(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(l -> Long.parseLong(((Trade) RecordJson.read(l)).tradeId()))
                .toList();
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }

    @Test
    void batchesBySizeAndByTime() throws Exception {
        Path out = dir.resolve("out.jsonl");
        SwitchableJsonlSink sink = new SwitchableJsonlSink("s", out);
        Pipeline p = new Pipeline(List.of(sink), settings().withQueue(10_000, 100, Duration.ofSeconds(30)));
        SinkStats st = p.stats().get(0);
        SampleRecords.trades(0, 250).forEach(p::accept);
        // two full batches go out at once; the last 50 wait for the (long) linger
        await().atMost(Duration.ofSeconds(10)).until(() -> st.batches() == 2);
        assertThat(st.batchSizeMax()).isEqualTo(100);
        assertThat(st.recordsOut()).isEqualTo(200);
        p.close(Duration.ofSeconds(10));
        assertThat(st.recordsOut()).isEqualTo(250);
        assertThat(ids(out)).isEqualTo(range(0, 250));

        Path out2 = dir.resolve("out2.jsonl");
        Pipeline q = new Pipeline(List.of(new SwitchableJsonlSink("t", out2)),
                settings().withQueue(10_000, 1_000_000, Duration.ofMillis(50)));
        SampleRecords.trades(0, 10).forEach(q::accept);
        // far below max_batch: the linger sends it
        await().atMost(Duration.ofSeconds(10)).until(() -> q.stats().get(0).recordsOut() == 10);
        assertThat(q.stats().get(0).batches()).isEqualTo(1);
        q.close(Duration.ofSeconds(10));
    }

    @Test
    void blockBackpressureMakesTheProducerWaitAndLosesNothing() throws Exception {
        Path out = dir.resolve("out.jsonl");
        SwitchableJsonlSink sink = new SwitchableJsonlSink("slow", out);
        sink.delay(20);
        Pipeline p = new Pipeline(List.of(sink), settings().withQueue(50, 25, Duration.ZERO));
        SinkStats st = p.stats().get(0);
        SampleRecords.trades(0, 500).forEach(p::accept);
        assertThat(st.producerWaits()).isPositive();
        assertThat(st.queueDepth()).isLessThanOrEqualTo(50);
        p.close(Duration.ofSeconds(30));
        assertThat(ids(out)).isEqualTo(range(0, 500));
        assertThat(st.recordsIn()).isEqualTo(500);
        assertThat(st.recordsOut()).isEqualTo(500);
        assertThat(st.spooledRecords()).isZero();
    }

    @Test
    void aFailingSinkSpoolsThenDrainsInOrderAfterRecovery() throws Exception {
        Path out = dir.resolve("out.jsonl");
        SwitchableJsonlSink sink = new SwitchableJsonlSink("jsonl", DEV_FULL);
        Pipeline p = new Pipeline(List.of(sink), settings().withQueue(1000, 50, Duration.ofMillis(5)));
        SinkStats st = p.stats().get(0);
        SampleRecords.trades(0, 300).forEach(p::accept);
        await().atMost(Duration.ofSeconds(10)).until(() -> st.spoolPendingRecords() == 300);
        assertThat(st.state()).isEqualTo(SinkStats.State.FAILING);
        assertThat(st.failures()).isPositive();
        assertThat(st.recordsOut()).isZero();
        assertThat(st.spoolBytes()).isPositive();
        sink.pointTo(out);
        SampleRecords.trades(300, 200).forEach(p::accept);
        await().atMost(Duration.ofSeconds(10)).until(() -> st.recordsOut() == 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> st.state() == SinkStats.State.HEALTHY);
        assertThat(st.spoolPendingRecords()).isZero();
        SampleRecords.trades(500, 10).forEach(p::accept);
        p.close(Duration.ofSeconds(10));
        assertThat(ids(out)).isEqualTo(range(0, 510));
        assertThat(st.recordsIn()).isEqualTo(st.recordsOut() + st.spoolPendingRecords() + st.droppedRecords());
    }

    @Test
    void theSpoolSurvivesARestartAndIsDrainedFirst() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Pipeline p = new Pipeline(List.of(new SwitchableJsonlSink("jsonl", DEV_FULL)),
                settings().withQueue(1000, 40, Duration.ofMillis(5)));
        SampleRecords.trades(0, 200).forEach(p::accept);
        p.close(Duration.ofMillis(300)); // the sink never recovers: everything stays in the spool
        SinkStats old = p.stats().get(0);
        assertThat(old.recordsOut()).isZero();
        assertThat(old.spoolPendingRecords()).isEqualTo(200);

        Pipeline q = new Pipeline(List.of(new SwitchableJsonlSink("jsonl", out)), settings());
        assertThat(q.stats().get(0).state()).isIn(SinkStats.State.SPOOLING, SinkStats.State.HEALTHY);
        SampleRecords.trades(200, 100).forEach(q::accept);
        q.close(Duration.ofSeconds(10));
        assertThat(ids(out)).isEqualTo(range(0, 300));
        assertThat(q.stats().get(0).spoolPendingRecords()).isZero();
    }

    @Test
    void spoolBoundWithDropNewestCountsEveryDroppedRecord() throws Exception {
        SwitchableJsonlSink sink = new SwitchableJsonlSink("jsonl", DEV_FULL);
        PipelineSettings s = settings().withQueue(1000, 10, Duration.ZERO).withSpool(new SpoolSettings(2048, 8192,
                SpoolSettings.FsyncPolicy.NEVER, null, SpoolSettings.FullPolicy.DROP_NEWEST));
        Pipeline p = new Pipeline(List.of(sink), s);
        SinkStats st = p.stats().get(0);
        SampleRecords.trades(0, 500).forEach(p::accept);
        await().atMost(Duration.ofSeconds(10)).until(() -> st.queueDepth() == 0
                && st.spoolPendingRecords() + st.droppedRecords() == 500);
        assertThat(st.spoolFull()).isTrue();
        assertThat(st.droppedRecords()).isPositive();
        assertThat(st.spoolBytes()).isLessThanOrEqualTo(8192);
        Path out = dir.resolve("out.jsonl");
        sink.pointTo(out);
        await().atMost(Duration.ofSeconds(10)).until(() -> st.spoolPendingRecords() == 0);
        p.close(Duration.ofSeconds(10));
        assertThat(st.recordsIn()).isEqualTo(500);
        assertThat(st.recordsOut() + st.droppedRecords()).isEqualTo(500);
        assertThat(ids(out)).hasSize((int) st.recordsOut()).isSorted();
    }

    @Test
    void spoolBoundWithBlockHoldsTheProducerUntilTheSinkIsBack() throws Exception {
        SwitchableJsonlSink sink = new SwitchableJsonlSink("jsonl", DEV_FULL);
        PipelineSettings s = settings().withQueue(20, 10, Duration.ZERO).withSpool(new SpoolSettings(2048, 8192,
                SpoolSettings.FsyncPolicy.NEVER, null, SpoolSettings.FullPolicy.BLOCK));
        Pipeline p = new Pipeline(List.of(sink), s);
        SinkStats st = p.stats().get(0);
        AtomicLong accepted = new AtomicLong();
        Thread producer = new Thread(() -> SampleRecords.trades(0, 500).forEach(r -> {
            p.accept(r);
            accepted.incrementAndGet();
        }));
        producer.start();
        await().atMost(Duration.ofSeconds(10)).until(st::spoolFull);
        await().atMost(Duration.ofSeconds(10)).until(() -> st.producerWaits() > 0);
        assertThat(accepted.get()).isLessThan(500);
        Path out = dir.resolve("out.jsonl");
        sink.pointTo(out);
        producer.join(30_000);
        assertThat(accepted.get()).isEqualTo(500);
        p.close(Duration.ofSeconds(10));
        assertThat(st.droppedRecords()).isZero();
        assertThat(ids(out)).isEqualTo(range(0, 500));
    }

    @Test
    void overflowPolicySpoolKeepsTheProducerGoingAndLosesNothing() throws Exception {
        Path out = dir.resolve("out.jsonl");
        SwitchableJsonlSink sink = new SwitchableJsonlSink("slow", out);
        sink.delay(5);
        Pipeline p = new Pipeline(List.of(sink), settings().withQueue(20, 10, Duration.ZERO)
                .withOverflow(PipelineSettings.OverflowPolicy.SPOOL));
        SinkStats st = p.stats().get(0);
        SampleRecords.trades(0, 400).forEach(p::accept);
        assertThat(st.spooledRecords()).isPositive();
        p.close(Duration.ofSeconds(30));
        assertThat(ids(out)).isEqualTo(range(0, 400));
        assertThat(st.recordsOut()).isEqualTo(400);
    }

    @Test
    void closeWithinItsBoundSpoolsWhatCouldNotBeWritten() throws Exception {
        SwitchableJsonlSink sink = new SwitchableJsonlSink("slow", dir.resolve("out.jsonl"));
        sink.delay(100);
        Pipeline p = new Pipeline(List.of(sink), settings().withQueue(10_000, 10, Duration.ZERO));
        SampleRecords.trades(0, 1000).forEach(p::accept);
        long t0 = System.nanoTime();
        p.close(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        SinkStats st = p.stats().get(0);
        assertThat(st.recordsOut()).isLessThan(1000);
        assertThat(st.recordsOut() + st.spoolPendingRecords()).isEqualTo(1000);
        assertThat(ids(dir.resolve("out.jsonl"))).isEqualTo(range(0, st.recordsOut()));
    }

    @Test
    void replayIntoDuckDbThroughThePipeline() throws Exception {
        DuckDbSink duck = DuckDbSink.open(dir.resolve("mp.duckdb"));
        Pipeline p = new Pipeline(List.of(duck), settings());
        List<MarketRecord> every = SampleRecords.everyType();
        every.forEach(p::accept);
        SampleRecords.trades(0, 20_000).forEach(p::accept);
        p.close(Duration.ofSeconds(30));
        try (DuckDbSink reopened = DuckDbSink.open(dir.resolve("mp.duckdb"));
             Statement s = reopened.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM trades")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(20_001);
        }
    }
}
