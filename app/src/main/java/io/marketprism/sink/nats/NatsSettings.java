package io.marketprism.sink.nats;

import io.marketprism.model.RecordType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the NATS publisher and the {@code store} consumer need to reach NATS: servers, authentication, TLS, the
 * subject prefix, the JetStream streams to create or update at start, the delivery mode per record type, and the
 * publish limits. Validated on construction with messages that name the setting and the fix. Secrets (password,
 * token, passwords in URLs) never appear in {@link #toString()}.
 *
 * @param servers       one or more {@code nats://host:port} (or {@code tls://}) URLs
 * @param auth          how to authenticate ({@link Auth#none()} for an open server)
 * @param tls           TLS settings ({@link Tls#off()} for plain TCP)
 * @param subjectPrefix optional subject prefix without the trailing dot (empty for none)
 * @param streams       JetStream streams to create or update at start (may be empty when they are managed elsewhere)
 * @param modes         delivery mode per record type; types not listed use {@link Mode#JETSTREAM}
 * @param publish       asynchronous publish limits
 * @param connection    connection and reconnect limits
 */
public record NatsSettings(List<String> servers, Auth auth, Tls tls, String subjectPrefix, List<StreamSpec> streams,
                           Map<RecordType, Mode> modes, Publish publish, ConnectionLimits connection) {

    /** JetStream: persisted, acknowledged, de-duplicated. Core: fire-and-forget plain publish for minimal latency. */
    public enum Mode {
        JETSTREAM("jetstream"), CORE("core");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Mode fromId(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("nats mode '" + id + "' is unknown: use 'jetstream' or 'core'");
        }
    }

    public enum Storage {
        FILE, MEMORY
    }

    public NatsSettings {
        Objects.requireNonNull(servers, "nats.servers");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("nats.servers is empty: give at least one URL, e.g. "
                    + "nats://127.0.0.1:4222");
        }
        for (String s : servers) {
            if (s == null || !(s.startsWith("nats://") || s.startsWith("tls://"))) {
                throw new IllegalArgumentException("nats.servers entry '" + redactUrl(s)
                        + "' is not a NATS URL: write nats://host:port or tls://host:port");
            }
        }
        servers = List.copyOf(servers);
        auth = auth == null ? Auth.none() : auth;
        tls = tls == null ? Tls.off() : tls;
        subjectPrefix = subjectPrefix == null ? "" : subjectPrefix;
        if (!subjectPrefix.isEmpty()) {
            for (String token : subjectPrefix.split("\\.", -1)) {
                if (token.isEmpty() || !Subjects.isPlainToken(token)) {
                    throw new IllegalArgumentException("nats.subject_prefix '" + subjectPrefix + "' is not a "
                            + "subject prefix: use dot-separated tokens without spaces, '*', '>' or a trailing dot, "
                            + "e.g. 'md' or 'prod.md'");
                }
            }
        }
        streams = streams == null ? List.of() : List.copyOf(streams);
        Set<String> names = new HashSet<>();
        for (StreamSpec s : streams) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("nats.streams: stream '" + s.name() + "' is defined twice");
            }
        }
        Map<RecordType, Mode> m = new EnumMap<>(RecordType.class);
        if (modes != null) {
            m.putAll(modes);
        }
        modes = java.util.Collections.unmodifiableMap(m);
        publish = publish == null ? Publish.defaults() : publish;
        connection = connection == null ? ConnectionLimits.defaults() : connection;
    }

    /** Open server at {@code url}, no prefix, no streams, every type on JetStream, default limits. */
    public static NatsSettings of(String url) {
        return new NatsSettings(List.of(url), null, null, "", List.of(), Map.of(), null, null);
    }

    public Mode modeOf(RecordType type) {
        return modes.getOrDefault(type, Mode.JETSTREAM);
    }

    public NatsSettings withServers(List<String> urls) {
        return new NatsSettings(urls, auth, tls, subjectPrefix, streams, modes, publish, connection);
    }

    public NatsSettings withAuth(Auth a) {
        return new NatsSettings(servers, a, tls, subjectPrefix, streams, modes, publish, connection);
    }

    public NatsSettings withTls(Tls t) {
        return new NatsSettings(servers, auth, t, subjectPrefix, streams, modes, publish, connection);
    }

    public NatsSettings withSubjectPrefix(String prefix) {
        return new NatsSettings(servers, auth, tls, prefix, streams, modes, publish, connection);
    }

    public NatsSettings withStreams(List<StreamSpec> s) {
        return new NatsSettings(servers, auth, tls, subjectPrefix, s, modes, publish, connection);
    }

    public NatsSettings withModes(Map<RecordType, Mode> m) {
        return new NatsSettings(servers, auth, tls, subjectPrefix, streams, m, publish, connection);
    }

    public NatsSettings withPublish(Publish p) {
        return new NatsSettings(servers, auth, tls, subjectPrefix, streams, modes, p, connection);
    }

    public NatsSettings withConnection(ConnectionLimits c) {
        return new NatsSettings(servers, auth, tls, subjectPrefix, streams, modes, publish, c);
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (String s : servers) {
            shown.add(redactUrl(s));
        }
        return "NatsSettings[servers=" + shown + ", auth=" + auth + ", tls=" + tls + ", subjectPrefix='"
                + subjectPrefix + "', streams=" + streams + ", modes=" + modes + ", publish=" + publish
                + ", connection=" + connection + "]";
    }

    /** {@code nats://user:secret@host} → {@code nats://***@host}: URLs may carry credentials. */
    static String redactUrl(String url) {
        if (url == null) {
            return "null";
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
    }

    /**
     * Exactly one way to authenticate, or none. Secrets are held as given and never printed.
     *
     * @param kind            which of the fields is in use
     * @param user            user name (USER_PASSWORD)
     * @param password        password (USER_PASSWORD)
     * @param token           token (TOKEN)
     * @param credentialsFile a {@code .creds} file with JWT and NKey seed (CREDENTIALS)
     * @param nkeySeedFile    a file holding an NKey user seed {@code SU...} (NKEY)
     */
    public record Auth(Kind kind, String user, String password, String token, Path credentialsFile,
                       Path nkeySeedFile) {
        public enum Kind {
            NONE, USER_PASSWORD, TOKEN, CREDENTIALS, NKEY
        }

        public Auth {
            Objects.requireNonNull(kind, "nats.auth kind");
        }

        public static Auth none() {
            return new Auth(Kind.NONE, null, null, null, null, null);
        }

        public static Auth userPassword(String user, String password) {
            return of(user, password, null, null, null);
        }

        public static Auth token(String token) {
            return of(null, null, token, null, null);
        }

        public static Auth credentialsFile(Path file) {
            return of(null, null, null, file, null);
        }

        public static Auth nkeySeedFile(Path file) {
            return of(null, null, null, null, file);
        }

        /**
         * From configuration fields (null or empty = absent): at most one method may be given, and a user needs a
         * password.
         */
        public static Auth of(String user, String password, String token, Path credentialsFile, Path nkeySeedFile) {
            boolean hasUser = notBlank(user) || notBlank(password);
            int given = (hasUser ? 1 : 0) + (notBlank(token) ? 1 : 0) + (credentialsFile != null ? 1 : 0)
                    + (nkeySeedFile != null ? 1 : 0);
            if (given > 1) {
                throw new IllegalArgumentException("nats.auth: give exactly one of user+password, token, "
                        + "credentials_file, nkey_seed_file (" + given + " are set)");
            }
            if (hasUser && (!notBlank(user) || !notBlank(password))) {
                throw new IllegalArgumentException("nats.auth: " + (notBlank(user) ? "user '" + user
                        + "' has no password: set nats.auth.password" : "a password is set without nats.auth.user"));
            }
            if (hasUser) {
                return new Auth(Kind.USER_PASSWORD, user, password, null, null, null);
            }
            if (notBlank(token)) {
                return new Auth(Kind.TOKEN, null, null, token, null, null);
            }
            if (credentialsFile != null) {
                return new Auth(Kind.CREDENTIALS, null, null, null, credentialsFile, null);
            }
            if (nkeySeedFile != null) {
                return new Auth(Kind.NKEY, null, null, null, null, nkeySeedFile);
            }
            return none();
        }

        private static boolean notBlank(String s) {
            return s != null && !s.isBlank();
        }

        @Override
        public String toString() {
            return switch (kind) {
                case NONE -> "none";
                case USER_PASSWORD -> "user '" + user + "' with password ***";
                case TOKEN -> "token ***";
                case CREDENTIALS -> "credentials file " + credentialsFile;
                case NKEY -> "nkey seed file " + nkeySeedFile;
            };
        }
    }

    /**
     * TLS to the server. With no CA file the JVM's default trust store is used; a client certificate needs both the
     * certificate and its (PKCS#8, unencrypted) key file.
     */
    public record Tls(boolean enabled, Path caFile, Path certFile, Path keyFile) {
        public Tls {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("nats.tls: a client certificate needs both cert_file and "
                        + "key_file (" + (certFile == null ? "cert_file" : "key_file") + " is missing)");
            }
            if (!enabled && (caFile != null || certFile != null)) {
                throw new IllegalArgumentException("nats.tls: ca_file/cert_file are set but TLS is not enabled: "
                        + "set nats.tls.enabled: true");
            }
        }

        public static Tls off() {
            return new Tls(false, null, null, null);
        }
    }

    /**
     * A JetStream stream created or updated at start.
     *
     * @param maxBytes  -1 for unlimited
     * @param maxMsgs   -1 for unlimited
     * @param maxAge    {@link Duration#ZERO} for unlimited
     */
    public record StreamSpec(String name, List<String> subjects, Storage storage, Duration maxAge, long maxBytes,
                             long maxMsgs, Duration duplicateWindow, int replicas) {
        public StreamSpec {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c)
                    || c == '-' || c == '_')) {
                throw new IllegalArgumentException("nats stream name '" + name + "' is not allowed: use letters, "
                        + "digits, '-' and '_' only, e.g. MARKET_DATA");
            }
            if (subjects == null || subjects.isEmpty()) {
                throw new IllegalArgumentException("nats stream '" + name + "' has no subjects: give at least one, "
                        + "e.g. 'trade.>'");
            }
            subjects = List.copyOf(subjects);
            storage = storage == null ? Storage.FILE : storage;
            maxAge = maxAge == null ? Duration.ZERO : maxAge;
            duplicateWindow = duplicateWindow == null ? Duration.ofMinutes(2) : duplicateWindow;
            if (maxAge.isNegative() || duplicateWindow.isNegative() || duplicateWindow.isZero()) {
                throw new IllegalArgumentException("nats stream '" + name + "': max_age must be >= 0 and "
                        + "duplicate_window > 0 (got " + maxAge + ", " + duplicateWindow + ")");
            }
            if (!maxAge.isZero() && duplicateWindow.compareTo(maxAge) > 0) {
                throw new IllegalArgumentException("nats stream '" + name + "': duplicate_window " + duplicateWindow
                        + " is longer than max_age " + maxAge + ": shorten duplicate_window");
            }
            if (maxBytes < -1 || maxBytes == 0 || maxMsgs < -1 || maxMsgs == 0) {
                throw new IllegalArgumentException("nats stream '" + name + "': max_bytes and max_msgs must be "
                        + "positive or -1 for unlimited (got " + maxBytes + ", " + maxMsgs + ")");
            }
            if (replicas < 1 || replicas > 5) {
                throw new IllegalArgumentException("nats stream '" + name + "': replicas " + replicas
                        + " is outside 1..5");
            }
        }

        /** Unlimited file stream with a two-minute duplicate window and one replica. */
        public static StreamSpec of(String name, String... subjects) {
            return new StreamSpec(name, List.of(subjects), Storage.FILE, Duration.ZERO, -1, -1, Duration.ofMinutes(2),
                    1);
        }
    }

    /**
     * Asynchronous publish limits.
     *
     * @param maxInFlight  the most JetStream publishes awaiting their ack at once
     * @param ackTimeout   how long one publish waits for its ack before it counts as failed and is re-published
     * @param maxAttempts  how often one batch is tried (first try included) before write() throws
     * @param retryBackoff pause before re-publishing the failed part of a batch (doubles per attempt)
     * @param recordsPerMessage most records of one subject bundled into one JetStream message (newline-separated
     *                          JSON forms). 1 (the default) keeps one record per message with the event's own
     *                          {@code Nats-Msg-Id}, so redundant collectors de-duplicate on the bus; more trades that
     *                          for throughput: a bundle's Msg-Id derives from its contents, retries still
     *                          de-duplicate on the bus, redundant collectors only in the store (event identity)
     */
    public record Publish(int maxInFlight, Duration ackTimeout, int maxAttempts, Duration retryBackoff,
                          int recordsPerMessage) {
        /** The most records one bundle may hold. */
        public static final int MAX_RECORDS_PER_MESSAGE = 10_000;

        public Publish {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("nats.publish.max_in_flight " + maxInFlight
                        + " must be at least 1 (about 4000 is fast here)");
            }
            if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
                throw new IllegalArgumentException("nats.publish.ack_timeout must be positive, e.g. 5s");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("nats.publish.max_attempts " + maxAttempts + " must be >= 1");
            }
            if (retryBackoff == null || retryBackoff.isNegative()) {
                throw new IllegalArgumentException("nats.publish.retry_backoff must be >= 0, e.g. 200ms");
            }
            if (recordsPerMessage < 1 || recordsPerMessage > MAX_RECORDS_PER_MESSAGE) {
                throw new IllegalArgumentException("nats.records_per_message " + recordsPerMessage + " must be 1.."
                        + MAX_RECORDS_PER_MESSAGE + " (1: one record per message; about 200 for throughput)");
            }
        }

        /** One record per message. */
        public Publish(int maxInFlight, Duration ackTimeout, int maxAttempts, Duration retryBackoff) {
            this(maxInFlight, ackTimeout, maxAttempts, retryBackoff, 1);
        }

        public static Publish defaults() {
            return new Publish(4096, Duration.ofSeconds(5), 5, Duration.ofMillis(200), 1);
        }

        public Publish withRecordsPerMessage(int n) {
            return new Publish(maxInFlight, ackTimeout, maxAttempts, retryBackoff, n);
        }
    }

    /**
     * Connection limits; jnats reconnects by itself, buffering at most {@code reconnectBufferBytes} meanwhile.
     *
     * @param maxReconnects -1 for forever
     */
    public record ConnectionLimits(Duration connectTimeout, Duration reconnectWait, int maxReconnects,
                                   long reconnectBufferBytes) {
        public ConnectionLimits {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                    || reconnectWait == null || reconnectWait.isNegative()) {
                throw new IllegalArgumentException("nats.connection: connect_timeout must be positive and "
                        + "reconnect_wait >= 0");
            }
            if (maxReconnects < -1) {
                throw new IllegalArgumentException("nats.connection.max_reconnects " + maxReconnects
                        + " must be >= 0 or -1 for forever");
            }
            if (reconnectBufferBytes < 1) {
                throw new IllegalArgumentException("nats.connection.reconnect_buffer_bytes must be positive: the "
                        + "buffer is bounded");
            }
        }

        public static ConnectionLimits defaults() {
            return new ConnectionLimits(Duration.ofSeconds(5), Duration.ofMillis(500), -1, 64L << 20);
        }
    }
}
