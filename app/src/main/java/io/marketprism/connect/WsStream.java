package io.marketprism.connect;

import java.util.Objects;

/**
 * One subscription unit on a venue WebSocket.
 *
 * @param name   the venue's own name of it: a Binance stream ({@code btcusdt@depth@100ms}), an OKX arg in the form
 *               {@code channel:instId} or {@code channel:instType=SWAP}, a Deribit channel ({@code book.BTC-PERPETUAL.100ms})
 * @param route  the connection class it must live on (Binance USDⓈ-M {@code public}/{@code market}, OKX
 *               {@code public}/{@code business}); streams of different routes never share a connection
 * @param symbol the native instrument it belongs to, or null for venue-wide streams
 * @param book   whether it is an order-book stream (resync target, OKX per-connection book limit)
 */
public record WsStream(String name, String route, String symbol, boolean book) {
    public WsStream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(route, "route");
    }
}
