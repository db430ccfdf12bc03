package io.marketprism.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseSettingsTest {
    @Test
    void parsesTheSinkUriWithCredentialsFromTheEnvironment() {
        ClickHouseSettings s = ClickHouseSettings.fromSinkUri("clickhouse:http://10.0.0.5:8124/marketprism",
                Map.of("CLICKHOUSE_USER", "writer", "CLICKHOUSE_PASSWORD", "p4ss"));
        assertThat(s.baseUri()).isEqualTo(URI.create("http://10.0.0.5:8124/"));
        assertThat(s.database()).isEqualTo("marketprism");
        assertThat(s.user()).isEqualTo("writer");
        assertThat(s.password()).isEqualTo("p4ss");
        assertThat(s.toString()).doesNotContain("p4ss").contains("writer").contains("password set");
        assertThat(s.sinkUri()).isEqualTo("clickhouse:http://10.0.0.5:8124/marketprism");
    }

    @Test
    void defaultsUserPortAndTimeouts() {
        ClickHouseSettings s = ClickHouseSettings.fromSinkUri("clickhouse:http://localhost/db", Map.of());
        assertThat(s.baseUri()).isEqualTo(URI.create("http://localhost:8123/"));
        assertThat(s.user()).isEqualTo("default");
        assertThat(s.password()).isEmpty();
        assertThat(s.toString()).contains("no password");
        assertThat(ClickHouseSettings.fromSinkUri("clickhouse:https://h/db", Map.of()).baseUri().getPort())
                .isEqualTo(8443);
        assertThat(s.withDatabase("cold").database()).isEqualTo("cold");
    }

    @Test
    void badUrisNameTheBadPart() {
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("http://h:8123/db", Map.of()))
                .hasMessageContaining("clickhouse:http://HOST:PORT/DATABASE");
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("clickhouse:http://h:8123/", Map.of()))
                .hasMessageContaining("names no database");
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("clickhouse:http://h:8123/my-db", Map.of()))
                .hasMessageContaining("database 'my-db'");
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("clickhouse:tcp://h:9000/db", Map.of()))
                .hasMessageContaining("scheme 'tcp'");
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("clickhouse:http://u:secret@h:8123/db", Map.of()))
                .hasMessageContaining("CLICKHOUSE_PASSWORD").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("clickhouse:http://h:8123/db?x=1", Map.of()))
                .hasMessageContaining("'x=1'");
        assertThatThrownBy(() -> ClickHouseSettings.fromSinkUri("clickhouse:http:///db", Map.of()))
                .hasMessageContaining("names no host");
    }
}
