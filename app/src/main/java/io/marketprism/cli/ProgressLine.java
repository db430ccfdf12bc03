package io.marketprism.cli;

import io.marketprism.replay.Replay;
import java.io.PrintWriter;

/** Shows replay progress (frames, rate, share read and ETA) on one terminal line; silent when not on a terminal. */
final class ProgressLine implements Replay.Progress {
    private final PrintWriter out;
    private final boolean enabled;
    private long started = System.nanoTime();
    private long lastPrint;
    private Replay.Input current;

    ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** {@code NAME: 12,345 frames, 98,765 frames/s, 42% read, ETA 3 s}. */
    static String line(String name, long frames, double seconds, double progress, boolean done) {
        StringBuilder sb = new StringBuilder(String.format("%s: %,d frames, %,.0f frames/s", name, frames,
                frames / seconds));
        if (progress >= 0 && !done) {
            sb.append(String.format(", %.0f%% read", progress * 100));
            if (progress > 0.001) {
                sb.append(String.format(", ETA %.0f s", seconds * (1 - progress) / progress));
            }
        }
        return sb.append(done ? "\n" : "").toString();
    }

    @Override
    public void update(Replay.Input input, long frames, boolean done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (input != current) {
            current = input; // rate and ETA are per input
            started = now;
        }
        if (!done && now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        double s = Math.max(1e-9, (now - started) / 1e9);
        out.print("\r" + line(input.name(), frames, s, input.source().progress(), done));
        out.flush();
    }
}
