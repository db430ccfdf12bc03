package io.marketprism.model;

import java.math.BigDecimal;

/**
 * Exact decimal handling. Venue values are parsed from their text into {@link BigDecimal} without ever passing
 * through {@code double}; a BigDecimal keeps the venue's scale ("0.35210000" stays scale 8) so that checksums over
 * the original text remain possible. {@link #canonical(BigDecimal)} gives the one text form used in records on the
 * wire and in storage: no exponent, no trailing zeros, {@code 0} for zero.
 */
public final class Decimals {
    private Decimals() {
    }

    /** Parses a venue's decimal text exactly. Throws {@link NumberFormatException} on anything that is not a number. */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new NumberFormatException("empty decimal");
        }
        return new BigDecimal(text);
    }

    /** Like {@link #parse(String)} but maps {@code null} and the empty string (venues' "no value") to {@code null}. */
    public static BigDecimal parseOrNull(String text) {
        return text == null || text.isEmpty() ? null : new BigDecimal(text);
    }

    /** The canonical text: plain notation, no trailing zeros, "0" for any zero. */
    public static String canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        return stripped.toPlainString();
    }

    /** The canonical text of a venue's decimal text (what a record's value must equal). */
    public static String canonical(String venueText) {
        return canonical(parse(venueText));
    }

    /** True when both values are numerically equal, whatever their scale. */
    public static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
