package io.marketprism.connect;

import java.time.Duration;

/**
 * How often the REST pollers run. Where the venue pushes the same data on the WebSocket, the poller is the fallback
 * and only asks when the push has been silent for its interval.
 *
 * @param funding         premium index / funding rate (default 60 s)
 * @param openInterest    open interest (default 30 s)
 * @param longShortRatio  the long/short ratio endpoints (default 5 min)
 * @param volatilityIndex Deribit DVOL (default 60 s)
 * @param instruments     instrument metadata refresh (default 1 h)
 * @param ratioPeriod     the statistics period asked for (Binance {@code 5m}, OKX {@code 5m})
 */
public record PollIntervals(Duration funding, Duration openInterest, Duration longShortRatio,
                            Duration volatilityIndex, Duration instruments, String ratioPeriod) {
    public PollIntervals {
        positive(funding, "funding poll interval");
        positive(openInterest, "open interest poll interval");
        positive(longShortRatio, "long/short ratio poll interval");
        positive(volatilityIndex, "volatility index poll interval");
        positive(instruments, "instrument refresh interval");
        if (ratioPeriod == null || ratioPeriod.isBlank()) {
            throw new IllegalArgumentException("ratio period is required, e.g. 5m");
        }
    }

    public static PollIntervals defaults() {
        return new PollIntervals(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(60), Duration.ofHours(1), "5m");
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, got " + d);
        }
    }
}
