package io.marketprism.connect;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Locale;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * How a venue is reached through a proxy: none, HTTP (CONNECT tunnel for wss/https) or SOCKS5, with optional
 * credentials. Applied to an OkHttp client; the WebSocket and REST calls of one venue share it.
 *
 * @param type     NONE, HTTP or SOCKS5
 * @param host     proxy host (required unless NONE)
 * @param port     proxy port 1..65535 (required unless NONE)
 * @param username optional user for proxy authentication (HTTP: Proxy-Authorization Basic; SOCKS5: user/password)
 * @param password password belonging to {@code username}
 */
public record ProxySettings(Type type, String host, int port, String username, String password) {
    public enum Type { NONE, HTTP, SOCKS5 }

    public static final ProxySettings NONE = new ProxySettings(Type.NONE, null, 0, null, null);

    public ProxySettings {
        if (type == null) {
            throw new IllegalArgumentException("proxy type is required: one of none, http, socks5");
        }
        if (type != Type.NONE) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("proxy host is required for a " + type.name().toLowerCase(
                        Locale.ROOT) + " proxy");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("proxy port " + port + " is out of range: use 1..65535");
            }
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("proxy username and password must be given together");
        }
    }

    /** Never shows the password (settings get logged). */
    @Override
    public String toString() {
        return type == Type.NONE ? "no proxy" : type.name().toLowerCase(Locale.ROOT) + "://"
                + (username == null ? "" : username + ":***@") + host + ":" + port;
    }

    public static ProxySettings http(String host, int port) {
        return new ProxySettings(Type.HTTP, host, port, null, null);
    }

    public static ProxySettings socks5(String host, int port) {
        return new ProxySettings(Type.SOCKS5, host, port, null, null);
    }

    public ProxySettings withCredentials(String user, String pass) {
        return new ProxySettings(type, host, port, user, pass);
    }

    public Proxy toProxy() {
        return switch (type) {
            case NONE -> Proxy.NO_PROXY;
            case HTTP -> new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
            case SOCKS5 -> new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(host, port));
        };
    }

    /**
     * A client derived from {@code base} that goes through this proxy. SOCKS5 credentials are JVM-wide in
     * {@code java.net} (the SOCKS socket asks the default {@link java.net.Authenticator}); they are registered with
     * {@link SocksCredentials}, which answers only for this proxy's host and port.
     */
    public OkHttpClient apply(OkHttpClient base) {
        if (type == Type.SOCKS5 && username != null) {
            SocksCredentials.register(host, port, username, password);
        }
        OkHttpClient.Builder b = base.newBuilder().proxy(toProxy());
        if (type == Type.HTTP && username != null) {
            String credential = Credentials.basic(username, password);
            b.proxyAuthenticator((Authenticator) (route, response) -> {
                if (credential.equals(response.request().header("Proxy-Authorization"))) {
                    return null; // already tried: the proxy refused these credentials
                }
                return response.request().newBuilder().header("Proxy-Authorization", credential).build();
            });
        }
        return b.build();
    }
}
