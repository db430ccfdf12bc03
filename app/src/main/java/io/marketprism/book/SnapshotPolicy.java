package io.marketprism.book;

/**
 * When {@link BookPublisher} emits top-N snapshots of the local book besides the deltas: never, after every applied
 * delta, or at most once per interval of exchange time. Intervals are aligned to the epoch
 * ({@code exchangeTs / intervalMicros}), so redundant collectors and replays emit the same snapshots (same
 * triggering events), which keeps bus de-duplication by event identity effective.
 *
 * @param mode           when to emit
 * @param intervalMicros interval length in µs of exchange time (only for {@link Mode#INTERVAL})
 * @param depth          levels per side in each snapshot
 */
public record SnapshotPolicy(Mode mode, long intervalMicros, int depth) {
    public enum Mode { NEVER, EVERY_UPDATE, INTERVAL }

    public SnapshotPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("snapshot policy needs a mode");
        }
        if (mode != Mode.NEVER && depth <= 0) {
            throw new IllegalArgumentException("snapshot depth must be positive, got " + depth);
        }
        if (mode == Mode.INTERVAL && intervalMicros <= 0) {
            throw new IllegalArgumentException("snapshot interval must be positive, got " + intervalMicros + " µs");
        }
    }

    public static SnapshotPolicy never() {
        return new SnapshotPolicy(Mode.NEVER, 0, 0);
    }

    public static SnapshotPolicy everyUpdate(int depth) {
        return new SnapshotPolicy(Mode.EVERY_UPDATE, 0, depth);
    }

    public static SnapshotPolicy interval(long intervalMicros, int depth) {
        return new SnapshotPolicy(Mode.INTERVAL, intervalMicros, depth);
    }
}
