package io.marketprism.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("marketprism.yaml"), text);
    }

    @Test
    void environmentOverridesTheFileWithTheOriginalAndTheGeneralNames() throws IOException {
        Path file = yaml("""
                api:
                  port: 9000
                venues:
                  binance-futures:
                    symbols: [BTCUSDT]
                pipeline:
                  max_batch: 100
                """);
        ConfigLoader.Loaded l = ConfigLoader.load(file, Map.of(
                "API_PORT", "8085",
                "LOG_LEVEL", "DEBUG",
                "ENABLE_ORDERBOOK", "false",
                "CLICKHOUSE_PASSWORD", "s3cret",
                "MARKETPRISM_PIPELINE__MAX_BATCH", "5000",
                "MARKETPRISM_VENUES__BINANCE_FUTURES__SYMBOLS", "BTCUSDT,ETHUSDT",
                "MARKETPRISM_CONFIG", "/ignored/because/the/flag/wins.yaml"));
        ConfigNode root = ConfigNode.root(l.tree());
        assertThat(l.file()).isEqualTo(file);
        assertThat(root.get("api").get("port").integer(8084, 1, 65535)).isEqualTo(8085);
        assertThat(root.get("logging").get("level").string("INFO")).isEqualTo("DEBUG");
        assertThat(root.get("books").get("enabled").bool(true)).isFalse();
        assertThat(root.get("pipeline").get("max_batch").integer(1, 1, 1_000_000)).isEqualTo(5000);
        assertThat(root.get("venues").get("binance-futures").get("symbols").list())
                .extracting(n -> n.string(null)).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(root.get("clickhouse").get("password").string(null)).isEqualTo("s3cret");
    }

    @Test
    void fileChoiceFlagThenEnvironmentThenDefault() {
        assertThat(ConfigLoader.choose(Path.of("a.yaml"), Map.of("MARKETPRISM_CONFIG", "b.yaml")))
                .isEqualTo(Path.of("a.yaml"));
        assertThat(ConfigLoader.choose(null, Map.of("MARKETPRISM_CONFIG", "b.yaml"))).isEqualTo(Path.of("b.yaml"));
        ObjectNode empty = ConfigLoader.load(null, Map.of("MARKETPRISM_CONFIG", " ")).tree();
        assertThat(empty).isNotNull();
    }

    @Test
    void brokenYamlNamesTheLine() throws IOException {
        Path file = yaml("api:\n  port: 8084\n   bad: [\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML at line");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("does not exist");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
        assertThatThrownBy(() -> ConfigLoader.load(list, Map.of())).hasMessageContaining("top level");
    }

    @Test
    void typedReadsNameTheKeyTheValueAndWhatIsAllowed() throws IOException {
        ConfigNode root = ConfigNode.root(ConfigLoader.load(yaml("""
                api: {port: 99999}
                pipeline: {linger: 5 parsecs, max_batch: ten, overflow: explode}
                spool: {max_bytes: 2GiB, fsync: yes}
                books: {snapshot_interval: 250ms}
                sinks: duckdb:data/x.duckdb
                """), Map.of()).tree());
        assertThatThrownBy(() -> root.get("api").get("port").integer(8084, 1, 65535))
                .hasMessage("config key 'api.port': 99999 is out of range (allowed: 1 to 65535)");
        assertThatThrownBy(() -> root.get("pipeline").get("linger").duration(Duration.ofMillis(100)))
                .hasMessageContaining("'pipeline.linger'").hasMessageContaining("e.g. 250ms");
        assertThatThrownBy(() -> root.get("pipeline").get("max_batch").integer(1, 1, 10))
                .hasMessageContaining("'ten' is not a whole number");
        assertThatThrownBy(() -> root.get("pipeline").get("overflow").oneOf("block", "block", "spool"))
                .hasMessage("config key 'pipeline.overflow': 'explode' is not allowed (allowed: block, spool)");
        assertThat(root.get("spool").get("max_bytes").bytes(0)).isEqualTo(2L << 30);
        assertThat(root.get("spool").get("fsync").bool(false)).isTrue();
        assertThat(root.get("books").get("snapshot_interval").duration(null)).isEqualTo(Duration.ofMillis(250));
        assertThat(root.get("sinks").list()).hasSize(1);
        assertThat(root.get("api").get("host").string("0.0.0.0")).isEqualTo("0.0.0.0");
    }

    @Test
    void unknownKeysAreListed() throws IOException {
        ConfigNode root = ConfigNode.root(ConfigLoader.load(yaml("""
                api: {port: 8084, prot: 1}
                pipelne: {}
                """), Map.of()).tree());
        root.get("api").get("port").integer(8084, 1, 65535);
        assertThat(root.unknownKeys()).containsExactly("api.prot", "pipelne");
    }

    @Test
    void secretsAreRecognised() {
        assertThat(ConfigLoader.isSecret("clickhouse.password")).isTrue();
        assertThat(ConfigLoader.isSecret("nats.token")).isTrue();
        assertThat(ConfigLoader.isSecret("nats.credentials_file")).isTrue();
        assertThat(ConfigLoader.isSecret("nats.url")).isFalse();
        assertThat(ConfigLoader.keyOf("VENUES__BINANCE_FUTURES__WS_URL")).isEqualTo("venues.binance-futures.ws_url");
    }
}
