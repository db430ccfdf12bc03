package io.marketprism.bench.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code clickhouse-server} for the benchmarks: the minimal configuration of the test harness
 * {@code io.marketprism.testing.ClickHouseServer} (HTTP, native and interserver ports free on 127.0.0.1, data under
 * one temporary folder deleted at {@link #close()}, UTC, user {@code default} without password, two threads per query).
 */
final class LocalClickHouse implements AutoCloseable {
    private static final String BINARY = System.getProperty("marketprism.clickhouse.server",
            "/usr/sbin/clickhouse-server");

    private final Path dir;
    private final int httpPort;
    private final Process process;

    private LocalClickHouse(Path dir, int httpPort, Process process) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Writes the configuration, starts the server and returns when {@code /ping} answers (at most 60 s). */
    static LocalClickHouse start() throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IOException(BINARY + " is not installed: apt-get install clickhouse-server, or set "
                    + "-Dmarketprism.clickhouse.server=PATH");
        }
        Path dir = Files.createTempDirectory("mp-bench-clickhouse-");
        int http = FreePorts.one();
        writeConfig(dir, http, FreePorts.one(), FreePorts.one());
        Process p = new ProcessBuilder(BINARY, "--config-file=" + dir.resolve("config.xml")).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        LocalClickHouse ch = new LocalClickHouse(dir, http, p);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("clickhouse-server exited with " + p.exitValue() + "; see " + dir);
                }
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                            + "/ping")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return ch;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for clickhouse-server", e);
                }
                FreePorts.sleep(50);
            }
            throw new IOException("clickhouse-server did not answer /ping within 60 s; see " + dir);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The sink URI of {@code database} on this server. */
    String sinkUri(String database) {
        return "clickhouse:http://127.0.0.1:" + httpPort + "/" + database;
    }

    /** SIGTERM (SIGKILL after 30 s), then deletes the data folder. */
    /** The server's process id (for its CPU time). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        FreePorts.stop(process, 30);
        FreePorts.deleteTree(dir);
    }

    private static void writeConfig(Path dir, int http, int tcp, int interserver) throws IOException {
        for (String sub : List.of("data", "tmp", "user_files", "format_schemas")) {
            Files.createDirectories(dir.resolve(sub));
        }
        String config = """
                <?xml version="1.0"?>
                <yandex>
                  <logger>
                    <level>warning</level>
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
                  <keep_alive_timeout>1</keep_alive_timeout>
                  <mark_cache_size>16777216</mark_cache_size>
                  <uncompressed_cache_size>16777216</uncompressed_cache_size>
                  <max_concurrent_queries>32</max_concurrent_queries>
                  <max_server_memory_usage>1073741824</max_server_memory_usage>
                </yandex>
                """.formatted(dir.toAbsolutePath(), http, tcp, interserver);
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
                  </users>
                  <quotas><default></default></quotas>
                </yandex>
                """;
        Files.writeString(dir.resolve("config.xml"), config);
        Files.writeString(dir.resolve("users.xml"), users);
    }
}
