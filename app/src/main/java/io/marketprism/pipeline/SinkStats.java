package io.marketprism.pipeline;

import io.marketprism.sink.spool.Spool;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live counters of one sink lane, read by health and metrics (Prometheus wiring reads these getters). Records in =
 * records out + queued + in flight + spool pending + dropped, at every quiet moment.
 */
public final class SinkStats {
    /** How the sink is doing. */
    public enum State {
        /** Writes go straight to the sink. */
        HEALTHY,
        /** The last write failed; batches go to the spool and a retry is scheduled. */
        FAILING,
        /** The sink works again (or overflow was spooled); the spool is being drained in order. */
        SPOOLING
    }

    private final String sink;
    private final ArrayBlockingQueue<?> queue;
    private final Spool spool;
    final AtomicLong recordsIn = new AtomicLong();
    final AtomicLong recordsOut = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong batchSizeSum = new AtomicLong();
    final AtomicLong batchSizeMax = new AtomicLong();
    final AtomicLong flushNanosLast = new AtomicLong();
    final AtomicLong flushNanosMax = new AtomicLong();
    final AtomicLong flushNanosSum = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong producerWaits = new AtomicLong();
    final AtomicReference<State> state = new AtomicReference<>(State.HEALTHY);

    SinkStats(String sink, ArrayBlockingQueue<?> queue, Spool spool) {
        this.sink = sink;
        this.queue = queue;
        this.spool = spool;
    }

    void written(int size, long nanos) {
        recordsOut.addAndGet(size);
        batches.incrementAndGet();
        batchSizeSum.addAndGet(size);
        batchSizeMax.accumulateAndGet(size, Math::max);
        flushNanosLast.set(nanos);
        flushNanosMax.accumulateAndGet(nanos, Math::max);
        flushNanosSum.addAndGet(nanos);
    }

    public String sink() {
        return sink;
    }

    public int queueDepth() {
        return queue.size();
    }

    public int queueCapacity() {
        return queue.size() + queue.remainingCapacity();
    }

    public long recordsIn() {
        return recordsIn.get();
    }

    /** Records the sink has made durable (direct writes and drained spool batches). */
    public long recordsOut() {
        return recordsOut.get();
    }

    /** Successful {@code write} calls. */
    public long batches() {
        return batches.get();
    }

    public long batchSizeSum() {
        return batchSizeSum.get();
    }

    public long batchSizeMax() {
        return batchSizeMax.get();
    }

    public long flushNanosLast() {
        return flushNanosLast.get();
    }

    public long flushNanosMax() {
        return flushNanosMax.get();
    }

    public long flushNanosSum() {
        return flushNanosSum.get();
    }

    /** Failed {@code write} calls (each one's batch went to or stayed in the spool). */
    public long failures() {
        return failures.get();
    }

    /** Times a producer found the queue full and waited (policy block). */
    public long producerWaits() {
        return producerWaits.get();
    }

    /** Records ever appended to the spool. */
    public long spooledRecords() {
        return spool.appendedRecords();
    }

    public long spoolPendingRecords() {
        return spool.pendingRecords();
    }

    public long spoolBytes() {
        return spool.pendingBytes();
    }

    public int spoolSegments() {
        return spool.segmentCount();
    }

    public boolean spoolFull() {
        return spool.isFull();
    }

    /** Records dropped because the spool was full under its drop-newest policy. */
    public long droppedRecords() {
        return spool.droppedRecords();
    }

    public long spoolTornTails() {
        return spool.tornTails();
    }

    public State state() {
        return state.get();
    }

    @Override
    public String toString() {
        return sink + "{state=" + state() + ", in=" + recordsIn() + ", out=" + recordsOut() + ", queued="
                + queueDepth() + ", spoolPending=" + spoolPendingRecords() + ", dropped=" + droppedRecords()
                + ", failures=" + failures() + "}";
    }
}
