package io.marketprism.emulate;

import io.marketprism.capture.CaptureReader;
import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.capture.FrameSource;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves recorded frames (our capture format or a cryptofeed capture prefix) to the venue's connected clients:
 * every recorded WebSocket frame, in order, at the recorded pace divided by {@code speed} (0 = as fast as the pump
 * can), starting when the first client connects. Frames due while no client is connected (all left) are counted as
 * skipped, never silently lost; the feed ends at the end of the capture.
 */
public final class CaptureFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFeed.class);

    private final FrameSource source;
    private final String name;
    private final double speed;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean finished;
    private boolean started;
    private ScheduledFuture<?> task;
    private long firstRecordedNs = -1;
    private long startedAtNs;
    private Frame pending;

    public CaptureFeed(FrameSource source, String name, double speed) {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("capture speed must be >= 0 (0 = as fast as possible), was " + speed);
        }
        this.source = source;
        this.name = name;
        this.speed = speed;
    }

    /** Opens our capture file, or a cryptofeed capture when {@code path} is a prefix (e.g. {@code BINANCE.ws.1}). */
    public static CaptureFeed open(Path path, double speed) throws IOException {
        FrameSource s = java.nio.file.Files.isRegularFile(path) ? CaptureReader.open(path)
                : CryptofeedCapture.open(path);
        return new CaptureFeed(s, path.toString(), speed);
    }

    void start(VenueServer server, ScheduledExecutorService pump) {
        task = pump.scheduleWithFixedDelay(() -> drain(server), 0, 1, TimeUnit.MILLISECONDS);
    }

    /** Sends every frame that is due (pump thread). */
    private void drain(VenueServer server) {
        try {
            if (!started) {
                if (server.connections.isEmpty()) {
                    return; // the recording starts with the first client
                }
                started = true;
                startedAtNs = System.nanoTime();
            }
            while (!finished) {
                if (pending == null) {
                    pending = source.next();
                    if (pending == null) {
                        finished = true;
                        LOG.info("capture {} finished: {} frames sent, {} skipped (no client)", name, sent.get(),
                                skipped.get());
                        task.cancel(false);
                        return;
                    }
                    if (pending.kind() != FrameKind.WS_IN) {
                        pending = null;
                        continue;
                    }
                    if (firstRecordedNs < 0) {
                        firstRecordedNs = pending.receiveTs();
                    }
                }
                if (speed > 0) {
                    long dueNs = (long) ((pending.receiveTs() - firstRecordedNs) / speed);
                    if (System.nanoTime() - startedAtNs < dueNs) {
                        return;
                    }
                }
                if (server.connections.isEmpty()) {
                    skipped.incrementAndGet();
                } else {
                    server.broadcastRaw(pending.text());
                    sent.incrementAndGet();
                }
                pending = null;
            }
        } catch (IOException | RuntimeException e) {
            finished = true;
            task.cancel(false);
            LOG.error("capture {} stopped after {} frames: {}", name, sent.get(), e.toString());
        }
    }

    public long sent() {
        return sent.get();
    }

    /** Frames that were due while no client was connected. */
    public long skipped() {
        return skipped.get();
    }

    public boolean finished() {
        return finished;
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        try {
            source.close();
        } catch (IOException e) {
            LOG.warn("closing capture {}: {}", name, e.toString());
        }
    }
}
