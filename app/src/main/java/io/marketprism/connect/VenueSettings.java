package io.marketprism.connect;

import io.marketprism.model.Exchange;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the connection layer needs to know about one venue. The configuration layer maps YAML onto this.
 *
 * @param endpoints         WebSocket and REST bases
 * @param symbols           native symbols ({@code BTCUSDT}, {@code BTC-USDT-SWAP}, {@code BTC-PERPETUAL})
 * @param dataTypes         what to collect
 * @param bookInterval      book update interval: Binance {@code 100ms} (or {@code 250ms}/{@code 500ms}/"" for the
 *                          venue default), Deribit {@code 100ms}/{@code agg2}; ignored for OKX ({@code books})
 * @param bookSnapshotDepth levels of the Binance REST snapshot used to (re)sync books (Spot ≤ 5000, futures one of
 *                          5,10,20,50,100,500,1000)
 * @param binanceTradeStream {@code aggTrade} (default; gaps back-fillable by aggregate id) or {@code trade}
 * @param coinmRouteSplit   COIN-M: use the USDⓈ-M {@code /public} + {@code /market} routes (UNVERIFIED for dstream)
 * @param proxy             how to reach the venue
 * @param limits            per-connection subscription limits
 * @param session           WebSocket session behaviour
 * @param polls             REST poll intervals
 */
public record VenueSettings(VenueEndpoints endpoints, List<String> symbols, Set<DataType> dataTypes,
                            String bookInterval, int bookSnapshotDepth, String binanceTradeStream,
                            boolean coinmRouteSplit, ProxySettings proxy, ConnectionLimits limits,
                            SessionSettings session, PollIntervals polls) {
    public VenueSettings {
        if (endpoints == null) {
            throw new IllegalArgumentException("venue endpoints are required");
        }
        String venue = endpoints.exchange().id();
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException(venue + ": at least one symbol is required");
        }
        for (String s : symbols) {
            if (s == null || s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(venue + ": symbol '" + s + "' is empty or contains whitespace");
            }
        }
        symbols = List.copyOf(symbols);
        if (dataTypes == null || dataTypes.isEmpty()) {
            throw new IllegalArgumentException(venue + ": at least one data type is required");
        }
        dataTypes = Set.copyOf(dataTypes);
        if (bookInterval == null) {
            bookInterval = "";
        }
        if (bookSnapshotDepth < 1 || bookSnapshotDepth > 5000) {
            throw new IllegalArgumentException(venue + ": book snapshot depth " + bookSnapshotDepth
                    + " is out of range 1..5000");
        }
        if (!"aggTrade".equals(binanceTradeStream) && !"trade".equals(binanceTradeStream)) {
            throw new IllegalArgumentException(venue + ": binance trade stream '" + binanceTradeStream
                    + "' must be aggTrade or trade");
        }
        if (proxy == null) {
            proxy = ProxySettings.NONE;
        }
        if (limits == null || session == null || polls == null) {
            throw new IllegalArgumentException(venue + ": limits, session and poll settings are required");
        }
    }

    public Exchange exchange() {
        return endpoints.exchange();
    }

    /** Venue defaults for the given symbols and data types. */
    public static VenueSettings defaults(VenueEndpoints endpoints, List<String> symbols, Set<DataType> types) {
        Exchange e = endpoints.exchange();
        ConnectionLimits limits = switch (e) {
            case OKX -> ConnectionLimits.okx();
            case DERIBIT -> ConnectionLimits.deribit();
            default -> ConnectionLimits.binance();
        };
        SessionSettings session = SessionSettings.defaults();
        int depth = 1000;
        String interval = "100ms";
        switch (e) {
            case BINANCE, BINANCE_US -> session = session.withMessagesPerSecond(4)
                    .withMaxLifetime(java.time.Duration.ofHours(23));
            case BINANCE_FUTURES, BINANCE_DELIVERY -> session = session.withMessagesPerSecond(8)
                    .withMaxLifetime(java.time.Duration.ofHours(23))
                    .withWatchdog(java.time.Duration.ofSeconds(90));
            case OKX -> session = session.withControlPerHour(480).withKeepAlive(java.time.Duration.ofSeconds(20))
                    .withMessagesPerSecond(10);
            case DERIBIT -> session = session.withMessagesPerSecond(3);
        }
        return new VenueSettings(endpoints, symbols, types.isEmpty() ? EnumSet.noneOf(DataType.class) : types,
                interval, depth, "aggTrade", false, ProxySettings.NONE, limits, session, PollIntervals.defaults());
    }

    public VenueSettings withSession(SessionSettings s) {
        return new VenueSettings(endpoints, symbols, dataTypes, bookInterval, bookSnapshotDepth, binanceTradeStream,
                coinmRouteSplit, proxy, limits, s, polls);
    }

    public VenueSettings withLimits(ConnectionLimits l) {
        return new VenueSettings(endpoints, symbols, dataTypes, bookInterval, bookSnapshotDepth, binanceTradeStream,
                coinmRouteSplit, proxy, l, session, polls);
    }

    public VenueSettings withProxy(ProxySettings p) {
        return new VenueSettings(endpoints, symbols, dataTypes, bookInterval, bookSnapshotDepth, binanceTradeStream,
                coinmRouteSplit, p, limits, session, polls);
    }

    public VenueSettings withPolls(PollIntervals p) {
        return new VenueSettings(endpoints, symbols, dataTypes, bookInterval, bookSnapshotDepth, binanceTradeStream,
                coinmRouteSplit, proxy, limits, session, p);
    }

    public boolean wants(DataType t) {
        return dataTypes.contains(t);
    }
}
