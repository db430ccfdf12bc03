package io.marketprism.capture;

import io.marketprism.venue.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Writes our own capture format ({@code docs/capture-format.md}). Appends are buffered and written as one
 * self-contained compressed block on {@link #flush()} or once the buffer holds {@value #BLOCK_TARGET} bytes, so a
 * reader following the file only ever sees whole blocks plus at most one block in flight. Thread-safe: every
 * public method is synchronized. The writer holds an exclusive lock on the file while open.
 *
 * <p>{@code flush()} hands the block to the operating system (readable by other processes at once); it does not
 * fsync. After a crash the file may end in a torn block, which readers report and {@link #open(Path)} truncates.
 */
public final class CaptureWriter implements AutoCloseable {
    /** Uncompressed bytes buffered before a block is written without waiting for flush(). */
    public static final int BLOCK_TARGET = 256 * 1024;

    private final FileChannel channel;
    private final FileLock lock;
    private final long truncatedBytes;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private byte[] buf = new byte[BLOCK_TARGET + 64 * 1024];
    private int size;
    private int entries;
    private byte[] out = new byte[16 * 1024];
    private boolean closed;

    private CaptureWriter(FileChannel channel, FileLock lock, long truncatedBytes) {
        this.channel = channel;
        this.lock = lock;
        this.truncatedBytes = truncatedBytes;
    }

    /**
     * Creates the file, or opens it for appending after its last whole block: a torn or corrupt tail left by a
     * crash is truncated first (see {@link #truncatedBytes()}), so new blocks never follow garbage. A non-empty
     * file that does not start with our magic number is refused (IOException) and left untouched.
     */
    public static CaptureWriter open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("capture file " + file + " is already open by another writer");
            }
            if (!BlockFormat.startsLikeCapture(ch)) {
                throw new IOException(file + " exists and is not a MarketPrism capture: refusing to append to it");
            }
            long size = ch.size();
            long end = CaptureReader.validEnd(ch);
            if (end < size) {
                ch.truncate(end);
            }
            ch.position(end);
            return new CaptureWriter(ch, lock, size - end);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Bytes of a torn or corrupt tail that {@link #open(Path)} removed (0 for a clean or new file). */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    /** Buffers one frame; writes a block when the buffer is full. A frame's url may be null; a null payload is empty. */
    public synchronized void append(Frame frame) throws IOException {
        ensureOpen();
        byte[] url = frame.url() == null ? null : frame.url().getBytes(StandardCharsets.UTF_8);
        byte[] payload = frame.payload() == null ? new byte[0] : frame.payload();
        long entrySize = BlockFormat.ENTRY_FIXED + (url == null ? 0L : url.length) + payload.length;
        if (entrySize > BlockFormat.MAX_UNCOMPRESSED) {
            throw new IllegalArgumentException("frame of " + entrySize + " bytes exceeds the capture limit of "
                    + BlockFormat.MAX_UNCOMPRESSED + " bytes per frame");
        }
        if (size + entrySize > BlockFormat.MAX_UNCOMPRESSED) {
            writeBlock();
        }
        ensureCapacity(size + (int) entrySize);
        buf[size++] = (byte) frame.kind().code();
        putLong(frame.receiveTs());
        putInt(frame.connectionId());
        if (url == null) {
            putInt(BlockFormat.NULL_URL);
        } else {
            putInt(url.length);
            System.arraycopy(url, 0, buf, size, url.length);
            size += url.length;
        }
        putInt(payload.length);
        System.arraycopy(payload, 0, buf, size, payload.length);
        size += payload.length;
        entries++;
        if (size >= BLOCK_TARGET) {
            writeBlock();
        }
    }

    /** Writes the buffered frames as a block: everything appended so far becomes readable. */
    public synchronized void flush() throws IOException {
        ensureOpen();
        writeBlock();
    }

    /** Flushes, then forces the file's content to the storage device (for checkpoints; flush() does not). */
    public synchronized void sync() throws IOException {
        flush();
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            writeBlock();
        } finally {
            closed = true;
            deflater.end();
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private void writeBlock() throws IOException {
        if (entries == 0) {
            return;
        }
        deflater.reset();
        deflater.setInput(buf, 0, size);
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            n += deflater.deflate(out, n, out.length - n);
        }
        ByteBuffer header = BlockFormat.header(n, size, entries, BlockFormat.crc(out, 0, n));
        ByteBuffer body = ByteBuffer.wrap(out, 0, n);
        // one gathering write per block keeps a concurrent reader's view to whole blocks or a block in flight
        ByteBuffer[] block = {header, body};
        while (body.hasRemaining()) {
            channel.write(block);
        }
        size = 0;
        entries = 0;
        if (buf.length > 4 * BLOCK_TARGET) {
            buf = new byte[BLOCK_TARGET + 64 * 1024]; // do not keep a buffer grown by one huge frame
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("capture writer is closed");
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }

    private void putInt(int v) {
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
