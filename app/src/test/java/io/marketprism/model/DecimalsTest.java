package io.marketprism.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalsTest {

    @ParameterizedTest
    @CsvSource({
        "0.35210000, 0.3521",
        "672.00000000, 672",
        "0.00000000, 0",
        "0, 0",
        "-0.0, 0",
        "100, 100",
        "1E+3, 1000",
        "2.081e-05, 0.00002081",
        "50000.0, 50000",
        "0.583, 0.583",
        "-12.50, -12.5",
    })
    void canonicalTextHasNoExponentNoTrailingZeros(String venue, String canonical) {
        assertThat(Decimals.canonical(venue)).isEqualTo(canonical);
    }

    @Test
    void parseKeepsTheVenueScaleForChecksums() {
        assertThat(Decimals.parse("8476.980").toPlainString()).isEqualTo("8476.980");
    }

    @Test
    void rejectsNonNumbers() {
        assertThatThrownBy(() -> Decimals.parse("")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse("abc")).isInstanceOf(NumberFormatException.class);
        assertThat(Decimals.parseOrNull("")).isNull();
        assertThat(Decimals.parseOrNull(null)).isNull();
    }

    @Test
    void sameComparesNumerically() {
        assertThat(Decimals.same(new BigDecimal("1.0"), new BigDecimal("1"))).isTrue();
        assertThat(Decimals.same(null, null)).isTrue();
        assertThat(Decimals.same(null, BigDecimal.ONE)).isFalse();
    }

    @Test
    void quantitiesConvertContractsExplicitly() {
        // OKX linear swap: 3 contracts of 0.01 BTC
        assertThat(Quantities.toBase(new BigDecimal("3"), SizeUnit.CONTRACT, new BigDecimal("0.01"), SizeUnit.BASE,
                new BigDecimal("30000"))).isEqualByComparingTo("0.03");
        // Binance COIN-M: 5 contracts of 100 USD at 25000 USD
        assertThat(Quantities.toBase(new BigDecimal("5"), SizeUnit.CONTRACT, new BigDecimal("100"), SizeUnit.QUOTE,
                new BigDecimal("25000"))).isEqualByComparingTo("0.02");
        // Deribit inverse: 10 USD at 3 USD is a non-terminating quotient, rounded to 34 digits
        BigDecimal q = Quantities.toBase(BigDecimal.TEN, SizeUnit.QUOTE, null, null, new BigDecimal("3"));
        assertThat(q.precision()).isEqualTo(34);
        assertThat(Quantities.toBase(BigDecimal.ONE, SizeUnit.CONTRACT, null, null, BigDecimal.ONE)).isNull();
        assertThat(Quantities.divide(BigDecimal.ONE, BigDecimal.ZERO)).isNull();
    }
}
