package io.marketprism.emulate;

import io.marketprism.model.BookLevel;
import java.util.List;

/**
 * The generator's book of one instrument at one sequence (ground truth). Bids best (highest) first, asks best
 * (lowest) first; prices and sizes in the venue's native units.
 */
public record TrueBook(String nativeSymbol, long sequence, List<BookLevel> bids, List<BookLevel> asks) {
    public TrueBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
