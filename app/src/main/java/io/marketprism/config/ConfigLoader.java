package io.marketprism.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration: one YAML file (the {@code --config} flag, else {@code MARKETPRISM_CONFIG}, else
 * {@code config/marketprism.yaml} if it exists, else built-in defaults), then environment overrides:
 * <ul>
 *   <li>the original service's variables: {@code ENVIRONMENT}, {@code API_PORT}, {@code LOG_LEVEL},
 *       {@code ENABLE_ORDERBOOK}, {@code ENABLE_WEBSOCKET}, {@code COLLECTION_INTERVAL} (seconds), plus
 *       {@code NATS_URL}, {@code CLICKHOUSE_URL}, {@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD};</li>
 *   <li>any key: {@code MARKETPRISM_} + the key path in upper case with {@code __} between levels, e.g.
 *       {@code MARKETPRISM_PIPELINE__MAX_BATCH=5000} sets {@code pipeline.max_batch};
 *       {@code MARKETPRISM_VENUES__BINANCE_FUTURES__SYMBOLS=BTCUSDT,ETHUSDT} sets a list (comma-separated) —
 *       a single {@code _} inside a level stays, and a venue id's {@code -} is written {@code _}.</li>
 * </ul>
 * Environment wins over the file. The result is a plain tree; {@code MarketPrismConfig} reads and validates it.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Paths.get("config", "marketprism.yaml");
    public static final String ENV_FILE = "MARKETPRISM_CONFIG";
    private static final String ENV_PREFIX = "MARKETPRISM_";

    /** Original variable → key path. */
    static final Map<String, String> LEGACY = new LinkedHashMap<>();

    static {
        LEGACY.put("ENVIRONMENT", "environment");
        LEGACY.put("API_PORT", "api.port");
        LEGACY.put("API_HOST", "api.host");
        LEGACY.put("LOG_LEVEL", "logging.level");
        LEGACY.put("ENABLE_ORDERBOOK", "books.enabled");
        LEGACY.put("ENABLE_WEBSOCKET", "collect.websocket");
        LEGACY.put("COLLECTION_INTERVAL", "schedule.default_interval");
        LEGACY.put("NATS_URL", "nats.url");
        LEGACY.put("CLICKHOUSE_URL", "clickhouse.url");
        LEGACY.put("CLICKHOUSE_USER", "clickhouse.user");
        LEGACY.put("CLICKHOUSE_PASSWORD", "clickhouse.password");
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /** What was loaded and from where. */
    public record Loaded(Path file, ObjectNode tree) {
    }

    /** The file to read: the flag, else the environment's, else the default if it exists, else none (null). */
    public static Path choose(Path flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(ENV_FILE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Paths.get(fromEnv);
        }
        return Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
    }

    public static Loaded load(Path flag, Map<String, String> env) {
        Path file = choose(flag, env);
        ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : read(file);
        applyEnv(tree, env);
        return new Loaded(file, tree);
    }

    public static ObjectNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("(file)", "configuration file " + file + " does not exist; pass --config "
                    + "FILE, set " + ENV_FILE + ", or create " + DEFAULT_FILE);
        }
        try {
            JsonNode n = YAML.readTree(file.toFile());
            if (n == null || n.isMissingNode() || n.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!n.isObject()) {
                throw new ConfigException("(root)", file + " must contain a map of settings at the top level");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ConfigException("(file)", file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
        }
    }

    static void applyEnv(ObjectNode tree, Map<String, String> env) {
        for (Map.Entry<String, String> e : LEGACY.entrySet()) {
            String v = env.get(e.getKey());
            if (v != null) {
                set(tree, e.getValue(), v);
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_FILE) && name.length() > ENV_PREFIX.length()) {
                set(tree, keyOf(name.substring(ENV_PREFIX.length())), e.getValue());
            }
        }
    }

    /** {@code PIPELINE__MAX_BATCH} → {@code pipeline.max_batch}; venue ids keep their dash. */
    static String keyOf(String envSuffix) {
        String[] parts = envSuffix.toLowerCase(Locale.ROOT).split("__");
        if (parts.length >= 2 && parts[0].equals("venues")) {
            parts[1] = parts[1].replace('_', '-');
        }
        return String.join(".", parts);
    }

    static void set(ObjectNode tree, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode at = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = at.putObject(parts[i]);
            }
            at = (ObjectNode) next;
        }
        String last = parts[parts.length - 1];
        JsonNode existing = at.get(last);
        if (existing != null && existing.isArray() || value.contains(",") && isListKey(last)) {
            ArrayNode arr = at.putArray(last);
            for (String v : value.split(",")) {
                if (!v.isBlank()) {
                    arr.add(v.trim());
                }
            }
        } else {
            at.put(last, value);
        }
    }

    private static boolean isListKey(String key) {
        return key.equals("symbols") || key.equals("data_types") || key.equals("sinks") || key.equals("servers")
                || key.equals("venues");
    }

    /** True for keys whose values are secrets: never printed, never logged, never served by the API. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password") || k.endsWith("token") || k.endsWith("secret") || k.endsWith("seed")
                || k.contains("credentials") || k.endsWith("nkey");
    }
}
