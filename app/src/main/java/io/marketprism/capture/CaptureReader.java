package io.marketprism.capture;

import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads our capture format ({@code docs/capture-format.md}) block by block.
 *
 * <p>At the end of the file {@link #next()} returns null; if the file is still being written, a later call
 * returns the frames of blocks written since. Bytes at the end that do not (yet) form a whole valid block are not
 * an error: {@link #corruptTail()} reports their number. A corrupt block followed by valid blocks is skipped by
 * searching for the next valid block header; {@link #skippedBytes()} and {@link #corruptBlocks()} count those.
 * Not thread-safe: one consumer reads a reader.
 */
public final class CaptureReader implements FrameSource {
    private static final int SCAN_CHUNK = 64 * 1024;

    private final FileChannel channel;
    private final boolean inflate;
    /** Null when only validating (the writer's scan of an existing file). */
    private final Inflater inflater;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final byte[] headerBytes = new byte[BlockFormat.HEADER_SIZE];
    /** Where the next unread block starts: always the end of a whole valid block (or 0). */
    private long position;
    private long corruptTail;
    private long skippedBytes;
    private long corruptBlocks;
    /** The length of the block that {@link #probe} last found valid. */
    private long pendingLength;
    private boolean closed;

    private enum Probe { VALID, INCOMPLETE, INVALID }

    private CaptureReader(FileChannel channel, boolean inflate) {
        this.channel = channel;
        this.inflate = inflate;
        this.inflater = inflate ? new Inflater(true) : null;
    }

    /** Opens a capture (possibly empty or being written); IOException if the file is of another format. */
    public static CaptureReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (!BlockFormat.startsLikeCapture(ch)) {
                throw new IOException(file + " is not a MarketPrism capture (no block magic at offset 0)");
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new CaptureReader(ch, true);
    }

    /** The end of the last whole valid block of the file, checking CRCs without decompressing. */
    static long validEnd(FileChannel channel) throws IOException {
        CaptureReader scan = new CaptureReader(channel, false);
        while (scan.readBlock()) {
            // only the position matters
        }
        return scan.position;
    }

    @Override
    public Frame next() throws IOException {
        if (closed) {
            throw new IOException("capture reader is closed");
        }
        while (frames.isEmpty()) {
            if (!readBlock()) {
                return null;
            }
        }
        return frames.poll();
    }

    /**
     * The number of BYTES at the end of the file that did not form a whole valid block when {@link #next()} last
     * reached the end: 0 for a cleanly ended file. For a file being written this may be a block in flight, which
     * later calls read once it is complete.
     */
    public long corruptTail() {
        return corruptTail;
    }

    /** Bytes of corrupt blocks skipped before a valid block (corruption in the middle of the file). */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** How many corrupt regions were skipped in the middle of the file. */
    public long corruptBlocks() {
        return corruptBlocks;
    }

    /** The file offset after the last block read. */
    public long position() {
        return position;
    }

    /** Position over the file's current size (a file still being written keeps growing). */
    @Override
    public double progress() {
        try {
            long size = channel.size();
            return size == 0 ? 1 : Math.min(1.0, (double) position / size);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (inflater != null) {
                inflater.end();
            }
            channel.close();
        }
    }

    /** Reads the next valid block into {@link #frames}; false (position unchanged) when there is none yet. */
    private boolean readBlock() throws IOException {
        long size = channel.size();
        long at = position;
        while (true) {
            Probe p = probe(at, size);
            if (p == Probe.VALID) {
                if (at != position) {
                    skippedBytes += at - position;
                    corruptBlocks++;
                }
                position = at + pendingLength;
                corruptTail = 0;
                return true;
            }
            if (p == Probe.INCOMPLETE) {
                // a torn or in-flight block at the end (possibly after corrupt bytes): everything from the last
                // good block on is the tail, and a later call retries from there
                corruptTail = size - position;
                return false;
            }
            at = findMagic(at + 1, size);
            if (at < 0) {
                corruptTail = size - position;
                return false;
            }
        }
    }

    /** Checks the block at {@code at}; on VALID its frames are queued and {@link #pendingLength} is set. */
    private Probe probe(long at, long size) throws IOException {
        if (size - at < BlockFormat.HEADER_SIZE) {
            return Probe.INCOMPLETE;
        }
        readFully(ByteBuffer.wrap(headerBytes), at);
        BlockFormat.Header h = BlockFormat.parseHeader(headerBytes);
        if (h == null) {
            return Probe.INVALID;
        }
        if (size - at < h.blockLength()) {
            return Probe.INCOMPLETE;
        }
        byte[] body = new byte[h.compressedLength()];
        readFully(ByteBuffer.wrap(body), at + BlockFormat.HEADER_SIZE);
        if (BlockFormat.crc(body, 0, body.length) != h.bodyCrc()) {
            return Probe.INVALID;
        }
        if (inflate && !decode(body, h)) {
            return Probe.INVALID;
        }
        pendingLength = h.blockLength();
        return Probe.VALID;
    }

    /** Inflates and parses a block whose CRC matched; false (nothing queued) if its content is inconsistent. */
    private boolean decode(byte[] body, BlockFormat.Header h) {
        byte[] plain = new byte[h.uncompressedLength()];
        inflater.reset();
        inflater.setInput(body);
        try {
            int n = 0;
            while (n < plain.length && !inflater.finished()) {
                int k = inflater.inflate(plain, n, plain.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return false;
                }
                n += k;
            }
            if (n != plain.length || !inflater.finished()) {
                return false;
            }
        } catch (DataFormatException e) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.BIG_ENDIAN);
        Frame[] decoded = new Frame[h.entryCount()];
        try {
            for (int i = 0; i < decoded.length; i++) {
                FrameKind kind = FrameKind.fromCode(b.get() & 0xFF);
                long receiveTs = b.getLong();
                int connectionId = b.getInt();
                int urlLength = b.getInt();
                String url = null;
                if (urlLength != BlockFormat.NULL_URL) {
                    url = new String(plain, b.position(), checkedLength(urlLength, b), StandardCharsets.UTF_8);
                    b.position(b.position() + urlLength);
                }
                byte[] payload = new byte[checkedLength(b.getInt(), b)];
                b.get(payload);
                decoded[i] = new Frame(kind, receiveTs, connectionId, url, payload);
            }
        } catch (RuntimeException e) { // buffer underflow, negative length, unknown kind code
            return false;
        }
        if (b.hasRemaining()) {
            return false;
        }
        for (Frame f : decoded) {
            frames.add(f);
        }
        return true;
    }

    private static int checkedLength(int length, ByteBuffer b) {
        if (length < 0 || length > b.remaining()) {
            throw new IllegalStateException("entry length " + length + " exceeds the block");
        }
        return length;
    }

    /** The offset of the next magic number at or after {@code from}, or -1. */
    private long findMagic(long from, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK);
        long at = from;
        while (size - at >= 4) {
            int n = (int) Math.min(SCAN_CHUNK, size - at);
            chunk.clear().limit(n);
            readFully(chunk, at);
            for (int i = 0; i + 4 <= n; i++) {
                if (chunk.getInt(i) == BlockFormat.MAGIC) {
                    return at + i;
                }
            }
            at += n - 3; // a magic may straddle two chunks
        }
        return -1;
    }

    private void readFully(ByteBuffer dst, long at) throws IOException {
        long p = at;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw new EOFException("capture file shrank while reading at offset " + p);
            }
            p += n;
        }
    }
}
