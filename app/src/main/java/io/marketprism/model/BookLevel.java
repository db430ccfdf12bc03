package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;

/** One price level: {@code ["price","size"]} in JSON. A size of zero in a delta deletes the level. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record BookLevel(BigDecimal price, BigDecimal size) {
    public BookLevel {
        if (price == null || size == null) {
            throw new IllegalArgumentException("book level needs price and size");
        }
    }

    public static BookLevel of(String price, String size) {
        return new BookLevel(Decimals.parse(price), Decimals.parse(size));
    }
}
