package io.marketprism.sink.spool;

import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, append-only on-disk queue of record batches for one sink, surviving restarts.
 *
 * <p>Layout: a directory of segment files {@code segment-<id>.spool} (ids increase) and a {@code commit} file with
 * the read pointer (segment id and byte position). Each entry is {@code [int length][int crc32][payload]}, big
 * endian; the payload is {@code [int count]} then per record {@code [int length][RecordJson bytes]}. A new segment
 * is started on every open (never append behind a possibly torn tail) and when the current one reaches
 * {@code segmentBytes}. Drained segments are deleted.
 *
 * <p>Delivery is at least once: the read pointer moves only after {@link #commit}, so a crash between a successful
 * write and the commit re-sends that one batch (stores de-duplicate by event identity).
 *
 * <p>Thread-safe: the pipeline worker and (under the spool overflow policy) the producer append concurrently.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int HEADER = 8;
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".spool";
    private static final String COMMIT = "commit";

    /** Result of an append. */
    public enum Outcome {
        /** The batch is in the spool. */
        STORED,
        /** The spool is full and its policy is drop-newest: the batch was dropped (counted, logged). */
        DROPPED,
        /** The spool is full and stayed full for the whole wait (policy block): the caller still holds the batch. */
        FULL
    }

    /** The oldest pending batch and where the read pointer goes once it is committed. */
    public record Entry(List<MarketRecord> records, long segment, long position, long nextPosition) {
        public int size() {
            return records.size();
        }
    }

    private final Path dir;
    private final SpoolSettings settings;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    /** Segment id → size in bytes, for every segment at or after the read pointer. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();

    private long readSegment;
    private long readPosition;
    private long writeSegment;
    private FileChannel writer;
    private long lastForceNanos;
    private long pendingRecords;
    private boolean full;
    private boolean closed;

    private long appendedRecords;
    private long appendedBatches;
    private long drainedRecords;
    private long droppedRecords;
    private long fullEpisodes;
    private long tornTails;
    private long tornBytes;

    private Spool(Path dir, SpoolSettings settings, LongSupplier nanoTime) {
        this.dir = dir;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Opens (or creates) the spool in {@code dir}: validates pending entries, cuts torn tails, starts a segment. */
    public static Spool open(Path dir, SpoolSettings settings, LongSupplier nanoTime) throws IOException {
        Files.createDirectories(dir);
        Spool s = new Spool(dir, settings, nanoTime);
        s.recover();
        return s;
    }

    public static Spool open(Path dir, SpoolSettings settings) throws IOException {
        return open(dir, settings, System::nanoTime);
    }

    private void recover() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                ids.add(Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length())));
            }
        }
        ids.sort(null);
        Path commit = dir.resolve(COMMIT);
        if (Files.exists(commit)) {
            String[] parts = Files.readString(commit, StandardCharsets.US_ASCII).trim().split(" ");
            if (parts.length != 2) {
                throw new IOException("spool commit file " + commit + " is damaged ('" + String.join(" ", parts)
                        + "'): fix or delete it (deleting re-sends the whole spool; stores de-duplicate)");
            }
            readSegment = Long.parseLong(parts[0]);
            readPosition = Long.parseLong(parts[1]);
        } else {
            readSegment = ids.isEmpty() ? 0 : ids.get(0);
            readPosition = 0;
        }
        for (long id : ids) {
            if (id < readSegment) {
                Files.deleteIfExists(segment(id));
            } else {
                segments.put(id, scan(id, id == readSegment ? readPosition : 0));
            }
        }
        if (!segments.containsKey(readSegment)) {
            // the committed segment was fully drained and deleted: start at the next one
            readSegment = segments.isEmpty() ? readSegment : segments.firstKey();
            readPosition = 0;
        }
        writeSegment = Math.max(readSegment, segments.isEmpty() ? readSegment : segments.lastKey() + 1);
        openWriter();
        if (pendingRecords > 0) {
            LOG.info("spool {}: {} records ({} bytes) pending from a previous run, to be drained first", dir,
                    pendingRecords, pendingBytes());
        }
    }

    /** Validates the entries of one segment from {@code from}; cuts a torn tail; returns the valid length. */
    private long scan(long id, long from) throws IOException {
        Path path = segment(id);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long pos = from;
            while (pos < size) {
                int count = validCount(ch, pos, size);
                if (count < 0) {
                    tornTails++;
                    tornBytes += size - pos;
                    LOG.warn("spool {}: torn or damaged tail in {} at byte {} ({} bytes cut); entries before it are "
                            + "kept", dir, path.getFileName(), pos, size - pos);
                    ch.truncate(pos);
                    ch.force(true);
                    return pos;
                }
                pendingRecords += count;
                pos += HEADER + readInt(ch, pos);
            }
            return size;
        }
    }

    /** The record count of the entry at {@code pos}, or -1 when it is incomplete or fails its CRC. */
    private static int validCount(FileChannel ch, long pos, long size) throws IOException {
        if (size - pos < HEADER + 4) {
            return -1;
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        ch.read(h, pos);
        int len = h.getInt(0);
        if (len < 4 || len > size - pos - HEADER) {
            return -1;
        }
        ByteBuffer payload = ByteBuffer.allocate(len);
        readFully(ch, payload, pos + HEADER);
        CRC32 crc = new CRC32();
        crc.update(payload.array(), 0, len);
        return (int) crc.getValue() == h.getInt(4) ? payload.getInt(0) : -1;
    }

    /**
     * Appends one batch. When the spool is full: policy drop-newest drops it (counted) and returns DROPPED; policy
     * block waits up to {@code maxWait} for a drain and returns FULL if it is still full (the caller keeps the batch).
     * An empty spool always takes a batch, even one larger than the bound, so a single huge batch cannot wedge it.
     */
    public Outcome append(List<MarketRecord> batch, Duration maxWait) throws IOException {
        return append(batch, maxWait, false);
    }

    /**
     * Appends at shutdown whatever the bound: the pipeline's last resort for records it could not write in time, so
     * that accepted records are never lost (logged loudly when it goes over the bound).
     */
    public Outcome appendOverBound(List<MarketRecord> batch) throws IOException {
        return append(batch, Duration.ZERO, true);
    }

    private Outcome append(List<MarketRecord> batch, Duration maxWait, boolean overBound) throws IOException {
        if (batch.isEmpty()) {
            return Outcome.STORED;
        }
        byte[] entry = encode(batch);
        long deadline = nanoTime.getAsLong() + maxWait.toNanos();
        lock.lock();
        try {
            ensureOpen();
            if (overBound && pendingBytes() + entry.length > settings.maxBytes()) {
                LOG.error("spool {}: appending {} records at shutdown over the bound of {} bytes rather than losing "
                        + "them", dir, batch.size(), settings.maxBytes());
            }
            while (!overBound && pendingRecords > 0 && pendingBytes() + entry.length > settings.maxBytes()) {
                if (!full) {
                    full = true;
                    fullEpisodes++;
                    LOG.error("SPOOL FULL: {} holds {} bytes (bound {}); policy {}: {}", dir, pendingBytes(),
                            settings.maxBytes(), settings.fullPolicy(),
                            settings.fullPolicy() == SpoolSettings.FullPolicy.BLOCK
                                    ? "producers wait until it drains" : "new records are dropped and counted");
                }
                if (settings.fullPolicy() == SpoolSettings.FullPolicy.DROP_NEWEST) {
                    droppedRecords += batch.size();
                    LOG.warn("spool {} full: dropped a batch of {} records ({} dropped so far)", dir, batch.size(),
                            droppedRecords);
                    return Outcome.DROPPED;
                }
                long left = deadline - nanoTime.getAsLong();
                if (left <= 0) {
                    return Outcome.FULL;
                }
                try {
                    drained.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.FULL;
                }
                ensureOpen();
            }
            if (full) {
                full = false;
                LOG.warn("spool {} has room again ({} bytes pending)", dir, pendingBytes());
            }
            writeFully(writer, ByteBuffer.wrap(entry));
            long size = segments.merge(writeSegment, (long) entry.length, Long::sum);
            pendingRecords += batch.size();
            appendedRecords += batch.size();
            appendedBatches++;
            force(false);
            if (size >= settings.segmentBytes()) {
                rotate();
            }
            return Outcome.STORED;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest pending batch, read from disk; empty when nothing is pending. Does not move the read pointer. */
    public Optional<Entry> peek() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            while (true) {
                long size = segments.getOrDefault(readSegment, 0L);
                if (readPosition < size) {
                    return Optional.of(read(readSegment, readPosition));
                }
                Long next = segments.higherKey(readSegment);
                if (next == null) {
                    return Optional.empty();
                }
                // the read segment is fully drained: continue with the next one
                finishSegment(readSegment);
                readSegment = next;
                readPosition = 0;
                writeCommit();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves the read pointer past {@code entry}, which the sink has made durable. */
    public void commit(Entry entry) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (entry.segment() != readSegment || entry.position() != readPosition) {
                throw new IllegalStateException("spool " + dir + ": commit of entry at " + entry.segment() + "/"
                        + entry.position() + " but the read pointer is at " + readSegment + "/" + readPosition);
            }
            readPosition = entry.nextPosition();
            pendingRecords -= entry.size();
            drainedRecords += entry.size();
            if (readPosition >= segments.get(readSegment) && readSegment != writeSegment) {
                Long next = segments.higherKey(readSegment);
                finishSegment(readSegment);
                readSegment = next;
                readPosition = 0;
            }
            writeCommit();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Entry read(long id, long pos) throws IOException {
        try (FileChannel ch = FileChannel.open(segment(id), StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            readFully(ch, h, pos);
            int len = h.getInt(0);
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(ch, payload, pos + HEADER);
            CRC32 crc = new CRC32();
            crc.update(payload.array(), 0, len);
            if ((int) crc.getValue() != h.getInt(4)) {
                throw new IOException("spool " + dir + ": entry at " + segment(id).getFileName() + " byte " + pos
                        + " fails its CRC (disk damage?): move the segment aside to skip it");
            }
            int count = payload.getInt();
            List<MarketRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = payload.getInt();
                records.add(RecordJson.read(new String(payload.array(), payload.position(), n,
                        StandardCharsets.UTF_8)));
                payload.position(payload.position() + n);
            }
            return new Entry(List.copyOf(records), id, pos, pos + HEADER + len);
        }
    }

    private static byte[] encode(List<MarketRecord> batch) {
        List<byte[]> parts = new ArrayList<>(batch.size());
        int len = 4;
        for (MarketRecord r : batch) {
            byte[] b = RecordJson.writeBytes(r);
            parts.add(b);
            len += 4 + b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER + len).order(ByteOrder.BIG_ENDIAN);
        buf.putInt(len).putInt(0).putInt(batch.size());
        for (byte[] b : parts) {
            buf.putInt(b.length).put(b);
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), HEADER, len);
        buf.putInt(4, (int) crc.getValue());
        return buf.array();
    }

    private void rotate() throws IOException {
        force(true);
        writer.close();
        writeSegment++;
        openWriter();
    }

    private void openWriter() throws IOException {
        writer = FileChannel.open(segment(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        segments.putIfAbsent(writeSegment, writer.size());
        lastForceNanos = nanoTime.getAsLong();
    }

    private void force(boolean always) throws IOException {
        boolean due = switch (settings.fsync()) {
            case ALWAYS -> true;
            case INTERVAL -> always || nanoTime.getAsLong() - lastForceNanos >= settings.fsyncInterval().toNanos();
            case NEVER -> false;
        };
        if (due) {
            writer.force(false);
            lastForceNanos = nanoTime.getAsLong();
        }
    }

    private void finishSegment(long id) throws IOException {
        segments.remove(id);
        Files.deleteIfExists(segment(id));
    }

    private void writeCommit() throws IOException {
        Path tmp = dir.resolve(COMMIT + ".tmp");
        byte[] text = (readSegment + " " + readPosition + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(text));
            if (settings.fsync() == SpoolSettings.FsyncPolicy.ALWAYS) {
                ch.force(false);
            }
        }
        try {
            Files.move(tmp, dir.resolve(COMMIT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(COMMIT), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path segment(long id) {
        return dir.resolve(String.format("%s%016d%s", PREFIX, id, SUFFIX));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    private static int readInt(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        readFully(ch, b, pos);
        return b.getInt(0);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("unexpected end of spool segment at byte " + (pos + b.position()));
            }
        }
        b.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Pending bytes: everything from the read pointer to the end of the newest segment. */
    public long pendingBytes() {
        lock.lock();
        try {
            long total = 0;
            for (Map.Entry<Long, Long> e : segments.entrySet()) {
                total += e.getValue();
            }
            return total - readPosition;
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(java.util.function.Supplier<T> f) {
        lock.lock();
        try {
            return f.get();
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        return pendingRecords() == 0;
    }

    public long pendingRecords() {
        return locked(() -> pendingRecords);
    }

    /** True from the moment an append finds the bound reached until an append fits again (for health). */
    public boolean isFull() {
        return locked(() -> full);
    }

    public int segmentCount() {
        return locked(segments::size);
    }

    public long appendedRecords() {
        return locked(() -> appendedRecords);
    }

    public long appendedBatches() {
        return locked(() -> appendedBatches);
    }

    public long drainedRecords() {
        return locked(() -> drainedRecords);
    }

    public long droppedRecords() {
        return locked(() -> droppedRecords);
    }

    public long fullEpisodes() {
        return locked(() -> fullEpisodes);
    }

    /** Torn or damaged tails cut at open (a crash during an append). */
    public long tornTails() {
        return locked(() -> tornTails);
    }

    public long tornBytes() {
        return locked(() -> tornBytes);
    }

    public Path directory() {
        return dir;
    }

    public SpoolSettings settings() {
        return settings;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writer.force(true);
            writer.close();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
