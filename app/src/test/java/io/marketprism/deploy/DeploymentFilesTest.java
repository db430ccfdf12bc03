package io.marketprism.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.marketprism.cli.Main;
import io.marketprism.cli.StoreCommand;
import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.ingest.BookOptions;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.ResyncRequester;
import io.marketprism.model.Exchange;
import io.marketprism.pipeline.PipelineSettings;
import io.marketprism.service.ApiServer;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ConnectionState;
import io.marketprism.service.CollectorView.Continuity;
import io.marketprism.service.CollectorView.RestUsage;
import io.marketprism.service.CollectorView.SinkInfo;
import io.marketprism.service.IngestFeed;
import io.marketprism.service.IngestView;
import io.marketprism.service.ServiceSettings;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Keeps the deployment files (Dockerfile, deploy/docker-compose.yml, Prometheus scrape config and alert rules,
 * Grafana provisioning and dashboard) consistent with the code, without Docker: every file parses; every
 * environment variable the compose file gives our image is one the code reads, and the resulting configuration
 * validates; the commands parse with the real command line; ports and paths line up; every metric name and label
 * matcher in the alert rules and the dashboard appears in a real {@code /metrics} scrape of the real API server;
 * the image's health check client passes against that server's {@code /health}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BINANCE_WS = "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms";
    /** The compose service names that run our image. */
    private static final List<String> OUR_SERVICES = List.of("collector", "store");

    private Path root;
    private JsonNode compose;
    private Dockerfile dockerfile;
    private ApiServer server;
    private Scrape scrape;

    @BeforeAll
    void readFilesAndScrape() throws IOException {
        root = repositoryRoot();
        compose = YAML.readTree(root.resolve("deploy/docker-compose.yml").toFile());
        dockerfile = Dockerfile.read(root.resolve("Dockerfile"));
        server = new ApiServer(collectorView(), ServiceSettings.loopback()).start();
        scrape = Scrape.parse(get("http://127.0.0.1:" + server.port() + "/metrics").body());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileRunsTheShadedJarAsNonRootWithTheApiPortAndHealthPath() throws IOException {
        String pom = Files.readString(root.resolve("app/pom.xml"));
        String finalName = group(Pattern.compile("<finalName>([^<]+)</finalName>"), pom);
        assertThat(group(Pattern.compile("<mainClass>([^<]+)</mainClass>"), pom)).isEqualTo(Main.class.getName());

        String jarCopy = dockerfile.only("COPY", "--from=build /src/app/target/");
        assertThat(jarCopy).as("the jar the build stage produces (shade finalName '%s')", finalName)
                .isEqualTo("--from=build /src/app/target/" + finalName + ".jar /app/marketprism.jar");
        assertThat(dockerfile.exec("ENTRYPOINT")).first().isEqualTo("java");
        assertThat(dockerfile.exec("ENTRYPOINT")).containsSubsequence("-jar", "/app/marketprism.jar").last()
                .isEqualTo("/app/marketprism.jar");
        assertThat(dockerfile.exec("CMD")).containsExactly("collect");
        assertThatCode(() -> new CommandLine(new Main()).parseArgs(dockerfile.exec("CMD").toArray(String[]::new)))
                .as("default CMD is a real command").doesNotThrowAnyException();

        int port = ServiceSettings.DEFAULT_PORT;
        assertThat(dockerfile.all("EXPOSE")).containsExactly(Integer.toString(port));
        assertThat(dockerfile.env()).containsEntry("API_PORT", Integer.toString(port));
        String health = dockerfile.only("HEALTHCHECK", "");
        assertThat(health).contains("CMD").contains("\"http://127.0.0.1:" + port + "/health\"")
                .contains("\"-cp\", \"/app/healthcheck\", \"HealthCheck\"");
        assertThat(dockerfile.all("COPY")).contains("--from=build /src/healthcheck/ /app/healthcheck/");

        String user = dockerfile.only("USER", "");
        assertThat(user).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(dockerfile.env()).containsEntry("MARKETPRISM_CONFIG", "/app/config/marketprism.yaml");
        assertThat(dockerfile.all("COPY")).contains("config/marketprism.yaml /app/config/marketprism.yaml");
        assertThat(dockerfile.all("VOLUME")).containsExactly("[\"/data\"]");

        // the image's own environment alone gives a valid configuration that writes under /data only
        MarketPrismConfig c = config(dockerfile.env());
        assertThat(c.sinks()).containsExactly("duckdb:/data/marketprism.duckdb");
        assertThat(c.pipeline().spoolRoot()).isEqualTo(Paths.get("/data/spool"));
        assertThat(c.service().port()).isEqualTo(port);
    }

    @Test
    void dockerignoreLetsEveryCopiedSourceIntoTheBuildContext() throws IOException {
        List<String> allowed = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        assertThat(Files.readAllLines(root.resolve(".dockerignore"))).contains("*");
        for (String copy : dockerfile.all("COPY")) {
            if (copy.startsWith("--from=")) {
                continue;
            }
            String[] parts = copy.split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                String src = parts[i];
                assertThat(Files.exists(root.resolve(src))).as("COPY source %s exists", src).isTrue();
                assertThat(allowed).as("COPY source %s is in the build context (.dockerignore)", src)
                        .anyMatch(a -> src.equals(a) || src.startsWith(a.endsWith("/") ? a : a + "/"));
            }
        }
    }

    @Test
    void healthCheckClientPassesOnTheRealHealthEndpointAndFailsWhenNothingListens(@TempDir Path classes)
            throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests run on a JDK").isNotNull();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
                root.resolve("deploy/docker/HealthCheck.java").toString());
        assertThat(rc).as("HealthCheck.java compiles").isZero();

        String health = "http://127.0.0.1:" + server.port() + "/health";
        assertThat(get(health).statusCode()).isEqualTo(200);
        assertThat(runHealthCheck(classes, health)).isZero();

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(runHealthCheck(classes, "http://127.0.0.1:" + closed + "/health")).isEqualTo(1);
        // a non-2xx answer is unhealthy too
        assertThat(runHealthCheck(classes, "http://127.0.0.1:" + server.port() + "/no-such-path")).isEqualTo(1);
    }

    private static int runHealthCheck(Path classes, String url) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx16m", "-cp", classes.toString(), "HealthCheck", url)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("HealthCheck did not finish within 30 s for " + url);
        }
        return p.exitValue();
    }

    // ---------------------------------------------------------------- docker-compose.yml

    @Test
    void composeHasTheServicesAndOurImageIsBuiltFromTheDockerfile() {
        assertThat(names(compose.get("services"))).contains("nats", "clickhouse", "collector", "store", "prometheus",
                "grafana");
        for (String s : OUR_SERVICES) {
            JsonNode svc = service(s);
            assertThat(svc.at("/build/context").asText()).as(s).isEqualTo("..");
            assertThat(svc.at("/build/dockerfile").asText()).as(s).isEqualTo("Dockerfile");
            assertThat(svc.get("image").asText()).as(s).isEqualTo(service("collector").get("image").asText());
        }
        assertThat(service("store").at("/deploy/replicas").asInt()).isEqualTo(2);
        // store serves /health on its metrics port (StoreCommand --metrics-port, default 8085), not the API's 8084
        assertThat(strings(service("store").at("/healthcheck/test")))
                .as("store's health check targets its own /health").contains("http://127.0.0.1:8085/health");
        assertThat(new picocli.CommandLine(new io.marketprism.cli.StoreCommand()).getCommandSpec()
                .findOption("--metrics-port").defaultValue()).isEqualTo("8085");
        assertThat(service("collector").get("healthcheck")).as("collector keeps the image's /health check").isNull();
        // every named volume a service mounts is declared
        Set<String> declared = names(compose.get("volumes"));
        compose.get("services").forEach(svc -> strings(svc.get("volumes")).stream()
                .map(v -> v.substring(0, v.indexOf(':'))).filter(v -> !v.startsWith("."))
                .forEach(v -> assertThat(declared).as("volume %s", v).contains(v)));
        assertThat(strings(service("collector").get("volumes"))).contains("collector-data:/data");
    }

    @Test
    void everyEnvironmentVariableGivenToOurImageIsOneTheCodeReads() throws Exception {
        Map<String, String> collectorEnv = imageEnv("collector");
        for (String name : env("collector").keySet()) {
            assertThat(configUnderstands(name)).as("collector environment %s is read by ConfigLoader", name).isTrue();
        }
        MarketPrismConfig c = config(collectorEnv);
        assertThat(c.sinks()).containsExactly("nats://nats:4222");
        assertThat(c.pipeline().overflow()).isEqualTo(PipelineSettings.OverflowPolicy.SPOOL);
        assertThat(c.pipeline().spoolRoot()).isEqualTo(Paths.get("/data/spool"));
        assertThat(c.logFormat()).isEqualTo("json");

        // store reads no configuration file: its environment is what StoreCommand and ClickHouseSettings read
        Set<String> storeReads = new TreeSet<>(List.of(ClickHouseSettings.ENV_USER, ClickHouseSettings.ENV_PASSWORD));
        storeReads.addAll(envDefaultsOf(StoreCommand.class));
        assertThat(storeReads).contains("NATS_URL");
        assertThat(storeReads).containsAll(env("store").keySet());
        // and it logs in as the user the ClickHouse container creates
        assertThat(env("store").get(ClickHouseSettings.ENV_USER)).isEqualTo(env("clickhouse").get("CLICKHOUSE_USER"));
        assertThat(env("store").get(ClickHouseSettings.ENV_PASSWORD))
                .isEqualTo(env("clickhouse").get("CLICKHOUSE_PASSWORD"));
    }

    @Test
    void commandsParseAndPointAtTheNatsAndClickHouseServices() {
        CommandLine.ParseResult collect = parse("collector");
        assertThat(collect.subcommand().commandSpec().name()).isEqualTo("collect");

        CommandLine.ParseResult store = parse("store");
        assertThat(store.subcommand().commandSpec().name()).isEqualTo("store");
        URI nats = URI.create(store.subcommand().matchedOptionValue("--nats", ""));
        assertThat(nats.getHost()).isEqualTo("nats");
        assertThat(nats.getPort()).isEqualTo(4222);
        URI collectorNats = URI.create(config(imageEnv("collector")).sinks().get(0));
        assertThat(collectorNats).isEqualTo(nats);

        ClickHouseSettings ch = ClickHouseSettings.fromSinkUri(store.subcommand().matchedOptionValue("--clickhouse",
                ""), Map.of());
        assertThat(ch.baseUri().getHost()).isEqualTo("clickhouse");
        assertThat(ch.baseUri().getPort()).isEqualTo(8123);
        assertThat(ch.database()).isEqualTo(env("clickhouse").get("CLICKHOUSE_DB"));

        // the services listen where our commands connect
        assertThat(containerPorts("nats")).contains(4222);
        assertThat(strings(service("nats").get("command"))).contains("-js");
        assertThat(containerPorts("clickhouse")).contains(8123);
        assertThat(containerPorts("collector")).containsExactly(Integer.parseInt(env("collector").get("API_PORT")));
        assertThat(Integer.parseInt(env("collector").get("API_PORT"))).isEqualTo(ServiceSettings.DEFAULT_PORT);
    }

    // ---------------------------------------------------------------- Prometheus

    @Test
    void prometheusScrapesTheCollectorsMetricsEndpointAndLoadsTheRules() throws IOException {
        JsonNode prom = YAML.readTree(root.resolve("deploy/prometheus/prometheus.yml").toFile());
        String mount = mountTarget("prometheus", "./prometheus");
        assertThat(strings(prom.get("rule_files"))).containsExactly(mount + "/alerts.yml");
        assertThat(strings(service("prometheus").get("command"))).contains("--config.file=" + mount + "/prometheus.yml");

        JsonNode job = job(prom, "marketprism-collector");
        assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        List<String> targets = new ArrayList<>();
        job.get("static_configs").forEach(sc -> targets.addAll(strings(sc.get("targets"))));
        assertThat(targets).containsExactly("collector:" + env("collector").get("API_PORT"));
        assertThat(get("http://127.0.0.1:" + server.port() + job.path("metrics_path").asText("/metrics"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void alertRulesParseAndUseOnlyMetricsAndLabelsOfARealScrape() throws IOException {
        JsonNode rules = YAML.readTree(root.resolve("deploy/prometheus/alerts.yml").toFile());
        JsonNode prom = YAML.readTree(root.resolve("deploy/prometheus/prometheus.yml").toFile());
        Set<String> alerts = new LinkedHashSet<>();
        Set<String> used = new TreeSet<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name = rule.get("alert").asText();
                assertThat(alerts.add(name)).as("alert %s is unique", name).isTrue();
                assertThat(rule.at("/labels/severity").asText()).as(name).isIn("critical", "warning");
                assertThat(rule.at("/annotations/summary").asText()).as(name).isNotBlank();
                if (rule.has("for")) {
                    assertThat(rule.get("for").asText()).as(name).matches("\\d+[smh]");
                }
                String expr = rule.get("expr").asText();
                used.addAll(checkExpression(name, expr, prom));
            }
        }
        assertThat(alerts).contains("MarketPrismCollectorDown", "MarketPrismVenueDisconnected",
                "MarketPrismNoMessages", "MarketPrismBookGapsHigh", "MarketPrismBookResyncsHigh",
                "MarketPrismBookChecksumFailures", "MarketPrismSpoolGrowing", "MarketPrismSpoolNearlyFull",
                "MarketPrismSinkLagHigh", "MarketPrismMalformedFrames");
        assertThat(used).as("the check is not vacuous").contains("up", "marketprism_connection_status",
                "marketprism_messages_total", "marketprism_book_gaps_total", "marketprism_spool_bytes",
                "marketprism_sink_lag_records", "marketprism_errors_total");

        // the spool-full threshold is 90 % of the spool.max_bytes the collector runs with
        long maxBytes = config(imageEnv("collector")).pipeline().spool().maxBytes();
        String spoolFull = ruleExpr(rules, "MarketPrismSpoolNearlyFull");
        double threshold = Double.parseDouble(group(Pattern.compile(">\\s*([0-9.]+)\\s*$"), spoolFull));
        assertThat(threshold).isEqualTo(0.9 * maxBytes);
    }

    // ---------------------------------------------------------------- Grafana

    @Test
    void grafanaProvisionsThePrometheusDatasourceAndTheDashboard() throws IOException {
        String provisioning = mountTarget("grafana", "./grafana/provisioning");
        assertThat(provisioning).isEqualTo("/etc/grafana/provisioning");
        JsonNode ds = YAML.readTree(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile());
        JsonNode source = ds.get("datasources").get(0);
        assertThat(source.get("type").asText()).isEqualTo("prometheus");
        assertThat(source.get("url").asText()).isEqualTo("http://prometheus:" + containerPorts("prometheus").get(0));

        JsonNode providers = YAML.readTree(root.resolve("deploy/grafana/provisioning/dashboards/marketprism.yml")
                .toFile());
        String path = providers.get("providers").get(0).at("/options/path").asText();
        assertThat(path).isEqualTo(mountTarget("grafana", "./grafana/dashboards"));
        assertThat(root.resolve("deploy/grafana/dashboards/marketprism.json")).isRegularFile();

        JsonNode dash = JSON.readTree(root.resolve("deploy/grafana/dashboards/marketprism.json").toFile());
        assertThat(dash.get("uid").asText()).isEqualTo("marketprism");
        String uid = source.get("uid").asText();
        Set<String> used = new TreeSet<>();
        int targets = 0;
        for (JsonNode panel : allPanels(dash.get("panels"))) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            String title = panel.get("title").asText();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo(uid);
            assertThat(panel.get("targets")).as(title).isNotEmpty();
            for (JsonNode t : panel.get("targets")) {
                targets++;
                assertThat(t.at("/datasource/uid").asText()).as(title).isEqualTo(uid);
                used.addAll(checkExpression(title, t.get("expr").asText(), null));
            }
        }
        assertThat(targets).isGreaterThan(20);
        for (JsonNode v : dash.at("/templating/list")) {
            assertThat(v.at("/datasource/uid").asText()).isEqualTo(uid);
            String q = v.at("/query/query").asText();
            Matcher m = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)").matcher(q);
            assertThat(m.matches()).as(q).isTrue();
            assertThat(scrape.samples(m.group(1))).as(q).anyMatch(s -> s.labels().containsKey(m.group(2)));
        }
        assertThat(used).contains("marketprism_messages_total", "marketprism_book_resyncs_total",
                "marketprism_spool_bytes", "marketprism_processing_seconds_bucket", "jvm_memory_used_bytes");
    }

    // ---------------------------------------------------------------- PromQL checks

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"((?:\\\\.|[^\"\\\\])*)\"");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    /**
     * Checks one expression: every metric name is in the scrape (or {@code up}, which Prometheus makes, with a
     * job that exists), every equality matcher matches a scraped sample, every regex matcher matches one.
     * Returns the metric names.
     */
    private Set<String> checkExpression(String what, String expr, JsonNode prom) {
        Set<String> names = metricNames(expr);
        assertThat(names).as("%s: %s names a metric", what, expr).isNotEmpty();
        for (String n : names) {
            if (n.equals("up")) {
                continue;
            }
            assertThat(scrape.names()).as("%s: metric %s of '%s' is served by /metrics", what, n, expr).contains(n);
        }
        Matcher sel = SELECTOR.matcher(expr);
        while (sel.find()) {
            String metric = sel.group(1);
            Matcher m = MATCHER.matcher(sel.group(2));
            while (m.find()) {
                String label = m.group(1);
                String op = m.group(2);
                String value = m.group(3);
                if (value.contains("$") || op.startsWith("!")) {
                    continue; // Grafana variables; negative matchers need no witness
                }
                if (metric.equals("up")) {
                    assertThat(label).isEqualTo("job");
                    if (prom != null) {
                        assertThatCode(() -> job(prom, value)).as("%s: job %s is scraped", what, value)
                                .doesNotThrowAnyException();
                    }
                    continue;
                }
                Pattern p = op.equals("=~") ? Pattern.compile(value) : Pattern.compile(Pattern.quote(value));
                assertThat(scrape.samples(metric)).as("%s: some %s sample has %s%s\"%s\"", what, metric, label, op,
                        value).anyMatch(s -> s.labels().containsKey(label) && p.matcher(s.labels().get(label))
                        .matches());
            }
        }
        return names;
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords, labels or numbers. */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        s = s.replaceAll("\\$\\w+", " ");
        s = s.replaceAll("(?<![\\w:])\\d+(\\.\\d+)?([eE][+-]?\\d+)?", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void metricNameExtractionSkipsFunctionsLabelsNumbersAndVariables() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, exchange) (rate(x_bucket{exchange=~\"$ex\"}"
                + "[$__rate_interval])))")).containsExactly("x_bucket");
        assertThat(metricNames("a / b > 0.9 and deriv(c[10m]) > 1e5")).containsExactly("a", "b", "c");
        assertThat(metricNames("up{job=\"x\"} == 0")).containsExactly("up");
    }

    // ---------------------------------------------------------------- the real scrape

    /** A real ingest path (Binance Spot adapter and books) behind the view, with a sink, a connection, REST use. */
    private static IngestView collectorView() {
        Clock clock = Clock.systemUTC();
        IngestView view = new IngestView(clock, "production");
        InstrumentRegistry registry = new InstrumentRegistry();
        FrameProcessor processor = new FrameProcessor(VenueAdapters.create(Exchange.BINANCE, registry), registry,
                view.tap(r -> { }), BookOptions.defaults(), ResyncRequester.NONE);
        IngestFeed feed = view.attach(processor);
        long now = System.currentTimeMillis();
        feed.process(Frame.restResponse(now * 1_000_000L, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT"
                + "&limit=1000", "{\"lastUpdateId\":100,\"bids\":[[\"100.10\",\"1.5\"]],\"asks\":[[\"100.20\",\"0.7\"]]}"));
        ws(feed, now, "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + now + ",\"s\":"
                + "\"BTCUSDT\",\"U\":101,\"u\":102,\"b\":[[\"100.15\",\"0.4\"]],\"a\":[]}}");
        ws(feed, now, "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":" + now + ",\"s\":\"BTCUSDT\","
                + "\"t\":1,\"p\":\"100.15\",\"q\":\"0.010\",\"T\":" + now + ",\"m\":true,\"M\":true}}");
        ws(feed, now, "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"p\":");
        Instant t = clock.instant();
        view.connections(Exchange.BINANCE, () -> List.of(new ConnectionInfo(1, BINANCE_WS, ConnectionState.CONNECTED,
                t, 0, 3, t)));
        view.rest(Exchange.BINANCE, () -> new RestUsage(1, 5, 6000));
        view.sinks(() -> List.of(new SinkInfo("nats://nats:4222", "healthy", 0, 65536, 3, 3, 0, 0, 0, t)));
        view.continuity(() -> List.of(new Continuity(Exchange.BINANCE, "BTCUSDT", 0, 0)));
        return view;
    }

    private static void ws(IngestFeed feed, long nowMs, String json) {
        feed.process(new Frame(FrameKind.WS_IN, nowMs * 1_000_000L, 1, BINANCE_WS,
                json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A parsed Prometheus text exposition. */
    record Scrape(Map<String, List<Sample>> byName) {
        record Sample(String name, Map<String, String> labels) {
        }

        static Scrape parse(String text) {
            Map<String, List<Sample>> out = new LinkedHashMap<>();
            Pattern label = Pattern.compile("(\\w+)=\"((?:\\\\.|[^\"\\\\])*)\"");
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
                Map<String, String> labels = new HashMap<>();
                if (brace >= 0 && brace < space) {
                    Matcher m = label.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                    while (m.find()) {
                        labels.put(m.group(1), m.group(2));
                    }
                }
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(new Sample(name, labels));
            }
            assertThat(out).as("scrape has samples").isNotEmpty();
            return new Scrape(out);
        }

        Set<String> names() {
            return byName.keySet();
        }

        List<Sample> samples(String name) {
            return byName.getOrDefault(name, List.of());
        }
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode service(String name) {
        JsonNode s = compose.get("services").get(name);
        assertThat(s).as("compose service %s", name).isNotNull();
        return s;
    }

    /** A service's environment with compose's {@code ${NAME:-default}} resolved to the default. */
    private Map<String, String> env(String serviceName) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode env = service(serviceName).get("environment");
        if (env == null) {
            return out;
        }
        assertThat(env.isObject()).as("%s environment is a map", serviceName).isTrue();
        env.fields().forEachRemaining(e -> out.put(e.getKey(), interpolate(e.getValue().asText())));
        return out;
    }

    /** What the container sees: the image's ENV, then the service's environment. */
    private Map<String, String> imageEnv(String serviceName) {
        Map<String, String> out = new LinkedHashMap<>(dockerfile.env());
        out.putAll(env(serviceName));
        return out;
    }

    private static String interpolate(String v) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}").matcher(v);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            assertThat(m.group(2)).as("%s has a default for a local trial", v).isNotNull();
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(2)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The configuration the image's collector builds from its config file and {@code env}; must validate. */
    private MarketPrismConfig config(Map<String, String> env) {
        Path file = root.resolve("config/marketprism.yaml");
        Map<String, String> e = new HashMap<>(env);
        e.remove(ConfigLoader.ENV_FILE); // the image's path of the same file
        return MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(file, e).tree()));
    }

    /** True when setting {@code name} changes the configuration tree the loader builds (or it names the file). */
    private boolean configUnderstands(String name) {
        if (name.equals(ConfigLoader.ENV_FILE)) {
            return true;
        }
        Path file = root.resolve("config/marketprism.yaml");
        JsonNode without = ConfigLoader.load(file, Map.of()).tree();
        JsonNode with = ConfigLoader.load(file, Map.of(name, "probe-value")).tree();
        return !without.equals(with);
    }

    /** Environment names in {@code ${env:NAME...}} defaults of a command's options. */
    private static Set<String> envDefaultsOf(Class<?> command) {
        Set<String> out = new TreeSet<>();
        for (java.lang.reflect.Field f : command.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o != null) {
                Matcher m = Pattern.compile("\\$\\{env:(\\w+)").matcher(o.defaultValue());
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private CommandLine.ParseResult parse(String serviceName) {
        List<String> args = strings(service(serviceName).get("command"));
        return new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
    }

    /** Container-side ports of a service's {@code HOST:CONTAINER} mappings. */
    private List<Integer> containerPorts(String serviceName) {
        return strings(service(serviceName).get("ports")).stream()
                .map(p -> Integer.parseInt(p.substring(p.lastIndexOf(':') + 1))).collect(Collectors.toList());
    }

    /** Where a service mounts a host path of deploy/, which must exist. */
    private String mountTarget(String serviceName, String hostPath) {
        assertThat(root.resolve("deploy").resolve(hostPath)).exists();
        for (String v : strings(service(serviceName).get("volumes"))) {
            String[] parts = v.split(":");
            if (parts[0].equals(hostPath)) {
                return parts[1];
            }
        }
        throw new AssertionError(serviceName + " does not mount " + hostPath);
    }

    private static JsonNode job(JsonNode prom, String name) {
        for (JsonNode j : prom.get("scrape_configs")) {
            if (j.get("job_name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no scrape job " + name);
    }

    private static String ruleExpr(JsonNode rules, String alert) {
        for (JsonNode g : rules.get("groups")) {
            for (JsonNode r : g.get("rules")) {
                if (r.get("alert").asText().equals(alert)) {
                    return r.get("expr").asText().trim();
                }
            }
        }
        throw new AssertionError("no alert " + alert);
    }

    private static List<JsonNode> allPanels(JsonNode panels) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : panels) {
            out.add(p);
            if (p.has("panels")) {
                out.addAll(allPanels(p.get("panels")));
            }
        }
        return out;
    }

    private static Set<String> names(JsonNode map) {
        Set<String> out = new TreeSet<>();
        if (map != null) {
            map.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in %s", p, text).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The repository root: the first directory upwards holding deploy/docker-compose.yml. */
    private static Path repositoryRoot() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/docker-compose.yml"))) {
                return p;
            }
        }
        throw new AssertionError("deploy/docker-compose.yml not found above " + Paths.get("").toAbsolutePath());
    }

    /** The instructions of a Dockerfile of the final stage and the build stage, continuation lines joined. */
    record Dockerfile(List<String[]> instructions) {
        static Dockerfile read(Path file) throws IOException {
            List<String[]> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (Iterator<String> it = Files.readAllLines(file).iterator(); it.hasNext(); ) {
                String line = it.next().strip();
                if (line.startsWith("#") || line.isEmpty() && current.length() == 0) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                current.append(line);
                String whole = current.toString().strip();
                current.setLength(0);
                if (whole.isEmpty()) {
                    continue;
                }
                int sp = whole.indexOf(' ');
                out.add(new String[] {whole.substring(0, sp).toUpperCase(), whole.substring(sp + 1).strip()});
            }
            return new Dockerfile(out);
        }

        List<String> all(String instruction) {
            return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
        }

        String only(String instruction, String prefix) {
            List<String> found = all(instruction).stream().filter(a -> a.startsWith(prefix)).toList();
            assertThat(found).as("one %s %s...", instruction, prefix).hasSize(1);
            return found.get(0);
        }

        /** The JSON (exec) form of an instruction. */
        List<String> exec(String instruction) {
            try {
                return List.of(JSON.readValue(only(instruction, "["), String[].class));
            } catch (IOException e) {
                throw new UncheckedIOException(instruction + " is not in exec form", e);
            }
        }

        /** ENV of the runtime stage (after the last FROM), {@code NAME=value} pairs. */
        Map<String, String> env() {
            int lastFrom = 0;
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i)[0].equals("FROM")) {
                    lastFrom = i;
                }
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String[] i : instructions.subList(lastFrom, instructions.size())) {
                if (i[0].equals("ENV")) {
                    for (String pair : i[1].split("\\s+")) {
                        int eq = pair.indexOf('=');
                        out.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
            return out;
        }
    }
}
