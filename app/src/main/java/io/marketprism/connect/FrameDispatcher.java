package io.marketprism.connect;

import io.marketprism.venue.Frame;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands frames from the socket reader threads (and REST calls) to one consumer thread, in arrival order. The queue
 * is bounded: a producer that finds it full waits up to {@code offerTimeout} (which slows the socket down: TCP
 * backpressure) and then gets {@code false}, never a silent drop. A WebSocket session answers {@code false} by
 * dropping its connection and reconnecting (books re-sync), a REST call by failing; both count it.
 */
public final class FrameDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);
    private static final Frame STOP = new Frame(io.marketprism.venue.FrameKind.WS_OUT, 0, -1, "", new byte[0]);

    private final BlockingQueue<Frame> queue;
    private final Consumer<Frame> consumer;
    private final long offerTimeoutNanos;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong consumerErrors = new AtomicLong();
    private volatile boolean closed;

    public FrameDispatcher(String name, int capacity, Duration offerTimeout, Consumer<Frame> consumer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("frame queue capacity must be >= 1, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.consumer = consumer;
        this.offerTimeoutNanos = offerTimeout.toNanos();
        this.thread = new Thread(this::run, "frames-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a frame; false when the queue stayed full for the offer timeout or the dispatcher is closed. */
    public boolean offer(Frame frame) {
        if (closed) {
            rejected.incrementAndGet();
            return false;
        }
        if (queue.offer(frame)) {
            return true;
        }
        waits.incrementAndGet();
        try {
            if (queue.offer(frame, offerTimeoutNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rejected.incrementAndGet();
        return false;
    }

    private void run() {
        while (true) {
            Frame f;
            try {
                f = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (f == STOP) {
                return;
            }
            try {
                consumer.accept(f);
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                consumerErrors.incrementAndGet();
                LOG.error("frame consumer failed on {} frame of {}: {}", f.kind(), f.url(), e.toString(), e);
            }
        }
    }

    public int queued() {
        return queue.size();
    }

    public long delivered() {
        return delivered.get();
    }

    /** Offers that found the queue full and had to wait (the consumer is slower than the sockets). */
    public long waits() {
        return waits.get();
    }

    /** Offers refused after waiting the full timeout, or after close. */
    public long rejected() {
        return rejected.get();
    }

    public long consumerErrors() {
        return consumerErrors.get();
    }

    /** Delivers what is queued, then stops the consumer thread (waits at most {@code timeout}). */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(STOP);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
