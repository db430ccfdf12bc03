package io.marketprism.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingCaptureTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class StepClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void rotatesByAgeAndEveryFrameReadsBackInOrder() throws IOException {
        StepClock clock = new StepClock();
        List<IOException> errors = new ArrayList<>();
        List<Frame> written = new ArrayList<>();
        try (RotatingCapture c = new RotatingCapture(dir, Exchange.OKX, 1 << 20, Duration.ofMinutes(10), clock,
                errors::add)) {
            for (int i = 0; i < 30; i++) {
                Frame f = Frame.wsIn(1_000L * i, "wss://ws.okx.com:8443/ws/v5/public", "{\"n\":" + i + "}");
                c.accept(f);
                written.add(f);
                if (i % 10 == 9) {
                    clock.millis.addAndGet(Duration.ofMinutes(11).toMillis());
                    c.flush();
                }
            }
            assertThat(c.frames()).isEqualTo(30);
            assertThat(c.failures()).isZero();
            assertThat(c.files()).hasSize(3).allSatisfy(p -> assertThat(p.getFileName().toString())
                    .startsWith("okx-").endsWith(".mpc"));
            List<Frame> read = new ArrayList<>();
            for (Path p : c.files()) {
                try (CaptureReader r = CaptureReader.open(p)) {
                    Frame f;
                    while ((f = r.next()) != null) {
                        read.add(f);
                    }
                }
            }
            assertThat(read).extracting(Frame::text).containsExactlyElementsOf(
                    written.stream().map(Frame::text).toList());
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void rotatesBySizeAndRejectsBadBounds() throws IOException {
        StepClock clock = new StepClock();
        try (RotatingCapture c = new RotatingCapture(dir, Exchange.BINANCE, 1 << 16, Duration.ofHours(1), clock,
                e -> { })) {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 6; i++) {
                StringBuilder incompressible = new StringBuilder();
                for (int j = 0; j < 5_000; j++) {
                    incompressible.append(Long.toHexString(random.nextLong()));
                }
                c.accept(Frame.wsIn(i, "wss://stream.binance.com:9443/stream", "\"" + incompressible + "\""));
                c.flush();
            }
            assertThat(c.files().size()).isGreaterThan(1);
        }
        assertThatThrownBy(() -> new RotatingCapture(dir, Exchange.OKX, 10, Duration.ofHours(1), Clock.systemUTC(),
                e -> { })).hasMessageContaining("64KiB");
        assertThatThrownBy(() -> new RotatingCapture(dir, Exchange.OKX, 1 << 20, Duration.ZERO, Clock.systemUTC(),
                e -> { })).hasMessageContaining("positive");
    }
}
