package io.marketprism.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/** The fast decimal parser gives exactly what {@code new BigDecimal(text)} gives: value and scale. */
class DecimalsFastParseTest {

    private static BigDecimal fast(String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        return Decimals.parse(padded, 2, text.length());
    }

    @Provide
    Arbitrary<String> venueDecimals() {
        Arbitrary<String> intPart = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(22);
        Arbitrary<String> fracPart = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(22);
        Arbitrary<String> sign = Arbitraries.of("", "", "-");
        Arbitrary<Boolean> dot = Arbitraries.of(true, false);
        return Combinators.combine(sign, intPart, dot, fracPart).as((s, i, d, f) -> s + i + (d ? "." + f : ""))
                .filter(t -> t.replace("-", "").replace(".", "").length() > 0);
    }

    /** The bus serializer's canonical text equals the general definition: stripped, plain, "0" for zero. */
    @Property(tries = 3000)
    void fastCanonicalTextEqualsTheGeneralOne(@ForAll("venueDecimals") String text) {
        BigDecimal v = new BigDecimal(text);
        BigDecimal stripped = v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
        String expected = stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
        assertThat(Decimals.canonical(v)).isEqualTo(expected);
        char[] buf = new char[Decimals.CANONICAL_BUFFER];
        int n = Decimals.canonicalInto(v, buf);
        if (n >= 0) {
            assertThat(new String(buf, 0, n)).isEqualTo(expected);
        } else {
            assertThat(v.precision() > 18 || v.scale() > 18 || v.scale() < 0).isTrue();
        }
    }

    @Property(tries = 3000)
    void sameValueAndScaleAsBigDecimal(@ForAll("venueDecimals") String text) {
        BigDecimal expected = new BigDecimal(text);
        BigDecimal actual = fast(text);
        assertThat(actual).isEqualTo(expected); // equals compares scale too
        assertThat(actual.toPlainString()).isEqualTo(expected.toPlainString());
    }

    @Example
    void venueShapesAndOddOnes() {
        for (String t : new String[] {"0.35210000", "672.00000000", "0", "-0.0", "7.6120", "30000.1", ".5", "1.",
                "2.081e-05", "+3", "123456789012345678", "1234567890123456789.5", "0.000000000000000000001"}) {
            assertThat(fast(t)).as(t).isEqualTo(new BigDecimal(t));
        }
        assertThatThrownBy(() -> fast(".")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> fast("-")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> fast("1.2.3")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> fast("abc")).isInstanceOf(NumberFormatException.class);
    }
}
