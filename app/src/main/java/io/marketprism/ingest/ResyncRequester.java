package io.marketprism.ingest;

import io.marketprism.model.Exchange;

/** Asked for a fresh snapshot when a book lost sync. Live sessions fetch one; replay has nothing to ask. */
@FunctionalInterface
public interface ResyncRequester {
    ResyncRequester NONE = (exchange, nativeSymbol, reason) -> { };

    void requestResync(Exchange exchange, String nativeSymbol, String reason);
}
