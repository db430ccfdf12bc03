package io.marketprism.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A normalized market-data record. Every record names its venue stream (exchange, market type, unified and native
 * symbol) and carries two clocks: {@code exchange_ts}, the venue's event time in microseconds since the epoch, and
 * {@code receive_ts}, the local wall-clock receive time in nanoseconds since the epoch.
 */
public sealed interface MarketRecord
        permits Trade, BookSnapshot, BookDelta, Quote, Ticker, Funding, OpenInterest, Liquidation, LongShortRatio,
        VolatilityIndex {

    /** The record's data type as used in JSON ({@code type}), subjects and table names. */
    @JsonProperty(value = "type", index = 0)
    RecordType type();

    Exchange exchange();

    MarketType marketType();

    /** Unified symbol, e.g. {@code BTC-USDT}, {@code BTC-USDT-PERP}, {@code BTC-USD-241227-50000-C}. */
    String symbol();

    /** The venue's own symbol, e.g. {@code BTCUSDT}, {@code BTC-USDT-SWAP}, {@code BTC-PERPETUAL}. */
    String nativeSymbol();

    /** Venue event time, µs since the epoch (0 when the venue sends none, e.g. Binance Spot bookTicker). */
    long exchangeTs();

    /** Local receive time, ns since the epoch. */
    long receiveTs();
}
