package io.marketprism.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Trade;
import io.marketprism.sink.duckdb.DuckDbSink;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink that prefers large, rare writes (ClickHouse) gets them; the pipeline's own setting is the floor. */
class PreferredBatchingTest {
    @TempDir
    Path dir;

    /** Records the size of every write. */
    static final class SizeRecordingSink implements BatchSink {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "sizes";
        }

        @Override
        public void write(List<MarketRecord> batch) {
            sizes.add(batch.size());
        }

        @Override
        public int preferredBatch() {
            return 5_000;
        }

        @Override
        public Duration preferredLinger() {
            return Duration.ofMillis(400);
        }

        @Override
        public void close() {
        }
    }

    private static Trade trade(int i) {
        return new Trade(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT", Integer.toString(i), Side.BUY,
                BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, SizeUnit.BASE, (long) i, false, i, i);
    }

    @Test
    void batchesGrowToWhatTheSinkPrefers() throws Exception {
        SizeRecordingSink sink = new SizeRecordingSink();
        PipelineSettings settings = PipelineSettings.defaults(dir).withQueue(20_000, 100, Duration.ofMillis(5));
        try (Pipeline p = new Pipeline(List.of(sink), settings)) {
            for (int i = 0; i < 12_000; i++) {
                p.accept(trade(i));
            }
            p.close(Duration.ofSeconds(10));
        }
        assertThat(sink.sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12_000);
        assertThat(sink.sizes).as("batches of the sink's preferred size, not the pipeline's 100").hasSizeLessThan(10);
        assertThat(sink.sizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(100)
                .isLessThanOrEqualTo(5_000);
    }

    /**
     * A bulk job's queue holds two of the largest preferred batch (so writes can be that large while the next one
     * fills); a queue already that deep is left alone, as is everything else.
     */
    @Test
    void bulkJobsGetAQueueOfTwiceTheLargestPreferredBatch() throws Exception {
        PipelineSettings defaults = PipelineSettings.defaults(dir);
        SizeRecordingSink small = new SizeRecordingSink();
        try (DuckDbSink duckdb = DuckDbSink.open(dir.resolve("bulk.duckdb"))) {
            PipelineSettings bulk = defaults.sizedForBulk(List.of(small, duckdb));
            assertThat(bulk.queueCapacity()).isEqualTo(2 * duckdb.preferredBatch()).isGreaterThan(
                    defaults.queueCapacity());
            assertThat(bulk.withQueue(defaults.queueCapacity(), defaults.maxBatch(), defaults.linger()))
                    .isEqualTo(defaults);
            // the pipeline then writes DuckDB batches of its preferred size: 250,000 records in 3 transactions
            List<MarketRecord> records = new ArrayList<>();
            for (int i = 0; i < 250_000; i++) {
                records.add(trade(i));
            }
            try (Pipeline p = new Pipeline(List.of(duckdb), bulk)) {
                records.forEach(p::accept);
                p.close(Duration.ofSeconds(60));
                assertThat(p.stats().get(0).batchSizeMax()).isEqualTo(duckdb.preferredBatch());
                assertThat(p.stats().get(0).recordsOut()).isEqualTo(records.size());
            }
        }
        assertThat(defaults.sizedForBulk(List.of(small))).isSameAs(defaults);
    }
}
