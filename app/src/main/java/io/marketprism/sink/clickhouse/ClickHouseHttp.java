package io.marketprism.sink.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP interface over the JDK client: one request per statement, insert or query. Credentials go in the
 * {@code X-ClickHouse-User}/{@code X-ClickHouse-Key} headers (understood by 18.16 and current releases); they are never
 * part of a URL, message or log line. Every failure is an {@link IOException}: {@link ClickHouseException} when the
 * server answered with an error (its message included), a plain IOException naming the server when it could not be
 * reached or did not answer within the request timeout.
 */
public final class ClickHouseHttp {
    private static final Pattern ERROR_CODE = Pattern.compile("Code: (\\d+)");

    private final ClickHouseSettings settings;
    private final HttpClient client;

    public ClickHouseHttp(ClickHouseSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public ClickHouseSettings settings() {
        return settings;
    }

    /** True when {@code GET /ping} answers {@code Ok.}; false when the server cannot be reached. */
    public boolean ping() {
        HttpRequest request = HttpRequest.newBuilder(settings.baseUri().resolve("ping"))
                .timeout(settings.connectTimeout()).GET().build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public ServerVersion version() throws IOException {
        return ServerVersion.parse(query("SELECT version()").trim());
    }

    /** Runs one statement (DDL, INSERT ... SELECT, ALTER, OPTIMIZE) and returns when ClickHouse has answered 200. */
    public void execute(String sql) throws IOException {
        query(sql); // read the (empty) answer to the end so the connection can be reused
    }

    /** Runs a query and returns its whole answer as text (add {@code FORMAT ...} to choose the format; TSV default). */
    public String query(String sql) throws IOException {
        HttpResponse<InputStream> r = send(post(null, HttpRequest.BodyPublishers.ofString(sql)), sql);
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One number from a query like {@code SELECT count() FROM ...}. */
    public long queryLong(String sql) throws IOException {
        String text = query(sql).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("ClickHouse at " + settings.baseUri() + " answered '" + text + "' to '" + sql
                    + "', expected one integer", e);
        }
    }

    /**
     * Runs a query and hands back its answer as a stream (e.g. {@code FORMAT RowBinary} to copy between servers); the
     * caller closes it.
     */
    public InputStream queryStream(String sql) throws IOException {
        return send(post(null, HttpRequest.BodyPublishers.ofString(sql)), sql).body();
    }

    /** {@code INSERT INTO db.table (columns) FORMAT RowBinary} with {@code rows} as the body. */
    public void insertRowBinary(String table, List<String> columns, byte[] rows) throws IOException {
        String sql = insertSql(table, columns);
        drain(send(post(sql, HttpRequest.BodyPublishers.ofByteArray(rows)), sql));
    }

    /** Like {@link #insertRowBinary(String, List, byte[])} with the rows streamed from {@code rows}. */
    public void insertRowBinary(String table, List<String> columns, InputStream rows) throws IOException {
        String sql = insertSql(table, columns);
        drain(send(post(sql, HttpRequest.BodyPublishers.ofInputStream(() -> rows)), sql));
    }

    private static void drain(HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private String insertSql(String table, List<String> columns) {
        ClickHouseSettings.requireIdentifier("table", table);
        columns.forEach(c -> ClickHouseSettings.requireIdentifier("column", c));
        return "INSERT INTO " + settings.database() + "." + table + " (" + String.join(", ", columns)
                + ") FORMAT RowBinary";
    }

    private HttpRequest post(String queryParam, HttpRequest.BodyPublisher body) {
        URI uri = queryParam == null ? settings.baseUri()
                : URI.create(settings.baseUri() + "?query=" + URLEncoder.encode(queryParam, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("X-ClickHouse-User", settings.user()).POST(body);
        if (!settings.password().isEmpty()) {
            b.header("X-ClickHouse-Key", settings.password());
        }
        return b.build();
    }

    private HttpResponse<InputStream> send(HttpRequest request, String sql) throws IOException {
        HttpResponse<InputStream> r;
        try {
            r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new IOException("ClickHouse at " + settings.baseUri() + " did not answer within "
                    + settings.requestTimeout() + " to '" + abbreviate(sql) + "'", e);
        } catch (IOException | UncheckedIOException e) {
            throw new IOException("ClickHouse at " + settings.baseUri() + " failed on '" + abbreviate(sql) + "': "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ClickHouse at " + settings.baseUri(), e);
        }
        if (r.statusCode() != 200) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(8192), StandardCharsets.UTF_8).trim();
            }
            Matcher m = ERROR_CODE.matcher(body);
            int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
            throw new ClickHouseException("ClickHouse at " + settings.baseUri() + " (user " + settings.user()
                    + ") rejected '" + abbreviate(sql) + "' with HTTP " + r.statusCode() + ": " + body,
                    r.statusCode(), code);
        }
        return r;
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "...";
    }

    @Override
    public String toString() {
        return "ClickHouseHttp[" + settings + "]";
    }
}
