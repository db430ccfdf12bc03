package io.marketprism.emulate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic long/short statistics: a deterministic function of (seed, instrument, kind, period start), so repeated
 * requests for the same period give the same value, as the venues do.
 */
final class Ratios {
    /** One period's values: shares sum to 1, ratio = long / short. */
    record Point(long ts, BigDecimal longShare, BigDecimal shortShare, BigDecimal ratio, BigDecimal buyVol,
                 BigDecimal sellVol) {
    }

    private Ratios() {
    }

    static long periodMs(String period) {
        if (period == null || period.length() < 2) {
            throw new IllegalArgumentException("period is required (5m, 15m, 30m, 1h, 2h, 4h, 6h, 12h, 1d)");
        }
        char unit = Character.toLowerCase(period.charAt(period.length() - 1));
        long n;
        try {
            n = Long.parseLong(period.substring(0, period.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("period '" + period + "' is not like 5m, 1h, 1d");
        }
        return switch (unit) {
            case 'm' -> n * 60_000L;
            case 'h' -> n * 3_600_000L;
            case 'd' -> n * 86_400_000L;
            default -> throw new IllegalArgumentException("period '" + period + "' is not like 5m, 1h, 1d");
        };
    }

    /** The last {@code limit} completed periods before {@code nowMs}, oldest first. */
    static List<Point> series(long seed, String key, long periodMs, int limit, long nowMs) {
        List<Point> out = new ArrayList<>(limit);
        long last = Math.floorDiv(nowMs, periodMs) * periodMs - periodMs;
        for (int i = limit - 1; i >= 0; i--) {
            out.add(point(seed, key, last - i * periodMs));
        }
        return out;
    }

    static Point point(long seed, String key, long ts) {
        SplittableRandom r = new SplittableRandom(seed * 31 + key.hashCode() * 1_000_003L + ts);
        BigDecimal longShare = BigDecimal.valueOf(3500 + r.nextInt(3000), 4);
        BigDecimal shortShare = BigDecimal.ONE.subtract(longShare);
        BigDecimal buy = BigDecimal.valueOf(100_000 + r.nextInt(900_000), 3);
        BigDecimal sell = BigDecimal.valueOf(100_000 + r.nextInt(900_000), 3);
        return new Point(ts, longShare, shortShare, longShare.divide(shortShare, 4, RoundingMode.HALF_EVEN), buy,
                sell);
    }
}
