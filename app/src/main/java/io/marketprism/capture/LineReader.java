package io.marketprism.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines as bytes into one reusable buffer, so a multi-megabyte line is held once (and copied once into the
 * frame that carries it). Lines end at LF; a CR before the LF and a missing final newline are tolerated.
 */
final class LineReader implements AutoCloseable {
    private static final int TRIM_ABOVE = 1 << 20;

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int lim;
    private byte[] line = new byte[8 * 1024];
    private int length;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line; false at the end of the input. */
    boolean next() throws IOException {
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos == lim) {
                int r = in.read(chunk);
                if (r < 0) {
                    pos = lim = 0;
                    if (!any) {
                        return false;
                    }
                    return done(n);
                }
                pos = 0;
                lim = r;
            }
            any = true;
            int start = pos;
            while (pos < lim && chunk[pos] != '\n') {
                pos++;
            }
            int k = pos - start;
            if (n + k > line.length) {
                line = Arrays.copyOf(line, Math.max(n + k, line.length * 2));
            }
            System.arraycopy(chunk, start, line, n, k);
            n += k;
            if (pos < lim) {
                pos++; // the LF
                return done(n);
            }
        }
    }

    private boolean done(int n) {
        length = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
        return true;
    }

    /** The current line's bytes are {@code bytes()[0..length())}; valid until the next call of {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Drops a buffer grown by a multi-megabyte line once its bytes were copied, so it is not held twice. */
    void trim() {
        if (line.length > TRIM_ABOVE) {
            line = new byte[8 * 1024];
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
