package io.marketprism.connect;

import java.util.concurrent.atomic.AtomicLong;

/** What one WebSocket session did. Plain getters; the metrics layer reads them. Thread-safe. */
public final class SessionCounters {
    final AtomicLong connects = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong framesIn = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong outgoingRefused = new AtomicLong();
    final AtomicLong watchdogTrips = new AtomicLong();
    final AtomicLong keepAliveTimeouts = new AtomicLong();
    final AtomicLong subscribeErrors = new AtomicLong();
    final AtomicLong venueErrors = new AtomicLong();
    final AtomicLong switchOvers = new AtomicLong();
    final AtomicLong supersededFrames = new AtomicLong();
    final AtomicLong consumerOverflows = new AtomicLong();
    final AtomicLong heartbeatsAnswered = new AtomicLong();
    final AtomicLong resubscribes = new AtomicLong();
    volatile long lastFrameEpochNanos;
    volatile ConnectionState state = ConnectionState.IDLE;

    public ConnectionState state() {
        return state;
    }

    /** Successful opens, the first one included. */
    public long connects() {
        return connects.get();
    }

    /** Opens after the first one (after a drop, watchdog trip or switch-over). */
    public long reconnects() {
        return reconnects.get();
    }

    public long connectFailures() {
        return connectFailures.get();
    }

    public long framesIn() {
        return framesIn.get();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long messagesOut() {
        return messagesOut.get();
    }

    /** Messages we could not send: outgoing queue full or connection gone. */
    public long outgoingRefused() {
        return outgoingRefused.get();
    }

    /** Connections dropped because no frame arrived within the watchdog timeout. */
    public long watchdogTrips() {
        return watchdogTrips.get();
    }

    /** Connections dropped because a keep-alive ping was not answered in time. */
    public long keepAliveTimeouts() {
        return keepAliveTimeouts.get();
    }

    public long subscribeErrors() {
        return subscribeErrors.get();
    }

    /** Error messages from the venue other than subscribe errors. */
    public long venueErrors() {
        return venueErrors.get();
    }

    /** Replacement connections that took over from a live one (24 h rotation, shutdown notices). */
    public long switchOvers() {
        return switchOvers.get();
    }

    /** Frames of an old connection received after its replacement took over (the new one carries them). */
    public long supersededFrames() {
        return supersededFrames.get();
    }

    /** Connections dropped because the frame consumer stayed full (books re-sync after the reconnect). */
    public long consumerOverflows() {
        return consumerOverflows.get();
    }

    public long heartbeatsAnswered() {
        return heartbeatsAnswered.get();
    }

    public long resubscribes() {
        return resubscribes.get();
    }

    /** Local time of the last received frame, ns since the epoch (0: none yet). */
    public long lastFrameEpochNanos() {
        return lastFrameEpochNanos;
    }
}
