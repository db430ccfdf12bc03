package io.marketprism.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written trade and book-delta codecs write and read exactly what Jackson's record mapping does. */
class HotRecordCodecsTest {
    private static final ObjectMapper DATABIND = RecordJson.databindBuilder().build();

    private static String databind(MarketRecord r) throws Exception {
        return DATABIND.writeValueAsString(r);
    }

    private static MarketRecord databindRead(String json, Class<? extends MarketRecord> type) throws Exception {
        return DATABIND.readValue(json, type);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(-2, 24))
                .as(BigDecimal::valueOf);
    }

    @Provide
    Arbitrary<Trade> trades() {
        Arbitrary<BigDecimal> d = decimals();
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12).injectNull(0.1);
        Arbitrary<Long> seq = Arbitraries.longs().injectNull(0.3);
        return Combinators.combine(Arbitraries.of(Exchange.class), Arbitraries.of(MarketType.class), text, text,
                Arbitraries.of(Side.class), d, d.injectNull(0.2), Arbitraries.of(SizeUnit.class)).as(
                (ex, mt, sym, nat, side, price, size, unit) -> new Object[] {ex, mt, sym, nat, side, price, size, unit})
                .flatMap(a -> Combinators.combine(text, d, seq, Arbitraries.of(true, false), Arbitraries.longs(),
                        Arbitraries.longs()).as((id, raw, sq, liq, ets, rts) -> new Trade((Exchange) a[0],
                        (MarketType) a[1], (String) a[2], (String) a[3], id, (Side) a[4], (BigDecimal) a[5],
                        (BigDecimal) a[6], raw, (SizeUnit) a[7], sq, liq, ets, rts)));
    }

    @Provide
    Arbitrary<BookDelta> deltas() {
        Arbitrary<BookLevel> level = Combinators.combine(decimals(), decimals()).as(BookLevel::new);
        Arbitrary<List<BookLevel>> side = level.list().ofMaxSize(12);
        Arbitrary<Long> seq = Arbitraries.longs().injectNull(0.3);
        return Combinators.combine(Arbitraries.of(Exchange.class), Arbitraries.of(MarketType.class),
                Arbitraries.strings().ofMaxLength(12), side, side, Arbitraries.of(SizeUnit.class), seq, seq).as(
                (ex, mt, sym, bids, asks, unit, first, last) -> new Object[] {ex, mt, sym, bids, asks, unit, first,
                        last})
                .flatMap(a -> Combinators.combine(seq, seq, Arbitraries.longs(), Arbitraries.longs()).as(
                        (prev, sum, ets, rts) -> new BookDelta((Exchange) a[0], (MarketType) a[1], (String) a[2],
                                (String) a[2], cast(a[3]), cast(a[4]), (SizeUnit) a[5], (Long) a[6], (Long) a[7], prev,
                                sum, ets, rts)));
    }

    @SuppressWarnings("unchecked")
    private static List<BookLevel> cast(Object o) {
        return (List<BookLevel>) o;
    }

    @Property(tries = 1500)
    void tradesWriteAndReadAsDatabindDoes(@ForAll("trades") Trade t) throws Exception {
        String json = RecordJson.write(t);
        assertThat(json).isEqualTo(databind(t));
        assertThat(RecordJson.read(json)).isEqualTo(databindRead(json, Trade.class));
    }

    @Property(tries = 1500)
    void bookDeltasWriteAndReadAsDatabindDoes(@ForAll("deltas") BookDelta d) throws Exception {
        String json = RecordJson.write(d);
        assertThat(json).isEqualTo(databind(d));
        assertThat(RecordJson.read(json)).isEqualTo(databindRead(json, BookDelta.class));
    }

    @Test
    void fieldsInAnyOrderUnknownFieldsAndJsonNumbersAreAccepted() throws Exception {
        String trade = "{\"receive_ts\":5,\"price\":65000.10,\"type\":\"trade\",\"extra\":{\"a\":[1,2]},"
                + "\"exchange\":\"okx\",\"market_type\":\"perpetual\",\"symbol\":\"BTC-USDT-PERP\","
                + "\"native_symbol\":\"BTC-USDT-SWAP\",\"trade_id\":\"7\",\"side\":\"sell\",\"size\":\"0.010\","
                + "\"raw_size\":\"1\",\"raw_size_unit\":\"contract\",\"sequence\":null,\"liquidation\":true,"
                + "\"exchange_ts\":4}";
        MarketRecord t = RecordJson.read(trade);
        // same values (a JSON number's trailing zero may or may not survive as scale: the canonical text is equal)
        assertThat(RecordJson.write(t)).isEqualTo(RecordJson.write(databindRead(trade, Trade.class)));
        assertThat(((Trade) t).price()).isEqualByComparingTo("65000.10");
        assertThat(((Trade) t).size()).isEqualTo(new BigDecimal("0.010"));
        String delta = "{\"type\":\"book_delta\",\"asks\":[],\"bids\":[[\"1.5\",\"0\"],[1.25,2]],\"ignored\":1,"
                + "\"exchange\":\"binance\",\"market_type\":\"spot\",\"symbol\":\"BTC-USDT\",\"native_symbol\":\"BTCUSDT\","
                + "\"size_unit\":\"base\",\"sequence\":9,\"exchange_ts\":1,\"receive_ts\":2}";
        MarketRecord d = RecordJson.read(delta);
        assertThat(RecordJson.write(d)).isEqualTo(RecordJson.write(databindRead(delta, BookDelta.class)));
        assertThat(((BookDelta) d).bids()).hasSize(2);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> RecordJson.read("{\"type\":\"trade\",\"exchange\":\"kraken\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kraken");
        assertThatThrownBy(() -> RecordJson.read("{\"type\":\"trade\",\"price\":\"1.2.3\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2.3");
        assertThatThrownBy(() -> RecordJson.read("{\"type\":\"book_delta\",\"bids\":[[\"1\",\"2\",\"3\"]]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThatThrownBy(() -> RecordJson.read("{\"type\":\"book_delta\",\"bids\":null,\"asks\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bids");
    }
}
