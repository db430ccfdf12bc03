package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.RecordType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DDL strings by server version (no server needed). */
class ClickHouseSchemaTest {
    private static final ServerVersion OLD = ServerVersion.parse("18.16.1");
    private static final ServerVersion NEW = ServerVersion.parse("24.3.2.23");

    @Test
    void baseDdlIsPortableTo1816() {
        String ddl = ClickHouseSchema.createTable("marketprism", Tables.of(RecordType.TRADE), OLD);
        assertThat(ddl).isEqualTo("CREATE TABLE IF NOT EXISTS marketprism.trades (exchange String, market_type String,"
                + " symbol String, native_symbol String, exchange_ts Int64, receive_ts Int64, event_time DateTime,"
                + " event_id String, trade_id String, side String, price Decimal(38,18), size Nullable(Decimal(38,18)),"
                + " raw_size Decimal(38,18), raw_size_unit String, sequence Nullable(Int64), liquidation UInt8)"
                + " ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMMDD(event_time)"
                + " ORDER BY (exchange, native_symbol, exchange_ts, event_id)");
        for (Table t : Tables.all()) {
            assertThat(ClickHouseSchema.createTable("m", t, OLD))
                    .doesNotContain("LowCardinality", "TTL", "CODEC", "DateTime64", "IF NOT EXISTS " + "m." + t.name()
                            + " IF");
        }
        assertThat(ClickHouseSchema.createTable("m", Tables.of(RecordType.BOOK_DELTA), OLD))
                .contains("bid_prices Array(Decimal(38,18))");
        assertThat(ClickHouseSchema.createTable("m", Tables.of(RecordType.FUNDING), OLD))
                .contains("funding_interval_hours Nullable(Int32)");
    }

    @Test
    void newerServersGetLowCardinalityStreamColumns() {
        String ddl = ClickHouseSchema.createTable("marketprism", Tables.of(RecordType.TRADE), NEW);
        assertThat(ddl).contains("exchange LowCardinality(String)", "market_type LowCardinality(String)",
                "symbol LowCardinality(String)", "native_symbol String", "event_id String");
        assertThat(ClickHouseSchema.createTable("m", Tables.of(RecordType.QUOTE), ServerVersion.parse("19.17.4")))
                .doesNotContain("LowCardinality");
        assertThat(ClickHouseSchema.createTable("m", Tables.of(RecordType.QUOTE), ServerVersion.parse("20.1.2")))
                .contains("LowCardinality");
    }

    @Test
    void migrationsAreOrderedAndCoverEveryTable() {
        List<ClickHouseSchema.Migration> ms = ClickHouseSchema.migrations();
        for (int i = 0; i < ms.size(); i++) {
            assertThat(ms.get(i).version()).isEqualTo(i + 1);
        }
        assertThat(ClickHouseSchema.latestVersion()).isEqualTo(ms.size());
        assertThat(ms.get(0).statements().apply("db", OLD)).hasSize(RecordType.values().length);
    }

    @Test
    void serverVersionsParseAndCompare() {
        assertThat(OLD.atLeast(18, 16)).isTrue();
        assertThat(OLD.atLeast(18, 17)).isFalse();
        assertThat(OLD.atLeast(20, 1)).isFalse();
        assertThat(NEW.atLeast(20, 1)).isTrue();
        assertThat(NEW).isGreaterThan(OLD);
        assertThatThrownBy(() -> ServerVersion.parse("v24")).hasMessageContaining("'v24'");
    }

    @Test
    void stringLiteralsAreQuoted() {
        assertThat(ClickHouseSchema.quote("it's a\\b")).isEqualTo("'it\\'s a\\\\b'");
    }
}
