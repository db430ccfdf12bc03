package io.marketprism.store;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.pipeline.BatchSink;
import io.nats.client.BaseConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
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
 * A message holds one record's JSON form or a bundle of them separated by {@code '\n'} (see
 * {@code NatsSink}); the fetch size follows the records per message so that a write holds about {@code batchSize}
 * records. Two threads: one fetches and parses, the other writes and acknowledges, with one parsed batch between
 * them, so parsing the next batch overlaps the insert of the current one. A failed write naks its batch with a
 * growing delay and pauses the writer for as long (the fetcher stops at two batches in hand). A payload line that is
 * not a record is counted and logged; a message with no record in it is terminated, so it is not redelivered forever.
 */
public final class StoreRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRunner.class);
    private static final int LOGGED_PAYLOAD_CHARS = 200;
    private static final long MAX_FETCH_BYTES = 64L << 20;

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

    /** Parsed batches waiting for the writer: one, so parsing batch N+1 overlaps the insert of batch N. */
    private final BlockingQueue<Batch> parsedBatches = new ArrayBlockingQueue<>(1);
    /** Batches fetched and not yet written: at most two (one being written, one parsed and waiting). */
    private final Semaphore batchesInHand = new Semaphore(2);

    private volatile boolean running;
    private volatile Thread thread;
    private volatile Thread writer;
    private ConsumerContext consumer;
    private long lastLagRefresh = Long.MIN_VALUE;
    private Duration backoff;
    private double recordsPerMessage = 1;

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
            consumer = connection.getConsumerContext(settings.stream(), settings.durable());
        } catch (JetStreamApiException e) {
            throw new IOException("cannot bind to NATS consumer '" + settings.durable() + "' on stream '"
                    + settings.stream() + "': " + e.getMessage(), e);
        }
        refreshLag();
        running = true;
        Thread t = new Thread(this::loop, "store-" + settings.durable());
        t.setDaemon(true);
        thread = t;
        Thread w = new Thread(this::writeLoop, "store-" + settings.durable() + "-writer");
        w.setDaemon(true);
        writer = w;
        t.start();
        w.start();
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
                if (!batchesInHand.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue; // the writer still holds two batches
                }
                List<Message> messages;
                try {
                    messages = fetch();
                } catch (IOException | JetStreamApiException | JetStreamStatusCheckedException
                         | RuntimeException e) {
                    batchesInHand.release();
                    // e.g. while disconnected: jnats reconnects, the consumer survives on the server
                    fetchErrors.incrementAndGet();
                    LOG.warn("store: fetch from '{}' failed: {}", settings.durable(), e.toString());
                    pause(settings.minBackoff());
                    continue;
                }
                if (messages.isEmpty() || !handle(messages)) {
                    batchesInHand.release();
                }
            }
        } catch (InterruptedException e) {
            LOG.info("store: consumer '{}' interrupted", settings.durable());
        } finally {
            running = false;
        }
    }

    /**
     * Parses a fetched batch and hands it to the writer (waiting while the writer still holds the one before);
     * false when there was nothing to hand over.
     */
    private boolean handle(List<Message> messages) throws InterruptedException {
        fetched.addAndGet(messages.size());
        List<MarketRecord> records = new ArrayList<>(messages.size());
        List<Message> parsed = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (m.isJetStream() && m.metaData().deliveredCount() > 1) {
                redelivered.incrementAndGet();
            }
            int before = records.size();
            int bad = readRecords(m, records);
            if (records.size() > before) {
                parsed.add(m); // acknowledged after the write; its bad lines (counted, logged) are not retried
            } else if (bad > 0) {
                m.term();
            }
        }
        observeRecordsPerMessage(messages.size(), records.size());
        if (records.isEmpty()) {
            return false;
        }
        Batch batch = new Batch(records, parsed);
        while (!parsedBatches.offer(batch, 50, TimeUnit.MILLISECONDS)) {
            if (!running) {
                // stopping: give the messages back at once rather than after ack wait
                nakAll(batch.messages(), Duration.ZERO);
                return false;
            }
        }
        return true;
    }

    /** The writer thread: writes each parsed batch, then acknowledges its messages; ends after the fetch loop. */
    private void writeLoop() {
        try {
            while (true) {
                Batch b = parsedBatches.poll(50, TimeUnit.MILLISECONDS);
                if (b != null) {
                    try {
                        write(b);
                    } finally {
                        batchesInHand.release();
                    }
                } else if (!running && !isAlive(thread)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            LOG.info("store: writer of consumer '{}' interrupted", settings.durable());
            Batch left = parsedBatches.poll();
            if (left != null) {
                nakAll(left.messages(), Duration.ZERO);
            }
        }
    }

    private void write(Batch batch) throws InterruptedException {
        List<MarketRecord> records = batch.records();
        try {
            sink.write(records);
        } catch (IOException | RuntimeException e) {
            writeFailures.incrementAndGet();
            Duration delay = backoff;
            backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            LOG.warn("store: writing {} records to '{}' failed ({}); nak with redelivery in {}", records.size(),
                    sink.name(), e.toString(), delay);
            nakAll(batch.messages(), delay);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during write");
            }
            pause(delay);
            return;
        }
        backoff = settings.minBackoff();
        written.addAndGet(records.size());
        batches.incrementAndGet();
        for (Message m : batch.messages()) {
            m.ack();
            acked.incrementAndGet();
        }
    }

    private void nakAll(List<Message> messages, Duration delay) {
        for (Message m : messages) {
            try {
                if (delay.isZero()) {
                    m.nak();
                } else {
                    m.nakWithDelay(delay);
                }
                naked.incrementAndGet();
            } catch (RuntimeException nakFailed) {
                // connection gone: the server redelivers after ack wait anyway
                LOG.warn("store: nak failed ({}); the message comes back after ack wait {}", nakFailed.toString(),
                        settings.ackWait());
                return;
            }
        }
    }

    private static boolean isAlive(Thread t) {
        return t != null && t.isAlive();
    }

    private record Batch(List<MarketRecord> records, List<Message> messages) {
    }

    /**
     * Adds the records of one message: one JSON form, or a bundle of them separated by {@code '\n'}. A line that is
     * not a record is counted and logged with the subject and its start; returns how many lines failed.
     */
    private int readRecords(Message m, List<MarketRecord> out) {
        byte[] data = m.getData();
        int bad = 0;
        // one parser for the whole bundle; line by line from the first line it could not read
        int start = RecordJson.readBundle(data, out::add);
        while (start <= data.length) {
            int end = start;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (end > start || data.length == 0) {
                try {
                    out.add(RecordJson.read(data, start, end - start));
                } catch (RuntimeException e) {
                    bad++;
                    unparsable.incrementAndGet();
                    String line = new String(data, start, Math.min(end - start, LOGGED_PAYLOAD_CHARS),
                            StandardCharsets.UTF_8);
                    LOG.error("store: dropping a payload line on '{}' that is not a record ({}); it starts: {}",
                            m.getSubject(), e.getMessage(), end - start > LOGGED_PAYLOAD_CHARS ? line + "..." : line);
                }
            }
            start = end + 1;
        }
        return bad;
    }

    /**
     * One pull request for about {@code batchSize} records and at most {@value #MAX_FETCH_BYTES} bytes (so a bundle
     * size that grows suddenly cannot flood the process); it returns as soon as either is reached, or after the fetch
     * wait (at least 1 s, jnats' minimum) with what arrived.
     */
    private List<Message> fetch() throws IOException, JetStreamApiException, JetStreamStatusCheckedException,
            InterruptedException {
        FetchConsumeOptions options = FetchConsumeOptions.builder().maxMessages(fetchSize())
                .maxBytes(MAX_FETCH_BYTES)
                .expiresIn(Math.max(BaseConsumeOptions.MIN_EXPIRES_MILLS, settings.fetchWait().toMillis())).build();
        List<Message> out = new ArrayList<>();
        FetchConsumer fc = consumer.fetch(options);
        try {
            Message m;
            while ((m = fc.nextMessage()) != null) {
                out.add(m);
            }
        } finally {
            try {
                fc.close();
            } catch (Exception e) {
                LOG.debug("store: closing a fetch failed: {}", e.toString());
            }
        }
        return out;
    }

    /** Follows the records per message (bundles), so that a fetch brings about {@code batchSize} records. */
    private void observeRecordsPerMessage(int messages, int records) {
        if (messages > 0 && records > 0) {
            recordsPerMessage = 0.5 * recordsPerMessage + 0.5 * records / messages;
        }
    }

    /** Messages to fetch next: {@code batchSize} records' worth at the records per message seen so far. */
    int fetchSize() {
        return (int) Math.max(1, Math.min(settings.batchSize(), Math.round(settings.batchSize() / recordsPerMessage)));
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
     * Stops fetching, then lets the writer finish the batches already parsed (written and acknowledged); a thread
     * that takes longer than {@code timeout} is interrupted (its batch is then nak'd or redelivered after ack wait).
     * The durable consumer stays on the server for the other processes and the next start.
     */
    public void stop(Duration timeout) throws InterruptedException {
        running = false;
        for (Thread t : new Thread[] {thread, writer}) {
            if (t != null) {
                t.join(timeout.toMillis());
                if (t.isAlive()) {
                    LOG.warn("store: {} did not stop within {}; interrupting it", t.getName(), timeout);
                    t.interrupt();
                    t.join(timeout.toMillis());
                }
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

    /** Payload lines that were not records (dropped and logged; a message with no record left is terminated). */
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
