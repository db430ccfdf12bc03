package io.marketprism.sink.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.pipeline.SampleRecords;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static final SpoolSettings SMALL = new SpoolSettings(4096, 1 << 20, SpoolSettings.FsyncPolicy.ALWAYS,
            Duration.ofSeconds(1), SpoolSettings.FullPolicy.BLOCK);

    private static List<String> json(List<MarketRecord> rs) {
        return rs.stream().map(RecordJson::write).toList();
    }

    private static List<MarketRecord> drainAll(Spool s) throws Exception {
        List<MarketRecord> out = new ArrayList<>();
        for (var e = s.peek(); e.isPresent(); e = s.peek()) {
            out.addAll(e.get().records());
            s.commit(e.get());
        }
        return out;
    }

    @Test
    void batchesComeBackInOrderAcrossSegmentsAndRestarts() throws Exception {
        List<MarketRecord> all = new ArrayList<>(SampleRecords.everyType());
        try (Spool s = Spool.open(dir, SMALL)) {
            s.append(SampleRecords.everyType(), Duration.ZERO);
            for (int i = 0; i < 20; i++) {
                List<MarketRecord> b = SampleRecords.trades(i * 10L, 10);
                all.addAll(b);
                assertThat(s.append(b, Duration.ZERO)).isEqualTo(Spool.Outcome.STORED);
            }
            assertThat(s.segmentCount()).isGreaterThan(2);
            // drain a part, then "crash" (close) and reopen: the committed part is not re-sent
            var first = s.peek().orElseThrow();
            s.commit(first);
            assertThat(s.pendingRecords()).isEqualTo(all.size() - first.size());
        }
        try (Spool s = Spool.open(dir, SMALL)) {
            assertThat(s.pendingRecords()).isEqualTo(all.size() - 10);
            assertThat(json(drainAll(s))).isEqualTo(json(all.subList(10, all.size())));
            assertThat(s.isEmpty()).isTrue();
        }
        try (Spool s = Spool.open(dir, SMALL); Stream<Path> files = Files.list(dir)) {
            assertThat(s.peek()).isEmpty();
            assertThat(files.filter(p -> p.toString().endsWith(".spool")).count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aTornTailIsCutAndCountedAndEarlierEntriesSurvive() throws Exception {
        try (Spool s = Spool.open(dir, SMALL)) {
            s.append(SampleRecords.trades(0, 3), Duration.ZERO);
            s.append(SampleRecords.trades(3, 3), Duration.ZERO);
        }
        Path seg;
        try (Stream<Path> files = Files.list(dir)) {
            seg = files.filter(p -> p.toString().endsWith(".spool")).sorted().findFirst().orElseThrow();
        }
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // the process died in the middle of the second entry
        }
        try (Spool s = Spool.open(dir, SMALL)) {
            assertThat(s.tornTails()).isEqualTo(1);
            assertThat(s.pendingRecords()).isEqualTo(3);
            assertThat(json(drainAll(s))).isEqualTo(json(SampleRecords.trades(0, 3)));
            s.append(SampleRecords.trades(100, 2), Duration.ZERO);
            assertThat(json(drainAll(s))).isEqualTo(json(SampleRecords.trades(100, 2)));
        }
    }

    @Test
    void fullWithDropNewestCountsEveryDroppedRecord() throws Exception {
        SpoolSettings tiny = new SpoolSettings(1024, 2048, SpoolSettings.FsyncPolicy.NEVER, null,
                SpoolSettings.FullPolicy.DROP_NEWEST);
        try (Spool s = Spool.open(dir, tiny)) {
            int stored = 0;
            int dropped = 0;
            for (int i = 0; i < 20; i++) {
                Spool.Outcome o = s.append(SampleRecords.trades(i * 2L, 2), Duration.ZERO);
                if (o == Spool.Outcome.STORED) {
                    stored += 2;
                } else {
                    assertThat(o).isEqualTo(Spool.Outcome.DROPPED);
                    dropped += 2;
                }
            }
            assertThat(dropped).isPositive();
            assertThat(s.isFull()).isTrue();
            assertThat(s.fullEpisodes()).isEqualTo(1);
            assertThat(s.droppedRecords()).isEqualTo(dropped);
            assertThat(s.pendingRecords()).isEqualTo(stored);
            assertThat(s.pendingBytes()).isLessThanOrEqualTo(2048);
            drainAll(s);
            assertThat(s.append(SampleRecords.trades(1000, 2), Duration.ZERO)).isEqualTo(Spool.Outcome.STORED);
            assertThat(s.isFull()).isFalse();
        }
    }

    @Test
    void fullWithBlockWaitsForADrain() throws Exception {
        SpoolSettings tiny = new SpoolSettings(1024, 2048, SpoolSettings.FsyncPolicy.INTERVAL, Duration.ofMillis(5),
                SpoolSettings.FullPolicy.BLOCK);
        try (Spool s = Spool.open(dir, tiny)) {
            while (s.append(SampleRecords.trades(0, 2), Duration.ZERO) == Spool.Outcome.STORED) {
                assertThat(s.pendingBytes()).isLessThanOrEqualTo(2048);
            }
            assertThat(s.isFull()).isTrue();
            long before = s.pendingRecords();
            Thread drainer = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    var e = s.peek().orElseThrow();
                    s.commit(e);
                } catch (Exception ex) {
                    throw new RuntimeException(ex);
                }
            });
            drainer.start();
            assertThat(s.append(SampleRecords.trades(50, 2), Duration.ofSeconds(10))).isEqualTo(Spool.Outcome.STORED);
            drainer.join(10_000);
            assertThat(s.pendingRecords()).isEqualTo(before);
            assertThat(s.droppedRecords()).isZero();
            assertThat(s.isFull()).isFalse();
        }
    }
}
