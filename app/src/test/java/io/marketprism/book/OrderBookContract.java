package io.marketprism.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One suite for every {@link OrderBook} implementation (exchange-core style): each step is followed by a full check
 * of the book's state through the public API and the implementation's own invariants.
 */
abstract class OrderBookContract {
    private OrderBook book;

    abstract OrderBook newBook();

    /** The implementation's internal invariants (sorted, no zero sizes, no stale slots). */
    abstract void checkInternal(OrderBook book);

    @BeforeEach
    void setUp() {
        book = newBook();
        validate();
    }

    private void set(Side side, String price, String size) {
        book.set(side, new BigDecimal(price), new BigDecimal(size));
        validate();
    }

    /** Public-API invariants: strictly sorted best first, positive sizes, depth = number of levels, best = top(1). */
    private void validate() {
        checkInternal(book);
        for (Side side : Side.values()) {
            List<BookLevel> all = book.top(side, Integer.MAX_VALUE);
            assertThat(all).hasSize(book.depth(side));
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).size().signum()).isPositive();
                if (i > 0) {
                    int c = all.get(i - 1).price().compareTo(all.get(i).price());
                    assertThat(side == Side.BUY ? c : -c).as("%s sorted at %d", side, i).isPositive();
                }
            }
            assertThat(book.best(side)).isEqualTo(all.isEmpty() ? null : all.get(0));
        }
        BookLevel bid = book.best(Side.BUY);
        BookLevel ask = book.best(Side.SELL);
        assertThat(book.isCrossed()).isEqualTo(bid != null && ask != null && bid.price().compareTo(ask.price()) >= 0);
    }

    private static List<BookLevel> levels(String... priceSize) {
        BookLevel[] out = new BookLevel[priceSize.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = BookLevel.of(priceSize[2 * i], priceSize[2 * i + 1]);
        }
        return List.of(out);
    }

    @Test
    void emptyBook() {
        assertThat(book.depth(Side.BUY)).isZero();
        assertThat(book.depth(Side.SELL)).isZero();
        assertThat(book.best(Side.BUY)).isNull();
        assertThat(book.best(Side.SELL)).isNull();
        assertThat(book.top(Side.BUY, 5)).isEmpty();
        assertThat(book.isCrossed()).isFalse();
    }

    @Test
    void bidsDescendingAsksAscending() {
        set(Side.BUY, "100.5", "1");
        set(Side.BUY, "101", "2");
        set(Side.BUY, "99", "3");
        set(Side.BUY, "100", "4");
        set(Side.SELL, "103", "5");
        set(Side.SELL, "102", "6");
        set(Side.SELL, "104.25", "7");
        assertThat(book.top(Side.BUY, 10)).containsExactlyElementsOf(levels("101", "2", "100.5", "1", "100", "4", "99", "3"));
        assertThat(book.top(Side.SELL, 2)).containsExactlyElementsOf(levels("102", "6", "103", "5"));
        assertThat(book.best(Side.BUY)).isEqualTo(BookLevel.of("101", "2"));
        assertThat(book.best(Side.SELL)).isEqualTo(BookLevel.of("102", "6"));
        assertThat(book.depth(Side.BUY)).isEqualTo(4);
        assertThat(book.depth(Side.SELL)).isEqualTo(3);
        assertThat(book.top(Side.SELL, 0)).isEmpty();
    }

    @Test
    void replaceKeepsTheLatestVenueText() {
        set(Side.BUY, "0.35170000", "4265.00000000");
        set(Side.BUY, "0.3517", "12.50");
        assertThat(book.depth(Side.BUY)).isEqualTo(1);
        BookLevel level = book.best(Side.BUY);
        assertThat(level.price().toPlainString()).isEqualTo("0.3517");
        assertThat(level.size().toPlainString()).isEqualTo("12.50");
    }

    @Test
    void scaleIsPreserved() {
        set(Side.SELL, "8476.98", "415");
        set(Side.SELL, "0.5000", "1.10");
        assertThat(book.top(Side.SELL, 2)).extracting(l -> l.price().toPlainString() + ":" + l.size().toPlainString())
                .containsExactly("0.5000:1.10", "8476.98:415");
    }

    @Test
    void zeroOfAnyScaleRemoves() {
        set(Side.BUY, "10", "1");
        set(Side.BUY, "11", "1");
        set(Side.BUY, "12", "1");
        set(Side.BUY, "11.000", "0.00000000");
        assertThat(book.top(Side.BUY, 5)).containsExactlyElementsOf(levels("12", "1", "10", "1"));
        set(Side.BUY, "12", "0E-8");
        assertThat(book.top(Side.BUY, 5)).containsExactlyElementsOf(levels("10", "1"));
        set(Side.BUY, "10", "0");
        assertThat(book.depth(Side.BUY)).isZero();
    }

    @Test
    void removingAnAbsentLevelIsFine() {
        set(Side.SELL, "5", "0");
        set(Side.SELL, "6", "1");
        set(Side.SELL, "5", "0");
        set(Side.SELL, "7", "0");
        set(Side.SELL, "5.5", "0");
        assertThat(book.top(Side.SELL, 5)).containsExactlyElementsOf(levels("6", "1"));
    }

    @Test
    void sidesAreIndependent() {
        set(Side.BUY, "10", "1");
        set(Side.SELL, "10", "2");
        assertThat(book.best(Side.BUY)).isEqualTo(BookLevel.of("10", "1"));
        assertThat(book.best(Side.SELL)).isEqualTo(BookLevel.of("10", "2"));
        set(Side.SELL, "10", "0");
        assertThat(book.depth(Side.BUY)).isEqualTo(1);
        assertThat(book.depth(Side.SELL)).isZero();
    }

    @Test
    void crossedWhenBestBidReachesBestAsk() {
        set(Side.BUY, "99", "1");
        assertThat(book.isCrossed()).isFalse();
        set(Side.SELL, "100", "1");
        assertThat(book.isCrossed()).isFalse();
        set(Side.BUY, "100", "1");
        assertThat(book.isCrossed()).isTrue();
        set(Side.BUY, "100", "0");
        set(Side.BUY, "100.5", "1");
        assertThat(book.isCrossed()).isTrue();
        set(Side.SELL, "100", "0");
        assertThat(book.isCrossed()).isFalse();
    }

    @Test
    void clearEmptiesBothSides() {
        set(Side.BUY, "1", "1");
        set(Side.SELL, "2", "1");
        book.clear();
        validate();
        assertThat(book.depth(Side.BUY) + book.depth(Side.SELL)).isZero();
        set(Side.BUY, "3", "4");
        assertThat(book.best(Side.BUY)).isEqualTo(BookLevel.of("3", "4"));
    }

    @Test
    void deepBookGrowsAndShrinks() {
        // worst-first, best-first and middle inserts; growth well past the initial capacity and the shrink-on-clear threshold
        for (int i = 0; i < 5000; i++) {
            int p = (i * 7919) % 5000;
            book.set(Side.BUY, BigDecimal.valueOf(p, 2), BigDecimal.ONE);
            book.set(Side.SELL, BigDecimal.valueOf(10_000 + p, 2), BigDecimal.valueOf(i + 1));
        }
        validate();
        assertThat(book.depth(Side.BUY)).isEqualTo(5000);
        assertThat(book.best(Side.BUY).price()).isEqualByComparingTo("49.99");
        assertThat(book.best(Side.SELL).price()).isEqualByComparingTo("100.00");
        for (int p = 0; p < 5000; p += 2) {
            book.set(Side.BUY, BigDecimal.valueOf(p, 2), BigDecimal.ZERO);
        }
        validate();
        assertThat(book.depth(Side.BUY)).isEqualTo(2500);
        assertThat(book.top(Side.BUY, 2)).extracting(BookLevel::price)
                .containsExactly(BigDecimal.valueOf(4999, 2), BigDecimal.valueOf(4997, 2));
        book.clear();
        validate();
        set(Side.SELL, "1", "1");
        assertThat(book.depth(Side.SELL)).isEqualTo(1);
    }

    @Test
    void rejectsNegativeSizesAndNulls() {
        set(Side.BUY, "10", "1");
        assertThatThrownBy(() -> book.set(Side.BUY, new BigDecimal("10"), new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative size");
        assertThatThrownBy(() -> book.set(Side.BUY, null, BigDecimal.ONE)).isInstanceOf(NullPointerException.class);
        validate();
        assertThat(book.best(Side.BUY)).isEqualTo(BookLevel.of("10", "1"));
    }
}
