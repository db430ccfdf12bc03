package io.marketprism.capture;

import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Captures one venue's raw frames while collecting: files {@code DIR/<exchange>/<exchange>-<UTC time>.mpc} in our
 * capture format, rotated when a file reaches {@code maxBytes} (approximately: checked at flush) or has been open
 * for {@code maxAge}. The exchange id leads the file name, so {@code replay --format capture} knows the venue.
 * {@link #accept} may be called from several threads; a write failure is counted and logged by the caller through
 * {@code onError}, never thrown into the session.
 */
public final class RotatingCapture implements Consumer<Frame>, AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Exchange exchange;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private final Consumer<IOException> onError;
    private CaptureWriter writer;
    private Path file;
    private long openedAt;
    private long frames;
    private long failures;
    private int sequence;

    public RotatingCapture(Path dir, Exchange exchange, long maxBytes, Duration maxAge, Clock clock,
                           Consumer<IOException> onError) throws IOException {
        if (maxBytes < 1 << 16) {
            throw new IllegalArgumentException("capture rotation size must be at least 64KiB, was " + maxBytes);
        }
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("capture rotation interval must be positive, was " + maxAge);
        }
        this.dir = dir.resolve(exchange.id());
        this.exchange = exchange;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
        this.onError = onError;
        Files.createDirectories(this.dir);
    }

    @Override
    public synchronized void accept(Frame frame) {
        try {
            if (writer == null) {
                open();
            }
            writer.append(frame);
            frames++;
        } catch (IOException e) {
            failures++;
            onError.accept(e);
        }
    }

    /** Makes everything so far readable, and rotates when the file is big or old enough. Call periodically. */
    public synchronized void flush() {
        if (writer == null) {
            return;
        }
        try {
            writer.flush();
            if (Files.size(file) >= maxBytes || clock.millis() - openedAt >= maxAge.toMillis()) {
                writer.close();
                writer = null;
            }
        } catch (IOException e) {
            failures++;
            onError.accept(e);
        }
    }

    private void open() throws IOException {
        String stamp = STAMP.format(clock.instant());
        Path next = dir.resolve(exchange.id() + "-" + stamp + (sequence++ == 0 ? "" : "-" + sequence) + ".mpc");
        while (Files.exists(next)) {
            next = dir.resolve(exchange.id() + "-" + stamp + "-" + ++sequence + ".mpc");
        }
        writer = CaptureWriter.open(next);
        file = next;
        openedAt = clock.millis();
    }

    /** The capture files of this venue, oldest first. */
    public synchronized List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".mpc")).sorted().forEach(out::add);
        }
        return out;
    }

    public synchronized long frames() {
        return frames;
    }

    public synchronized long failures() {
        return failures;
    }

    @Override
    public synchronized void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
