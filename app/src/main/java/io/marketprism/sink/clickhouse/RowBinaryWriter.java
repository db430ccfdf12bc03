package io.marketprism.sink.clickhouse;

import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Decimal128;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes table rows in ClickHouse's RowBinary format, column by column in the order of {@link Table#columns()}:
 * integers little-endian; {@code Decimal(38,18)} as the 16-byte little-endian two's complement of the unscaled value
 * at scale 18; {@code Nullable(T)} as a null flag byte then T when not null; {@code Array(T)} and {@code String} as a
 * LEB128 length then the elements or UTF-8 bytes; {@code DateTime} as unsigned 32-bit seconds; booleans as UInt8.
 * Values that do not fit the column fail with the table, column and value named, before anything is sent.
 */
public final class RowBinaryWriter {
    private final Decimal128 decimal = new Decimal128();
    private byte[] buf;
    private int size;

    public RowBinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void reset() {
        size = 0;
    }

    /** Appends one row of {@code table}: the values as {@link Table#row} gives them. */
    public void writeRow(Table table, Object[] row) {
        List<Column> columns = table.columns();
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            try {
                writeValue(c.type(), row[i]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("table " + table.name() + " column " + c.name() + " ("
                        + c.type() + "): cannot encode value '" + row[i] + "': " + e.getMessage(), e);
            }
        }
    }

    void writeValue(ColumnType type, Object v) {
        switch (type) {
            case STRING -> writeString(required(v));
            case NULLABLE_STRING -> {
                if (nullFlag(v)) {
                    writeString(v);
                }
            }
            case INT64 -> writeLong(((Long) required(v)));
            case NULLABLE_INT64 -> {
                if (nullFlag(v)) {
                    writeLong((Long) v);
                }
            }
            case NULLABLE_INT32 -> {
                if (nullFlag(v)) {
                    writeInt((Integer) v);
                }
            }
            case BOOL -> writeByte(((Boolean) required(v)) ? 1 : 0);
            case DECIMAL -> writeDecimal((BigDecimal) required(v));
            case NULLABLE_DECIMAL -> {
                if (nullFlag(v)) {
                    writeDecimal((BigDecimal) v);
                }
            }
            case DECIMAL_ARRAY -> {
                List<?> list = (List<?>) required(v);
                writeVarUInt(list.size());
                for (Object d : list) {
                    writeDecimal((BigDecimal) required(d));
                }
            }
            case DATETIME -> {
                long seconds = (Long) required(v);
                if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("DateTime holds seconds 0.." + 0xFFFF_FFFFL
                            + " (1970..2106), got " + seconds);
                }
                writeInt((int) seconds);
            }
            default -> throw new IllegalStateException("no RowBinary encoding for " + type);
        }
    }

    private static Object required(Object v) {
        if (v == null) {
            throw new IllegalArgumentException("null in a column that is not nullable");
        }
        return v;
    }

    /** Writes the Nullable flag; true when a value follows. */
    private boolean nullFlag(Object v) {
        writeByte(v == null ? 1 : 0);
        return v != null;
    }

    void writeString(Object v) {
        byte[] bytes = ((String) v).getBytes(StandardCharsets.UTF_8);
        writeVarUInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /**
     * Decimal(38,18): the unscaled value at scale 18 as a signed 128-bit little-endian integer; more than 18
     * fractional digits are rounded half-even ({@link Tables#stored}'s single rounding decision).
     */
    void writeDecimal(BigDecimal v) {
        decimal.set(v);
        ensure(16);
        writeLongAt(decimal.low());
        writeLongAt(decimal.high());
    }

    void writeLong(long v) {
        ensure(8);
        writeLongAt(v);
    }

    private void writeLongAt(long v) {
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    void writeInt(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    void writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void writeVarUInt(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            int want = Math.max(buf.length * 2, size + more);
            if (want < 0) {
                throw new IllegalStateException("RowBinary batch larger than 2 GiB; use smaller batches");
            }
            buf = Arrays.copyOf(buf, want);
        }
    }
}
