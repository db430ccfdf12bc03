package io.marketprism.sink.schema;

import io.marketprism.model.MarketRecord;
import java.util.function.Function;

/** One column of a record table: its name, logical type and how to read its value from a record. */
public record Column(String name, ColumnType type, Function<MarketRecord, Object> extractor) {
    public Object value(MarketRecord record) {
        return extractor.apply(record);
    }
}
