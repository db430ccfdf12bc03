package io.marketprism.sink.duckdb;

import io.marketprism.model.MarketRecord;
import io.marketprism.sink.schema.Column;
import io.marketprism.sink.schema.ColumnType;
import io.marketprism.sink.schema.Decimal128;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table's rows as Arrow columns, the form DuckDB reads without a call per value. Why not the JDBC Appender: it
 * costs a JNI call per string and per list, and its rows then need a second pass (staging table, then insert); an
 * Arrow scan feeds the insert straight from these buffers. Column names and order are the table's ({@link Tables});
 * types map one to one onto the DuckDB columns of {@link DuckDbSchema}: decimals are 128-bit Arrow decimals at the
 * stored precision and scale (the same unscaled value {@link Decimal128} gives RowBinary), decimal lists are lists
 * of them, times are microseconds without a zone (DuckDB's TIMESTAMP).
 */
final class ArrowColumns {
    private static final int DECIMAL_BYTES = 16;

    private final Table table;
    private final Schema schema;
    /** Per column, its place in the table's identity ({@link Table#orderBy()}), or -1. */
    private final int[] keyPlace;
    private final int keyWidth;
    private final Decimal128 decimal = new Decimal128();

    ArrowColumns(Table table) {
        this.table = table;
        List<Field> fields = new ArrayList<>();
        List<Column> columns = table.columns();
        keyPlace = new int[columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            fields.add(field(columns.get(j)));
            keyPlace[j] = table.orderBy().indexOf(columns.get(j).name());
        }
        keyWidth = table.orderBy().size();
        this.schema = new Schema(fields);
    }

    Schema schema() {
        return schema;
    }

    private static Field field(Column c) {
        ArrowType decimal = new ArrowType.Decimal(Tables.DECIMAL_PRECISION, Tables.DECIMAL_SCALE, 128);
        return switch (c.type()) {
            case STRING -> Field.notNullable(c.name(), ArrowType.Utf8.INSTANCE);
            case NULLABLE_STRING -> Field.nullable(c.name(), ArrowType.Utf8.INSTANCE);
            case INT64 -> Field.notNullable(c.name(), new ArrowType.Int(64, true));
            case NULLABLE_INT64 -> Field.nullable(c.name(), new ArrowType.Int(64, true));
            case NULLABLE_INT32 -> Field.nullable(c.name(), new ArrowType.Int(32, true));
            case BOOL -> Field.notNullable(c.name(), ArrowType.Bool.INSTANCE);
            case DECIMAL -> Field.notNullable(c.name(), decimal);
            case NULLABLE_DECIMAL -> Field.nullable(c.name(), decimal);
            case DECIMAL_ARRAY -> new Field(c.name(), FieldType.notNullable(ArrowType.List.INSTANCE),
                    List.of(Field.notNullable("element", decimal)));
            case DATETIME -> Field.notNullable(c.name(), new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
        };
    }

    /**
     * Fills {@code root} (of {@link #schema()}) with the rows of {@code records}, replacing what it held; true when
     * no two of them share an event identity (then the insert needs no DISTINCT ON, which costs DuckDB a hash
     * aggregate over every column). Row by row, not column by column: a batch's records are far larger than the
     * caches, and visiting each once (all its columns) instead of once per column is what keeps this cheap.
     */
    boolean fill(VectorSchemaRoot root, List<? extends MarketRecord> records) {
        int n = records.size();
        List<Column> columns = table.columns();
        int width = columns.size();
        FieldVector[] vectors = new FieldVector[width];
        for (int j = 0; j < width; j++) {
            vectors[j] = root.getVector(j);
            vectors[j].setInitialCapacity(n);
            vectors[j].allocateNew();
        }
        String[] lastText = new String[width];
        byte[][] lastBytes = new byte[width][];
        Set<List<Object>> identities = new HashSet<>(Math.max(16, n * 4 / 3 + 1));
        boolean unique = true;
        for (int i = 0; i < n; i++) {
            MarketRecord r = records.get(i);
            Object[] identity = new Object[keyWidth];
            for (int j = 0; j < width; j++) {
                Column c = columns.get(j);
                Object o = c.value(r);
                if (keyPlace[j] >= 0) {
                    identity[keyPlace[j]] = o;
                }
                FieldVector v = vectors[j];
                if (o == null) {
                    if (c.type() == ColumnType.DECIMAL_ARRAY) {
                        throw new IllegalArgumentException("column " + c.name() + " of " + table.name()
                                + " has no value");
                    }
                    v.setNull(i);
                    continue;
                }
                switch (c.type()) {
                    case STRING, NULLABLE_STRING -> {
                        // most string columns repeat (exchange, symbol, side): encode a value once per run of it
                        if (!o.equals(lastText[j])) {
                            lastText[j] = (String) o;
                            lastBytes[j] = lastText[j].getBytes(StandardCharsets.UTF_8);
                        }
                        ((VarCharVector) v).setSafe(i, lastBytes[j]);
                    }
                    case INT64, NULLABLE_INT64 -> ((BigIntVector) v).set(i, (Long) o);
                    case NULLABLE_INT32 -> ((IntVector) v).set(i, (Integer) o);
                    case BOOL -> ((BitVector) v).set(i, (Boolean) o ? 1 : 0);
                    case DECIMAL, NULLABLE_DECIMAL -> putDecimal((DecimalVector) v, i, (BigDecimal) o);
                    case DECIMAL_ARRAY -> putDecimalList((ListVector) v, i, (List<?>) o);
                    case DATETIME -> ((TimeStampMicroVector) v).set(i, Math.multiplyExact((Long) o, 1_000_000L));
                }
            }
            unique &= identities.add(Arrays.asList(identity));
        }
        for (FieldVector v : vectors) {
            v.setValueCount(n); // a list vector also sets its elements' count from its last offset
        }
        root.setRowCount(n);
        return unique;
    }

    private void putDecimalList(ListVector v, int index, List<?> values) {
        DecimalVector elements = (DecimalVector) v.getDataVector();
        int start = v.startNewValue(index);
        for (int k = 0; k < values.size(); k++) {
            putDecimal(elements, start + k, (BigDecimal) values.get(k));
        }
        v.endValue(index, values.size());
    }

    /** The stored 128-bit value, little-endian as Arrow lays decimals out, and the row's validity bit. */
    private void putDecimal(DecimalVector v, int index, BigDecimal value) {
        while (index >= v.getValueCapacity()) {
            v.reAlloc();
        }
        decimal.set(value);
        ArrowBuf data = v.getDataBuffer();
        long at = (long) index * DECIMAL_BYTES;
        data.setLong(at, decimal.low());
        data.setLong(at + 8, decimal.high());
        BitVectorHelper.setBit(v.getValidityBuffer(), index);
    }

    /**
     * A reader of one batch, the rows {@link #fill} puts into its {@link ArrowReader#getVectorSchemaRoot() root}
     * before it is handed to DuckDB (the insert's form depends on what the fill found).
     */
    ArrowReader reader(BufferAllocator allocator) {
        return new ArrowReader(allocator) {
            private boolean given;

            @Override
            public boolean loadNextBatch() {
                boolean first = !given;
                given = true;
                return first;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {
                // nothing beyond the root, which ArrowReader closes
            }

            @Override
            protected Schema readSchema() {
                return schema;
            }
        };
    }
}
