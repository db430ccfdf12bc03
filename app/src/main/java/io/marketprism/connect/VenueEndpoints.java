package io.marketprism.connect;

import io.marketprism.model.Exchange;
import java.net.URI;
import java.util.Objects;

/**
 * Where a venue is reached: its WebSocket base and REST base. Every URL is configurable (regional hosts, the
 * market-data-only hosts, a proxy-friendly host, the local emulator); the defaults are the venues' production hosts
 * as of 2026 (protocol reference §2.1, §3.1, §3A, §4.1, §5.1).
 *
 * <p>Paths below the bases are the venues' real paths: Binance Spot {@code /stream?streams=..} and
 * {@code /api/v3/..}; USDⓈ-M {@code /public/stream?..} (book data) and {@code /market/stream?..} (everything else)
 * and {@code /fapi/v1/..}, {@code /futures/data/..}; COIN-M {@code /stream?..} and {@code /dapi/v1/..}; OKX
 * {@code /ws/v5/public}, {@code /ws/v5/business} and {@code /api/v5/..}; Deribit {@code /ws/api/v2} and
 * {@code /api/v2/public/..}.
 *
 * @param exchange the venue
 * @param wsBase   scheme, host and port of the WebSocket endpoint, e.g. {@code wss://fstream.binance.com}
 * @param restBase scheme, host and port of the REST endpoint, e.g. {@code https://fapi.binance.com}
 */
public record VenueEndpoints(Exchange exchange, URI wsBase, URI restBase) {
    public VenueEndpoints {
        Objects.requireNonNull(exchange, "exchange");
        require(wsBase, "ws", "ws", "wss");
        require(restBase, "rest", "http", "https");
    }

    private static void require(URI uri, String what, String... schemes) {
        if (uri == null) {
            throw new IllegalArgumentException(what + " base URL is required");
        }
        for (String s : schemes) {
            if (s.equalsIgnoreCase(uri.getScheme())) {
                return;
            }
        }
        throw new IllegalArgumentException(what + " base URL '" + uri + "' must start with " + String.join(" or ",
                schemes) + "://");
    }

    /** The production endpoints of a venue. */
    public static VenueEndpoints production(Exchange exchange) {
        return switch (exchange) {
            case BINANCE -> of(exchange, "wss://stream.binance.com:9443", "https://api.binance.com");
            case BINANCE_US -> of(exchange, "wss://stream.binance.us:9443", "https://api.binance.us");
            case BINANCE_FUTURES -> of(exchange, "wss://fstream.binance.com", "https://fapi.binance.com");
            case BINANCE_DELIVERY -> of(exchange, "wss://dstream.binance.com", "https://dapi.binance.com");
            case OKX -> of(exchange, "wss://ws.okx.com:8443", "https://openapi.okx.com");
            case DERIBIT -> of(exchange, "wss://www.deribit.com", "https://www.deribit.com");
        };
    }

    public static VenueEndpoints of(Exchange exchange, String wsBase, String restBase) {
        return new VenueEndpoints(exchange, URI.create(wsBase), URI.create(restBase));
    }

    /** A URL below the WebSocket base, e.g. {@code ws("/ws/v5/public")}. */
    public URI ws(String pathAndQuery) {
        return URI.create(strip(wsBase.toString()) + pathAndQuery);
    }

    /** A URL below the REST base, e.g. {@code rest("/api/v3/depth?symbol=BTCUSDT&limit=1000")}. */
    public URI rest(String pathAndQuery) {
        return URI.create(strip(restBase.toString()) + pathAndQuery);
    }

    private static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
