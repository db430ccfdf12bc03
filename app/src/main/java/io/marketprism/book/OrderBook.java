package io.marketprism.book;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.util.List;

/**
 * A local L2 book. Prices/sizes are BigDecimal exactly as the venue sent them (scale preserved): a level keeps the
 * text of its latest update, which the OKX checksum (§4.7 of the protocol reference) needs. Two prices that are
 * numerically equal ({@code 100.0} and {@code 100.00}) are the same level. {@link Side#BUY} is the bid side,
 * {@link Side#SELL} the ask side. Implementations are single-threaded.
 */
public interface OrderBook {
    /** Sets a level to an absolute size; size 0 (any scale) removes the level; removing an absent level is fine. */
    void set(Side side, BigDecimal price, BigDecimal size);

    void clear();

    int depth(Side side);

    /** The best level of the side, null when the side is empty. */
    BookLevel best(Side side);

    /** Up to {@code n} levels, best first (bids descending, asks ascending). */
    List<BookLevel> top(Side side, int n);

    /** Both sides non-empty and best bid >= best ask. */
    boolean isCrossed();
}
