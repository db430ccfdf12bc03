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

    /**
     * Parses decimal text from a character buffer exactly as {@code new BigDecimal(chars, offset, length)} would
     * (same value, same scale), without its general-purpose machinery for the common case: plain notation with at
     * most 18 digits becomes {@code BigDecimal.valueOf(unscaled, scale)}. Anything else (exponents, signs other than a
     * leading minus, more digits) takes the general path. This is the hot path of trade and book parsing.
     */
    public static BigDecimal parse(char[] chars, int offset, int length) {
        int end = offset + length;
        int i = offset;
        boolean negative = false;
        if (i < end && chars[i] == '-') {
            negative = true;
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return new BigDecimal(chars, offset, length);
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return new BigDecimal(chars, offset, length); // exponent, '+', garbage: the general path decides
            }
        }
        if (digits == 0) {
            return new BigDecimal(chars, offset, length); // throws NumberFormatException
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }

    /** Like {@link #parse(String)} but maps {@code null} and the empty string (venues' "no value") to {@code null}. */
    public static BigDecimal parseOrNull(String text) {
        return text == null || text.isEmpty() ? null : new BigDecimal(text);
    }

    /** The canonical text: plain notation, no trailing zeros, "0" for any zero. */
    public static String canonical(BigDecimal value) {
        char[] buf = new char[CANONICAL_BUFFER];
        int n = canonicalInto(value, buf);
        return n >= 0 ? new String(buf, 0, n) : canonicalSlow(value);
    }

    /** Length of the buffer {@link #canonicalInto} needs. */
    public static final int CANONICAL_BUFFER = 40;

    /**
     * Writes {@link #canonical}'s text into {@code buf} (at least {@value #CANONICAL_BUFFER} chars) and returns its
     * length, for values of at most 18 digits and a scale of 0..18 (every venue value); -1 for anything else, which
     * then needs {@link #canonical}. This is the bus serializer's hot path: no {@code stripTrailingZeros}, no
     * {@code toPlainString}.
     */
    public static int canonicalInto(BigDecimal value, char[] buf) {
        int scale = value.scale();
        if (scale < 0 || scale > 18 || value.precision() > 18) {
            return -1;
        }
        long u = value.unscaledValue().longValue();
        if (u == 0) {
            buf[0] = '0';
            return 1;
        }
        while (scale > 0 && u % 10 == 0) {
            u /= 10;
            scale--;
        }
        boolean negative = u < 0;
        if (negative) {
            u = -u; // |u| < 10^18: no overflow
        }
        int p = CANONICAL_BUFFER;
        for (int i = 0; i < scale; i++) {
            buf[--p] = (char) ('0' + u % 10);
            u /= 10;
        }
        if (scale > 0) {
            buf[--p] = '.';
        }
        do {
            buf[--p] = (char) ('0' + u % 10);
            u /= 10;
        } while (u > 0);
        if (negative) {
            buf[--p] = '-';
        }
        int n = CANONICAL_BUFFER - p;
        System.arraycopy(buf, p, buf, 0, n);
        return n;
    }

    private static String canonicalSlow(BigDecimal value) {
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
