package io.marketprism.sink.clickhouse;

import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves closed daily partitions of every record table from the hot database to a cold one (another database on the
 * same server, or another server), so the hot tier stays small.
 *
 * <p>A partition {@code P} (a UTC day, {@code toYYYYMMDD(event_time)}) is closed when it is older than
 * {@code keepDays} full days: with {@code keepDays = 0} every day before today moves. For each closed partition:
 * <ol>
 *   <li>record {@code copying} in the watermark;</li>
 *   <li>copy the de-duplicated rows ({@code FINAL}): on the same server {@code INSERT INTO cold.t SELECT ... FROM
 *   hot.t FINAL WHERE toYYYYMMDD(event_time) = P}; across servers the same query's RowBinary answer is streamed into
 *   {@code INSERT INTO cold.t FORMAT RowBinary};</li>
 *   <li>verify: the de-duplicated row counts ({@code count()} with {@code FINAL}) of {@code P} must be equal in hot
 *   and cold; if not, nothing is dropped, the failure is counted and logged, and the partition is tried again
 *   on the next run;</li>
 *   <li>record {@code copied} with the row count;</li>
 *   <li>{@code ALTER TABLE hot.t DROP PARTITION P};</li>
 *   <li>record {@code done}.</li>
 * </ol>
 *
 * <p>Resumable: the watermark ({@code cold_tier_watermark (table_name, partition_id, state, moved_rows, moved_at,
 * version)} in the hot database, newest {@code version} wins) says how far a partition got. A crash during or after
 * the copy leaves {@code copying}/{@code copied}: the next run copies again, which the cold table's
 * ReplacingMergeTree identity key makes idempotent (the resumed partition is then merged with {@code OPTIMIZE ...
 * FINAL} so duplicates also vanish physically), verifies and drops. A crash after the drop leaves {@code copied} for
 * a partition no longer in hot: the next run marks it {@code done}. Only the drop removes hot data, and only after a
 * verification in the same run.
 *
 * <p>Limitation: rows that arrive in the hot tier for a day after that day was moved make the counts differ (cold
 * already holds the day); such a partition is reported (verification failure) and left in hot for the operator
 * rather than dropped. Choose {@code keepDays} beyond the latest data a collector may still deliver.
 */
public final class ColdTierMover {
    private static final Logger LOG = LoggerFactory.getLogger(ColdTierMover.class);

    /** How rows get from hot to cold. */
    public enum Transfer {
        /** {@code INSERT INTO cold SELECT FROM hot} inside one server. */
        SERVER_SIDE,
        /** RowBinary streamed through this process (hot and cold on different servers). */
        STREAM
    }

    /** Watermark states of one (table, partition). */
    public enum State {
        COPYING, COPIED, DONE;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Called after each watermark step is stored; a test may throw here to simulate a crash at that point. */
    @FunctionalInterface
    public interface StepListener {
        void stored(String table, int partition, State state) throws IOException;
    }

    /** One run: partitions moved (hot copy dropped), rows moved, partitions that failed verification. */
    public record Result(int partitionsMoved, long rowsMoved, List<String> verificationFailures) {
    }

    private final ClickHouseHttp hot;
    private final ClickHouseHttp cold;
    private final Transfer transfer;
    private final int keepDays;
    private final Clock clock;
    private final StepListener listener;
    private final AtomicLong partitionsMoved = new AtomicLong();
    private final AtomicLong rowsMoved = new AtomicLong();
    private final AtomicLong verificationFailures = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private long lastVersion;

    /**
     * @param transfer  {@link Transfer#SERVER_SIDE} only when hot and cold are on the same server
     * @param keepDays  full days kept hot before today (0: move every day before today)
     */
    public ColdTierMover(ClickHouseHttp hot, ClickHouseHttp cold, Transfer transfer, int keepDays, Clock clock,
                         StepListener listener) {
        if (keepDays < 0) {
            throw new IllegalArgumentException("cold tier keepDays must be >= 0, got " + keepDays);
        }
        if (hot.settings().baseUri().equals(cold.settings().baseUri())
                && hot.settings().database().equals(cold.settings().database())) {
            throw new IllegalArgumentException("cold tier database " + cold.settings().database()
                    + " is the hot database itself; name another database or server");
        }
        if (transfer == Transfer.SERVER_SIDE && !hot.settings().baseUri().equals(cold.settings().baseUri())) {
            throw new IllegalArgumentException("server-side transfer needs hot and cold on one server, got "
                    + hot.settings().baseUri() + " and " + cold.settings().baseUri() + "; use STREAM");
        }
        this.hot = hot;
        this.cold = cold;
        this.transfer = transfer;
        this.keepDays = keepDays;
        this.clock = clock;
        this.listener = listener;
    }

    /** A mover with the transfer chosen by location: server-side on one server, streamed otherwise. */
    public static ColdTierMover create(ClickHouseHttp hot, ClickHouseHttp cold, int keepDays, Clock clock) {
        Transfer t = hot.settings().baseUri().equals(cold.settings().baseUri()) ? Transfer.SERVER_SIDE
                : Transfer.STREAM;
        return new ColdTierMover(hot, cold, t, keepDays, clock, (table, partition, state) -> { });
    }

    /** Moves every closed partition of every record table; creates the cold schema first (idempotent). */
    public Result moveClosedPartitions() throws IOException {
        ClickHouseSchema.migrate(cold, clock);
        lastVersion = hot.queryLong("SELECT max(version) FROM " + watermark());
        int cutoff = cutoffPartition();
        int moved = 0;
        long rows = 0;
        List<String> failed = new ArrayList<>();
        for (Table table : Tables.all()) {
            finishDroppedPartitions(table);
            for (int partition : hotPartitions(table)) {
                if (partition >= cutoff) {
                    continue;
                }
                long n = movePartition(table, partition);
                if (n < 0) {
                    failed.add(table.name() + "/" + partition);
                } else {
                    moved++;
                    rows += n;
                }
            }
        }
        return new Result(moved, rows, List.copyOf(failed));
    }

    /** The first partition (YYYYMMDD) that stays hot. */
    int cutoffPartition() {
        LocalDate firstHot = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(keepDays);
        return firstHot.getYear() * 10_000 + firstHot.getMonthValue() * 100 + firstHot.getDayOfMonth();
    }

    /** Moves one partition; returns the rows moved, or -1 when verification failed and nothing was dropped. */
    long movePartition(Table table, int partition) throws IOException {
        State before = state(table, partition);
        boolean resuming = before == State.COPYING || before == State.COPIED;
        if (resuming) {
            resumed.incrementAndGet();
            LOG.info("cold tier: resuming {} partition {} from state {}", table.name(), partition, before.id());
        }
        long hotRows = count(hot, table, partition);
        if (!(before == State.COPIED && count(cold, table, partition) == hotRows)) {
            store(table, partition, State.COPYING, hotRows);
            copy(table, partition);
            if (resuming) {
                // an earlier, interrupted copy may have left duplicates: merge them away physically too
                cold.execute("OPTIMIZE TABLE " + qualified(cold, table) + " PARTITION " + partition + " FINAL");
            }
            long coldRows = count(cold, table, partition);
            if (coldRows != hotRows) {
                verificationFailures.incrementAndGet();
                LOG.error("cold tier: {} partition {} not dropped from hot: hot has {} rows, cold {} after the copy "
                        + "(late rows for a moved day?); check and move it by hand", table.name(), partition,
                        hotRows, coldRows);
                return -1;
            }
            store(table, partition, State.COPIED, hotRows);
        }
        hot.execute("ALTER TABLE " + qualified(hot, table) + " DROP PARTITION " + partition);
        store(table, partition, State.DONE, hotRows);
        partitionsMoved.incrementAndGet();
        rowsMoved.addAndGet(hotRows);
        LOG.info("cold tier: moved {} partition {} ({} rows) to {}", table.name(), partition, hotRows,
                cold.settings().sinkUri());
        return hotRows;
    }

    private void copy(Table table, int partition) throws IOException {
        String cols = table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
        String select = "SELECT " + cols + " FROM " + qualified(hot, table) + " FINAL WHERE toYYYYMMDD(event_time) = "
                + partition;
        if (transfer == Transfer.SERVER_SIDE) {
            cold.execute("INSERT INTO " + qualified(cold, table) + " (" + cols + ") " + select);
        } else {
            try (InputStream rows = hot.queryStream(select + " FORMAT RowBinary")) {
                cold.insertRowBinary(table.name(), table.columns().stream().map(Column::name).toList(), rows);
            }
        }
    }

    /** A crash after the drop leaves {@code copied} for a partition no longer in hot: complete it. */
    private void finishDroppedPartitions(Table table) throws IOException {
        String text = hot.query("SELECT partition_id, moved_rows FROM " + watermark() + " FINAL WHERE table_name = "
                + ClickHouseSchema.quote(table.name()) + " AND state = 'copied'");
        List<Integer> present = hotPartitions(table);
        for (String line : text.lines().toList()) {
            String[] cells = line.split("\t");
            int partition = Integer.parseInt(cells[0]);
            if (!present.contains(partition)) {
                long rows = Long.parseLong(cells[1]);
                store(table, partition, State.DONE, rows);
                partitionsMoved.incrementAndGet();
                rowsMoved.addAndGet(rows);
                LOG.info("cold tier: {} partition {} was dropped from hot before a crash; marked done", table.name(),
                        partition);
            }
        }
    }

    private List<Integer> hotPartitions(Table table) throws IOException {
        String text = hot.query("SELECT DISTINCT partition FROM system.parts WHERE active AND database = "
                + ClickHouseSchema.quote(hot.settings().database()) + " AND table = "
                + ClickHouseSchema.quote(table.name()) + " ORDER BY partition");
        List<Integer> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            out.add(Integer.parseInt(line.trim().replace("'", "")));
        }
        return out;
    }

    /** The newest stored state, or null when the partition was never touched. */
    State state(Table table, int partition) throws IOException {
        String s = hot.query("SELECT state FROM " + watermark() + " FINAL WHERE table_name = "
                + ClickHouseSchema.quote(table.name()) + " AND partition_id = " + partition).trim();
        return s.isEmpty() ? null : State.valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }

    private void store(Table table, int partition, State state, long rows) throws IOException {
        lastVersion = Math.max(lastVersion + 1, clock.millis() * 1000);
        hot.execute("INSERT INTO " + watermark() + " (table_name, partition_id, state, moved_rows, moved_at, version)"
                + " VALUES (" + ClickHouseSchema.quote(table.name()) + ", " + partition + ", '" + state.id() + "', "
                + rows + ", " + clock.instant().getEpochSecond() + ", " + lastVersion + ")");
        listener.stored(table.name(), partition, state);
    }

    private static long count(ClickHouseHttp http, Table table, int partition) throws IOException {
        return http.queryLong("SELECT count() FROM " + qualified(http, table) + " FINAL WHERE toYYYYMMDD(event_time) = "
                + partition);
    }

    private String watermark() {
        return hot.settings().database() + "." + ClickHouseSchema.WATERMARK_TABLE;
    }

    private static String qualified(ClickHouseHttp http, Table table) {
        return http.settings().database() + "." + table.name();
    }

    public long partitionsMoved() {
        return partitionsMoved.get();
    }

    public long rowsMoved() {
        return rowsMoved.get();
    }

    /** Partitions left in hot because hot and cold counts differed after the copy. */
    public long verificationFailures() {
        return verificationFailures.get();
    }

    /** Partitions picked up again after an interrupted run. */
    public long resumed() {
        return resumed.get();
    }
}
