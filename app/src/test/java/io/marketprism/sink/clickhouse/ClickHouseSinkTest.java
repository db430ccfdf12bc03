package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.Decimals;
import io.marketprism.model.EventIds;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import io.marketprism.testing.ClickHouseServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ClickHouse sink against a real clickhouse-server (Debian's 18.16 here and in CI). */
@Timeout(120)
class ClickHouseSinkTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
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

    private static ClickHouseSettings settings(String db) {
        return ClickHouseSettings.fromSinkUri(server.sinkUri(db), null, null);
    }

    @Test
    void migrationsCreateEveryTableOnceAndAreIdempotent() throws IOException {
        ClickHouseHttp http = new ClickHouseHttp(settings("mig"));
        ClickHouseSchema.MigrationResult first = ClickHouseSchema.migrate(http, CLOCK);
        assertThat(first.fromVersion()).isZero();
        assertThat(first.applied()).containsExactly(1, 2);
        assertThat(first.server().major()).isPositive();

        ClickHouseSchema.MigrationResult again = ClickHouseSchema.migrate(http, CLOCK);
        assertThat(again.fromVersion()).isEqualTo(ClickHouseSchema.latestVersion());
        assertThat(again.applied()).isEmpty();

        String tables = http.query("SELECT name FROM system.tables WHERE database = 'mig' ORDER BY name");
        List<String> expected = new ArrayList<>(Tables.all().stream().map(Table::name).toList());
        expected.add(ClickHouseSchema.MIGRATIONS_TABLE);
        expected.add(ClickHouseSchema.WATERMARK_TABLE);
        assertThat(tables.lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(http.query("SELECT version, description, applied_at FROM mig.schema_migrations FINAL ORDER BY "
                + "version")).isEqualTo("1\trecord tables, one per record type\t2024-01-02 03:04:05\n"
                + "2\tcold tier watermark\t2024-01-02 03:04:05\n");
        // the engine and key as designed, and the column types of this server's version
        String engine = http.query("SELECT engine_full FROM system.tables WHERE database = 'mig' AND name = 'trades'");
        assertThat(engine).contains("ReplacingMergeTree").contains("toYYYYMMDD(event_time)")
                .contains("exchange, native_symbol, exchange_ts, event_id");
        assertThat(http.query("SELECT type FROM system.columns WHERE database = 'mig' AND table = 'trades' AND "
                + "name = 'price'").trim()).isEqualTo("Decimal(38, 18)");
    }

    @Test
    void databaseAtANewerSchemaVersionIsRefused() throws IOException {
        ClickHouseHttp http = new ClickHouseHttp(settings("future"));
        ClickHouseSchema.migrate(http, CLOCK);
        http.execute("INSERT INTO future.schema_migrations (version, description, applied_at) VALUES (99, 'x', 0)");
        assertThatThrownBy(() -> ClickHouseSchema.migrate(http, CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("knows versions up to " + ClickHouseSchema.latestVersion());
    }

    @Test
    void everyRecordTypeRoundTripsExactly() throws IOException {
        ClickHouseSink sink = ClickHouseSink.open(settings("roundtrip"), CLOCK);
        List<MarketRecord> records = ClickHouseTestRecords.everyType();
        sink.write(records);
        assertThat(sink.failures()).isZero();
        ClickHouseQueries q = new ClickHouseQueries(sink.http());
        for (RecordType type : RecordType.values()) {
            Table table = Tables.of(type);
            List<MarketRecord> expected = records.stream().filter(r -> r.type() == type).toList();
            assertThat(expected).as("test data covers %s", type).isNotEmpty();
            Map<String, Map<String, String>> byId = q.selectFinal(table, null).stream()
                    .collect(Collectors.toMap(row -> row.get("event_id"), Function.identity()));
            assertThat(byId).as(table.name()).hasSize(expected.size());
            for (MarketRecord r : expected) {
                Map<String, String> actual = byId.get(EventIds.of(r));
                assertThat(actual).as("row of %s", r).isNotNull();
                Object[] row = table.row(r);
                for (int i = 0; i < row.length; i++) {
                    Column c = table.columns().get(i);
                    assertThat(normalize(c, actual.get(c.name()))).as("%s.%s of %s", table.name(), c.name(), r)
                            .isEqualTo(expectedText(c, row[i]));
                }
                assertThat(sink.rows(type)).isEqualTo(expected.size());
                assertThat(sink.inserts(type)).isEqualTo(1);
            }
        }
        // the values the test is about, spelled out
        String quotient = q.selectFinal(Tables.of(RecordType.TRADE), "trade_id = '12345'").get(0).get("size");
        assertThat(Decimals.canonical(new BigDecimal(quotient))).isEqualTo("0.000333330000033333");
        assertThat(ClickHouseTestRecords.INVERSE_QUOTIENT.precision()).isEqualTo(34);
        String widest = q.selectFinal(Tables.of(RecordType.TRADE), "exchange = 'binance'").get(0).get("raw_size");
        assertThat(new BigDecimal(widest)).isEqualByComparingTo(ClickHouseTestRecords.WIDEST);
        assertThat(q.selectFinal(Tables.of(RecordType.TRADE), "exchange = 'binance'").get(0).get("trade_id"))
                .isEqualTo(ClickHouseTestRecords.LONG_ID);
    }

    @Test
    void aRetriedBatchDoesNotDoubleTheRows() throws IOException {
        ClickHouseSink sink = ClickHouseSink.open(settings("retry"), CLOCK);
        List<MarketRecord> batch = new ArrayList<>(ClickHouseTestRecords.everyType());
        batch.addAll(ClickHouseTestRecords.trades(500, ClickHouseTestRecords.TS, "t"));
        sink.write(batch);
        sink.write(batch); // the pipeline retries after a lost acknowledgement
        sink.write(batch.subList(100, 300)); // and a replay cuts batches differently
        ClickHouseQueries q = new ClickHouseQueries(sink.http());
        Table trades = Tables.of(RecordType.TRADE);
        assertThat(q.countFinal(trades)).isEqualTo(502);
        assertThat(q.countRaw(trades)).as("physically stored until parts merge").isGreaterThan(502);
        for (RecordType type : RecordType.values()) {
            long expected = batch.stream().filter(r -> r.type() == type).count();
            assertThat(q.countFinal(Tables.of(type))).as(type.id()).isEqualTo(expected);
        }
        sink.http().execute("OPTIMIZE TABLE retry.trades FINAL");
        assertThat(q.countRaw(trades)).as("after a merge the duplicates are gone").isEqualTo(502);
    }

    @Test
    void tenThousandRowsGoOutInOneInsert() throws IOException {
        ClickHouseSink sink = ClickHouseSink.open(settings("big"), CLOCK);
        List<MarketRecord> batch = ClickHouseTestRecords.trades(12_000, ClickHouseTestRecords.TS, "big");
        sink.write(batch);
        assertThat(sink.inserts(RecordType.TRADE)).isEqualTo(1);
        assertThat(sink.rows(RecordType.TRADE)).isEqualTo(12_000);
        assertThat(sink.lastInsertNanos()).isPositive();
        ClickHouseQueries q = new ClickHouseQueries(sink.http());
        assertThat(q.countFinal(Tables.of(RecordType.TRADE))).isEqualTo(12_000);
        assertThat(sink.http().query("SELECT toString(sum(price)) FROM big.trades").trim())
                .as("sum of 30000.01 + i/100 for i < 12000")
                .satisfies(s -> assertThat(new BigDecimal(s)).isEqualByComparingTo(
                        new BigDecimal("30000.01").multiply(BigDecimal.valueOf(12_000))
                                .add(new BigDecimal("719940.00"))));
    }

    @Test
    void passwordUserCanWriteAndAWrongPasswordFailsWithoutShowingIt() throws IOException {
        ClickHouseSettings ok = ClickHouseSettings.fromSinkUri(server.sinkUri("auth"),
                Map.of(ClickHouseSettings.ENV_USER, ClickHouseServer.PASSWORD_USER,
                        ClickHouseSettings.ENV_PASSWORD, ClickHouseServer.PASSWORD));
        assertThat(ok.toString()).doesNotContain(ClickHouseServer.PASSWORD).contains("password set");
        ClickHouseSink sink = ClickHouseSink.open(ok, CLOCK);
        sink.write(ClickHouseTestRecords.everyType());
        assertThat(new ClickHouseQueries(sink.http()).countFinal(Tables.of(RecordType.TRADE))).isEqualTo(2);

        ClickHouseSettings bad = ClickHouseSettings.fromSinkUri(server.sinkUri("auth"),
                ClickHouseServer.PASSWORD_USER, "not-the-password");
        ClickHouseSink badSink = new ClickHouseSink(new ClickHouseHttp(bad), System::nanoTime);
        assertThatThrownBy(() -> badSink.write(ClickHouseTestRecords.everyType()))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("Wrong password")
                .hasMessageNotContaining("not-the-password")
                .satisfies(e -> assertThat(((ClickHouseException) e).errorCode()).isEqualTo(193));
        assertThat(badSink.failures()).isEqualTo(1);
    }

    @Test
    void clickHouseErrorsCarryItsMessage() {
        ClickHouseHttp http = new ClickHouseHttp(settings("nowhere"));
        assertThatThrownBy(() -> http.insertRowBinary("trades", List.of("exchange"), new byte[] {1, 'x'}))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("nowhere")
                .hasMessageContaining("doesn't exist");
    }

    /** ClickHouse's text of a value in the same form as {@link #expectedText}. */
    private static String normalize(Column c, String text) {
        if (text == null) {
            return null;
        }
        return switch (c.type()) {
            case DECIMAL, NULLABLE_DECIMAL -> Decimals.canonical(new BigDecimal(text));
            case DECIMAL_ARRAY -> {
                String inner = text.substring(1, text.length() - 1);
                yield inner.isEmpty() ? "[]" : "[" + java.util.Arrays.stream(inner.split(","))
                        .map(s -> Decimals.canonical(new BigDecimal(s))).collect(Collectors.joining(",")) + "]";
            }
            case DATETIME -> Long.toString(LocalDateTime.parse(text, DATETIME).toEpochSecond(ZoneOffset.UTC));
            case BOOL -> "1".equals(text) ? "true" : "false";
            default -> text;
        };
    }

    private static String expectedText(Column c, Object value) {
        if (value == null) {
            return null;
        }
        return switch (c.type()) {
            case DECIMAL, NULLABLE_DECIMAL -> Decimals.canonical(Tables.stored((BigDecimal) value));
            case DECIMAL_ARRAY -> ((List<?>) value).stream().map(v -> Decimals.canonical(Tables.stored((BigDecimal) v)))
                    .collect(Collectors.joining(",", "[", "]"));
            default -> value.toString();
        };
    }
}
