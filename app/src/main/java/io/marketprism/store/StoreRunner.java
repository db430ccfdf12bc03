package io.marketprism.store;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.pipeline.BatchSink;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code store} loop: a durable JetStream pull consumer (shared by every store process with the same durable
 * name, which is how store scales out) → {@link RecordJson#read} → one {@link BatchSink#write} per fetched batch →
 * ack of every message of the batch. A message is acknowledged only after write() returned, so a crash or kill
 * before that leaves it to be redelivered (after ack-wait) to any process; the sink de-duplicates by event id.
 * A failed write naks the batch with a growing delay and pauses the loop for as long. A payload that is not a
 * record is counted, logged and terminated, so it is not redelivered forever.
 */
public final class StoreRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRunner.class);
    private static final int LOGGED_PAYLOAD_CHARS = 200;

    private final Connection connection;
    private final StoreSettings settings;
    private final BatchSink sink;
    private final LongSupplier nanoTime;

    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong naked = new AtomicLong();
    private final AtomicLong unparsable = new AtomicLong();
    private final AtomicLong fetchErrors = new AtomicLong();
    private final AtomicLong lagPending = new AtomicLong(-1);
    private final AtomicLong ackPending = new AtomicLong(-1);

    private volatile boolean running;
    private volatile Thread thread;
    private JetStreamSubscription subscription;
    private long lastLagRefresh = Long.MIN_VALUE;
    private Duration backoff;

    /**
     * @param sink     where batches go (ClickHouse in production); not closed by the runner
     * @param nanoTime monotonic clock for the lag refresh interval ({@code System::nanoTime} in production)
     */
    public StoreRunner(Connection connection, StoreSettings settings, BatchSink sink, LongSupplier nanoTime) {
        this.connection = connection;
        this.settings = settings;
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.backoff = settings.minBackoff();
    }

    /**
     * Creates the durable consumer if it is absent (its existing configuration is left as it is: other processes
     * share it), binds to it and starts the loop in a thread named {@code store-<durable>}.
     *
     * @throws IOException naming the stream and consumer when the server refuses
     */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        ensureConsumer();
        try {
            subscription = connection.jetStream().subscribe(settings.filterSubject(),
                    PullSubscribeOptions.bind(settings.stream(), settings.durable()));
        } catch (JetStreamApiException e) {
            throw new IOException("cannot bind to NATS consumer '" + settings.durable() + "' on stream '"
                    + settings.stream() + "': " + e.getMessage(), e);
        }
        refreshLag();
        running = true;
        Thread t = new Thread(this::loop, "store-" + settings.durable());
        t.setDaemon(true);
        thread = t;
        t.start();
        LOG.info("store: consuming stream '{}' with durable consumer '{}' (batch {} / {}) into sink '{}'",
                settings.stream(), settings.durable(), settings.batchSize(), settings.fetchWait(), sink.name());
    }

    private void ensureConsumer() throws IOException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        try {
            jsm.getConsumerInfo(settings.stream(), settings.durable());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10014) { // consumer not found
                throw new IOException("cannot read NATS consumer '" + settings.durable() + "' on stream '"
                        + settings.stream() + "': " + e.getMessage()
                        + (e.getApiErrorCode() == 10059 ? " (create the stream first: nats.streams)" : ""), e);
            }
        }
        ConsumerConfiguration.Builder cc = ConsumerConfiguration.builder().durable(settings.durable())
                .ackPolicy(AckPolicy.Explicit).deliverPolicy(DeliverPolicy.All).ackWait(settings.ackWait())
                .maxAckPending(settings.maxAckPending());
        if (settings.filterSubject() != null) {
            cc.filterSubject(settings.filterSubject());
        }
        try {
            jsm.addOrUpdateConsumer(settings.stream(), cc.build());
            LOG.info("store: created durable consumer '{}' on stream '{}' (ack wait {}, max ack pending {})",
                    settings.durable(), settings.stream(), settings.ackWait(), settings.maxAckPending());
        } catch (JetStreamApiException e) {
            throw new IOException("cannot create NATS consumer '" + settings.durable() + "' on stream '"
                    + settings.stream() + "': " + e.getMessage(), e);
        }
    }

    private void loop() {
        try {
            while (running) {
                if (connection.getStatus() == Connection.Status.CLOSED) {
                    LOG.error("store: NATS connection closed; consumer '{}' stops", settings.durable());
                    break;
                }
                maybeRefreshLag();
                List<Message> messages;
                try {
                    messages = subscription.fetch(settings.batchSize(), settings.fetchWait());
                } catch (RuntimeException e) {
                    // e.g. while disconnected: jnats reconnects, the consumer survives on the server
                    fetchErrors.incrementAndGet();
                    LOG.warn("store: fetch from '{}' failed: {}", settings.durable(), e.toString());
                    pause(settings.minBackoff());
                    continue;
                }
                if (!messages.isEmpty()) {
                    handle(messages);
                }
            }
        } catch (InterruptedException e) {
            LOG.info("store: consumer '{}' interrupted", settings.durable());
        } finally {
            running = false;
        }
    }

    private void handle(List<Message> messages) throws InterruptedException {
        fetched.addAndGet(messages.size());
        List<MarketRecord> records = new ArrayList<>(messages.size());
        List<Message> parsed = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (m.isJetStream() && m.metaData().deliveredCount() > 1) {
                redelivered.incrementAndGet();
            }
            try {
                records.add(RecordJson.read(m.getData()));
                parsed.add(m);
            } catch (RuntimeException e) {
                unparsable.incrementAndGet();
                String payload = new String(m.getData(), StandardCharsets.UTF_8);
                LOG.error("store: terminating a message on '{}' that is not a record ({}); payload starts: {}",
                        m.getSubject(), e.getMessage(), payload.length() > LOGGED_PAYLOAD_CHARS
                                ? payload.substring(0, LOGGED_PAYLOAD_CHARS) + "..." : payload);
                m.term();
            }
        }
        if (records.isEmpty()) {
            return;
        }
        try {
            sink.write(records);
        } catch (IOException | RuntimeException e) {
            writeFailures.incrementAndGet();
            Duration delay = backoff;
            backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            LOG.warn("store: writing {} records to '{}' failed ({}); nak with redelivery in {}", records.size(),
                    sink.name(), e.toString(), delay);
            for (Message m : parsed) {
                try {
                    m.nakWithDelay(delay);
                    naked.incrementAndGet();
                } catch (RuntimeException nakFailed) {
                    // connection gone: the server redelivers after ack wait anyway
                    LOG.warn("store: nak failed ({}); the message comes back after ack wait {}", nakFailed.toString(),
                            settings.ackWait());
                    break;
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during write");
            }
            pause(delay);
            return;
        }
        backoff = settings.minBackoff();
        written.addAndGet(records.size());
        batches.incrementAndGet();
        for (Message m : parsed) {
            m.ack();
            acked.incrementAndGet();
        }
    }

    private void pause(Duration d) throws InterruptedException {
        long end = nanoTime.getAsLong() + d.toNanos();
        while (running) {
            long left = end - nanoTime.getAsLong();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private void maybeRefreshLag() {
        long now = nanoTime.getAsLong();
        if (lastLagRefresh == Long.MIN_VALUE || now - lastLagRefresh >= settings.lagRefresh().toNanos()) {
            lastLagRefresh = now;
            refreshLag();
        }
    }

    /** Reads the consumer's pending counts from the server now; failures are logged and leave the old values. */
    public void refreshLag() {
        try {
            ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(settings.stream(),
                    settings.durable());
            lagPending.set(info.getNumPending());
            ackPending.set(info.getNumAckPending());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("store: cannot read lag of consumer '{}': {}", settings.durable(), e.toString());
        }
    }

    /**
     * Stops after the batch in hand is written and acknowledged; if that takes longer than {@code timeout} the loop
     * is interrupted (its batch is then nak'd or redelivered after ack wait). The durable consumer stays on the
     * server for the other processes and the next start.
     */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.join(timeout.toMillis());
            if (t.isAlive()) {
                LOG.warn("store: consumer '{}' did not stop within {}; interrupting its write", settings.durable(),
                        timeout);
                t.interrupt();
                t.join(timeout.toMillis());
            }
        }
        JetStreamSubscription sub = subscription;
        if (sub != null && connection.getStatus() != Connection.Status.CLOSED) {
            try {
                sub.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("store: unsubscribe failed: {}", e.toString());
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Messages received from the consumer. */
    public long fetched() {
        return fetched.get();
    }

    /** Records handed to the sink in successful writes. */
    public long written() {
        return written.get();
    }

    public long acked() {
        return acked.get();
    }

    /** Successful writes. */
    public long batches() {
        return batches.get();
    }

    /** Messages received that had been delivered before (after a crash, a nak or an ack timeout). */
    public long redelivered() {
        return redelivered.get();
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    public long naked() {
        return naked.get();
    }

    /** Messages that were not records and were terminated. */
    public long unparsable() {
        return unparsable.get();
    }

    public long fetchErrors() {
        return fetchErrors.get();
    }

    /** Consumer lag: messages in the stream not yet delivered to any process (-1 before the first read). */
    public long lag() {
        return lagPending.get();
    }

    /** Messages delivered to some process and not yet acknowledged (-1 before the first read). */
    public long ackPending() {
        return ackPending.get();
    }
}
