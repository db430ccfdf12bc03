package io.marketprism.emulate;

import io.marketprism.model.Exchange;
import java.util.Random;

/** How a venue numbers its book updates (protocol reference §2.6, §3.5, §4.6, §5.7). */
enum SequenceScheme {
    /** Binance Spot: each update covers the ids U..u, one per level change; the next U is u + 1. */
    BINANCE_SPOT,
    /** Binance futures: U..u with holes between updates; continuity only through pu = previous u. */
    BINANCE_FUTURES,
    /** OKX seqId / prevSeqId: increasing, not contiguous. */
    OKX,
    /** Deribit change_id / prev_change_id: increasing, not contiguous. */
    DERIBIT;

    static SequenceScheme of(Exchange exchange) {
        return switch (exchange) {
            case BINANCE, BINANCE_US -> BINANCE_SPOT;
            case BINANCE_FUTURES, BINANCE_DELIVERY -> BINANCE_FUTURES;
            case OKX -> OKX;
            case DERIBIT -> DERIBIT;
        };
    }

    /** {first, last} of the update following {@code prev} with {@code changes} level changes. */
    long[] next(long prev, int changes, Random rnd) {
        return switch (this) {
            case BINANCE_SPOT -> new long[] {prev + 1, prev + Math.max(1, changes)};
            case BINANCE_FUTURES -> {
                long first = prev + 1 + rnd.nextInt(4);
                yield new long[] {first, first + rnd.nextInt(Math.max(1, changes) + 1)};
            }
            case OKX, DERIBIT -> {
                long last = prev + 1 + rnd.nextInt(3);
                yield new long[] {last, last};
            }
        };
    }
}
