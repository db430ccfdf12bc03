package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JetStreamSetupTest {
    private static NatsServer server;
    private static Connection connection;

    @BeforeAll
    static void start() throws IOException {
        server = NatsServer.create().start();
        connection = new NatsConnections(NatsSettings.of(server.url())).connect("setup-test");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void createsThenLeavesThenUpdatesAllowedChanges() throws Exception {
        NatsSettings.StreamSpec spec = NatsSettings.StreamSpec.of("MD_A", "a.trade.>");
        assertThat(JetStreamSetup.apply(connection, List.of(spec))).isEqualTo(Map.of("MD_A",
                JetStreamSetup.Outcome.CREATED));
        assertThat(JetStreamSetup.apply(connection, List.of(spec))).isEqualTo(Map.of("MD_A",
                JetStreamSetup.Outcome.UNCHANGED));
        connection.publish("a.trade.binance.spot.X", new byte[] {1});
        connection.flush(Duration.ofSeconds(5));

        NatsSettings.StreamSpec changed = new NatsSettings.StreamSpec("MD_A", List.of("a.trade.>", "a.quote.>"),
                NatsSettings.Storage.FILE, Duration.ofHours(1), 1L << 30, 1_000_000, Duration.ofSeconds(30), 1);
        assertThat(JetStreamSetup.apply(connection, List.of(changed))).isEqualTo(Map.of("MD_A",
                JetStreamSetup.Outcome.UPDATED));
        StreamConfiguration c = connection.jetStreamManagement().getStreamInfo("MD_A").getConfiguration();
        assertThat(c.getSubjects()).containsExactlyInAnyOrder("a.trade.>", "a.quote.>");
        assertThat(c.getMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(c.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.getMaxMsgs()).isEqualTo(1_000_000);
        assertThat(NatsTesting.streamCount(connection, "MD_A")).isEqualTo(1);
    }

    @Test
    void conflictingStorageIsAClearErrorAndNothingIsDeleted() throws Exception {
        JetStreamSetup.apply(connection, List.of(NatsSettings.StreamSpec.of("MD_B", "b.>")));
        connection.publish("b.trade.okx.spot.X", new byte[] {1});
        connection.flush(Duration.ofSeconds(5));
        NatsSettings.StreamSpec memory = new NatsSettings.StreamSpec("MD_B", List.of("b.>"),
                NatsSettings.Storage.MEMORY, null, -1, -1, null, 1);
        assertThatThrownBy(() -> JetStreamSetup.apply(connection, List.of(memory)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'MD_B'").hasMessageContaining("storage file")
                .hasMessageContaining("never deletes");
        assertThat(NatsTesting.streamCount(connection, "MD_B")).isEqualTo(1);
        assertThat(connection.jetStreamManagement().getStreamInfo("MD_B").getConfiguration().getStorageType())
                .isEqualTo(io.nats.client.api.StorageType.File);
    }

    @Test
    void overlappingSubjectsNameBothStreams() throws Exception {
        JetStreamSetup.apply(connection, List.of(NatsSettings.StreamSpec.of("MD_C", "c.trade.>")));
        assertThatThrownBy(() -> JetStreamSetup.apply(connection,
                List.of(NatsSettings.StreamSpec.of("MD_D", "c.*.binance.>"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'MD_D'").hasMessageContaining("'MD_C'")
                .hasMessageContaining("c.trade.>");
        assertThat(connection.jetStreamManagement().getStreamNames()).doesNotContain("MD_D");
    }
}
