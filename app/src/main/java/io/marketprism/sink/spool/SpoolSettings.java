package io.marketprism.sink.spool;

import java.time.Duration;

/**
 * How a spool stores: segment size for rotation, the bound on pending bytes, when to fsync, and what happens when
 * the bound is reached.
 *
 * @param segmentBytes    a segment is closed and a new one started once it holds at least this many bytes
 * @param maxBytes        bound on pending (not yet drained) bytes over all segments
 * @param fsync           when appended entries are forced to the disk
 * @param fsyncInterval   for {@link FsyncPolicy#INTERVAL}: at most this long between forces
 * @param fullPolicy      what an append does when the bound is reached
 */
public record SpoolSettings(long segmentBytes, long maxBytes, FsyncPolicy fsync, Duration fsyncInterval,
                            FullPolicy fullPolicy) {
    /** When appended entries reach the disk. */
    public enum FsyncPolicy {
        /** Force after every append: nothing acknowledged is lost on power failure; slowest. */
        ALWAYS,
        /** Force when the last force is older than {@code fsyncInterval} (and on close). */
        INTERVAL,
        /** Leave it to the operating system (survives a process crash, not a power failure). */
        NEVER;

        public static FsyncPolicy parse(String text) {
            for (FsyncPolicy p : values()) {
                if (p.name().equalsIgnoreCase(text)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("spool fsync policy '" + text + "' is unknown: use always, interval "
                    + "or never");
        }
    }

    /** What an append does when the spool holds {@code maxBytes}. */
    public enum FullPolicy {
        /** The writer waits until the spool drains (backpressure up to the producers). */
        BLOCK,
        /** The new batch is dropped and every dropped record is counted and logged. */
        DROP_NEWEST;

        public static FullPolicy parse(String text) {
            for (FullPolicy p : values()) {
                if (p.name().replace('_', '-').equalsIgnoreCase(text)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("spool full policy '" + text + "' is unknown: use block or "
                    + "drop-newest");
        }
    }

    public SpoolSettings {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("spool segment_bytes=" + segmentBytes + " is too small: use at least "
                    + "1024");
        }
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException("spool max_bytes=" + maxBytes + " is below segment_bytes="
                    + segmentBytes + ": raise max_bytes or lower segment_bytes");
        }
        if (fsync == null || fullPolicy == null) {
            throw new IllegalArgumentException("spool fsync and full policy must be set");
        }
        if (fsync == FsyncPolicy.INTERVAL && (fsyncInterval == null || fsyncInterval.isNegative()
                || fsyncInterval.isZero())) {
            throw new IllegalArgumentException("spool fsync_interval=" + fsyncInterval + " must be positive with "
                    + "fsync=interval");
        }
    }

    /** 64 MiB segments, 1 GiB bound, fsync every second, block when full. */
    public static SpoolSettings defaults() {
        return new SpoolSettings(64L << 20, 1L << 30, FsyncPolicy.INTERVAL, Duration.ofSeconds(1), FullPolicy.BLOCK);
    }

    public SpoolSettings withMaxBytes(long bytes) {
        return new SpoolSettings(Math.min(segmentBytes, bytes), bytes, fsync, fsyncInterval, fullPolicy);
    }

    public SpoolSettings withSegmentBytes(long bytes) {
        return new SpoolSettings(bytes, maxBytes, fsync, fsyncInterval, fullPolicy);
    }

    public SpoolSettings withFullPolicy(FullPolicy policy) {
        return new SpoolSettings(segmentBytes, maxBytes, fsync, fsyncInterval, policy);
    }

    public SpoolSettings withFsync(FsyncPolicy policy) {
        return new SpoolSettings(segmentBytes, maxBytes, policy, fsyncInterval, fullPolicy);
    }
}
