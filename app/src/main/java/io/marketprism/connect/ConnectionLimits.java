package io.marketprism.connect;

/**
 * Per-connection subscription limits of a venue.
 *
 * @param streamsPerConnection at most this many streams on one connection (Binance 1024; fewer is kinder)
 * @param streamsPerMessage    at most this many streams in one subscribe message
 * @param booksPerConnection   at most this many order-book streams on one connection (OKX: fewer than 30); 0: no limit
 */
public record ConnectionLimits(int streamsPerConnection, int streamsPerMessage, int booksPerConnection) {
    public ConnectionLimits {
        if (streamsPerConnection < 1) {
            throw new IllegalArgumentException("streams per connection must be >= 1, got " + streamsPerConnection);
        }
        if (streamsPerMessage < 1) {
            throw new IllegalArgumentException("streams per subscribe message must be >= 1, got " + streamsPerMessage);
        }
        if (booksPerConnection < 0) {
            throw new IllegalArgumentException("book streams per connection must be >= 0 (0 = no limit), got "
                    + booksPerConnection);
        }
    }

    /** Binance: 1024 streams allowed per connection; 200 per connection and 100 per message keep reconnects cheap. */
    public static ConnectionLimits binance() {
        return new ConnectionLimits(200, 100, 0);
    }

    /** OKX: under 30 book channels per connection; 64 KB per request stays far away with 100 args. */
    public static ConnectionLimits okx() {
        return new ConnectionLimits(240, 100, 25);
    }

    /** Deribit: a few hundred channels per call; heavy book channels spread over connections. */
    public static ConnectionLimits deribit() {
        return new ConnectionLimits(200, 100, 50);
    }
}
