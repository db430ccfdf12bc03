package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import io.marketprism.testing.ClickHouseServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hot → cold partition moves against a real clickhouse-server, including resumption after simulated crashes. */
@Timeout(120)
class ColdTierMoverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-05T12:00:00Z"), ZoneOffset.UTC);
    private static final long JAN1 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long JAN2 = Instant.parse("2024-01-02T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long JAN5 = Instant.parse("2024-01-05T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final Table TRADES = Tables.of(RecordType.TRADE);
    private static ClickHouseServer server;

    @BeforeAll
    static void startServer() {
        server = ClickHouseServer.startNew();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ClickHouseHttp http(String db) {
        return new ClickHouseHttp(ClickHouseSettings.fromSinkUri(server.sinkUri(db), null, null));
    }

    /** Hot holds Jan 1 (300 trades), Jan 2 (200), today Jan 5 (50) and one record of every type (2022), each twice. */
    private static ClickHouseSink filledHot(String db) throws IOException {
        ClickHouseSink sink = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(server.sinkUri(db), null, null),
                CLOCK);
        List<MarketRecord> batch = new ArrayList<>(ClickHouseTestRecords.trades(300, JAN1, "a"));
        batch.addAll(ClickHouseTestRecords.trades(200, JAN2, "b"));
        batch.addAll(ClickHouseTestRecords.trades(50, JAN5, "c"));
        batch.addAll(ClickHouseTestRecords.everyType());
        sink.write(batch);
        sink.write(batch); // a retry: the hot tier holds duplicates until its parts merge
        return sink;
    }

    private static long countFinal(ClickHouseHttp http, Table t, String day) throws IOException {
        return http.queryLong("SELECT count() FROM " + http.settings().database() + "." + t.name()
                + " FINAL WHERE toYYYYMMDD(event_time) = " + day);
    }

    private static long countRaw(ClickHouseHttp http, Table t) throws IOException {
        return http.queryLong("SELECT count() FROM " + http.settings().database() + "." + t.name());
    }

    @Test
    void closedPartitionsMoveWithVerifiedCountsAndTodayStaysHot() throws IOException {
        ClickHouseHttp hot = filledHot("hot1").http();
        ClickHouseHttp cold = http("cold1");
        ColdTierMover mover = ColdTierMover.create(hot, cold, 1, CLOCK);
        assertThat(mover.cutoffPartition()).isEqualTo(20240104);

        ColdTierMover.Result r = mover.moveClosedPartitions();

        // trades: Jan 1, Jan 2 and May 13 2022; every other table: one partition in 2022
        assertThat(r.partitionsMoved()).isEqualTo(3 + 9);
        assertThat(r.rowsMoved()).isEqualTo(300 + 200 + ClickHouseTestRecords.everyType().size());
        assertThat(r.verificationFailures()).isEmpty();
        assertThat(countFinal(cold, TRADES, "20240101")).isEqualTo(300);
        assertThat(countFinal(cold, TRADES, "20240102")).isEqualTo(200);
        assertThat(countRaw(cold, TRADES)).as("FINAL copy: no duplicates in cold").isEqualTo(502);
        assertThat(countRaw(hot, TRADES)).as("only today's duplicated rows stay hot").isEqualTo(100);
        assertThat(countFinal(hot, TRADES, "20240105")).isEqualTo(50);
        for (RecordType type : RecordType.values()) {
            if (type != RecordType.TRADE) {
                assertThat(countRaw(hot, Tables.of(type))).as(type.id()).isZero();
                assertThat(countRaw(cold, Tables.of(type))).as(type.id()).isEqualTo(
                        ClickHouseTestRecords.everyType().stream().filter(x -> x.type() == type).count());
            }
        }
        assertThat(hot.query("SELECT partition_id, state, moved_rows FROM hot1.cold_tier_watermark FINAL WHERE "
                + "table_name = 'trades' ORDER BY partition_id"))
                .isEqualTo("20220513\tdone\t2\n20240101\tdone\t300\n20240102\tdone\t200\n");

        ColdTierMover.Result again = mover.moveClosedPartitions();
        assertThat(again.partitionsMoved()).isZero();
        assertThat(countRaw(cold, TRADES)).isEqualTo(502);
    }

    @Test
    void crashBetweenCopyAndDropResumesWithoutLossOrDoubling() throws IOException {
        ClickHouseHttp hot = filledHot("hot2").http();
        ClickHouseHttp cold = http("cold2");
        ColdTierMover crashing = new ColdTierMover(hot, cold, ColdTierMover.Transfer.SERVER_SIDE, 1, CLOCK,
                (table, partition, state) -> {
                    if (table.equals("trades") && partition == 20240101 && state == ColdTierMover.State.COPIED) {
                        throw new IOException("simulated crash after the copy, before the drop");
                    }
                });
        assertThatThrownBy(crashing::moveClosedPartitions).hasMessageContaining("simulated crash");
        assertThat(countFinal(hot, TRADES, "20240101")).as("not dropped yet").isEqualTo(300);
        assertThat(countFinal(cold, TRADES, "20240101")).as("already copied").isEqualTo(300);
        assertThat(crashing.state(TRADES, 20240101)).isEqualTo(ColdTierMover.State.COPIED);

        ColdTierMover mover = ColdTierMover.create(hot, cold, 1, CLOCK);
        ColdTierMover.Result r = mover.moveClosedPartitions();
        assertThat(mover.resumed()).isEqualTo(1);
        assertThat(r.verificationFailures()).isEmpty();
        assertThat(countFinal(hot, TRADES, "20240101")).isZero();
        assertThat(countFinal(cold, TRADES, "20240101")).isEqualTo(300);
        assertThat(countFinal(cold, TRADES, "20240102")).isEqualTo(200);
        assertThat(countRaw(cold, TRADES)).as("every row once").isEqualTo(502);
        assertThat(mover.state(TRADES, 20240101)).isEqualTo(ColdTierMover.State.DONE);
    }

    @Test
    void crashDuringTheCopyAndAfterTheDropAreResumedToo() throws IOException {
        ClickHouseHttp hot = filledHot("hot3").http();
        ClickHouseHttp cold = http("cold3");
        // crash 1: right after "copying" was stored, and half of the partition already sits in cold
        ColdTierMover crashing = new ColdTierMover(hot, cold, ColdTierMover.Transfer.STREAM, 1, CLOCK,
                (table, partition, state) -> {
                    if (table.equals("trades") && partition == 20240102 && state == ColdTierMover.State.COPYING) {
                        throw new IOException("simulated crash during the copy");
                    }
                });
        assertThatThrownBy(crashing::moveClosedPartitions).hasMessageContaining("simulated crash");
        new ClickHouseSink(cold, System::nanoTime).write(ClickHouseTestRecords.trades(100, JAN2, "b"));
        // crash 2: on Jan 1 the drop happened but "done" was never stored
        assertThat(crashing.state(TRADES, 20240101)).isEqualTo(ColdTierMover.State.DONE);
        hot.execute("INSERT INTO hot3.cold_tier_watermark VALUES ('trades', 20240101, 'copied', 300, 0, 99999999999999999)");

        ColdTierMover mover = new ColdTierMover(hot, cold, ColdTierMover.Transfer.STREAM, 1, CLOCK,
                (table, partition, state) -> { });
        ColdTierMover.Result r = mover.moveClosedPartitions();
        assertThat(r.verificationFailures()).isEmpty();
        assertThat(mover.state(TRADES, 20240101)).isEqualTo(ColdTierMover.State.DONE);
        assertThat(mover.state(TRADES, 20240102)).isEqualTo(ColdTierMover.State.DONE);
        assertThat(countFinal(hot, TRADES, "20240102")).isZero();
        assertThat(countFinal(cold, TRADES, "20240102")).isEqualTo(200);
        assertThat(countRaw(cold, TRADES)).as("partial copy merged away").isEqualTo(502);
    }

    @Test
    void lateRowsForAMovedDayAreReportedNotDropped() throws IOException {
        ClickHouseSink sink = filledHot("hot4");
        ClickHouseHttp hot = sink.http();
        ClickHouseHttp cold = http("cold4");
        ColdTierMover.create(hot, cold, 1, CLOCK).moveClosedPartitions();
        sink.write(ClickHouseTestRecords.trades(1, JAN1, "late"));

        ColdTierMover mover = ColdTierMover.create(hot, cold, 1, CLOCK);
        ColdTierMover.Result r = mover.moveClosedPartitions();
        assertThat(r.verificationFailures()).containsExactly("trades/20240101");
        assertThat(mover.verificationFailures()).isEqualTo(1);
        assertThat(countFinal(hot, TRADES, "20240101")).as("kept hot").isEqualTo(1);
        assertThat(countFinal(cold, TRADES, "20240101")).as("copied, nothing lost").isEqualTo(301);
    }

    @Test
    void coldMustNotBeTheHotDatabase() {
        assertThatThrownBy(() -> ColdTierMover.create(http("same"), http("same"), 1, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hot database itself");
    }
}
