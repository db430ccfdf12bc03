package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.EventIds;
import io.marketprism.model.MarketRecord;
import io.marketprism.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Kills nats-server while a producer streams batches through NatsSink; afterwards every record is there once. */
class NatsSinkFaultTest {
    private static final int TOTAL = 20_000;
    private static final int BATCH = 250;

    @Test
    void killAndRestartMidStreamLosesAndDoublesNothing() throws Exception {
        try (NatsServer server = NatsServer.create().start()) {
            NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix("k")
                    .withStreams(List.of(NatsSettings.StreamSpec.of("KILL", "k.>")))
                    .withPublish(new NatsSettings.Publish(1024, Duration.ofSeconds(1), 3, Duration.ofMillis(100)))
                    .withConnection(new NatsSettings.ConnectionLimits(Duration.ofSeconds(2), Duration.ofMillis(100),
                            -1, 64L << 20));
            NatsConnections connections = new NatsConnections(settings);
            Connection connection = connections.connect("fault-test");
            JetStreamSetup.apply(connection, settings.streams());
            NatsSink sink = new NatsSink(connection, settings, true, System::nanoTime);
            AtomicLong failedWrites = new AtomicLong();
            AtomicLong batchesDone = new AtomicLong();
            Thread producer = new Thread(() -> {
                for (int from = 0; from < TOTAL; from += BATCH) {
                    List<MarketRecord> batch = SampleRecords.trades(from, from + BATCH);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (true) {
                        try {
                            sink.write(batch);
                            batchesDone.incrementAndGet();
                            break;
                        } catch (IOException e) {
                            // what the pipeline does: keep the batch and write it again
                            failedWrites.incrementAndGet();
                            if (System.nanoTime() > deadline) {
                                return;
                            }
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException ie) {
                                return;
                            }
                        }
                    }
                }
            }, "fault-producer");
            producer.start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> batchesDone.get() >= 10);
                server.kill();
                Thread.sleep(1500);
                server.start();
                producer.join(TimeUnit.SECONDS.toMillis(90));
                assertThat(producer.isAlive()).as("producer finished").isFalse();
                assertThat(batchesDone.get()).isEqualTo(TOTAL / BATCH);
                assertThat(connections.disconnects()).isEqualTo(1);
                assertThat(connections.reconnects()).isEqualTo(1);
                assertThat(sink.retries() + failedWrites.get()).as("the outage was noticed").isPositive();
            } finally {
                producer.interrupt();
                sink.close();
            }
            try (Connection reader = new NatsConnections(NatsSettings.of(server.url())).connect("fault-reader")) {
                List<Message> all = NatsTesting.readAll(reader, "KILL", "k.>");
                Set<String> ids = new HashSet<>();
                for (Message m : all) {
                    ids.add(m.getHeaders().getFirst("Nats-Msg-Id"));
                }
                Set<String> expected = new HashSet<>();
                for (MarketRecord r : SampleRecords.trades(0, TOTAL)) {
                    expected.add(EventIds.of(r));
                }
                assertThat(all).hasSize(TOTAL);
                assertThat(ids).isEqualTo(expected);
            }
        }
    }
}
