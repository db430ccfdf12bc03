package io.marketprism.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.capture.CaptureWriter;
import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Recorded frames are served to connected clients at the recorded pace; none is lost without being counted. */
@Timeout(30)
class CaptureFeedTest {
    @TempDir
    Path dir;

    @Test
    void servesRecordedFramesAtPace() throws Exception {
        Path file = dir.resolve("c.mpc");
        int total = 20;
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (int i = 0; i < total; i++) {
                long ts = 1_000_000_000L + i * 5_000_000L;
                w.append(Frame.wsIn(ts, "wss://stream.binance.com:9443/ws/btcusdt@trade",
                        "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":" + i + ",\"p\":\"1.0\",\"q\":\"2\",\"T\":1,"
                                + "\"m\":true}"));
            }
        }
        CaptureFeed feed = CaptureFeed.open(file, 1);
        try (Emulator emu = Emulator.builder().capture(Exchange.BINANCE, feed).build().start();
             EmuClient client = new EmuClient()) {
            EmuClient.Ws ws = client.ws(emu.endpoints(Exchange.BINANCE).ws("/ws").toString());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(feed::finished);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() == feed.sent());
            assertThat(feed.sent()).isEqualTo(total);
            assertThat(feed.skipped()).isZero();
            assertThat(ws.messages.get(ws.messages.size() - 1)).contains("\"t\":" + (total - 1));
            EmuChecks checks = new EmuChecks(Exchange.BINANCE);
            checks.process(client.frames, emu.market(Exchange.BINANCE));
            checks.assertClean();
        }
    }
}
