package io.marketprism.connect;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All WebSocket sessions of one venue: the stream plan sharded over connections (one route per connection), one
 * {@link WsSession} per shard, each with its own codec and connection id. Also re-subscribes a book stream when a
 * book lost sync (OKX, Deribit: the venue then sends a fresh snapshot).
 */
public final class VenueConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VenueConnector.class);

    private final VenueSettings settings;
    private final List<WsSession> sessions = new ArrayList<>();

    /**
     * @param connectionIds shared source of connection ids (unique per process, so frames of different sessions
     *                      never share an id)
     */
    public VenueConnector(VenueSettings settings, OkHttpClient client, ScheduledExecutorService scheduler,
                          Clock clock, DoubleSupplier random, FrameDispatcher out, AtomicInteger connectionIds) {
        this.settings = settings;
        OkHttpClient proxied = settings.proxy().apply(client);
        for (StreamPlan.Shard shard : StreamPlan.shards(settings)) {
            int id = connectionIds.incrementAndGet();
            String name = settings.exchange().id() + "#" + id + (shard.route().isEmpty() ? "" : "/" + shard.route());
            sessions.add(new WsSession(id, name, shard.url(), StreamPlan.codec(settings), shard.streams(),
                    settings.session(), proxied, scheduler, clock, random, out));
        }
    }

    public void start() {
        sessions.forEach(WsSession::start);
    }

    public List<WsSession> sessions() {
        return List.copyOf(sessions);
    }

    public VenueSettings settings() {
        return settings;
    }

    /** Re-subscribes the book stream of a native symbol on the session that carries it; false if none does. */
    public boolean resubscribeBook(String nativeSymbol) {
        for (WsSession s : sessions) {
            for (WsStream w : s.streams()) {
                if (w.book() && nativeSymbol.equals(w.symbol())) {
                    return s.resubscribe(w);
                }
            }
        }
        LOG.warn("{}: no book stream for {} to re-subscribe", settings.exchange().id(), nativeSymbol);
        return false;
    }

    @Override
    public void close() {
        sessions.forEach(WsSession::close);
    }
}
