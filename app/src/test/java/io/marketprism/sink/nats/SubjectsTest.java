package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.MarketRecord;
import org.junit.jupiter.api.Test;

class SubjectsTest {

    @Test
    void subjectIsTypeExchangeMarketTypeSymbolWithOptionalPrefix() {
        MarketRecord t = SampleRecords.trade(7);
        assertThat(new Subjects("").of(t)).isEqualTo("trade.binance.spot.BTC-USDT");
        assertThat(new Subjects(null).of(t)).isEqualTo("trade.binance.spot.BTC-USDT");
        assertThat(new Subjects("prod.md").of(t)).isEqualTo("prod.md.trade.binance.spot.BTC-USDT");
    }

    @Test
    void everyTypeUsesItsIdsAndFractionalStrikesStayOneToken() {
        for (MarketRecord r : SampleRecords.everyType()) {
            String s = new Subjects("md").of(r);
            assertThat(s.split("\\.")).hasSize(5);
            assertThat(s).startsWith("md." + r.type().id() + "." + r.exchange().id() + "." + r.marketType().id()
                    + ".");
        }
        MarketRecord deribitOption = SampleRecords.everyType().get(3);
        assertThat(new Subjects("").of(deribitOption)).isEqualTo("quote.deribit.option.XRP-USDC-250328-0_625-C");
    }

    @Test
    void specialCharactersBecomeUnderscores() {
        assertThat(Subjects.token("A.B*C>D E\tF")).isEqualTo("A_B_C_D_E_F");
        assertThat(Subjects.token("BTC-USDT")).isEqualTo("BTC-USDT");
        assertThat(Subjects.token("")).isEqualTo("_");
        assertThat(Subjects.isPlainToken("BTC-USDT")).isTrue();
        assertThat(Subjects.isPlainToken("a.b")).isFalse();
    }

    @Test
    void matchingAndOverlapFollowNatsWildcards() {
        assertThat(Subjects.matches("trade.>", "trade.binance.spot.BTC-USDT")).isTrue();
        assertThat(Subjects.matches("trade.>", "trade")).isFalse();
        assertThat(Subjects.matches("*.binance.*.*", "quote.binance.spot.X")).isTrue();
        assertThat(Subjects.matches("*.binance.*", "quote.binance.spot.X")).isFalse();
        assertThat(Subjects.overlap("trade.>", "trade.binance.>")).isTrue();
        assertThat(Subjects.overlap("trade.>", "quote.>")).isFalse();
        assertThat(Subjects.overlap("*.okx.>", "trade.*.spot.X")).isTrue();
        assertThat(Subjects.overlap("a.b", "a.b.c")).isFalse();
    }
}
