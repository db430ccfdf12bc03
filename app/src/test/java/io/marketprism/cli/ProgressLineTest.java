package io.marketprism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.capture.CryptofeedCapture;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void showsFramesRateShareAndEta() {
        assertThat(ProgressLine.line("OKX", 12_345, 2.0, 0.25, false))
                .isEqualTo("OKX: 12,345 frames, 6,173 frames/s, 25% read, ETA 6 s");
        assertThat(ProgressLine.line("OKX", 100, 1.0, -1, false)).isEqualTo("OKX: 100 frames, 100 frames/s");
        assertThat(ProgressLine.line("OKX", 100, 1.0, 1, true)).isEqualTo("OKX: 100 frames, 100 frames/s\n");
    }

    @Test
    void cryptofeedCapturesReportHowMuchIsRead() throws IOException {
        try (CryptofeedCapture c = CryptofeedCapture.open(Fixtures.sharedRoot().resolve("cryptofeed-captures/OKX"))) {
            double start = c.progress();
            assertThat(start).isBetween(0.0, 0.5);
            Frame f;
            while ((f = c.next()) != null) {
                assertThat(f).isNotNull();
            }
            assertThat(c.progress()).isEqualTo(1.0);
        }
    }
}
