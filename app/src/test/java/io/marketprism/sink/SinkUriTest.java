package io.marketprism.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.Quote;
import io.marketprism.model.RecordJson;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.nats.NatsSettings;
import io.marketprism.model.SizeUnit;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkUriTest {
    private static final Quote QUOTE = new Quote(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT",
            new BigDecimal("30236.1"), new BigDecimal("0.18050747"), new BigDecimal("30236.2"),
            new BigDecimal("0.001"), SizeUnit.BASE, 12L, 1_652_459_225_000_000L, 1L);

    @Test
    void jsonlFileAppendsOneRecordPerLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/records.jsonl");
        for (int i = 0; i < 2; i++) {
            try (BatchSink sink = SinkUri.open("jsonl:" + file)) {
                assertThat(sink).hasToString("jsonl:" + file);
                assertThat(sink.name()).isEqualTo("jsonl");
                sink.write(List.of(QUOTE));
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(RecordJson.read(l)).isEqualTo(QUOTE));
    }

    @Test
    void stdoutSinkIsNotClosedWithTheSink() throws IOException {
        BatchSink sink = SinkUri.open("jsonl:-");
        assertThat(sink.name()).isEqualTo("jsonl-stdout");
        sink.close();
    }

    @Test
    void unknownAndUnbuiltSinksAreRejectedWithTheAllowedForms() {
        assertThatThrownBy(() -> SinkUri.open("kafka://x")).hasMessageContaining("unknown sink 'kafka://x'")
                .hasMessageContaining("jsonl:PATH");
        assertThatThrownBy(() -> SinkUri.open("duckdb:")).hasMessageContaining("names no file");
        assertThatThrownBy(() -> SinkUri.open("jsonl:")).hasMessageContaining("names no file");
        assertThatThrownBy(() -> SinkUri.open(" ")).hasMessageContaining("empty sink URI");
    }

    @Test
    void natsSinkOptionsSetTheBundleSizeAndAnythingElseIsRefused() {
        NatsSettings base = NatsSettings.of("nats://127.0.0.1:4222");
        NatsSettings bundled = SinkUri.natsOptions(base, "nats://10.0.0.1:4333?records_per_message=200");
        assertThat(bundled.servers()).containsExactly("nats://10.0.0.1:4333");
        assertThat(bundled.publish().recordsPerMessage()).isEqualTo(200);
        assertThat(SinkUri.natsOptions(base, "nats://10.0.0.1:4333").publish().recordsPerMessage()).isEqualTo(1);
        assertThatThrownBy(() -> SinkUri.natsOptions(base, "nats://h:1?stream=X"))
                .hasMessageContaining("'stream=X' is not allowed").hasMessageContaining("records_per_message=N");
        assertThatThrownBy(() -> SinkUri.natsOptions(base, "nats://h:1?records_per_message=many"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> SinkUri.natsOptions(base, "nats://h:1?records_per_message=0"))
                .hasMessageContaining("records_per_message 0");
    }

    @Test
    void openAllClosesWhatItOpenedWhenOneFails(@TempDir Path dir) {
        assertThatThrownBy(() -> SinkUri.openAll(List.of("jsonl:" + dir.resolve("a.jsonl"), "nope:")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("a.jsonl")).exists();
    }
}
