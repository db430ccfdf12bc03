package io.marketprism.venue.binance;

import io.marketprism.model.Exchange;
import io.marketprism.model.SizeUnit;

/** The three Binance protocol families; one adapter mechanism serves all of them, these are the differences. */
enum BinanceFamily {
    /** Binance Spot and Binance.US: sizes in base asset, no {@code pu}, no transaction time on depth. */
    SPOT(SizeUnit.BASE),
    /** USDⓈ-M futures: one contract is one unit of the base asset, so sizes are base. */
    USDM(SizeUnit.BASE),
    /** COIN-M futures: sizes are contracts worth a fixed USD amount each. */
    COINM(SizeUnit.CONTRACT);

    /** The unit of every quantity the venue sends (trades, books, quotes, open interest). */
    final SizeUnit sizeUnit;

    BinanceFamily(SizeUnit sizeUnit) {
        this.sizeUnit = sizeUnit;
    }

    static BinanceFamily of(Exchange exchange) {
        return switch (exchange) {
            case BINANCE, BINANCE_US -> SPOT;
            case BINANCE_FUTURES -> USDM;
            case BINANCE_DELIVERY -> COINM;
            default -> throw new IllegalArgumentException(
                    "not a Binance exchange: " + exchange + " (expected binance, binance-us, binance-futures or "
                            + "binance-delivery)");
        };
    }
}
