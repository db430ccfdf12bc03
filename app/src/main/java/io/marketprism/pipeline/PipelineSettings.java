package io.marketprism.pipeline;

import io.marketprism.sink.spool.SpoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Pipeline tuning, validated at construction so that a bad value fails at start with the key and the fix.
 *
 * @param queueCapacity  records per sink queue (the memory bound)
 * @param maxBatch       records per {@code write} call at most
 * @param linger         how long a worker waits for a fuller batch once it holds one record
 * @param overflow       what {@code accept} does when a sink's queue is full
 * @param retryInitial   first wait before retrying a failed sink (doubles per failure)
 * @param retryMax       longest wait between retries
 * @param spoolRoot      one spool directory per sink below this folder
 * @param spool          spool segment size, bound, fsync and full policies
 */
public record PipelineSettings(int queueCapacity, int maxBatch, Duration linger, OverflowPolicy overflow,
                               Duration retryInitial, Duration retryMax, Path spoolRoot, SpoolSettings spool) {
    /** What {@code accept} does when a sink's queue is full. */
    public enum OverflowPolicy {
        /** The producer waits for room: backpressure; accepted records are never discarded. */
        BLOCK,
        /** The record goes to the sink's on-disk spool and is drained from there. */
        SPOOL;

        public static OverflowPolicy parse(String text) {
            for (OverflowPolicy p : values()) {
                if (p.name().equalsIgnoreCase(text)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("pipeline overflow policy '" + text + "' is unknown: use block or "
                    + "spool");
        }
    }

    public PipelineSettings {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("pipeline queue_capacity=" + queueCapacity + " must be at least 1");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("pipeline max_batch=" + maxBatch + " must be at least 1");
        }
        if (linger == null || linger.isNegative()) {
            throw new IllegalArgumentException("pipeline linger=" + linger + " must be zero or positive, e.g. 50ms");
        }
        if (overflow == null) {
            throw new IllegalArgumentException("pipeline overflow policy must be set: block or spool");
        }
        if (retryInitial == null || retryInitial.isNegative() || retryInitial.isZero()
                || retryMax == null || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("pipeline retry_initial=" + retryInitial + " must be positive and "
                    + "retry_max=" + retryMax + " at least as long");
        }
        if (spoolRoot == null || spool == null) {
            throw new IllegalArgumentException("pipeline spool directory and spool settings must be set");
        }
    }

    /** 64k records per queue, batches of up to 8192 records or 100 ms, block on overflow, retry 100 ms .. 30 s. */
    public static PipelineSettings defaults(Path spoolRoot) {
        return new PipelineSettings(65_536, 8_192, Duration.ofMillis(100), OverflowPolicy.BLOCK,
                Duration.ofMillis(100), Duration.ofSeconds(30), spoolRoot, SpoolSettings.defaults());
    }

    /**
     * For a bulk job (replay): a queue of at least twice the largest batch any of {@code sinks} prefers, so each
     * write can be that batch while the next one fills; a live collector keeps its configured queue (its memory
     * bound), where batches are small anyway.
     */
    public PipelineSettings sizedForBulk(List<? extends BatchSink> sinks) {
        int preferred = 0;
        for (BatchSink s : sinks) {
            preferred = Math.max(preferred, s.preferredBatch());
        }
        long wanted = 2L * preferred;
        return wanted <= queueCapacity ? this : withQueue((int) Math.min(Integer.MAX_VALUE, wanted), maxBatch, linger);
    }

    public PipelineSettings withQueue(int capacity, int batch, Duration lingerTime) {
        return new PipelineSettings(capacity, batch, lingerTime, overflow, retryInitial, retryMax, spoolRoot, spool);
    }

    public PipelineSettings withOverflow(OverflowPolicy policy) {
        return new PipelineSettings(queueCapacity, maxBatch, linger, policy, retryInitial, retryMax, spoolRoot, spool);
    }

    public PipelineSettings withRetry(Duration initial, Duration max) {
        return new PipelineSettings(queueCapacity, maxBatch, linger, overflow, initial, max, spoolRoot, spool);
    }

    public PipelineSettings withSpool(SpoolSettings spoolSettings) {
        return new PipelineSettings(queueCapacity, maxBatch, linger, overflow, retryInitial, retryMax, spoolRoot,
                spoolSettings);
    }
}
