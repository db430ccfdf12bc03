package io.marketprism.emulate;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings and protocol knobs of the venue servers. Defaults are the venues' documented values; tests shorten them.
 *
 * @param stepInterval       time between market steps (one book update and maybe trades per instrument per step)
 * @param statsEvery         steps between pushes of slow streams (tickers, mark price/funding, open interest, DVOL)
 * @param binanceSpotPing    server ping frame interval on Binance Spot (20 s)
 * @param binanceFuturesPing server ping frame interval on Binance futures (3 min)
 * @param okxIdle            OKX closes a connection (4004) after this long without client traffic (30 s)
 * @param deribitSecond      what one second of a Deribit {@code set_heartbeat} interval lasts (1 s; tests shorten it)
 */
public record EmulatorOptions(Duration stepInterval, int statsEvery, Duration binanceSpotPing,
                              Duration binanceFuturesPing, Duration okxIdle, Duration deribitSecond) {
    public EmulatorOptions {
        Objects.requireNonNull(stepInterval, "stepInterval");
        if (stepInterval.toMillis() < 1) {
            throw new IllegalArgumentException("step interval must be >= 1 ms (rate <= 1000/s), was " + stepInterval);
        }
        if (statsEvery < 1) {
            throw new IllegalArgumentException("stats interval must be >= 1 step, was " + statsEvery);
        }
        for (Duration d : new Duration[] {binanceSpotPing, binanceFuturesPing, okxIdle, deribitSecond}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("emulator timings must be positive");
            }
        }
    }

    public static EmulatorOptions defaults() {
        return new EmulatorOptions(Duration.ofMillis(100), 10, Duration.ofSeconds(20), Duration.ofMinutes(3),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /** The same options at {@code rate} steps per second. */
    public EmulatorOptions withRate(double rate) {
        if (!(rate > 0) || rate > 1000) {
            throw new IllegalArgumentException("rate must be within (0, 1000] steps per second, was " + rate);
        }
        return new EmulatorOptions(Duration.ofMillis(Math.max(1, Math.round(1000 / rate))), statsEvery,
                binanceSpotPing, binanceFuturesPing, okxIdle, deribitSecond);
    }
}
