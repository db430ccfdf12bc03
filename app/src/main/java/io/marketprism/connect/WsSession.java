package io.marketprism.connect;

import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical WebSocket connection to a venue, kept alive for as long as the session runs: reconnects with
 * exponential backoff and jitter, a no-data watchdog, the codec's keep-alive ping, paced control messages, and
 * overlapping switch-over (a replacement connection is opened first and takes over once its data meets what the
 * live one delivered, copies skipped, so no frame window is lost or repeated; used for the 24 h rotation and shutdown
 * notices).
 *
 * <p>Everything becomes a {@link Frame} for the dispatcher: {@code CONNECT} whenever a (new) connection starts
 * delivering (books of this connection id re-sync), {@code WS_OUT} for what we send, {@code WS_IN} for what we
 * receive. All frames carry this session's connection id. Frames of a connection that has been replaced are counted
 * ({@link SessionCounters#supersededFrames()}) and not forwarded: the replacement carries the same streams.
 *
 * <p>Threads: OkHttp reader threads call the listener, the injected scheduler runs timers; all state changes and
 * frame hand-offs happen under this object's lock, so frames leave in a consistent order.
 */
public final class WsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);
    private static final int MAX_HELD = 10_000;
    /**
     * A replacement takes over when its data meets the live connection's (the frames in between are not lost), or
     * when the live connection has been quiet this long after the replacement's first data (quiet market).
     */
    private static final long OVERLAP_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final int connectionId;
    private final String name;
    private final URI url;
    private final WsCodec codec;
    private final List<WsStream> streams;
    private final SessionSettings settings;
    private final OkHttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final DoubleSupplier random;
    private final FrameDispatcher out;
    private final SessionCounters counters = new SessionCounters();

    private Link active;
    private Link pending;
    /**
     * Data texts the live connection delivered since a replacement was asked for: the replacement's copies of them
     * are skipped, so a switch-over neither loses the frames still in flight on the old connection nor repeats them
     * (both connections carry the same streams, byte for byte). Cleared once the replacement has passed them.
     */
    private final Set<String> overlap = new LinkedHashSet<>();
    private boolean skipOverlapCopies;
    private int attempt;
    private boolean started;
    private boolean closed;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> reconnectTask;

    public WsSession(int connectionId, String name, URI url, WsCodec codec, List<WsStream> streams,
                     SessionSettings settings, OkHttpClient client, ScheduledExecutorService scheduler, Clock clock,
                     DoubleSupplier random, FrameDispatcher out) {
        this.connectionId = connectionId;
        this.name = name;
        this.url = url;
        this.codec = codec;
        this.streams = List.copyOf(streams);
        this.settings = settings;
        this.client = client.newBuilder()
                .pingInterval(settings.clientPingInterval())
                .connectTimeout(settings.connectTimeout())
                .readTimeout(Duration.ZERO) // the watchdog decides when a quiet connection is dead
                .build();
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.out = out;
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        long tickNanos = settings.tick().toNanos();
        ticker = scheduler.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        connect();
    }

    /**
     * Opens a replacement connection next to the live one; it takes over once its data overlaps the live one's (or
     * the live one is quiet, or after the switch timeout), then the old one is closed. No-op if a replacement is already on its way or nothing is live.
     */
    public synchronized void switchOver(String reason) {
        if (closed || pending != null || active == null || !active.open) {
            return;
        }
        LOG.info("{}: opening a replacement connection ({})", name, reason);
        pending = open();
    }

    /** Drops the current connection and reconnects (after backoff); books of this connection re-sync. */
    public synchronized void reconnect(String reason) {
        if (active != null) {
            drop(active, reason);
        }
    }

    /** Queues a control message (paced, counted against the hourly budget). False when refused. */
    public synchronized boolean send(String text) {
        return active != null && active.enqueue(text);
    }

    /**
     * Unsubscribes and re-subscribes one stream (fresh book snapshot). When the connection's control budget is
     * exhausted, the whole connection is replaced instead (which also yields fresh snapshots).
     */
    public synchronized boolean resubscribe(WsStream stream) {
        if (active == null || !active.open) {
            return false;
        }
        List<String> msgs = codec.resubscribeMessages(stream);
        if (!active.budgetAllows(msgs.size())) {
            LOG.warn("{}: control budget of {} messages/hour spent; reconnecting to re-sync {}", name,
                    settings.controlPerHour(), stream.name());
            drop(active, "control budget spent");
            return true;
        }
        counters.resubscribes.incrementAndGet();
        for (String m : msgs) {
            active.enqueue(m);
        }
        return true;
    }

    public boolean carries(WsStream stream) {
        return streams.contains(stream);
    }

    public List<WsStream> streams() {
        return streams;
    }

    public int connectionId() {
        return connectionId;
    }

    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    public SessionCounters counters() {
        return counters;
    }

    public ConnectionState state() {
        return counters.state;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        counters.state = ConnectionState.CLOSED;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
        for (Link l : new Link[] {active, pending}) {
            if (l != null) {
                l.dead = true;
                l.ws.close(1000, "collector stopping");
            }
        }
        active = null;
        pending = null;
    }

    // ---------------------------------------------------------------------------------------------- internals

    private long now() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private void connect() {
        reconnectTask = null;
        if (closed) {
            return;
        }
        counters.state = ConnectionState.CONNECTING;
        active = open();
    }

    private Link open() {
        Link link = new Link(now());
        link.ws = client.newWebSocket(new Request.Builder().url(url.toString()).build(), link);
        return link;
    }

    private synchronized void scheduleReconnect() {
        if (closed || reconnectTask != null) {
            return;
        }
        Duration delay = settings.backoff().delay(attempt++, random);
        counters.state = ConnectionState.BACKOFF;
        LOG.info("{}: reconnecting in {} ms (attempt {})", name, delay.toMillis(), attempt);
        reconnectTask = scheduler.schedule(() -> {
            synchronized (WsSession.this) {
                connect();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Hands a frame on; a consumer that stays full costs this connection (it is dropped and re-synced). */
    private boolean deliver(Frame f) {
        if (out.offer(f)) {
            return true;
        }
        counters.consumerOverflows.incrementAndGet();
        LOG.warn("{}: frame consumer stayed full; dropping the connection so its books re-sync", name);
        if (active != null) {
            drop(active, "frame consumer too slow");
        }
        return false;
    }

    private void emitConnect(Link link) {
        deliver(new Frame(FrameKind.CONNECT, now(), connectionId, url.toString(), new byte[0]));
    }

    private void promote() {
        Link old = active;
        Link fresh = pending;
        pending = null;
        active = fresh;
        counters.switchOvers.incrementAndGet();
        counters.state = ConnectionState.LIVE;
        emitConnect(fresh);
        List<Frame> held = new ArrayList<>(fresh.held);
        List<String> heldTexts = new ArrayList<>(fresh.heldTexts);
        fresh.held.clear();
        fresh.heldTexts.clear();
        fresh.heldData.clear();
        fresh.holding = false;
        for (int i = 0; i < held.size(); i++) {
            String text = heldTexts.get(i);
            if (text != null && overlap.remove(text)) {
                counters.supersededFrames.incrementAndGet(); // the old connection delivered this one already
                continue;
            }
            if (!deliver(held.get(i))) {
                break;
            }
        }
        skipOverlapCopies = !overlap.isEmpty();
        if (old != null) {
            old.retired = true;
            old.ws.close(1000, "replaced by a new connection");
        }
        LOG.info("{}: replacement connection took over", name);
    }

    /** Gives up on a connection we consider dead and arranges the next one. */
    private void drop(Link link, String reason) {
        if (link.dead) {
            return;
        }
        link.dead = true;
        link.ws.cancel();
        lost(link, reason);
    }

    private void lost(Link link, String reason) {
        if (closed) {
            return;
        }
        if (link == pending) {
            pending = null;
            overlap.clear();
            counters.connectFailures.incrementAndGet();
            LOG.warn("{}: replacement connection failed: {}", name, reason);
            if (active == null) {
                scheduleReconnect();
            }
            return;
        }
        if (link != active) {
            return; // a retired connection closing
        }
        active = null;
        if (!link.open) {
            counters.connectFailures.incrementAndGet();
        }
        LOG.warn("{}: connection lost: {}", name, reason);
        if (pending != null) {
            counters.state = ConnectionState.CONNECTING;
            if (pending.open) {
                promote();
            }
        } else {
            scheduleReconnect();
        }
    }

    private void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = now();
            if (pending != null) {
                pending.drain(now);
                if (pending != null && pending.open
                        && now - pending.openedAt > settings.switchTimeout().toNanos()) {
                    promote();
                } else if (pending != null && pending.holding && pending.firstDataAt != 0 && now - Math.max(
                        pending.firstDataAt, active == null ? 0 : active.lastFrame) > OVERLAP_QUIET_NANOS) {
                    promote(); // the live connection went quiet after the replacement's first data: nothing in flight
                }
            }
            Link a = active;
            if (a == null || !a.open || a.dead) {
                return;
            }
            a.drain(now);
            long silent = now - a.lastFrame;
            if (silent > settings.watchdogTimeout().toNanos()) {
                counters.watchdogTrips.incrementAndGet();
                drop(a, "no frame for " + Duration.ofNanos(silent).toMillis() + " ms (watchdog)");
                return;
            }
            String ping = codec.keepAlivePing();
            if (ping != null) {
                long interval = settings.keepAliveInterval().toNanos();
                if (a.pingSentAt != 0 && now - a.pingSentAt > interval) {
                    counters.keepAliveTimeouts.incrementAndGet();
                    drop(a, "keep-alive ping not answered");
                    return;
                }
                if (a.pingSentAt == 0 && silent >= interval) {
                    a.sendNow(ping, now);
                    a.pingSentAt = now;
                }
            }
            long life = settings.maxLifetime().toNanos();
            if (life > 0 && pending == null && now - a.openedAt > life) {
                switchOver("connection lifetime " + settings.maxLifetime() + " reached");
            }
        }
    }

    /** One physical connection. */
    private final class Link extends WebSocketListener {
        final long createdAt;
        final ArrayDeque<String> outbox = new ArrayDeque<>();
        final ArrayDeque<Long> controlTimes = new ArrayDeque<>();
        final List<Frame> held = new ArrayList<>();
        /** The text of each held WS_IN frame (null for others), and the set of held data texts. */
        final List<String> heldTexts = new ArrayList<>();
        final Set<String> heldData = new HashSet<>();
        /** When this (replacement) connection first received data while holding; 0 before. */
        long firstDataAt;
        WebSocket ws;
        boolean open;
        boolean holding;
        boolean dead;
        boolean retired;
        boolean gotData;
        long openedAt;
        long lastFrame;
        long pingSentAt;
        long nextSendAt;

        Link(long createdAt) {
            this.createdAt = createdAt;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            synchronized (WsSession.this) {
                if (dead || closed) {
                    webSocket.close(1000, null);
                    return;
                }
                long now = now();
                open = true;
                openedAt = now;
                lastFrame = now;
                if (counters.connects.getAndIncrement() > 0) {
                    counters.reconnects.incrementAndGet();
                }
                holding = this == pending;
                if (this == active) {
                    counters.state = ConnectionState.LIVE;
                    emitConnect(this);
                } else if (this == pending && active == null) {
                    // the old connection already died: take over at once
                    holding = false;
                    pending = this;
                    promote();
                }
                for (String m : codec.openMessages(streams)) {
                    enqueue(m);
                }
                drain(now);
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            long now = now();
            Inbound in = codec.classify(text);
            synchronized (WsSession.this) {
                if (closed || dead) {
                    return;
                }
                lastFrame = now;
                pingSentAt = 0;
                if (retired || (this != active && this != pending)) {
                    counters.supersededFrames.incrementAndGet();
                    return;
                }
                boolean data = in.kind() == Inbound.Kind.DATA;
                if (this == active && skipOverlapCopies && data) {
                    if (overlap.remove(text)) {
                        counters.supersededFrames.incrementAndGet(); // delivered by the replaced connection
                        return;
                    }
                    skipOverlapCopies = false;
                    overlap.clear();
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                counters.framesIn.incrementAndGet();
                counters.bytesIn.addAndGet(bytes.length);
                counters.lastFrameEpochNanos = now;
                Frame f = new Frame(FrameKind.WS_IN, now, connectionId, url.toString(), bytes);
                if (holding) {
                    held.add(f);
                    heldTexts.add(data ? text : null);
                    if (data) {
                        heldData.add(text);
                        if (firstDataAt == 0) {
                            firstDataAt = now;
                        }
                    }
                } else if (!deliver(f)) {
                    return;
                }
                react(in, now);
                Link replacement = pending;
                if (this == active && data && replacement != null) {
                    // from the moment a replacement is asked for: its first frames may repeat any of these
                    if (overlap.size() < MAX_HELD) {
                        overlap.add(text);
                    }
                    if (replacement.holding && replacement.heldData.contains(text)) {
                        promote(); // the streams overlap: the replacement holds what follows this frame
                    }
                } else if (holding && ((data && overlap.contains(text)) || held.size() >= MAX_HELD)) {
                    promote(); // this connection's data reached what the live one delivered
                }
            }
        }

        private void react(Inbound in, long now) {
            switch (in.kind()) {
                case DATA -> {
                    if (!gotData) {
                        gotData = true;
                        if (this == active) {
                            attempt = 0; // a connection that delivers data resets the backoff
                        }
                    }
                }
                case HEARTBEAT -> {
                    if (in.reply() != null) {
                        sendNow(in.reply(), now);
                        counters.heartbeatsAnswered.incrementAndGet();
                    }
                }
                case SUBSCRIBE_ERROR -> {
                    counters.subscribeErrors.incrementAndGet();
                    LOG.warn("{}: subscription refused: {}", name, in.detail());
                }
                case ERROR -> {
                    counters.venueErrors.incrementAndGet();
                    LOG.warn("{}: venue error: {}", name, in.detail());
                }
                case RECONNECT_NOTICE -> {
                    LOG.info("{}: venue announced a disconnect: {}", name, in.detail());
                    if (this == active) {
                        switchOver(in.detail());
                    }
                }
                case ACK, PONG, OTHER -> { }
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            synchronized (WsSession.this) {
                if (!dead) {
                    dead = true;
                    lost(this, "closed by venue: " + code + " " + reason);
                }
            }
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            synchronized (WsSession.this) {
                if (!dead) {
                    dead = true;
                    lost(this, "closed: " + code + " " + reason);
                }
            }
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            synchronized (WsSession.this) {
                if (!dead) {
                    dead = true;
                    lost(this, t.toString() + (response != null ? " (HTTP " + response.code() + ")" : ""));
                }
            }
        }

        boolean budgetAllows(int n) {
            int budget = settings.controlPerHour();
            if (budget == 0) {
                return true;
            }
            long hourAgo = now() - 3_600_000_000_000L;
            while (!controlTimes.isEmpty() && controlTimes.peekFirst() < hourAgo) {
                controlTimes.pollFirst();
            }
            return controlTimes.size() + outbox.size() + n <= budget;
        }

        boolean enqueue(String text) {
            if (dead || outbox.size() >= settings.maxOutgoing() || !budgetAllows(1)) {
                counters.outgoingRefused.incrementAndGet();
                LOG.warn("{}: outgoing message refused (queue {} / budget): {}", name, outbox.size(),
                        text.length() > 120 ? text.substring(0, 120) + "…" : text);
                return false;
            }
            outbox.add(text);
            return true;
        }

        /** Sends queued control messages at the configured pace. */
        void drain(long now) {
            if (!open || dead) {
                return;
            }
            long spacing = (long) (1_000_000_000L / settings.messagesPerSecond());
            while (!outbox.isEmpty() && now >= nextSendAt) {
                String m = outbox.pollFirst();
                if (settings.controlPerHour() > 0) {
                    controlTimes.add(now);
                }
                sendNow(m, now);
                nextSendAt = now + spacing;
            }
        }

        void sendNow(String text, long now) {
            if (!ws.send(text)) {
                counters.outgoingRefused.incrementAndGet();
                LOG.warn("{}: could not send (connection closing or send buffer full): {}", name, text);
                return;
            }
            counters.messagesOut.incrementAndGet();
            Frame f = new Frame(FrameKind.WS_OUT, now, connectionId, url.toString(),
                    text.getBytes(StandardCharsets.UTF_8));
            if (holding) {
                held.add(f);
                heldTexts.add(null);
            } else {
                deliver(f);
            }
        }
    }
}
