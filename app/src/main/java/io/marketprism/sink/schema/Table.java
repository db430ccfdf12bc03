package io.marketprism.sink.schema;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordType;
import java.util.List;

/**
 * A record table: one per record type, the same columns in every store. {@code orderBy} is the sorting key; it
 * starts with the stream and ends with the event identity, so ReplacingMergeTree (and DuckDB's de-duplicating
 * insert, which compares on it) keep one row per venue event however often a batch is retried or replayed.
 */
public record Table(String name, RecordType type, List<Column> columns, List<String> orderBy) {
    public Table {
        columns = List.copyOf(columns);
        orderBy = List.copyOf(orderBy);
    }

    public Object[] row(MarketRecord record) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = columns.get(i).value(record);
        }
        return row;
    }
}
