package io.marketprism.model;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Conversion of venue quantities to base-asset size, in one place for every venue.
 *
 * <ul>
 *   <li>BASE: size = raw.</li>
 *   <li>CONTRACT with contract size in BASE (linear): size = raw × contract size (exact).</li>
 *   <li>CONTRACT with contract size in QUOTE (inverse): size = raw × contract size / price.</li>
 *   <li>QUOTE (Deribit inverse amounts in USD): size = raw / price.</li>
 * </ul>
 * Divisions are exact when the quotient terminates; otherwise they are rounded to 34 significant digits
 * (IEEE 754 decimal128), which is still far beyond the 18 fractional digits of the storage type. The raw quantity is
 * always kept beside the converted one.
 */
public final class Quantities {
    /** Precision of non-terminating quotients. */
    public static final MathContext DIVISION = MathContext.DECIMAL128;

    private Quantities() {
    }

    public static BigDecimal toBase(BigDecimal raw, SizeUnit rawUnit, BigDecimal contractSize,
                                    SizeUnit contractSizeUnit, BigDecimal price) {
        if (raw == null || rawUnit == null) {
            return null;
        }
        switch (rawUnit) {
            case BASE:
                return raw;
            case QUOTE:
                return divide(raw, price);
            case CONTRACT:
                if (contractSize == null || contractSizeUnit == null) {
                    return null;
                }
                BigDecimal value = raw.multiply(contractSize);
                return contractSizeUnit == SizeUnit.QUOTE ? divide(value, price) : value;
            default:
                throw new IllegalStateException("unit " + rawUnit);
        }
    }

    /** Exact when it terminates, else rounded to {@link #DIVISION}; null when the divisor is missing or zero. */
    public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        if (dividend == null || divisor == null || divisor.signum() == 0) {
            return null;
        }
        try {
            return dividend.divide(divisor);
        } catch (ArithmeticException nonTerminating) {
            return dividend.divide(divisor, DIVISION);
        }
    }
}
