package io.marketprism.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Decimal128Test {
    private final Decimal128 d = new Decimal128();

    /** Every unscaled long at every scale: the fast path (≤ 18 digits) and the slow one agree with Tables.stored. */
    @Property(tries = 3000)
    void equalsTablesStored(@ForAll long unscaled, @ForAll @IntRange(min = -3, max = 24) int scale) {
        BigDecimal v = BigDecimal.valueOf(unscaled, scale);
        if (v.abs().compareTo(new BigDecimal("1e20")) >= 0) {
            assertThatThrownBy(() -> d.set(v)).hasMessageContaining("integer digits");
            return;
        }
        assertThat(d.set(v).toBigDecimal()).isEqualTo(Tables.stored(v));
    }

    @Test
    void halvesLayOutAsTwosComplement() {
        d.set(new BigDecimal("-0.000000000000000001"));
        assertThat(d.high()).isEqualTo(-1L);
        assertThat(d.low()).isEqualTo(-1L);
        d.set(new BigDecimal("65000.12")); // 6.5e22 at scale 18: above 2^64
        BigInteger expected = new BigInteger("65000120000000000000000");
        assertThat(d.low()).isEqualTo(expected.longValue());
        assertThat(d.high()).isEqualTo(expected.shiftRight(64).longValue());
        BigDecimal widest = new BigDecimal("-99999999999999999999.999999999999999999");
        assertThat(d.set(widest).toBigDecimal()).isEqualTo(widest);
        assertThatThrownBy(() -> d.set(new BigDecimal("100000000000000000000"))).hasMessageContaining("20 integer");
    }
}
