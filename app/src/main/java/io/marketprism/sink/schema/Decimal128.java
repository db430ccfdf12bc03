package io.marketprism.sink.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A decimal as every store keeps it: {@code Decimal(38,18)}, i.e. the value times 10^18 as a signed 128-bit integer
 * ({@link #high()}, {@link #low()}: two's complement, as ClickHouse's RowBinary and DuckDB's HUGEINT lay it out).
 * A reusable scratch value (one per writer thread), so the hot path allocates nothing beyond what
 * {@link BigDecimal#unscaledValue()} does: venue values (at most 18 significant digits and 18 fractional ones) are
 * one 64×64→128-bit multiplication by a power of ten instead of {@code BigDecimal.setScale} and {@code BigInteger}
 * arithmetic. Anything else takes the exact slow path; more than 18 fractional digits are rounded half-even (the one
 * rounding decision of the storage layout, {@link Tables#stored}).
 */
public final class Decimal128 {
    private static final long[] POW10 = new long[Tables.DECIMAL_SCALE + 1];
    private static final BigInteger LIMIT = BigInteger.TEN.pow(Tables.DECIMAL_PRECISION);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private long high;
    private long low;

    /**
     * Sets this to {@code v} at scale 18.
     *
     * @throws IllegalArgumentException when the integer part has more than 20 digits (does not fit Decimal(38,18))
     */
    public Decimal128 set(BigDecimal v) {
        int scale = v.scale();
        if (scale >= 0 && scale <= Tables.DECIMAL_SCALE && v.precision() <= 18) {
            // |unscaled| < 10^18 and the factor ≤ 10^18: the product is below 10^36, always in range
            long unscaled = v.unscaledValue().longValue();
            long factor = POW10[Tables.DECIMAL_SCALE - scale];
            high = Math.multiplyHigh(unscaled, factor);
            low = unscaled * factor;
            return this;
        }
        BigInteger unscaled = v.setScale(Tables.DECIMAL_SCALE, RoundingMode.HALF_EVEN).unscaledValue();
        if (unscaled.abs().compareTo(LIMIT) >= 0) {
            throw new IllegalArgumentException("more than " + (Tables.DECIMAL_PRECISION - Tables.DECIMAL_SCALE)
                    + " integer digits do not fit Decimal(38,18)");
        }
        low = unscaled.longValue();
        high = unscaled.shiftRight(64).longValue();
        return this;
    }

    /** The upper 64 bits (sign included) of the unscaled value. */
    public long high() {
        return high;
    }

    /** The lower 64 bits of the unscaled value. */
    public long low() {
        return low;
    }

    /** The value back as a BigDecimal of scale 18 (for tests and diagnostics). */
    public BigDecimal toBigDecimal() {
        BigInteger unscaled = BigInteger.valueOf(high).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
        return new BigDecimal(unscaled, Tables.DECIMAL_SCALE);
    }
}
