package io.marketprism.sink.nats;

import io.marketprism.model.EventIds;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.pipeline.BatchSink;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes record batches to NATS. JetStream types: asynchronous publishes with at most
 * {@link NatsSettings.Publish#maxInFlight()} acks outstanding, then {@link #write} waits for every ack of the batch;
 * a failed or timed-out ack is re-published with the same {@code Nats-Msg-Id} (so the stream keeps one copy) up to
 * {@link NatsSettings.Publish#maxAttempts()} tries, after which write() throws and the pipeline spools the batch.
 * Core types: plain publish and a flush, no persistence and no de-duplication (a retried batch may repeat them).
 * With {@link NatsSettings.Publish#recordsPerMessage()} above 1, each batch's JetStream records are bundled per
 * subject (in order) into messages of up to that many records, newline-separated, with a {@value #RECORDS} header:
 * JetStream's cost is per message, so bundles multiply the records per second the bus carries.
 */
public final class NatsSink implements BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(NatsSink.class);
    static final String MSG_ID = "Nats-Msg-Id";
    /** Header of a bundle: how many records its payload holds (absent on single-record messages). */
    static final String RECORDS = "MarketPrism-Records";
    private static final long DEFAULT_MAX_PAYLOAD = 1024 * 1024;
    private static final int HEADER_ROOM = 4096;

    private final Connection connection;
    private final JetStream jetStream;
    private final NatsSettings settings;
    private final Subjects subjects;
    private final boolean ownsConnection;
    private final LongSupplier nanoTime;
    private final Semaphore permits;
    private final LatencySamples latency = new LatencySamples(65_536);
    private final int maxBundleBytes;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong recordsAcked = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong ackFailures = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong corePublished = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlightSeen = new AtomicInteger();

    /**
     * @param ownsConnection whether {@link #close()} closes the connection
     * @param nanoTime       monotonic clock for latencies ({@code System::nanoTime} in production)
     */
    public NatsSink(Connection connection, NatsSettings settings, boolean ownsConnection, LongSupplier nanoTime)
            throws IOException {
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.settings = settings;
        this.subjects = new Subjects(settings.subjectPrefix());
        this.ownsConnection = ownsConnection;
        this.nanoTime = nanoTime;
        this.permits = new Semaphore(settings.publish().maxInFlight());
        // headers count against the server's max_payload too: leave them room
        long serverMax = connection.getServerInfo() == null ? DEFAULT_MAX_PAYLOAD
                : connection.getServerInfo().getMaxPayload();
        this.maxBundleBytes = (int) Math.max(1024, Math.min(serverMax, DEFAULT_MAX_PAYLOAD) - HEADER_ROOM);
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public void write(List<MarketRecord> batch) throws IOException {
        int perMessage = settings.publish().recordsPerMessage();
        List<Outgoing> js = new ArrayList<>(perMessage == 1 ? batch.size() : 64);
        Map<String, Bundle> open = perMessage == 1 ? null : new LinkedHashMap<>();
        int core = 0;
        for (MarketRecord r : batch) {
            String subject = subjects.of(r);
            if (settings.modeOf(r.type()) == NatsSettings.Mode.CORE) {
                publishCore(new Outgoing(subject, EventIds.of(r), RecordJson.writeBytes(r), 1));
                core++;
            } else if (open == null) {
                js.add(new Outgoing(subject, EventIds.of(r), RecordJson.writeBytes(r), 1));
            } else {
                byte[] json = RecordJson.writeBytes(r);
                Bundle b = open.computeIfAbsent(subject, Bundle::new);
                if (!b.add(r, json, perMessage, maxBundleBytes)) {
                    js.add(b.toMessage());
                    b = new Bundle(subject);
                    b.add(r, json, perMessage, maxBundleBytes);
                    open.put(subject, b);
                }
            }
        }
        if (open != null) {
            open.values().forEach(b -> js.add(b.toMessage()));
        }
        if (core > 0) {
            flushCore(core);
        }
        if (!js.isEmpty()) {
            publishJetStream(js);
        }
    }

    private void publishCore(Outgoing m) throws IOException {
        try {
            connection.publish(m.subject, m.headers(), m.payload);
            corePublished.incrementAndGet();
        } catch (IllegalStateException e) {
            failedWrites.incrementAndGet();
            throw new IOException("NATS core publish to " + m.subject + " failed: " + e.getMessage(), e);
        }
    }

    private void flushCore(int count) throws IOException {
        try {
            connection.flush(settings.publish().ackTimeout());
        } catch (TimeoutException | IllegalStateException e) {
            failedWrites.incrementAndGet();
            throw new IOException("NATS core publish of " + count + " messages was not flushed to the server within "
                    + settings.publish().ackTimeout() + " (connection " + connection.getStatus() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while flushing NATS core publishes", e);
        }
    }

    private void publishJetStream(List<Outgoing> all) throws IOException {
        NatsSettings.Publish p = settings.publish();
        List<Outgoing> pending = all;
        AtomicReference<Throwable> lastError = new AtomicReference<>();
        for (int attempt = 1; attempt <= p.maxAttempts(); attempt++) {
            if (attempt > 1) {
                retries.addAndGet(pending.size());
                LOG.warn("NATS: re-publishing {} of {} messages (attempt {} of {}), last error: {}", pending.size(),
                        all.size(), attempt, p.maxAttempts(), describe(lastError.get()));
                sleep(p.retryBackoff().multipliedBy(1L << Math.min(attempt - 2, 6)));
            }
            pending = publishOnce(pending, lastError);
            if (pending.isEmpty()) {
                return;
            }
        }
        failedWrites.incrementAndGet();
        throw new IOException("NATS JetStream: " + pending.size() + " of " + all.size() + " messages were not "
                + "acknowledged after " + p.maxAttempts() + " attempts (first subject " + pending.get(0).subject
                + "); last error: " + describe(lastError.get()), lastError.get());
    }

    /** Publishes every message once, keeping at most maxInFlight acks outstanding; returns those not acked. */
    private List<Outgoing> publishOnce(List<Outgoing> messages, AtomicReference<Throwable> lastError)
            throws IOException {
        Duration ackTimeout = settings.publish().ackTimeout();
        ConcurrentLinkedQueue<Outgoing> failed = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> futures = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Outgoing m = messages.get(i);
            if (!acquire(ackTimeout.multipliedBy(2))) {
                // Outstanding acks always end within ackTimeout; this guards against a library that never answers.
                lastError.set(new TimeoutException("no publish slot freed within " + ackTimeout.multipliedBy(2)));
                failed.addAll(messages.subList(i, messages.size()));
                ackFailures.addAndGet(messages.size() - i);
                break;
            }
            int now = inFlight.incrementAndGet();
            maxInFlightSeen.accumulateAndGet(now, Math::max);
            long start = nanoTime.getAsLong();
            CompletableFuture<PublishAck> f;
            try {
                published.incrementAndGet();
                f = jetStream.publishAsync(m.subject, m.headers(), m.payload);
            } catch (RuntimeException e) {
                // e.g. connection closed or reconnect buffer full
                release();
                lastError.set(e);
                ackFailures.incrementAndGet();
                failed.add(m);
                continue;
            }
            futures.add(f.orTimeout(ackTimeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ack, err) -> {
                release();
                if (err != null) {
                    lastError.set(err);
                    ackFailures.incrementAndGet();
                    failed.add(m);
                } else {
                    acked.incrementAndGet();
                    recordsAcked.addAndGet(m.records);
                    if (ack.isDuplicate()) {
                        duplicates.incrementAndGet();
                    }
                    latency.record(nanoTime.getAsLong() - start);
                }
            }));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                    .get(ackTimeout.multipliedBy(2).toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for NATS acks", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("NATS acks did not complete: " + e, e);
        }
        return new ArrayList<>(failed);
    }

    private boolean acquire(Duration max) throws IOException {
        try {
            return permits.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a NATS publish slot", e);
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        permits.release();
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during NATS retry backoff", e);
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "none";
        }
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof TimeoutException) {
            return "ack timed out";
        }
        String text = c.toString();
        return text.contains("503") ? text + " (no JetStream stream takes this subject: add one to nats.streams)"
                : text;
    }

    @Override
    public void close() throws IOException {
        if (!ownsConnection) {
            return;
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the NATS connection", e);
        }
    }

    /** JetStream publishes sent, re-publishes included. */
    public long published() {
        return published.get();
    }

    /** JetStream publishes acknowledged by the server (duplicates included). */
    public long acked() {
        return acked.get();
    }

    /** Records in the acknowledged JetStream publishes (equals {@link #acked()} with one record per message). */
    public long recordsAcked() {
        return recordsAcked.get();
    }

    /** Acks saying the server already had that Msg-Id (retries and redundant collectors). */
    public long duplicates() {
        return duplicates.get();
    }

    /** Messages re-published after a failed or timed-out ack. */
    public long retries() {
        return retries.get();
    }

    /** Publishes whose ack failed or timed out (each attempt counts). */
    public long ackFailures() {
        return ackFailures.get();
    }

    /** write() calls that threw (the batch goes back to the pipeline). */
    public long failedWrites() {
        return failedWrites.get();
    }

    public long corePublished() {
        return corePublished.get();
    }

    /** Acks outstanding right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The most acks ever outstanding at once (never above the configured bound). */
    public int maxInFlightSeen() {
        return maxInFlightSeen.get();
    }

    /** Publish-to-ack latency of JetStream publishes. */
    public LatencySamples latency() {
        return latency;
    }

    /** One JetStream message: a single record (its own Msg-Id) or a bundle of one subject's records. */
    private record Outgoing(String subject, String msgId, byte[] payload, int records) {
        Headers headers() {
            Headers h = new Headers().put(MSG_ID, msgId);
            return records == 1 ? h : h.put(RECORDS, Integer.toString(records));
        }
    }

    /**
     * Records of one subject collected into one message: their JSON forms separated by {@code '\n'} (JSON forms hold
     * no raw newline). The Msg-Id is a function of the contents — first and last event id, count and a 64-bit FNV-1a
     * hash of every event id — so a re-published bundle is recognised as a duplicate by the server, while bundles
     * that differ in any event are not (the store de-duplicates those by event identity).
     */
    private static final class Bundle {
        private static final long FNV_OFFSET = 0xcbf29ce484222325L;
        private static final long FNV_PRIME = 0x100000001b3L;

        private final String subject;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private String firstId;
        private String lastId;
        private int count;
        private long hash = FNV_OFFSET;

        Bundle(String subject) {
            this.subject = subject;
        }

        /** Adds the record unless the bundle is full (by count or bytes); an empty bundle always takes it. */
        boolean add(MarketRecord r, byte[] json, int maxRecords, int maxBytes) {
            if (count > 0 && (count >= maxRecords || bytes.size() + 1 + json.length > maxBytes)) {
                return false;
            }
            if (count > 0) {
                bytes.write('\n');
            }
            bytes.write(json, 0, json.length);
            String id = EventIds.of(r);
            for (int i = 0; i < id.length(); i++) {
                hash = (hash ^ id.charAt(i)) * FNV_PRIME;
            }
            hash = (hash ^ '\n') * FNV_PRIME;
            if (count == 0) {
                firstId = id;
            }
            lastId = id;
            count++;
            return true;
        }

        Outgoing toMessage() {
            String id = count == 1 ? firstId
                    : firstId + ".." + lastId + "/" + count + "/" + Long.toHexString(hash);
            return new Outgoing(subject, id, bytes.toByteArray(), count);
        }
    }
}
