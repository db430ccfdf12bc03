package io.marketprism.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * The block layout of our capture format, shared by {@link CaptureWriter} and {@link CaptureReader}. See
 * {@code docs/capture-format.md}; every integer is big-endian.
 *
 * <pre>
 * offset size field
 *  0     4    magic "MPCF" (0x4D 0x50 0x43 0x46)
 *  4     1    format version (1)
 *  5     1    codec (1 = raw DEFLATE, RFC 1951)
 *  6     2    reserved, 0
 *  8     4    compressed body length
 * 12     4    uncompressed body length
 * 16     4    entry count (at least 1)
 * 20     4    CRC32 of the compressed body
 * 24     4    CRC32 of header bytes 0..23
 * 28          compressed body
 * </pre>
 */
final class BlockFormat {
    static final int MAGIC = 0x4D504346;
    static final byte VERSION = 1;
    static final byte CODEC_DEFLATE = 1;
    static final int HEADER_SIZE = 28;
    /** The largest uncompressed body, hence the largest single frame (url + payload + 21 bytes). */
    static final int MAX_UNCOMPRESSED = 64 << 20;
    /** DEFLATE expands incompressible input by a few bytes per 16 KiB at most; 1 MiB is ample. */
    static final int MAX_COMPRESSED = MAX_UNCOMPRESSED + (1 << 20);
    /** kind u8, receiveTs i64, connectionId i32, url length i32, payload length i32. */
    static final int ENTRY_FIXED = 1 + 8 + 4 + 4 + 4;
    /** The url length that stands for a null url. */
    static final int NULL_URL = -1;

    private BlockFormat() {
    }

    record Header(int compressedLength, int uncompressedLength, int entryCount, int bodyCrc) {
        long blockLength() {
            return HEADER_SIZE + (long) compressedLength;
        }
    }

    static ByteBuffer header(int compressedLength, int uncompressedLength, int entryCount, int bodyCrc) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put(CODEC_DEFLATE).putShort((short) 0);
        b.putInt(compressedLength).putInt(uncompressedLength).putInt(entryCount).putInt(bodyCrc);
        b.putInt(crc(b.array(), 0, HEADER_SIZE - 4));
        return b.flip();
    }

    /** The header in {@code b[0..28)}, or null when those bytes are not a valid header of this version. */
    static Header parseHeader(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
        if (buf.getInt() != MAGIC || buf.get() != VERSION || buf.get() != CODEC_DEFLATE || buf.getShort() != 0) {
            return null;
        }
        int compressed = buf.getInt();
        int uncompressed = buf.getInt();
        int entries = buf.getInt();
        int bodyCrc = buf.getInt();
        if (buf.getInt() != crc(b, 0, HEADER_SIZE - 4)) {
            return null;
        }
        // a header with a valid CRC but impossible sizes was not written by us
        if (compressed <= 0 || compressed > MAX_COMPRESSED || uncompressed < ENTRY_FIXED
                || uncompressed > MAX_UNCOMPRESSED || entries <= 0 || entries > uncompressed / ENTRY_FIXED) {
            return null;
        }
        return new Header(compressed, uncompressed, entries, bodyCrc);
    }

    /**
     * Whether the file starts like a capture of ours (or is empty, or holds a torn first header): the writer must
     * never truncate, and the reader never silently skip, a file of another format given by mistake.
     */
    static boolean startsLikeCapture(FileChannel channel) throws IOException {
        ByteBuffer first = ByteBuffer.allocate(4);
        while (first.hasRemaining() && channel.read(first, first.position()) > 0) {
            // read up to 4 bytes
        }
        byte[] magic = ByteBuffer.allocate(4).putInt(MAGIC).array();
        for (int i = 0; i < first.position(); i++) {
            if (first.get(i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
