package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.RecordType;
import io.marketprism.model.Trade;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** The RowBinary encoding, byte by byte. */
class RowBinaryWriterTest {
    private static byte[] encode(ColumnType type, Object value) {
        RowBinaryWriter w = new RowBinaryWriter(16);
        w.writeValue(type, value);
        return w.toByteArray();
    }

    /** Decodes a 16-byte little-endian two's complement integer independently of the writer. */
    private static BigInteger int128(byte[] le, int offset) {
        byte[] be = new byte[16];
        for (int i = 0; i < 16; i++) {
            be[i] = le[offset + 15 - i];
        }
        return new BigInteger(be);
    }

    @Test
    void decimalsAreInt128LittleEndianAtScale18() {
        assertThat(encode(ColumnType.DECIMAL, new BigDecimal("1"))).hasSize(16);
        assertThat(int128(encode(ColumnType.DECIMAL, new BigDecimal("1.5")), 0))
                .isEqualTo(new BigInteger("1500000000000000000"));
        assertThat(encode(ColumnType.DECIMAL, new BigDecimal("-0.000000000000000001")))
                .containsOnly((byte) 0xFF);
        BigDecimal widest = new BigDecimal("99999999999999999999.999999999999999999");
        assertThat(int128(encode(ColumnType.DECIMAL, widest), 0)).isEqualTo(BigInteger.TEN.pow(38).subtract(
                BigInteger.ONE));
        assertThat(int128(encode(ColumnType.DECIMAL, widest.negate()), 0)).isEqualTo(BigInteger.TEN.pow(38)
                .subtract(BigInteger.ONE).negate());
    }

    @Property(tries = 300)
    void everyDecimalThatFitsRoundTrips(@ForAll @BigRange(min = "-99999999999999999999.999999999999999999",
            max = "99999999999999999999.999999999999999999") @Scale(20) BigDecimal v) {
        BigDecimal stored = Tables.stored(v);
        assertThat(new BigDecimal(int128(encode(ColumnType.DECIMAL, v), 0), 18)).isEqualTo(stored);
    }

    @Test
    void decimalsThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> encode(ColumnType.DECIMAL, new BigDecimal("100000000000000000000")))
                .hasMessageContaining("integer digits");
    }

    @Test
    void moreThanEighteenFractionalDigitsAreRoundedHalfEvenLikeTablesStored() {
        assertThat(int128(encode(ColumnType.DECIMAL, new BigDecimal("0.0000000000000000005")), 0)).isZero();
        assertThat(int128(encode(ColumnType.DECIMAL, new BigDecimal("0.0000000000000000015")), 0)).isEqualTo(2);
        assertThat(int128(encode(ColumnType.DECIMAL, new BigDecimal("-2.0000000000000000025")), 0))
                .isEqualTo(new BigInteger("-2000000000000000002"));
    }

    @Test
    void nullableArrayStringDateTimeAndIntegers() {
        assertThat(encode(ColumnType.NULLABLE_DECIMAL, null)).containsExactly(1);
        assertThat(encode(ColumnType.NULLABLE_DECIMAL, BigDecimal.ONE)).hasSize(17).startsWith(0);
        assertThat(encode(ColumnType.DECIMAL_ARRAY, List.of())).containsExactly(0);
        assertThat(encode(ColumnType.DECIMAL_ARRAY, List.of(BigDecimal.ONE, BigDecimal.TEN))).hasSize(33)
                .startsWith(2);
        assertThat(encode(ColumnType.STRING, "ab")).containsExactly(2, 'a', 'b');
        assertThat(encode(ColumnType.STRING, "x".repeat(300))).startsWith(0xAC - 256, 0x02);
        assertThat(encode(ColumnType.NULLABLE_STRING, null)).containsExactly(1);
        assertThat(encode(ColumnType.DATETIME, 0x01020304L)).containsExactly(4, 3, 2, 1);
        assertThat(encode(ColumnType.DATETIME, 0xFFFF_FFFFL)).containsExactly(-1, -1, -1, -1);
        assertThat(encode(ColumnType.INT64, 1L)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(encode(ColumnType.NULLABLE_INT32, -2)).containsExactly(0, -2, -1, -1, -1);
        assertThat(encode(ColumnType.BOOL, true)).containsExactly(1);
        assertThatThrownBy(() -> encode(ColumnType.DATETIME, -1L)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> encode(ColumnType.STRING, null)).hasMessageContaining("not nullable");
    }

    @Test
    void aBadValueNamesTableColumnAndValue() {
        Table trades = Tables.of(RecordType.TRADE);
        Trade t = (Trade) ClickHouseTestRecords.trades(1, ClickHouseTestRecords.TS, "x").get(0);
        Object[] row = trades.row(t);
        int price = trades.columns().stream().map(c -> c.name()).toList().indexOf("price");
        row[price] = new BigDecimal("1e25");
        assertThatThrownBy(() -> new RowBinaryWriter(16).writeRow(trades, row))
                .hasMessageContaining("table trades column price").hasMessageContaining("1E+25");
    }
}
