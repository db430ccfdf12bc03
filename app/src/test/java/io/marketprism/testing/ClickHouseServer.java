package io.marketprism.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code clickhouse-server} for tests: a minimal generated config (HTTP, native and interserver ports on free
 * loopback ports, 127.0.0.1 only; data, logs and temp files under one temp folder; UTC; small caches) and a users.xml
 * with {@code default} (no password) and {@link #PASSWORD_USER} / {@link #PASSWORD}. {@link #start()} waits for
 * {@code /ping} (bounded; the server log tail is in the error); {@link #stop()} sends SIGTERM, {@link #kill()}
 * SIGKILL, and {@link #start()} again runs on the same ports and data. One per test class ({@code @BeforeAll}); tests
 * are skipped (not failed) when the binary is missing.
 */
public final class ClickHouseServer implements AutoCloseable {
    public static final String BINARY = System.getProperty("marketprism.clickhouse.server", "/usr/sbin/clickhouse-server");
    public static final String PASSWORD_USER = "writer";
    public static final String PASSWORD = "wr1ter-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int httpPort;
    private final int tcpPort;
    private final int interserverPort;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private ClickHouseServer(Path dir, int httpPort, int tcpPort, int interserverPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.interserverPort = interserverPort;
    }

    /** Creates the config in a new temp folder and starts the server; skips the calling test if the binary is absent. */
    public static ClickHouseServer startNew() {
        assumeTrue(Files.isExecutable(Paths.get(BINARY)), "clickhouse-server not found at " + BINARY
                + " (install Debian's clickhouse-server, or set -Dmarketprism.clickhouse.server): skipping");
        try {
            Path dir = Files.createTempDirectory("marketprism-clickhouse-");
            int[] ports = freePorts(3);
            ClickHouseServer s = new ClickHouseServer(dir, ports[0], ports[1], ports[2]);
            s.writeConfig();
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** The sink URI for {@code database}. */
    public String sinkUri(String database) {
        return "clickhouse:http://127.0.0.1:" + httpPort + "/" + database;
    }

    public Path dir() {
        return dir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again, on the same ports and data) and waits until {@code /ping} answers. */
    public synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        process = new ProcessBuilder(BINARY, "--config-file=" + dir.resolve("config.xml"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("clickhouse-server exited with " + process.exitValue() + " during start; log:\n"
                        + logTail());
            }
            if (ping()) {
                return;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("clickhouse-server did not answer /ping on port " + httpPort + " within "
                + START_TIMEOUT + "; log:\n" + logTail());
    }

    /** SIGTERM, then waits for the process to end (SIGKILL after {@link #STOP_TIMEOUT}). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** SIGKILL: the server dies at once, as in a crash. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }

    private boolean ping() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(httpUrl() + "ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the server's logs, for failure messages. */
    public String logTail() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("stdout.log", "server.err.log", "server.log")) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                try {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    sb.append("--- ").append(name).append('\n');
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
                } catch (IOException e) {
                    sb.append("(cannot read ").append(p).append(": ").append(e).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    private void writeConfig() throws IOException {
        for (String sub : List.of("data", "tmp", "user_files", "format_schemas")) {
            Files.createDirectories(dir.resolve(sub));
        }
        String config = """
                <?xml version="1.0"?>
                <yandex>
                  <logger>
                    <level>information</level>
                    <log>%1$s/server.log</log>
                    <errorlog>%1$s/server.err.log</errorlog>
                    <size>10M</size>
                    <count>1</count>
                  </logger>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <interserver_http_port>%4$d</interserver_http_port>
                  <listen_host>127.0.0.1</listen_host>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/tmp/</tmp_path>
                  <user_files_path>%1$s/user_files/</user_files_path>
                  <format_schema_path>%1$s/format_schemas/</format_schema_path>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <timezone>UTC</timezone>
                  <!-- SIGTERM waits for idle keep-alive connections (10 s by default on 18.16): keep them short -->
                  <keep_alive_timeout>1</keep_alive_timeout>
                  <mark_cache_size>16777216</mark_cache_size>
                  <uncompressed_cache_size>16777216</uncompressed_cache_size>
                  <max_concurrent_queries>32</max_concurrent_queries>
                  <max_server_memory_usage>1073741824</max_server_memory_usage>
                </yandex>
                """.formatted(dir.toAbsolutePath(), httpPort, tcpPort, interserverPort);
        String users = """
                <?xml version="1.0"?>
                <yandex>
                  <profiles>
                    <default>
                      <max_memory_usage>536870912</max_memory_usage>
                      <max_threads>2</max_threads>
                    </default>
                  </profiles>
                  <users>
                    <default>
                      <password></password>
                      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </default>
                    <%1$s>
                      <password>%2$s</password>
                      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </%1$s>
                  </users>
                  <quotas><default></default></quotas>
                </yandex>
                """.formatted(PASSWORD_USER, PASSWORD);
        Files.writeString(dir.resolve("config.xml"), config);
        Files.writeString(dir.resolve("users.xml"), users);
    }

    private static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                out[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
