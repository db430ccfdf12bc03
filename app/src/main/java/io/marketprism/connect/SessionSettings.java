package io.marketprism.connect;

import java.time.Duration;

/**
 * Behaviour of one WebSocket session.
 *
 * @param watchdogTimeout    no frame for this long ⇒ the connection is considered dead and replaced
 * @param backoff            delays between reconnect attempts
 * @param keepAliveInterval  the codec's text ping is sent after this much silence and must be answered within it
 *                           (OKX: &lt; 30 s); ignored when the codec has no ping
 * @param clientPingInterval WebSocket ping frames sent by us (zero: off; Binance counts them against the message rate)
 * @param messagesPerSecond  pace of our control messages (subscriptions); Binance Spot 5/s, USDⓈ-M 10/s: stay below
 * @param maxOutgoing        bound of the paced outgoing queue; further messages are refused and counted
 * @param maxLifetime        replace the connection (overlapping) after this long; zero: never (Binance: 23 h of 24)
 * @param switchTimeout      a replacement connection takes over when its data meets the live one's, at the latest
 *                           after this long
 * @param controlPerHour     budget of control messages per connection and hour (OKX 480); zero: unlimited
 * @param tick               how often timers (watchdog, pacing, keep-alive) are checked
 * @param connectTimeout     TCP + TLS + upgrade timeout
 */
public record SessionSettings(Duration watchdogTimeout, Backoff backoff, Duration keepAliveInterval,
                              Duration clientPingInterval, double messagesPerSecond, int maxOutgoing,
                              Duration maxLifetime, Duration switchTimeout, int controlPerHour, Duration tick,
                              Duration connectTimeout) {
    public SessionSettings {
        positive(watchdogTimeout, "watchdog timeout");
        if (backoff == null) {
            throw new IllegalArgumentException("backoff is required");
        }
        positive(keepAliveInterval, "keep-alive interval");
        notNegative(clientPingInterval, "client ping interval");
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("messages per second must be > 0, got " + messagesPerSecond);
        }
        if (maxOutgoing < 1) {
            throw new IllegalArgumentException("max outgoing messages must be >= 1, got " + maxOutgoing);
        }
        notNegative(maxLifetime, "max connection lifetime");
        positive(switchTimeout, "switch-over timeout");
        if (controlPerHour < 0) {
            throw new IllegalArgumentException("control messages per hour must be >= 0 (0 = unlimited), got "
                    + controlPerHour);
        }
        positive(tick, "timer tick");
        positive(connectTimeout, "connect timeout");
    }

    /** Production defaults: watchdog 60 s, backoff 1..60 s ±20 %, keep-alive 20 s, 4 msgs/s, no lifetime limit. */
    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofSeconds(60), Backoff.defaults(), Duration.ofSeconds(20), Duration.ZERO,
                4, 1000, Duration.ZERO, Duration.ofSeconds(10), 0, Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    public SessionSettings withWatchdog(Duration d) {
        return new SessionSettings(d, backoff, keepAliveInterval, clientPingInterval, messagesPerSecond, maxOutgoing,
                maxLifetime, switchTimeout, controlPerHour, tick, connectTimeout);
    }

    public SessionSettings withBackoff(Backoff b) {
        return new SessionSettings(watchdogTimeout, b, keepAliveInterval, clientPingInterval, messagesPerSecond,
                maxOutgoing, maxLifetime, switchTimeout, controlPerHour, tick, connectTimeout);
    }

    public SessionSettings withKeepAlive(Duration d) {
        return new SessionSettings(watchdogTimeout, backoff, d, clientPingInterval, messagesPerSecond, maxOutgoing,
                maxLifetime, switchTimeout, controlPerHour, tick, connectTimeout);
    }

    public SessionSettings withMessagesPerSecond(double mps) {
        return new SessionSettings(watchdogTimeout, backoff, keepAliveInterval, clientPingInterval, mps, maxOutgoing,
                maxLifetime, switchTimeout, controlPerHour, tick, connectTimeout);
    }

    public SessionSettings withMaxLifetime(Duration d) {
        return new SessionSettings(watchdogTimeout, backoff, keepAliveInterval, clientPingInterval, messagesPerSecond,
                maxOutgoing, d, switchTimeout, controlPerHour, tick, connectTimeout);
    }

    public SessionSettings withControlPerHour(int n) {
        return new SessionSettings(watchdogTimeout, backoff, keepAliveInterval, clientPingInterval, messagesPerSecond,
                maxOutgoing, maxLifetime, switchTimeout, n, tick, connectTimeout);
    }

    public SessionSettings withTick(Duration d) {
        return new SessionSettings(watchdogTimeout, backoff, keepAliveInterval, clientPingInterval, messagesPerSecond,
                maxOutgoing, maxLifetime, switchTimeout, controlPerHour, d, connectTimeout);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, got " + d);
        }
    }

    private static void notNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be >= 0 (0 = off), got " + d);
        }
    }
}
