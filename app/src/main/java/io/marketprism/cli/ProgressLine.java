package io.marketprism.cli;

import io.marketprism.replay.Replay;
import java.io.PrintWriter;

/** Shows replay progress (frames and rate) on one terminal line; silent when not on a terminal. */
final class ProgressLine implements Replay.Progress {
    private final PrintWriter out;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastPrint;

    ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    @Override
    public void update(Replay.Input input, long frames, boolean done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!done && now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        double s = Math.max(1e-9, (now - started) / 1e9);
        out.printf("\r%s: %,d frames, %,.0f frames/s%s", input.name(), frames, frames / s, done ? "\n" : "");
        out.flush();
    }
}
