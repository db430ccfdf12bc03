package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.RecordType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsSettingsTest {

    @Test
    void secretsNeverAppearInToString() {
        NatsSettings s = new NatsSettings(List.of("nats://bob:hunter2@127.0.0.1:4222"),
                NatsSettings.Auth.userPassword("bob", "hunter2"), null, "md", List.of(), Map.of(), null, null);
        assertThat(s.toString()).doesNotContain("hunter2").contains("bob").contains("nats://***@127.0.0.1:4222");
        assertThat(NatsSettings.Auth.token("t0ps3cret").toString()).doesNotContain("t0ps3cret");
    }

    @Test
    void exactlyOneAuthMethod() {
        assertThatThrownBy(() -> NatsSettings.Auth.of("u", "p", "tok", null, null))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> NatsSettings.Auth.of("u", null, null, null, null))
                .hasMessageContaining("user 'u' has no password");
        assertThat(NatsSettings.Auth.of(null, null, null, Path.of("x.creds"), null).kind())
                .isEqualTo(NatsSettings.Auth.Kind.CREDENTIALS);
        assertThat(NatsSettings.Auth.of(null, "", "", null, null).kind()).isEqualTo(NatsSettings.Auth.Kind.NONE);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> NatsSettings.of("http://x")).hasMessageContaining("nats.servers entry 'http://x'");
        assertThatThrownBy(() -> NatsSettings.of("nats://x").withSubjectPrefix("md."))
                .hasMessageContaining("nats.subject_prefix 'md.'");
        assertThatThrownBy(() -> NatsSettings.StreamSpec.of("MD.X", "a.>")).hasMessageContaining("'MD.X'");
        assertThatThrownBy(() -> new NatsSettings.StreamSpec("S", List.of("a"), null, Duration.ofSeconds(10), -1, -1,
                Duration.ofMinutes(2), 1)).hasMessageContaining("duplicate_window");
        assertThatThrownBy(() -> new NatsSettings.Publish(0, Duration.ofSeconds(1), 1, Duration.ZERO))
                .hasMessageContaining("max_in_flight");
        assertThatThrownBy(() -> new NatsSettings.Tls(true, null, Path.of("c.pem"), null))
                .hasMessageContaining("key_file");
        assertThatThrownBy(() -> NatsSettings.of("nats://x").withStreams(
                List.of(NatsSettings.StreamSpec.of("A", "a"), NatsSettings.StreamSpec.of("A", "b"))))
                .hasMessageContaining("defined twice");
        assertThatThrownBy(() -> NatsSettings.Mode.fromId("fast")).hasMessageContaining("'jetstream' or 'core'");
    }

    @Test
    void typesDefaultToJetStream() {
        NatsSettings s = NatsSettings.of("nats://127.0.0.1:4222")
                .withModes(Map.of(RecordType.QUOTE, NatsSettings.Mode.CORE));
        assertThat(s.modeOf(RecordType.QUOTE)).isEqualTo(NatsSettings.Mode.CORE);
        assertThat(s.modeOf(RecordType.TRADE)).isEqualTo(NatsSettings.Mode.JETSTREAM);
    }
}
