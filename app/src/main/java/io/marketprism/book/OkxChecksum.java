package io.marketprism.book;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * OKX order-book CRC32 (§4.7 of the protocol reference): over the best 25 bids and asks, interleaved
 * {@code bid1px:bid1sz:ask1px:ask1sz:...} (a shorter side simply stops contributing), joined by {@code :}, using
 * each value's original text. The book keeps the venue's BigDecimal with its scale, so
 * {@link BigDecimal#toPlainString()} gives that text back ({@code "0.5000"} stays {@code 0.5000}); OKX never sends
 * exponents. CRC-32 IEEE over the ASCII bytes, read as a signed 32-bit int like OKX's {@code checksum}.
 */
public final class OkxChecksum {
    /** Levels per side that enter the checksum. */
    public static final int DEPTH = 25;

    private OkxChecksum() {
    }

    /** The checksum of the book's current top 25 levels per side. */
    public static int of(OrderBook book) {
        return of(book.top(Side.BUY, DEPTH), book.top(Side.SELL, DEPTH));
    }

    /** The checksum of the given levels (best first; only the first 25 of each side are used). */
    public static int of(List<BookLevel> bids, List<BookLevel> asks) {
        CRC32 crc = new CRC32();
        crc.update(checkString(bids, asks).getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    /** The string the CRC is computed over. */
    public static String checkString(List<BookLevel> bids, List<BookLevel> asks) {
        StringBuilder sb = new StringBuilder(1024);
        int n = Math.max(Math.min(bids.size(), DEPTH), Math.min(asks.size(), DEPTH));
        for (int i = 0; i < n; i++) {
            if (i < bids.size()) {
                append(sb, bids.get(i));
            }
            if (i < asks.size()) {
                append(sb, asks.get(i));
            }
        }
        return sb.toString();
    }

    /** True when the venue's value (signed, or its unsigned 32-bit form) equals the computed checksum. */
    public static boolean matches(long venueChecksum, int computed) {
        return (int) venueChecksum == computed;
    }

    private static void append(StringBuilder sb, BookLevel level) {
        if (sb.length() > 0) {
            sb.append(':');
        }
        sb.append(level.price().toPlainString()).append(':').append(level.size().toPlainString());
    }
}
