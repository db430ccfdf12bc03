package io.marketprism.connect;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SOCKS5 user/password authentication for {@code java.net}'s SOCKS sockets (which OkHttp uses for SOCKS proxies):
 * they ask the JVM's default {@link Authenticator}, so one is installed that answers SOCKS requests for the
 * registered proxies only (by host and port) and nothing else. Credentials never leave this class.
 */
final class SocksCredentials extends Authenticator {
    private static final Map<String, PasswordAuthentication> BY_PROXY = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    private SocksCredentials() {
    }

    static synchronized void register(String host, int port, String user, String password) {
        BY_PROXY.put(key(host, port), new PasswordAuthentication(user, password.toCharArray()));
        if (!installed) {
            Authenticator.setDefault(new SocksCredentials());
            installed = true;
        }
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (!"SOCKS5".equalsIgnoreCase(getRequestingProtocol()) && !"SOCKS".equalsIgnoreCase(getRequestingProtocol())) {
            return null;
        }
        String host = getRequestingHost();
        PasswordAuthentication pa = host == null ? null : BY_PROXY.get(key(host, getRequestingPort()));
        if (pa == null && getRequestingSite() != null) {
            pa = BY_PROXY.get(key(getRequestingSite().getHostAddress(), getRequestingPort()));
        }
        return pa;
    }
}
