package io.marketprism.sink.clickhouse;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach one ClickHouse database over its HTTP interface. Parsed from the sink URI
 * {@code clickhouse:http://HOST:PORT/DATABASE}; user and password come from configuration or the environment
 * ({@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD}), never from the URI, so they do not end up in logs, shell
 * history or process lists. {@link #toString()} never shows the password.
 *
 * @param baseUri        {@code http(s)://host:port/} of the server, without path or query
 * @param database       the database holding the record tables
 * @param user           the ClickHouse user ({@code default} when none is given)
 * @param password       the user's password (empty for none)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout the longest one statement or insert may take, response included
 */
public record ClickHouseSettings(URI baseUri, String database, String user, String password,
                                 Duration connectTimeout, Duration requestTimeout) {
    public static final String SCHEME = "clickhouse:";
    public static final String ENV_USER = "CLICKHOUSE_USER";
    public static final String ENV_PASSWORD = "CLICKHOUSE_PASSWORD";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClickHouseSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        String scheme = baseUri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("ClickHouse URL '" + baseUri + "': scheme must be http or https");
        }
        if (baseUri.getHost() == null || baseUri.getHost().isEmpty()) {
            throw new IllegalArgumentException("ClickHouse URL '" + baseUri + "' names no host; use http://HOST:PORT/");
        }
        requireIdentifier("database", database);
        user = user == null || user.isEmpty() ? "default" : user;
        password = password == null ? "" : password;
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("ClickHouse timeouts must be positive, got connect=" + connectTimeout
                    + " request=" + requestTimeout);
        }
    }

    /** Settings for {@code clickhouse:http://HOST:PORT/DATABASE} with user and password from the process environment. */
    public static ClickHouseSettings fromSinkUri(String uri) {
        return fromSinkUri(uri, System.getenv());
    }

    /** Settings for a sink URI with user and password from {@code env} ({@link #ENV_USER}, {@link #ENV_PASSWORD}). */
    public static ClickHouseSettings fromSinkUri(String uri, Map<String, String> env) {
        return fromSinkUri(uri, env.get(ENV_USER), env.get(ENV_PASSWORD));
    }

    /** Settings for a sink URI with the user and password given explicitly (null: {@code default}, no password). */
    public static ClickHouseSettings fromSinkUri(String uri, String user, String password) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "' must look like "
                    + "clickhouse:http://HOST:PORT/DATABASE");
        }
        String rest = uri.substring(SCHEME.length());
        URI parsed;
        try {
            parsed = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "': not a URL (" + e.getReason()
                    + "); use clickhouse:http://HOST:PORT/DATABASE", e);
        }
        if (parsed.getScheme() == null || !(parsed.getScheme().equals("http") || parsed.getScheme().equals("https"))) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "': scheme '" + parsed.getScheme()
                    + "' is not supported; use http:// or https://");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "' names no host; use "
                    + "clickhouse:http://HOST:PORT/DATABASE");
        }
        if (parsed.getUserInfo() != null) {
            throw new IllegalArgumentException("ClickHouse sink '" + redact(uri) + "': credentials in the URL are not "
                    + "accepted; set " + ENV_USER + " and " + ENV_PASSWORD + " instead");
        }
        if (parsed.getQuery() != null || parsed.getFragment() != null) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "': query or fragment '"
                    + (parsed.getQuery() != null ? parsed.getQuery() : parsed.getFragment())
                    + "' is not supported; use clickhouse:http://HOST:PORT/DATABASE");
        }
        int port = parsed.getPort() != -1 ? parsed.getPort() : parsed.getScheme().equals("https") ? 8443 : 8123;
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "' names no database; use "
                    + "clickhouse:http://HOST:PORT/DATABASE, e.g. clickhouse:http://127.0.0.1:8123/marketprism");
        }
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("ClickHouse sink '" + uri + "': database '" + database + "' must be "
                    + "letters, digits and '_' (not starting with a digit)");
        }
        URI base = URI.create(parsed.getScheme() + "://" + parsed.getHost() + ":" + port + "/");
        return new ClickHouseSettings(base, database, user, password, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** The same server and credentials, another database (e.g. the cold tier). */
    public ClickHouseSettings withDatabase(String otherDatabase) {
        return new ClickHouseSettings(baseUri, otherDatabase, user, password, connectTimeout, requestTimeout);
    }

    public ClickHouseSettings withTimeouts(Duration connect, Duration request) {
        return new ClickHouseSettings(baseUri, database, user, password, connect, request);
    }

    /** The sink URI form, without credentials. */
    public String sinkUri() {
        return SCHEME + baseUri.getScheme() + "://" + baseUri.getRawAuthority() + "/" + database;
    }

    @Override
    public String toString() {
        return sinkUri() + " (user " + user + (password.isEmpty() ? ", no password" : ", password set") + ")";
    }

    static void requireIdentifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("ClickHouse " + what + " '" + name + "' must be letters, digits and "
                    + "'_' (not starting with a digit)");
        }
    }

    private static String redact(String uri) {
        return uri.replaceAll("//[^/@]*@", "//***@");
    }
}
