package io.marketprism.sink.nats;

import io.marketprism.model.MarketRecord;

/**
 * Subjects compatible with the original MarketPrism: {@code [prefix.]{type}.{exchange}.{market_type}.{symbol}}, e.g.
 * {@code trade.binance.spot.BTC-USDT}. Each part becomes exactly one subject token: characters NATS treats as token
 * separators or wildcards ('.', '*', '>') and whitespace/control characters are replaced by '_'. Example: a Deribit
 * option with a fractional strike, {@code XRP-USDC-250328-0.625-C}, is published on
 * {@code trade.deribit.option.XRP-USDC-250328-0_625-C}; the record inside keeps the exact symbol.
 */
public final class Subjects {
    private final String prefix;

    /** @param prefix subject prefix without trailing dot, or empty for none */
    public Subjects(String prefix) {
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + ".";
    }

    public String of(MarketRecord r) {
        return prefix + r.type().id() + '.' + r.exchange().id() + '.' + r.marketType().id() + '.'
                + token(r.symbol());
    }

    /** One subject token from free text: '.', '*', '>' and whitespace/control characters become '_'. */
    public static String token(String text) {
        if (text == null || text.isEmpty()) {
            return "_";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isPlain(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text);
                }
                sb.setCharAt(i, '_');
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Whether the text can stand as one subject token unchanged. */
    public static boolean isPlainToken(String text) {
        return !text.isEmpty() && token(text).equals(text);
    }

    private static boolean isPlain(char c) {
        return c != '.' && c != '*' && c != '>' && !Character.isWhitespace(c) && !Character.isISOControl(c)
                && !Character.isSpaceChar(c);
    }

    /** NATS subject matching: {@code *} matches one token, a trailing {@code >} one or more. */
    public static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return i == p.length - 1 && s.length > i;
            }
            if (i >= s.length || !(p[i].equals("*") || p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }

    /** Whether some subject could match both patterns (used to find overlapping streams). */
    public static boolean overlap(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (x[i].equals(">") || y[i].equals(">")) {
                return true;
            }
            if (!x[i].equals("*") && !y[i].equals("*") && !x[i].equals(y[i])) {
                return false;
            }
        }
        return x.length == y.length;
    }
}
