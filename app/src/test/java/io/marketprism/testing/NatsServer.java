package io.marketprism.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream for tests: loopback only, free ports, a temporary store directory. The
 * ports and the store survive {@link #stop()}/{@link #kill()}, so {@link #start()} brings back the same server with
 * its JetStream data. Tests call {@link #create()} which skips the test (not fails) when the binary is missing.
 */
public final class NatsServer implements AutoCloseable {
    private static final Path BINARY = Path.of(System.getProperty("marketprism.nats-server", "/usr/sbin/nats-server"));

    private final int port;
    private final int monitorPort;
    private final Path dir;
    private final Path storeDir;
    private final Path logFile;
    private final String configText;
    private Process process;

    private NatsServer(String configText) throws IOException {
        this.port = freePort();
        this.monitorPort = freePort();
        this.dir = Files.createTempDirectory("mp-nats-");
        this.storeDir = dir.resolve("store");
        this.logFile = dir.resolve("nats.log");
        this.configText = configText;
    }

    /** A plain JetStream server, not started yet. Skips the calling test when nats-server is absent. */
    public static NatsServer create() {
        return create(null);
    }

    /**
     * A server with an extra configuration file (e.g. {@code authorization { user: a, password: b }}), not started
     * yet. Skips the calling test when nats-server is absent.
     */
    public static NatsServer create(String configText) {
        assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed: skipping tests against a real NATS "
                + "server (apt-get install nats-server)");
        try {
            return new NatsServer(configText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (or restarts) the server on the same ports and store; returns when {@code /healthz} answers OK. */
    public synchronized NatsServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-js", "-a", "127.0.0.1",
                    "-p", Integer.toString(port), "-m", Integer.toString(monitorPort), "-sd", storeDir.toString(),
                    "-l", logFile.toString()));
            if (configText != null) {
                Path conf = dir.resolve("nats.conf");
                Files.writeString(conf, configText);
                cmd.add("-c");
                cmd.add(conf.toString());
            }
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
            waitHealthy();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void waitHealthy() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + "; log: " + log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + monitorPort + "/healthz")
                        .toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for nats-server", e);
            }
        }
        throw new IOException("nats-server did not become healthy in 15 s; log: " + log());
    }

    /** Graceful stop (SIGTERM), waits for the process to end. */
    public synchronized void stop() {
        end(false);
    }

    /** Abrupt stop (SIGKILL), as a crash would. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int monitorPort() {
        return monitorPort;
    }

    public Path dir() {
        return dir;
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
