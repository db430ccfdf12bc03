package io.marketprism.pipeline;

import io.marketprism.model.MarketRecord;
import io.marketprism.sink.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers records to several sinks, each through its own bounded queue and worker thread, in batches (by size and
 * by time). A slow sink slows only its producer (policy block) or overflows into its spool (policy spool); a failing
 * sink's batches go to its on-disk spool and are retried with exponential backoff and drained in order. Accepted
 * records are never discarded: they are written, queued, in the spool, or (only under the spool's drop-newest
 * policy) counted as dropped.
 *
 * <p>Not for concurrent producers: {@link #accept} is called by one ingest thread.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** How long an idle worker sleeps before looking at its stop flag and spool again. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Spool batches drained per step before the worker looks at its queue again. */
    private static final int DRAIN_STEP = 16;

    private final PipelineSettings settings;
    private final LongSupplier nanoTime;
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Opens every sink's spool ({@code spoolRoot/<sink name>}) and starts the workers; a spool left by an earlier
     * run is drained before new records.
     */
    public Pipeline(List<BatchSink> sinks, PipelineSettings settings, LongSupplier nanoTime) throws IOException {
        this.settings = settings;
        this.nanoTime = nanoTime;
        try {
            for (BatchSink sink : sinks) {
                if (!sink.name().matches("[A-Za-z0-9_-]+")) {
                    throw new IllegalArgumentException("sink name '" + sink.name() + "' may only hold letters, "
                            + "digits, '-' and '_' (it names the spool folder)");
                }
                Spool spool = Spool.open(settings.spoolRoot().resolve(sink.name()), settings.spool(), nanoTime);
                lanes.add(new Lane(sink, spool));
            }
        } catch (IOException | RuntimeException e) {
            for (Lane l : lanes) {
                l.spool.close();
            }
            throw e;
        }
        lanes.forEach(Lane::start);
    }

    public Pipeline(List<BatchSink> sinks, PipelineSettings settings) throws IOException {
        this(sinks, settings, System::nanoTime);
    }

    /** Hands one record to every sink; may wait for room (policy block). Throws once the pipeline is closing. */
    public void accept(MarketRecord record) {
        if (closed) {
            throw new IllegalStateException("pipeline is closed: no more records are accepted");
        }
        for (Lane lane : lanes) {
            lane.offer(record);
        }
    }

    public void acceptAll(List<MarketRecord> records) {
        for (MarketRecord r : records) {
            accept(r);
        }
    }

    /** Per-sink counters, in sink order. */
    public List<SinkStats> stats() {
        List<SinkStats> out = new ArrayList<>(lanes.size());
        lanes.forEach(l -> out.add(l.stats));
        return out;
    }

    /** True while any sink's spool is at its bound (for health). */
    public boolean anySpoolFull() {
        return lanes.stream().anyMatch(l -> l.spool.isFull());
    }

    /**
     * Stops accepting, lets every worker write its queue (and drain its spool) until {@code bound} has passed, then
     * puts whatever is left into the spools (logged with counts), closes spools and sinks.
     */
    public void close(Duration bound) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = nanoTime.getAsLong() + bound.toNanos();
        for (Lane lane : lanes) {
            lane.deadline = deadline;
            lane.stopping = true;
        }
        for (Lane lane : lanes) {
            lane.join(Math.max(0, deadline - nanoTime.getAsLong()) + TimeUnit.SECONDS.toNanos(5));
        }
        IOException first = null;
        for (Lane lane : lanes) {
            try {
                lane.finish();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() throws IOException {
        close(Duration.ofSeconds(30));
    }

    /** One sink: its queue, spool, counters and worker. */
    private final class Lane implements Runnable {
        private final BatchSink sink;
        private final Spool spool;
        private final ArrayBlockingQueue<MarketRecord> queue;
        private final SinkStats stats;
        private final Backoff backoff;
        private final Thread worker;
        private final Object overflowLock = new Object();
        /** Policy spool: set when the queue overflowed; new records go to the spool until it is drained. */
        private boolean overflowMode;
        /** The spool holds batches older than the queue (a write failed or an earlier run left them). */
        private volatile boolean backlog;
        private volatile boolean stopping;
        private volatile long deadline;
        private long nextRetryNanos;
        /** Taken from the queue, neither written nor spooled yet. */
        private List<MarketRecord> hand;
        /** The pipeline's batching, raised to what the sink prefers (a store that wants few large inserts). */
        private final int maxBatch;
        private final long lingerNanos;

        Lane(BatchSink sink, Spool spool) {
            this.sink = sink;
            this.spool = spool;
            this.maxBatch = Math.min(settings.queueCapacity(), Math.max(settings.maxBatch(), sink.preferredBatch()));
            this.lingerNanos = Math.max(settings.linger().toNanos(), sink.preferredLinger().toNanos());
            this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
            this.stats = new SinkStats(sink.name(), queue, spool);
            this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
            this.worker = new Thread(this, "pipeline-" + sink.name());
            this.worker.setDaemon(true);
            if (!spool.isEmpty()) {
                backlog = true;
                stats.state.set(SinkStats.State.SPOOLING);
            }
        }

        void start() {
            worker.start();
        }

        void offer(MarketRecord r) {
            stats.recordsIn.incrementAndGet();
            if (settings.overflow() == PipelineSettings.OverflowPolicy.SPOOL) {
                offerOrSpool(r);
                return;
            }
            if (queue.offer(r)) {
                return;
            }
            stats.producerWaits.incrementAndGet();
            try {
                queue.put(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("sink {}: producer interrupted while waiting for queue room; the record goes to the spool",
                        sink.name());
                spoolFromProducer(new ArrayList<>(List.of(r)));
            }
        }

        private void offerOrSpool(MarketRecord r) {
            synchronized (overflowLock) {
                if (!overflowMode && queue.offer(r)) {
                    return;
                }
                if (!overflowMode) {
                    overflowMode = true;
                    stats.state.compareAndSet(SinkStats.State.HEALTHY, SinkStats.State.SPOOLING);
                    LOG.warn("sink {}: queue full ({} records); overflow goes to the spool {} until it is drained",
                            sink.name(), settings.queueCapacity(), spool.directory());
                }
                // keep order: what is still queued is older than this record, so it goes to the spool first
                List<MarketRecord> batch = new ArrayList<>(queue.size() + 1);
                queue.drainTo(batch);
                batch.add(r);
                spoolFromProducer(batch);
            }
        }

        private void spoolFromProducer(List<MarketRecord> batch) {
            try {
                while (spool.append(batch, Duration.ofSeconds(1)) == Spool.Outcome.FULL) {
                    stats.producerWaits.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException("sink " + sink.name() + ": cannot write its spool "
                        + spool.directory() + " (" + e.getMessage() + "): free disk space or fix permissions", e);
            }
        }

        @Override
        public void run() {
            try {
                loop();
            } catch (IOException | RuntimeException e) {
                LOG.error("sink {}: pipeline worker stopped by an error; {} records queued, {} in hand are moved to "
                        + "the spool at close", sink.name(), queue.size(), hand == null ? 0 : hand.size(), e);
            }
        }

        private void loop() throws IOException {
            while (true) {
                boolean late = stopping && nanoTime.getAsLong() - deadline >= 0;
                if (late) {
                    return;
                }
                if (hand == null) {
                    hand = take();
                }
                if (!spool.isEmpty() && nanoTime.getAsLong() - nextRetryNanos >= 0) {
                    drainStep();
                }
                if (hand != null) {
                    // with a failure backlog the spool is older than the hand: keep order by spooling it behind;
                    // overflow (policy spool) only puts newer records there, so the hand is written first
                    if (backlog) {
                        spoolHand();
                    } else {
                        writeHand();
                    }
                }
                if (stopping && hand == null && queue.isEmpty() && spool.isEmpty()) {
                    return;
                }
            }
        }

        /** Up to maxBatch records: waits for the first (bounded), then at most linger for more. */
        private List<MarketRecord> take() {
            long wait = IDLE_NANOS;
            if (!spool.isEmpty()) {
                wait = Math.max(0, Math.min(wait, nextRetryNanos - nanoTime.getAsLong()));
            }
            MarketRecord first;
            try {
                first = wait == 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (first == null) {
                return null;
            }
            List<MarketRecord> batch = new ArrayList<>(Math.min(maxBatch, 1024));
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            long until = nanoTime.getAsLong() + lingerNanos;
            while (batch.size() < maxBatch && !stopping) {
                long left = until - nanoTime.getAsLong();
                if (left <= 0) {
                    break;
                }
                MarketRecord r;
                try {
                    // in slices, so that a close() during a long linger is noticed at once
                    r = queue.poll(Math.min(left, IDLE_NANOS), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (r == null) {
                    continue;
                }
                batch.add(r);
                queue.drainTo(batch, maxBatch - batch.size());
            }
            return batch;
        }

        private void writeHand() throws IOException {
            if (write(hand)) {
                hand = null;
            } else {
                backlog = true;
                spoolHand();
            }
        }

        /** Moves the hand to the spool; when the spool is full (policy block) keeps it and waits for a retry. */
        private void spoolHand() throws IOException {
            long wait = Math.max(0, Math.min(nextRetryNanos - nanoTime.getAsLong(), IDLE_NANOS));
            Spool.Outcome o = spool.append(hand, Duration.ofNanos(wait));
            if (o != Spool.Outcome.FULL) {
                hand = null;
            } else if (wait == 0) {
                // the retry is due now: loop back to drain; nothing to wait for here
                Thread.onSpinWait();
            }
        }

        /** Writes the oldest spool batches while the sink takes them; on success of the last, back to direct. */
        private void drainStep() throws IOException {
            for (int i = 0; i < DRAIN_STEP; i++) {
                var entry = spool.peek();
                if (entry.isEmpty()) {
                    break;
                }
                if (!write(entry.get().records())) {
                    return;
                }
                spool.commit(entry.get());
                stats.state.set(SinkStats.State.SPOOLING);
            }
            synchronized (overflowLock) {
                if (spool.isEmpty()) {
                    if (backlog || overflowMode) {
                        LOG.info("sink {}: spool drained ({} records so far); writing directly again", sink.name(),
                                spool.drainedRecords());
                    }
                    backlog = false;
                    overflowMode = false;
                    stats.state.set(SinkStats.State.HEALTHY);
                }
            }
        }

        /** One write call; on failure counts it, marks the sink failing and schedules the next retry. */
        private boolean write(List<MarketRecord> batch) {
            long t0 = nanoTime.getAsLong();
            try {
                sink.write(batch);
            } catch (IOException | RuntimeException e) {
                stats.failures.incrementAndGet();
                long delay = backoff.failedNanos();
                nextRetryNanos = nanoTime.getAsLong() + delay;
                stats.state.set(SinkStats.State.FAILING);
                LOG.warn("sink {}: write of {} records failed ({}); batches go to the spool, retry in {} ms "
                        + "(failure {} in a row)", sink.name(), batch.size(), e.toString(),
                        TimeUnit.NANOSECONDS.toMillis(delay), backoff.consecutiveFailures());
                return false;
            }
            stats.written(batch.size(), nanoTime.getAsLong() - t0);
            if (backoff.consecutiveFailures() > 0) {
                LOG.info("sink {}: writes succeed again", sink.name());
            }
            backoff.succeeded();
            return true;
        }

        void join(long nanos) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** After the worker stopped: spools the leftovers (over the bound if need be), closes spool and sink. */
        void finish() throws IOException {
            try {
                if (worker.isAlive()) {
                    LOG.error("sink {}: worker still busy (stuck in write?) after the close bound; its in-flight "
                            + "batch may be written twice or not at all", sink.name());
                }
                List<MarketRecord> left = new ArrayList<>();
                if (hand != null && !worker.isAlive()) {
                    left.addAll(hand);
                    hand = null;
                }
                queue.drainTo(left);
                if (!left.isEmpty()) {
                    LOG.warn("sink {}: {} records not written within the close bound go to the spool {}", sink.name(),
                            left.size(), spool.directory());
                    spool.appendOverBound(left);
                }
                if (!spool.isEmpty()) {
                    LOG.warn("sink {}: spool {} keeps {} records for the next start", sink.name(),
                            spool.directory(), spool.pendingRecords());
                }
                LOG.info("sink {} closed: {}", sink.name(), stats);
            } finally {
                try {
                    spool.close();
                } finally {
                    sink.close();
                }
            }
        }
    }
}
