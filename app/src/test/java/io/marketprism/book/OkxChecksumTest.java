package io.marketprism.book;

import static io.marketprism.book.BookFixtures.levels;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Test vectors of §4.7 of the protocol reference. */
class OkxChecksumTest {

    @Test
    void vector1() {
        List<BookLevel> bids = levels("3366.1:7", "3366:6");
        List<BookLevel> asks = levels("3366.8:9", "3368:8");
        assertThat(OkxChecksum.checkString(bids, asks)).isEqualTo("3366.1:7:3366.8:9:3366:6:3368:8");
        assertThat(OkxChecksum.of(bids, asks)).isEqualTo(-1881014294);
    }

    @Test
    void vector2ShorterBidSide() {
        List<BookLevel> bids = levels("3366.1:7");
        List<BookLevel> asks = levels("3366.8:9", "3368:8", "3372:8");
        assertThat(OkxChecksum.checkString(bids, asks)).isEqualTo("3366.1:7:3366.8:9:3368:8:3372:8");
        assertThat(OkxChecksum.of(bids, asks)).isEqualTo(831078360);
    }

    @Test
    void vector3FromABook() {
        OrderBook book = new FastOrderBook();
        for (BookLevel l : levels("43231:6", "43231.1:4")) {
            book.set(Side.BUY, l.price(), l.size());
        }
        for (BookLevel l : levels("43232.9:8", "43232.8:9")) {
            book.set(Side.SELL, l.price(), l.size());
        }
        assertThat(OkxChecksum.of(book)).isEqualTo(-1504501796);
        assertThat(OkxChecksum.matches(-1504501796L, OkxChecksum.of(book))).isTrue();
        assertThat(OkxChecksum.matches(2790465500L, OkxChecksum.of(book))).isTrue(); // unsigned form
        assertThat(OkxChecksum.matches(2790465501L, OkxChecksum.of(book))).isFalse();
    }

    @Test
    void originalTextIsUsedAndOnlyTheTop25() {
        List<BookLevel> bids = new ArrayList<>();
        List<BookLevel> asks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bids.add(new BookLevel(new BigDecimal("0.5000").subtract(BigDecimal.valueOf(i, 4)), new BigDecimal("1.0")));
        }
        asks.add(BookLevel.of("0.6000", "2"));
        String s = OkxChecksum.checkString(bids, asks);
        assertThat(s).startsWith("0.5000:1.0:0.6000:2:0.4999:1.0:");
        assertThat(s.split(":")).hasSize(2 * 26);
        assertThat(s).endsWith("0.4976:1.0");
        assertThat(OkxChecksum.checkString(List.of(), List.of())).isEmpty();
    }
}
