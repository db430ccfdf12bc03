package io.marketprism.config;

import io.marketprism.book.SnapshotPolicy;
import io.marketprism.connect.DataType;
import io.marketprism.connect.PollIntervals;
import io.marketprism.connect.ProxySettings;
import io.marketprism.connect.VenueEndpoints;
import io.marketprism.connect.VenueSettings;
import io.marketprism.ingest.BookOptions;
import io.marketprism.model.Exchange;
import io.marketprism.model.RecordType;
import io.marketprism.pipeline.PipelineSettings;
import io.marketprism.service.HealthPolicy;
import io.marketprism.service.ServiceSettings;
import io.marketprism.sink.SinkUri;
import io.marketprism.sink.nats.NatsSettings;
import io.marketprism.sink.spool.SpoolSettings;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The whole configuration, read once from the loaded tree and validated: every problem stops start-up with a
 * message naming the key, the bad value and what is allowed. The settings records of each part are built here, so
 * the rest of the code never sees raw configuration. See {@code config/marketprism.yaml} for every key.
 *
 * @param environment  {@code ENVIRONMENT}: production, staging or development
 * @param logLevel     {@code LOG_LEVEL}
 * @param logFormat    plain or json
 * @param service      API host and port ({@code API_PORT}), health thresholds
 * @param venues       the venues to collect (enabled ones only)
 * @param websocket    {@code ENABLE_WEBSOCKET}: false collects REST data only
 * @param books        whether books are kept ({@code ENABLE_ORDERBOOK}) and how they are published
 * @param sinks        sink URIs; the embedded DuckDB file when none is configured
 * @param pipeline     queues, batching, spool
 * @param nats         NATS settings used by {@code nats://} sinks and {@code store}
 * @param clickhouseUser     user for {@code clickhouse:} sinks (or {@code CLICKHOUSE_USER})
 * @param clickhousePassword password for {@code clickhouse:} sinks (or {@code CLICKHOUSE_PASSWORD}); never logged
 * @param capture      raw capture while collecting (null when off)
 */
public record MarketPrismConfig(String environment, String logLevel, String logFormat, ServiceSettings service,
                                List<VenueSettings> venues, boolean websocket, boolean booksEnabled,
                                BookOptions books, List<String> sinks, PipelineSettings pipeline,
                                NatsSettings nats, String clickhouseUser, String clickhousePassword,
                                Capture capture) {

    public static final String DEFAULT_SINK = "duckdb:data/marketprism.duckdb";

    /** Raw capture while collecting. */
    public record Capture(Path dir, long rotateBytes, Duration rotateInterval) {
    }

    @Override
    public String toString() {
        return "MarketPrismConfig[environment=" + environment + ", venues=" + venues.size() + ", sinks=" + sinks
                + ", clickhousePassword=" + (clickhousePassword == null ? "none" : "***") + "]";
    }

    /** Reads and validates the tree; unknown keys are errors too (a typo must not silently fall back). */
    public static MarketPrismConfig from(ConfigNode root) {
        MarketPrismConfig c = read(root);
        List<String> unknown = root.unknownKeys();
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.get(0), "is not a known setting" + (unknown.size() > 1
                    ? " (also unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : "")
                    + "; see config/marketprism.yaml for the keys");
        }
        return c;
    }

    private static MarketPrismConfig read(ConfigNode root) {
        String environment = root.get("environment").oneOf("production", "production", "staging", "development");
        ConfigNode logging = root.get("logging");
        String level = logging.get("level").oneOf("INFO", "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR");
        String format = logging.get("format").oneOf("plain", "plain", "json");

        ConfigNode api = root.get("api");
        HealthPolicy health = health(root.get("health"));
        ServiceSettings service = at(api.get("port"), () -> new ServiceSettings(api.get("host").string("0.0.0.0"),
                api.get("port").integer(ServiceSettings.DEFAULT_PORT, 0, 65535), environment, health,
                api.get("push_interval").duration(ServiceSettings.defaults().pushInterval())));

        ConfigNode schedule = root.get("schedule");
        Duration defaultInterval = schedule.get("default_interval").duration(null);
        List<VenueSettings> venues = new ArrayList<>();
        ConfigNode vs = root.get("venues");
        for (String id : vs.keys()) {
            ConfigNode v = vs.get(id);
            Exchange exchange;
            try {
                exchange = Exchange.fromId(id);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(v.path(), "'" + id + "' is not a venue (allowed: " + Exchange.allIds() + ")");
            }
            // a disabled venue is still validated: enabling it later must not reveal old mistakes
            VenueSettings settings = venue(exchange, v, defaultInterval);
            if (v.get("enabled").bool(true)) {
                venues.add(settings);
            }
        }

        ConfigNode books = root.get("books");
        boolean booksEnabled = books.get("enabled").bool(true);
        int depth = books.get("snapshot_depth").integer(20, 1, 5000);
        String snapshots = books.get("snapshots").string("never").trim().toLowerCase(java.util.Locale.ROOT);
        SnapshotPolicy policy;
        if (snapshots.equals("never")) {
            policy = SnapshotPolicy.never();
        } else if (snapshots.equals("every_update")) {
            policy = SnapshotPolicy.everyUpdate(depth);
        } else {
            Duration every = books.get("snapshots").duration(null);
            policy = SnapshotPolicy.interval(every.toNanos() / 1_000, depth);
        }
        BookOptions bookOptions = at(books.get("max_buffered"), () -> new BookOptions(
                books.get("max_buffered").integer(50_000, 1, 10_000_000), policy));

        List<String> sinks = new ArrayList<>();
        for (ConfigNode s : root.get("sinks").list()) {
            String uri = s.requiredString();
            if (!SinkUri.AVAILABLE.stream().anyMatch(a -> uri.startsWith(a.substring(0, a.indexOf(':') + 1)))) {
                throw new ConfigException(s.path(), "'" + uri + "' is not a sink (allowed: "
                        + String.join(", ", SinkUri.AVAILABLE) + ")");
            }
            if (uri.startsWith("nats://") || uri.startsWith("tls://")) {
                at(s, () -> SinkUri.natsOptions(NatsSettings.of(SinkUri.natsServer(uri)), uri)); // its ?options
            }
            sinks.add(uri);
        }
        if (sinks.isEmpty()) {
            sinks.add(DEFAULT_SINK);
        }

        PipelineSettings pipeline = pipeline(root.get("pipeline"), root.get("spool"));
        NatsSettings nats = nats(root.get("nats"));
        ConfigNode ch = root.get("clickhouse");
        ch.get("url");
        String chUser = ch.get("user").string(null);
        String chPassword = ch.get("password").string(null);

        ConfigNode cap = root.get("capture");
        Capture capture = null;
        if (cap.get("dir").present()) {
            capture = new Capture(Paths.get(cap.get("dir").requiredString()),
                    cap.get("rotate_bytes").bytes(256L << 20), cap.get("rotate_interval").duration(Duration.ofHours(1)));
        }
        return new MarketPrismConfig(environment, level.equals("WARNING") ? "WARN" : level, format, service,
                List.copyOf(venues), root.get("collect").get("websocket").bool(true), booksEnabled, bookOptions,
                List.copyOf(sinks), pipeline, nats, chUser, chPassword, capture);
    }

    private static VenueSettings venue(Exchange exchange, ConfigNode v, Duration defaultInterval) {
        VenueEndpoints prod = VenueEndpoints.production(exchange);
        VenueEndpoints endpoints = at(v, () -> new VenueEndpoints(exchange,
                URI.create(v.get("ws_url").string(prod.wsBase().toString())),
                URI.create(v.get("rest_url").string(prod.restBase().toString()))));
        List<String> symbols = new ArrayList<>();
        for (ConfigNode s : v.get("symbols").list()) {
            symbols.add(s.requiredString().trim());
        }
        if (symbols.isEmpty()) {
            throw new ConfigException(v.get("symbols").path(), "is required: the venue's native symbols, e.g. "
                    + "[BTCUSDT] (or set enabled: false)");
        }
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        for (ConfigNode t : v.get("data_types").list()) {
            String id = t.requiredString();
            types.add(at(t, () -> DataType.fromId(id)));
        }
        if (types.isEmpty()) {
            types.addAll(defaultTypes(exchange));
        }
        ConfigNode poll = v.get("poll");
        PollIntervals d = PollIntervals.defaults();
        Duration base = defaultInterval;
        PollIntervals polls = at(poll, () -> new PollIntervals(
                poll.get("funding").duration(base != null ? base : d.funding()),
                poll.get("open_interest").duration(base != null ? base : d.openInterest()),
                poll.get("long_short_ratio").duration(d.longShortRatio()),
                poll.get("volatility_index").duration(base != null ? base : d.volatilityIndex()),
                poll.get("instruments").duration(d.instruments()),
                poll.get("ratio_period").string(d.ratioPeriod())));
        ProxySettings proxy = proxy(v.get("proxy"));
        VenueSettings s = at(v, () -> VenueSettings.defaults(endpoints, symbols, types).withProxy(proxy)
                .withPolls(polls));
        Duration watchdog = v.get("watchdog").duration(null);
        if (watchdog != null) {
            VenueSettings current = s;
            s = at(v.get("watchdog"), () -> current.withSession(current.session().withWatchdog(watchdog)));
        }
        return s;
    }

    /** Every data type a venue offers. */
    public static Set<DataType> defaultTypes(Exchange exchange) {
        return switch (exchange) {
            case BINANCE, BINANCE_US -> EnumSet.of(DataType.TRADES, DataType.BOOK, DataType.QUOTE, DataType.TICKER);
            case BINANCE_FUTURES, BINANCE_DELIVERY, OKX -> EnumSet.of(DataType.TRADES, DataType.BOOK, DataType.QUOTE,
                    DataType.TICKER, DataType.FUNDING, DataType.OPEN_INTEREST, DataType.LIQUIDATIONS,
                    DataType.LONG_SHORT_RATIO);
            case DERIBIT -> EnumSet.of(DataType.TRADES, DataType.BOOK, DataType.QUOTE, DataType.TICKER,
                    DataType.FUNDING, DataType.OPEN_INTEREST, DataType.VOLATILITY_INDEX);
        };
    }

    /** {@code http://[user:pass@]host:port} or {@code socks5://[user:pass@]host:port}. */
    static ProxySettings proxy(ConfigNode n) {
        String text = n.string(null);
        if (text == null || text.isBlank() || text.equalsIgnoreCase("none")) {
            return ProxySettings.NONE;
        }
        URI u;
        try {
            u = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.path(), "is not a URL (e.g. http://proxy:3128 or socks5://proxy:1080)");
        }
        ProxySettings.Type type = switch (String.valueOf(u.getScheme()).toLowerCase(java.util.Locale.ROOT)) {
            case "http", "https" -> ProxySettings.Type.HTTP;
            case "socks5", "socks" -> ProxySettings.Type.SOCKS5;
            default -> throw new ConfigException(n.path(), "scheme '" + u.getScheme() + "' is not allowed (allowed: "
                    + "http://HOST:PORT, socks5://HOST:PORT)");
        };
        String user = null;
        String password = null;
        if (u.getUserInfo() != null) {
            String[] up = u.getUserInfo().split(":", 2);
            user = up[0];
            password = up.length > 1 ? up[1] : "";
        }
        String fu = user;
        String fp = password;
        return at(n, () -> new ProxySettings(type, u.getHost(), u.getPort(), fu, fp));
    }

    private static HealthPolicy health(ConfigNode n) {
        HealthPolicy d = HealthPolicy.defaults();
        Map<String, Duration> fresh = new LinkedHashMap<>(d.freshness());
        ConfigNode f = n.get("freshness");
        for (String type : f.keys()) {
            fresh.put(type, f.get(type).duration(null));
        }
        Duration grace = n.get("grace").duration(d.grace());
        return at(n, () -> new HealthPolicy(fresh, grace));
    }

    private static PipelineSettings pipeline(ConfigNode p, ConfigNode spool) {
        PipelineSettings d = PipelineSettings.defaults(Paths.get(spool.get("dir").string("data/spool")));
        SpoolSettings sd = SpoolSettings.defaults();
        SpoolSettings ss = at(spool, () -> new SpoolSettings(spool.get("segment_bytes").bytes(sd.segmentBytes()),
                spool.get("max_bytes").bytes(sd.maxBytes()),
                SpoolSettings.FsyncPolicy.parse(spool.get("fsync").oneOf(sd.fsync().name().toLowerCase(
                        java.util.Locale.ROOT), "always", "interval", "never")),
                spool.get("fsync_interval").duration(sd.fsyncInterval()),
                SpoolSettings.FullPolicy.parse(spool.get("when_full").oneOf(sd.fullPolicy().name()
                        .toLowerCase(java.util.Locale.ROOT).replace('_', '-'), "block", "drop-newest"))));
        return at(p, () -> d.withQueue(p.get("queue_capacity").integer(d.queueCapacity(), 1, 10_000_000),
                        p.get("max_batch").integer(d.maxBatch(), 1, 1_000_000), p.get("linger").duration(d.linger()))
                .withOverflow(PipelineSettings.OverflowPolicy.parse(p.get("overflow").oneOf("block", "block",
                        "spool")))
                .withRetry(p.get("retry_initial").duration(d.retryInitial()), p.get("retry_max").duration(d.retryMax()))
                .withSpool(ss));
    }

    private static NatsSettings nats(ConfigNode n) {
        List<String> servers = new ArrayList<>();
        for (ConfigNode s : n.get("url").list()) {
            servers.add(s.requiredString());
        }
        if (servers.isEmpty()) {
            servers.add("nats://127.0.0.1:4222");
        }
        String prefix = n.get("subject_prefix").string("");
        NatsSettings.Auth auth = at(n, () -> NatsSettings.Auth.of(n.get("user").string(null),
                n.get("password").string(null), n.get("token").string(null), path(n.get("credentials_file")),
                path(n.get("nkey_seed_file"))));
        ConfigNode t = n.get("tls");
        NatsSettings.Tls tls = at(t, () -> new NatsSettings.Tls(t.get("enabled").bool(false), path(t.get("ca_file")),
                path(t.get("cert_file")), path(t.get("key_file"))));
        List<NatsSettings.StreamSpec> streams = new ArrayList<>();
        for (ConfigNode s : n.get("streams").list()) {
            List<String> subjects = new ArrayList<>();
            for (ConfigNode sub : s.get("subjects").list()) {
                subjects.add(sub.requiredString());
            }
            NatsSettings.StreamSpec def = NatsSettings.StreamSpec.of("X", "x");
            streams.add(at(s, () -> new NatsSettings.StreamSpec(s.get("name").requiredString(), subjects,
                    NatsSettings.Storage.valueOf(s.get("storage").oneOf("file", "file", "memory")
                            .toUpperCase(java.util.Locale.ROOT)),
                    s.get("max_age").duration(def.maxAge()), s.get("max_bytes").longValue(def.maxBytes(), -1,
                            Long.MAX_VALUE), s.get("max_msgs").longValue(def.maxMsgs(), -1, Long.MAX_VALUE),
                    s.get("duplicate_window").duration(def.duplicateWindow()), s.get("replicas").integer(1, 1, 5))));
        }
        if (streams.isEmpty()) {
            streams.add(SinkUri.defaultStream(prefix));
        }
        Map<RecordType, NatsSettings.Mode> modes = new EnumMap<>(RecordType.class);
        ConfigNode m = n.get("modes");
        for (String type : m.keys()) {
            RecordType rt = at(m.get(type), () -> RecordType.fromId(type));
            modes.put(rt, NatsSettings.Mode.fromId(m.get(type).oneOf("jetstream", "jetstream", "core")));
        }
        NatsSettings.Publish pd = NatsSettings.Publish.defaults();
        NatsSettings.Publish publish = at(n, () -> new NatsSettings.Publish(
                n.get("max_in_flight").integer(pd.maxInFlight(), 1, 1_000_000),
                n.get("ack_timeout").duration(pd.ackTimeout()), n.get("max_attempts").integer(pd.maxAttempts(), 1,
                        1000), n.get("retry_backoff").duration(pd.retryBackoff()),
                n.get("records_per_message").integer(pd.recordsPerMessage(), 1,
                        NatsSettings.Publish.MAX_RECORDS_PER_MESSAGE)));
        return at(n, () -> new NatsSettings(servers, auth, tls, prefix, streams, modes, publish, null));
    }

    private static Path path(ConfigNode n) {
        String s = n.string(null);
        return s == null || s.isBlank() ? null : Paths.get(s);
    }

    /** Runs a settings constructor; its IllegalArgumentException becomes a ConfigException naming the key. */
    static <T> T at(ConfigNode node, Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(node.path().isEmpty() ? "(root)" : node.path(), e.getMessage());
        }
    }
}
