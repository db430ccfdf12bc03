package io.marketprism.sink.nats;

import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens NATS connections from {@link NatsSettings}: servers, authentication, TLS, reconnect with a bounded buffer.
 * Counts and logs every disconnect, reconnect and asynchronous error of the connections it opened.
 */
public final class NatsConnections {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnections.class);

    private final NatsSettings settings;
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** jnats reports DISCONNECTED again after every failed reconnect attempt: count only the first of an outage. */
    private final java.util.Set<Connection> up = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public NatsConnections(NatsSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects to the configured servers.
     *
     * @param name connection name shown by the server (e.g. {@code marketprism-collect})
     * @throws IOException naming the servers and the authentication method when the connection is refused
     */
    public Connection connect(String name) throws IOException {
        Options options = options(name);
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            String hint = msg.toLowerCase(java.util.Locale.ROOT).contains("authorization")
                    ? " The server refused the credentials (auth: " + settings.auth()
                    + "): check nats.auth against the server's authorization block."
                    : " Check that nats-server runs at that address and nats.servers/nats.tls match it.";
            throw new IOException("cannot connect to NATS " + redactedServers() + ": " + msg + "." + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to NATS " + redactedServers(), e);
        }
    }

    Options options(String name) throws IOException {
        NatsSettings.ConnectionLimits limits = settings.connection();
        Options.Builder b = new Options.Builder()
                .servers(settings.servers().toArray(String[]::new))
                .connectionName(name)
                .connectionTimeout(limits.connectTimeout())
                .reconnectWait(limits.reconnectWait())
                .maxReconnects(limits.maxReconnects())
                .reconnectBufferSize(limits.reconnectBufferBytes())
                .connectionListener(this::onEvent)
                .errorListener(new Errors());
        NatsSettings.Auth auth = settings.auth();
        switch (auth.kind()) {
            case USER_PASSWORD -> b.userInfo(auth.user().toCharArray(), auth.password().toCharArray());
            case TOKEN -> b.token(auth.token().toCharArray());
            case CREDENTIALS -> {
                requireReadable(auth.credentialsFile(), "nats.auth.credentials_file");
                b.authHandler(Nats.credentials(auth.credentialsFile().toString()));
            }
            case NKEY -> b.authHandler(nkeyHandler(auth.nkeySeedFile()));
            case NONE -> {
            }
        }
        NatsSettings.Tls tls = settings.tls();
        if (tls.enabled()) {
            try {
                b.sslContext(sslContext(tls));
            } catch (GeneralSecurityException e) {
                throw new IOException("nats.tls: cannot build the TLS context from ca_file " + tls.caFile()
                        + ", cert_file " + tls.certFile() + ", key_file " + tls.keyFile() + ": " + e.getMessage()
                        + " (certificates in PEM, key as unencrypted PKCS#8 PEM)", e);
            }
        }
        return b.build();
    }

    private static AuthHandler nkeyHandler(Path seedFile) throws IOException {
        requireReadable(seedFile, "nats.auth.nkey_seed_file");
        for (String line : Files.readAllLines(seedFile, StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (t.startsWith("SU")) {
                return Nats.staticCredentials(null, t.toCharArray());
            }
        }
        throw new IOException("nats.auth.nkey_seed_file " + seedFile + " holds no user NKey seed (a line starting "
                + "with 'SU'): create one with 'nk -gen user'");
    }

    private static void requireReadable(Path file, String key) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException(key + " " + file + " is not a readable file: fix the path");
        }
    }

    static SSLContext sslContext(NatsSettings.Tls tls) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = null;
        if (tls.caFile() != null) {
            requireReadable(tls.caFile(), "nats.tls.ca_file");
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(tls.caFile())) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        KeyManagerFactory kmf = null;
        if (tls.certFile() != null) {
            requireReadable(tls.certFile(), "nats.tls.cert_file");
            requireReadable(tls.keyFile(), "nats.tls.key_file");
            char[] pass = new char[0];
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            keys.setKeyEntry("client", privateKey(tls.keyFile()), pass,
                    certificates(tls.certFile()).toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pass);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException,
            GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new GeneralSecurityException("key_file " + pem + " is not an unencrypted PKCS#8 PEM key "
                    + "(convert with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8')");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private void onEvent(Connection conn, ConnectionListener.Events event) {
        String server = conn.getConnectedUrl();
        switch (event) {
            case CONNECTED -> up.add(conn);
            case DISCONNECTED -> {
                if (up.remove(conn)) {
                    disconnects.incrementAndGet();
                    LOG.warn("NATS connection '{}' lost (reconnecting every {}, up to {} bytes buffered meanwhile)",
                            conn.getOptions().getConnectionName(), settings.connection().reconnectWait(),
                            settings.connection().reconnectBufferBytes());
                } else {
                    LOG.debug("NATS connection '{}': reconnect attempt failed", conn.getOptions().getConnectionName());
                }
            }
            case RECONNECTED -> {
                up.add(conn);
                reconnects.incrementAndGet();
                LOG.info("NATS connection '{}' reconnected to {}", conn.getOptions().getConnectionName(), server);
            }
            case CLOSED -> {
                up.remove(conn);
                LOG.info("NATS connection '{}' closed", conn.getOptions().getConnectionName());
            }
            default -> LOG.debug("NATS connection '{}': {}", conn.getOptions().getConnectionName(), event);
        }
    }

    private String redactedServers() {
        return settings.servers().stream().map(NatsSettings::redactUrl).toList().toString();
    }

    public long disconnects() {
        return disconnects.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** Asynchronous errors reported by the server or the client library (logged each). */
    public long errors() {
        return errors.get();
    }

    private final class Errors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            errors.incrementAndGet();
            LOG.warn("NATS error on '{}': {}", conn.getOptions().getConnectionName(), error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            if (!up.contains(conn) && exp instanceof java.net.ConnectException) {
                // a refused reconnect attempt during an outage already counted as one disconnect
                LOG.debug("NATS reconnect attempt of '{}' refused", conn.getOptions().getConnectionName());
                return;
            }
            errors.incrementAndGet();
            LOG.warn("NATS exception on '{}': {}", conn.getOptions().getConnectionName(), exp.toString());
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            errors.incrementAndGet();
            LOG.warn("NATS slow consumer on '{}': messages are being dropped by the client",
                    conn.getOptions().getConnectionName());
        }
    }
}
