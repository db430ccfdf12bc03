package io.marketprism.venue;

import io.marketprism.model.Exchange;
import io.marketprism.venue.binance.BinanceAdapter;
import io.marketprism.venue.deribit.DeribitAdapter;
import io.marketprism.venue.okx.OkxAdapter;

/** The adapter of each exchange id. */
public final class VenueAdapters {
    private VenueAdapters() {
    }

    public static VenueAdapter create(Exchange exchange, InstrumentRegistry registry) {
        return switch (exchange) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES, BINANCE_DELIVERY -> new BinanceAdapter(exchange, registry);
            case OKX -> new OkxAdapter(registry);
            case DERIBIT -> new DeribitAdapter(registry);
        };
    }
}
