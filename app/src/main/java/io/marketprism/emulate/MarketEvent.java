package io.marketprism.emulate;

import io.marketprism.model.Side;
import java.util.List;

/** What the synthetic market did in one step, in the generator's exact units (ticks and lots). */
public sealed interface MarketEvent {
    EmuInstrument instrument();

    long timestampMs();

    /** How a level changed; Deribit names it in book changes. */
    enum Action { NEW, CHANGE, DELETE }

    /** One level after the change: absolute lots, 0 = deleted. */
    record Level(long priceTicks, long lots, Action action) {
    }

    /**
     * One book update with the venue's sequence numbers: {@code first}..{@code last} (Binance U..u; elsewhere
     * first = last) and {@code prev} (the previous update's last: Binance pu, OKX prevSeqId, Deribit
     * prev_change_id).
     */
    record BookUpdate(EmuInstrument instrument, long timestampMs, long first, long last, long prev,
                      List<Level> bids, List<Level> asks) implements MarketEvent {
        public BookUpdate {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** A trade against the book: {@code taker} side, contiguous {@code tradeId} per instrument. */
    record TradePrint(EmuInstrument instrument, long timestampMs, long tradeId, long priceTicks, long lots,
                      Side taker, boolean liquidation) implements MarketEvent {
    }

    /**
     * A liquidation order that traded (the same fill as its {@link TradePrint}); {@code side} is the liquidation
     * order's side, which is the taker side of that trade.
     */
    record Liquidation(EmuInstrument instrument, long timestampMs, long tradeId, Side side, long priceTicks,
                       long lots) implements MarketEvent {
    }
}
