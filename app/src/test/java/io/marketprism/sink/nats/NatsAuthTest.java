package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.testing.NatsServer;
import io.nats.client.Connection;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsAuthTest {

    private static void publishesThrough(NatsSettings settings) throws Exception {
        NatsConnections connections = new NatsConnections(settings);
        try (Connection c = connections.connect("auth-test")) {
            JetStreamSetup.apply(c, List.of(NatsSettings.StreamSpec.of("AUTH", "a.>")));
            try (NatsSink sink = new NatsSink(c, settings.withSubjectPrefix("a"), false, System::nanoTime)) {
                sink.write(SampleRecords.trades(0, 10));
                assertThat(sink.acked()).isEqualTo(10);
            }
        }
    }

    @Test
    void userAndPassword() throws Exception {
        try (NatsServer server = NatsServer.create("authorization { user: mp, password: s3cret-pw }").start()) {
            NatsSettings base = NatsSettings.of(server.url()).withConnection(new NatsSettings.ConnectionLimits(
                    java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(100), 0, 1 << 20));
            publishesThrough(base.withAuth(NatsSettings.Auth.userPassword("mp", "s3cret-pw")));
            assertThatThrownBy(() -> new NatsConnections(base.withAuth(NatsSettings.Auth.userPassword("mp",
                    "wrong-pw"))).connect("auth-test"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("user 'mp'")
                    .hasMessageContaining(server.url())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw"));
            assertThatThrownBy(() -> new NatsConnections(base).connect("auth-test"))
                    .isInstanceOf(IOException.class).hasMessageContaining("refused the credentials");
        }
    }

    @Test
    void token() throws Exception {
        try (NatsServer server = NatsServer.create("authorization { token: t0k3n-value }").start()) {
            NatsSettings base = NatsSettings.of(server.url()).withConnection(new NatsSettings.ConnectionLimits(
                    java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(100), 0, 1 << 20));
            publishesThrough(base.withAuth(NatsSettings.Auth.token("t0k3n-value")));
            assertThatThrownBy(() -> new NatsConnections(base.withAuth(NatsSettings.Auth.token("other")))
                    .connect("auth-test"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the credentials")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("other"));
        }
    }

    @Test
    void missingSeedFileIsNamed() {
        NatsSettings s = NatsSettings.of("nats://127.0.0.1:1")
                .withAuth(NatsSettings.Auth.nkeySeedFile(java.nio.file.Path.of("/nonexistent/user.nk")));
        assertThatThrownBy(() -> new NatsConnections(s).connect("x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nats.auth.nkey_seed_file /nonexistent/user.nk");
    }
}
