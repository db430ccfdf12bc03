package io.marketprism.bench.store;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server -js} for the benchmarks: 127.0.0.1 only, free ports, a temporary store directory deleted
 * at {@link #close()}. The start logic is a copy of the test harness {@code io.marketprism.testing.NatsServer}
 * (test sources are not on the bench class path).
 */
final class LocalNats implements AutoCloseable {
    private static final Path BINARY = Path.of(System.getProperty("marketprism.nats-server", "/usr/sbin/nats-server"));

    private final int port;
    private final Path dir;
    private final Process process;

    private LocalNats(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts the server and returns when {@code /healthz} answers 200 (at most 15 s). */
    static LocalNats start() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY + " is not installed: apt-get install nats-server, or set "
                    + "-Dmarketprism.nats-server=PATH");
        }
        int port = FreePorts.one();
        int monitor = FreePorts.one();
        Path dir = Files.createTempDirectory("mp-bench-nats-");
        Process p = new ProcessBuilder(BINARY.toString(), "-js", "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-m", Integer.toString(monitor), "-sd", dir.resolve("store").toString(),
                "-l", dir.resolve("nats.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        LocalNats nats = new LocalNats(port, dir, p);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("nats-server exited with " + p.exitValue() + "; see " + dir);
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + monitor + "/healthz")
                            .toURL().openConnection();
                    c.setConnectTimeout(500);
                    c.setReadTimeout(500);
                    if (c.getResponseCode() == 200) {
                        return nats;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                FreePorts.sleep(20);
            }
            throw new IOException("nats-server did not become healthy within 15 s; see " + dir);
        } catch (IOException | RuntimeException e) {
            nats.close();
            throw e;
        }
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM, SIGKILL after 10 s) and deletes its directory. */
    /** The server's process id (for its CPU time). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        FreePorts.stop(process, 10);
        FreePorts.deleteTree(dir);
    }
}
