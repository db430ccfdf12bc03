package io.marketprism.store;

import java.time.Duration;

/**
 * The {@code store} consumer: which stream and durable consumer to read, and how to batch. Every {@code store}
 * process with the same {@code durable} shares one JetStream consumer, so the server splits the messages among them.
 *
 * @param stream        JetStream stream to read
 * @param durable       durable consumer name, shared by all store processes that split the work
 * @param filterSubject only subjects matching this (null for the whole stream)
 * @param batchSize     most records written at once (and messages fetched: fewer when messages bundle records)
 * @param fetchWait     longest wait for a batch to fill
 * @param ackWait       how long the server waits for an ack before redelivering to any process
 * @param maxAckPending most unacknowledged messages outstanding on the consumer (all processes together)
 * @param lagRefresh    how often consumer lag is read from the server
 * @param minBackoff    first pause (and nak delay) after a failed write; doubles per consecutive failure
 * @param maxBackoff    cap of that pause
 */
public record StoreSettings(String stream, String durable, String filterSubject, int batchSize, Duration fetchWait,
                            Duration ackWait, int maxAckPending, Duration lagRefresh, Duration minBackoff,
                            Duration maxBackoff) {
    public StoreSettings {
        requireName(stream, "store.stream");
        requireName(durable, "store.durable");
        if (filterSubject != null && filterSubject.isBlank()) {
            filterSubject = null;
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("store.batch_size " + batchSize + " must be at least 1");
        }
        requirePositive(fetchWait, "store.fetch_wait");
        requirePositive(ackWait, "store.ack_wait");
        requirePositive(lagRefresh, "store.lag_refresh");
        requirePositive(minBackoff, "store.min_backoff");
        requirePositive(maxBackoff, "store.max_backoff");
        if (maxAckPending < batchSize) {
            throw new IllegalArgumentException("store.max_ack_pending " + maxAckPending + " is below store.batch_size "
                    + batchSize + ": a full batch could never be fetched; raise max_ack_pending");
        }
        if (ackWait.compareTo(fetchWait) <= 0) {
            throw new IllegalArgumentException("store.ack_wait " + ackWait + " must be longer than store.fetch_wait "
                    + fetchWait + ", or messages are redelivered while their batch is still being written");
        }
    }

    /** Batches of 1000, 500 ms fetch wait, 30 s ack wait, 20000 ack pending, lag every 5 s, backoff 200 ms..10 s. */
    public static StoreSettings of(String stream, String durable) {
        return new StoreSettings(stream, durable, null, 1000, Duration.ofMillis(500), Duration.ofSeconds(30), 20_000,
                Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public StoreSettings withBatch(int size, Duration wait) {
        return new StoreSettings(stream, durable, filterSubject, size, wait, ackWait, maxAckPending, lagRefresh,
                minBackoff, maxBackoff);
    }

    public StoreSettings withAckWait(Duration wait) {
        return new StoreSettings(stream, durable, filterSubject, batchSize, fetchWait, wait, maxAckPending,
                lagRefresh, minBackoff, maxBackoff);
    }

    public StoreSettings withBackoff(Duration min, Duration max) {
        return new StoreSettings(stream, durable, filterSubject, batchSize, fetchWait, ackWait, maxAckPending,
                lagRefresh, min, max);
    }

    public StoreSettings withFilterSubject(String subject) {
        return new StoreSettings(stream, durable, subject, batchSize, fetchWait, ackWait, maxAckPending, lagRefresh,
                minBackoff, maxBackoff);
    }

    public StoreSettings withLagRefresh(Duration every) {
        return new StoreSettings(stream, durable, filterSubject, batchSize, fetchWait, ackWait, maxAckPending, every,
                minBackoff, maxBackoff);
    }

    private static void requireName(String name, String key) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                || c == '_')) {
            throw new IllegalArgumentException(key + " '" + name + "' is not allowed: use letters, digits, '-' and "
                    + "'_' only");
        }
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
        }
    }
}
