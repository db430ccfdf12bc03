package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.EventIds;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.model.RecordType;
import io.marketprism.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NatsSinkTest {
    private static NatsServer server;
    private static Connection reader;

    @BeforeAll
    static void start() throws IOException {
        server = NatsServer.create().start();
        reader = new NatsConnections(NatsSettings.of(server.url())).connect("sink-test-reader");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static NatsSink sink(NatsSettings settings) throws IOException {
        JetStreamSetup.apply(reader, settings.streams());
        return new NatsSink(new NatsConnections(settings).connect("sink-test"), settings, true, System::nanoTime);
    }

    @Test
    void everyRecordTypeArrivesAsItsExactJsonWithSubjectAndMsgId() throws Exception {
        NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix("t1")
                .withStreams(List.of(NatsSettings.StreamSpec.of("T1", "t1.>")));
        List<MarketRecord> records = SampleRecords.everyType();
        try (NatsSink sink = sink(settings)) {
            sink.write(records);
            assertThat(sink.acked()).isEqualTo(records.size());
            assertThat(sink.duplicates()).isZero();
            assertThat(sink.inFlight()).isZero();
            assertThat(sink.latency().count()).isEqualTo(records.size());
        }
        List<Message> got = NatsTesting.readAll(reader, "T1", "t1.>");
        assertThat(got).hasSize(records.size());
        Subjects subjects = new Subjects("t1");
        for (int i = 0; i < records.size(); i++) {
            MarketRecord r = records.get(i);
            Message m = got.get(i);
            assertThat(m.getSubject()).isEqualTo(subjects.of(r));
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo(RecordJson.write(r));
            assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(EventIds.of(r));
            assertThat(RecordJson.write(RecordJson.read(new String(m.getData(), StandardCharsets.UTF_8))))
                    .isEqualTo(RecordJson.write(r));
        }
        assertThat(got.get(3).getSubject()).isEqualTo("t1.quote.deribit.option.XRP-USDC-250328-0_625-C");
    }

    @Test
    void sameBatchTwiceIsStoredOnceAndDuplicatesAreCounted() throws Exception {
        NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix("t2")
                .withStreams(List.of(NatsSettings.StreamSpec.of("T2", "t2.>")));
        List<MarketRecord> batch = SampleRecords.trades(0, 500);
        try (NatsSink first = sink(settings); NatsSink second = sink(settings)) {
            first.write(batch);
            first.write(batch);
            second.write(batch); // a redundant collector
            assertThat(first.acked()).isEqualTo(1000);
            assertThat(first.duplicates()).isEqualTo(500);
            assertThat(second.duplicates()).isEqualTo(500);
        }
        assertThat(NatsTesting.streamCount(reader, "T2")).isEqualTo(500);
    }

    @Test
    void bundlesHoldOneSubjectsRecordsInOrderAndARetriedBundleIsADuplicate() throws Exception {
        NatsSettings base = NatsSettings.of(server.url()).withSubjectPrefix("t5")
                .withStreams(List.of(NatsSettings.StreamSpec.of("T5", "t5.>")));
        NatsSettings settings = base.withPublish(base.publish().withRecordsPerMessage(100));
        List<MarketRecord> batch = new ArrayList<>(SampleRecords.trades(0, 250));
        batch.addAll(SampleRecords.everyType()); // other subjects, one record each
        try (NatsSink sink = sink(settings)) {
            sink.write(batch);
            sink.write(batch); // a retry of the same batch: the same bundles, the same Msg-Ids
            assertThat(sink.recordsAcked()).isEqualTo(2L * batch.size());
            assertThat(sink.duplicates()).isEqualTo(sink.acked() / 2);
        }
        List<Message> got = NatsTesting.readAll(reader, "T5", "t5.>");
        Subjects subjects = new Subjects("t5");
        Map<String, List<String>> bySubject = new java.util.LinkedHashMap<>();
        for (MarketRecord r : batch) {
            bySubject.computeIfAbsent(subjects.of(r), k -> new ArrayList<>()).add(RecordJson.write(r));
        }
        Map<String, List<String>> received = new java.util.LinkedHashMap<>();
        int bundles = 0;
        for (Message m : got) {
            String[] lines = new String(m.getData(), StandardCharsets.UTF_8).split("\n");
            String count = m.getHeaders().getFirst("MarketPrism-Records");
            assertThat(lines.length).isBetween(1, 100);
            if (lines.length == 1) {
                assertThat(count).isNull(); // a single record is the plain contract: its JSON, its own Msg-Id
                assertThat(m.getHeaders().getFirst("Nats-Msg-Id"))
                        .isEqualTo(EventIds.of(RecordJson.read(lines[0])));
            } else {
                bundles++;
                assertThat(count).isEqualTo(Integer.toString(lines.length));
                assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).startsWith(EventIds.of(RecordJson.read(lines[0])))
                        .contains("/" + lines.length + "/");
            }
            received.computeIfAbsent(m.getSubject(), k -> new ArrayList<>()).addAll(List.of(lines));
        }
        assertThat(received).isEqualTo(bySubject);
        assertThat(bundles).isGreaterThanOrEqualTo(3); // 250 trades of one subject: 100 + 100 + 50
    }

    @Test
    void acksInFlightNeverExceedTheBound() throws Exception {
        NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix("t3")
                .withStreams(List.of(NatsSettings.StreamSpec.of("T3", "t3.>")))
                .withPublish(new NatsSettings.Publish(8, Duration.ofSeconds(5), 3, Duration.ofMillis(50)));
        try (NatsSink sink = sink(settings)) {
            sink.write(SampleRecords.trades(0, 3000));
            assertThat(sink.maxInFlightSeen()).isBetween(1, 8);
            assertThat(sink.acked()).isEqualTo(3000);
            assertThat(sink.retries()).isZero();
        }
        assertThat(NatsTesting.streamCount(reader, "T3")).isEqualTo(3000);
    }

    @Test
    void coreModeTypesArePlainPublishesAndOthersStayOnJetStream() throws Exception {
        NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix("t4")
                .withStreams(List.of(NatsSettings.StreamSpec.of("T4", "t4.quote.>")))
                .withModes(Map.of(RecordType.TRADE, NatsSettings.Mode.CORE));
        Subscription sub = reader.subscribe("t4.trade.>");
        reader.flush(Duration.ofSeconds(5));
        List<MarketRecord> batch = new ArrayList<>(SampleRecords.trades(0, 100));
        batch.add(SampleRecords.everyType().get(3)); // a quote
        try (NatsSink sink = sink(settings)) {
            sink.write(batch);
            assertThat(sink.corePublished()).isEqualTo(100);
            assertThat(sink.acked()).isEqualTo(1);
        }
        for (int i = 0; i < 100; i++) {
            Message m = sub.nextMessage(Duration.ofSeconds(5));
            assertThat(m).as("core message %d", i).isNotNull();
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo(RecordJson.write(batch.get(i)));
        }
        sub.unsubscribe();
        assertThat(NatsTesting.streamCount(reader, "T4")).isEqualTo(1);
    }

    @Test
    void withoutAStreamWriteFailsAfterItsAttemptsAndSaysWhy() throws Exception {
        NatsSettings settings = NatsSettings.of(server.url()).withSubjectPrefix("nostream")
                .withPublish(new NatsSettings.Publish(16, Duration.ofMillis(500), 2, Duration.ofMillis(10)));
        try (NatsSink sink = sink(settings)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.write(SampleRecords.trades(0, 3)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("3 of 3 messages were not acknowledged after 2 attempts")
                    .hasMessageContaining("nostream.trade.binance.spot.BTC-USDT").hasMessageContaining("nats.streams");
            assertThat(sink.failedWrites()).isEqualTo(1);
            assertThat(sink.retries()).isEqualTo(3);
            assertThat(sink.ackFailures()).isEqualTo(6);
        }
    }
}
