package io.marketprism.runtime;

import io.marketprism.config.ConfigException;
import io.marketprism.config.MarketPrismConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the configuration file (modification time and size, polled — robust on every file system and
 * with editors that replace files) and hands a new, valid configuration to the collector. An invalid file is
 * rejected with the validation message and the running configuration stays; both outcomes are counted.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** Applies a validated configuration. */
    @FunctionalInterface
    public interface Apply {
        void apply(MarketPrismConfig next) throws IOException;
    }

    private final Path file;
    private final Supplier<MarketPrismConfig> load;
    private final Apply apply;
    private final ScheduledExecutorService timer;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastError;
    private FileTime lastModified;
    private long lastSize;

    /**
     * @param load reads and validates the file (plus environment and command-line overrides); throws
     *             {@link ConfigException} when invalid
     */
    public ConfigWatcher(Path file, Duration every, Supplier<MarketPrismConfig> load, Apply apply) throws IOException {
        this.file = Objects.requireNonNull(file);
        this.load = load;
        this.apply = apply;
        this.lastModified = Files.getLastModifiedTime(file);
        this.lastSize = Files.size(file);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "marketprism-config-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks the file once; reloads when it changed. Also called by the timer. */
    public synchronized void check() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(lastModified) && size == lastSize) {
                return;
            }
            lastModified = modified;
            lastSize = size;
            MarketPrismConfig next;
            try {
                next = load.get();
            } catch (ConfigException | IllegalArgumentException e) {
                rejected.incrementAndGet();
                lastError = e.getMessage();
                LOG.error("configuration file {} changed but is invalid, keeping the running configuration: {}",
                        file, e.getMessage());
                return;
            }
            apply.apply(next);
            applied.incrementAndGet();
            lastError = null;
        } catch (IOException | RuntimeException e) {
            rejected.incrementAndGet();
            lastError = String.valueOf(e.getMessage());
            LOG.error("configuration reload from {} failed: {}", file, e.toString());
        }
    }

    public long applied() {
        return applied.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** The last rejection's message, or null after a successful reload. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
