package io.marketprism.connect;

import io.marketprism.model.Exchange;
import java.util.HashMap;
import java.util.Map;

/**
 * Client-side REST budgets of one venue (protocol reference §2.5, §2.7, §3.4, §3.6, §4.5, §4.8, §5.8):
 * <ul>
 *   <li>Binance: request weight per minute (Spot 6000, USDⓈ-M/COIN-M 2400; {@code X-MBX-USED-WEIGHT-1M} from every
 *       response replaces our own count), {@code /futures/data/*} 1000 requests / 5 min, {@code fundingRate} 500 /
 *       5 min; a 429 or 418 blocks every request until its {@code Retry-After} (418: at least 2 minutes).</li>
 *   <li>OKX: one bucket per endpoint, N requests per 2 s; a 50011 answer empties that bucket.</li>
 *   <li>Deribit: credits (500 per request, 50 000 max, 10 000/s refill), {@code get_instruments} 1/s; error 10028
 *       empties the credits.</li>
 * </ul>
 * Guarded by the caller (the REST client synchronises on it).
 */
final class RestLimiter {
    private static final long MINUTE = 60_000_000_000L;
    private static final long TWO_SECONDS = 2_000_000_000L;

    private final Exchange exchange;
    private final int weightPerMinute;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private long windowStart = Long.MIN_VALUE;
    private long usedWeight;
    private long blockedUntil = Long.MIN_VALUE;
    private TokenBucket credits;

    RestLimiter(Exchange exchange, int weightPerMinute) {
        this.exchange = exchange;
        this.weightPerMinute = weightPerMinute;
    }

    /** The documented per-minute weight of a Binance venue. */
    static int defaultWeightPerMinute(Exchange e) {
        return switch (e) {
            case BINANCE, BINANCE_US -> 6000;
            default -> 2400;
        };
    }

    /** ns to wait before the request may go; 0 means its cost has been taken. */
    long acquire(String path, String query, long now) {
        if (now < blockedUntil) {
            return blockedUntil - now;
        }
        return switch (exchange) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES, BINANCE_DELIVERY -> binance(path, query, now);
            case OKX -> bucket(path, okxPerTwoSeconds(path), TWO_SECONDS).reserve(1, now);
            case DERIBIT -> deribit(path, now);
        };
    }

    private long binance(String path, String query, long now) {
        if (path.startsWith("/futures/data/")) {
            long w = bucket("/futures/data/", 1000, 5 * MINUTE).reserve(1, now);
            if (w > 0) {
                return w;
            }
        } else if (path.endsWith("/fundingRate") || path.endsWith("/fundingInfo")) {
            long w = bucket("fundingRate", 500, 5 * MINUTE).reserve(1, now);
            if (w > 0) {
                return w;
            }
        }
        long window = now - Math.floorMod(now, MINUTE);
        if (window != windowStart) {
            windowStart = window;
            usedWeight = 0;
        }
        int weight = binanceWeight(path, query);
        if (usedWeight + weight > weightPerMinute) {
            return window + MINUTE - now;
        }
        usedWeight += weight;
        return 0;
    }

    private long deribit(String path, long now) {
        if (credits == null) {
            credits = TokenBucket.ratePerSecond(50_000, 10_000);
        }
        if (path.endsWith("/public/get_instruments")) {
            long w = bucket(path, 1, 1_000_000_000L).reserve(1, now);
            if (w > 0) {
                return w;
            }
        }
        return credits.reserve(500, now);
    }

    private TokenBucket bucket(String key, double capacity, long period) {
        return buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, period));
    }

    /** The weight Binance charges for a request (§2.5, §3.4). */
    static int binanceWeight(String path, String query) {
        String limit = param(query, "limit");
        boolean symbol = param(query, "symbol") != null;
        if (path.equals("/api/v3/depth")) {
            int l = limit == null ? 100 : Integer.parseInt(limit);
            return l <= 100 ? 5 : l <= 500 ? 25 : l <= 1000 ? 50 : 250;
        }
        if (path.equals("/fapi/v1/depth") || path.equals("/dapi/v1/depth")) {
            int l = limit == null ? 500 : Integer.parseInt(limit);
            return l <= 50 ? 2 : l <= 100 ? 5 : l <= 500 ? 10 : 20;
        }
        return switch (path) {
            case "/api/v3/exchangeInfo" -> 20;
            case "/api/v3/trades" -> 25;
            case "/api/v3/aggTrades" -> 4;
            case "/api/v3/ticker/24hr" -> symbol ? 2 : 80;
            case "/api/v3/ticker/bookTicker", "/fapi/v1/ticker/bookTicker", "/dapi/v1/ticker/bookTicker" ->
                    symbol ? 2 : 5;
            case "/fapi/v1/premiumIndex", "/dapi/v1/premiumIndex" -> symbol ? 1 : 10;
            case "/fapi/v1/ticker/24hr", "/dapi/v1/ticker/24hr" -> symbol ? 1 : 40;
            case "/fapi/v1/aggTrades", "/dapi/v1/aggTrades" -> 20;
            default -> path.startsWith("/futures/data/") || path.endsWith("/fundingRate") ? 0 : 1;
        };
    }

    /** OKX documented requests per 2 s per endpoint (§4.5); unknown endpoints get the smallest common budget. */
    static int okxPerTwoSeconds(String path) {
        if (path.startsWith("/api/v5/rubik/")) {
            return path.endsWith("/open-interest-history") ? 10 : 5;
        }
        return switch (path) {
            case "/api/v5/market/books" -> 40;
            case "/api/v5/market/books-full" -> 10;
            case "/api/v5/market/tickers", "/api/v5/market/ticker", "/api/v5/public/instruments",
                    "/api/v5/public/open-interest" -> 20;
            case "/api/v5/market/trades" -> 100;
            case "/api/v5/market/history-trades" -> 20;
            default -> 10;
        };
    }

    /** Binance's own count of the weight used in this minute. */
    void observeUsedWeight(long used, long now) {
        long window = now - Math.floorMod(now, MINUTE);
        if (window != windowStart) {
            windowStart = window;
        }
        usedWeight = used;
    }

    /** Nothing goes out until {@code until} (429/418 Retry-After). */
    void blockUntil(long until) {
        blockedUntil = Math.max(blockedUntil, until);
    }

    /** The venue said this endpoint (OKX) or the credits (Deribit) are exhausted. */
    void exhausted(String path, long now) {
        if (exchange == Exchange.DERIBIT && credits != null) {
            credits.drain(now);
        } else if (exchange == Exchange.OKX) {
            bucket(path, okxPerTwoSeconds(path), TWO_SECONDS).drain(now);
        }
    }

    long usedWeight() {
        return usedWeight;
    }

    long blockedUntil() {
        return blockedUntil;
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }
}
