package io.marketprism.emulate;

import io.javalin.websocket.WsContext;
import io.marketprism.model.Exchange;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket connection of a venue server: its ordinal (1 = the venue's first connection), route, stream
 * subscriptions and the fault rules that apply to it. Sends are serialized on the instance; data frames pass through
 * the connection's {@link ConnectionFaults}, control frames (acks, pongs, heartbeats) only stop when it is stalled.
 */
final class EmuConnection {
    private static final Logger LOG = LoggerFactory.getLogger(EmuConnection.class);

    final Exchange venue;
    final int ordinal;
    final String route;
    final long openedAtMs;
    final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    volatile boolean combined;
    volatile long lastClientMs;
    /** Deribit heartbeat: interval in ms (0 = off), whether a test_request awaits its public/test. */
    volatile long heartbeatMs;
    volatile long lastHeartbeatMs;
    volatile boolean testPending;
    volatile long lastPingMs;

    private final WsContext ctx;
    private final ConnectionFaults faults;
    private final ServerCounters counters;
    private final ScheduledExecutorService scheduler;
    private final Consumer<EmuConnection> shutdownNotice;
    private volatile boolean closed;

    EmuConnection(Exchange venue, int ordinal, String route, long nowMs, WsContext ctx, ConnectionFaults faults,
                  ServerCounters counters, ScheduledExecutorService scheduler,
                  Consumer<EmuConnection> shutdownNotice) {
        this.venue = venue;
        this.ordinal = ordinal;
        this.route = route;
        this.openedAtMs = nowMs;
        this.lastClientMs = nowMs;
        this.lastPingMs = nowMs;
        this.ctx = ctx;
        this.faults = faults;
        this.counters = counters;
        this.scheduler = scheduler;
        this.shutdownNotice = shutdownNotice;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** A market-data frame: counted, faulted, sent. */
    synchronized void data(String frame) {
        if (closed) {
            return;
        }
        ConnectionFaults.Outcome o = faults.onDataFrame(frame);
        for (String f : o.frames()) {
            write(f);
            counters.dataFrames.incrementAndGet();
        }
        switch (o.after()) {
            case CLOSE -> close(1000, "emulator fault: " + o.reason());
            case SHUTDOWN -> {
                shutdownNotice.accept(this);
                scheduler.schedule(() -> close(1001, "server shutdown"), faults.graceMs(), TimeUnit.MILLISECONDS);
            }
            default -> {
            }
        }
    }

    /** A protocol frame (ack, error, pong, heartbeat, notice): not counted as data, silent while stalled. */
    synchronized void control(String frame) {
        if (closed || faults.stalled()) {
            return;
        }
        write(frame);
        counters.controlFrames.incrementAndGet();
    }

    synchronized void ping() {
        if (closed || faults.stalled()) {
            return;
        }
        try {
            ctx.sendPing();
            counters.pings.incrementAndGet();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Closes when the connection reached the age of a close-at-age fault; true if it did. */
    boolean closeIfAged(long nowMs) {
        long age = faults.closeAtAgeMs();
        if (age >= 0 && !closed && nowMs - openedAtMs >= age) {
            faults.countAgeClose();
            close(1000, "emulator fault: close-at-age");
            return true;
        }
        return false;
    }

    synchronized void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        counters.serverCloses.incrementAndGet();
        LOG.info("{} connection #{} closed by the emulator: {} {}", venue.id(), ordinal, code, reason);
        try {
            ctx.closeSession(code, reason);
        } catch (RuntimeException e) {
            LOG.debug("{} connection #{}: close failed: {}", venue.id(), ordinal, e.toString());
        }
    }

    private void write(String frame) {
        try {
            ctx.session.getRemote().sendString(frame);
        } catch (Exception e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        if (!closed) {
            closed = true;
            counters.sendFailures.incrementAndGet();
            LOG.warn("{} connection #{}: send failed, connection dropped: {}", venue.id(), ordinal, e.toString());
        }
    }
}
