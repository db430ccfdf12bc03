package io.marketprism.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.cli.EmulateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The emulate command prints a base URL per venue and writes the ground truth; bad options name the fix. */
@Timeout(30)
class EmulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesForADurationAndPrintsBaseUrls() throws Exception {
        Path plan = dir.resolve("plan.txt");
        Files.writeString(plan, "okx * drop-frames every=5\n");
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new EmulateCommand());
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute("--venues", "binance,okx,deribit", "--symbols", "binance:ETHUSDT,okx:BTC-USDT",
                "--rate", "200", "--seed", "3", "--faults", plan.toString(), "--truth-out",
                dir.resolve("t.jsonl").toString(), "--duration", "0.5");
        assertThat(rc).isZero();
        assertThat(out.toString()).containsPattern("binance +ws=ws://127\\.0\\.0\\.1:\\d+ rest=http://127\\.0\\.0\\.1:\\d+")
                .contains("okx").contains("deribit").contains("faults injected");
        assertThat(Files.readString(dir.resolve("t.jsonl"))).contains("\"symbol\":\"ETHUSDT\"")
                .contains("\"symbol\":\"BTC-USDT\"");
    }

    @Test
    void badOptionsAreExplained() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EmulateCommand());
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(ex.getMessage());
            return 2;
        });
        assertThat(cl.execute("--venues", "binance", "--symbols", "okx:BTC-USDT", "--duration", "0.1")).isEqualTo(2);
        assertThat(cl.execute("--venues", "binance", "--symbols", "BTCUSDT", "--duration", "0.1")).isEqualTo(2);
        assertThat(cl.execute("--venues", "binance", "--symbols", "binance:XYZ", "--duration", "0.1")).isEqualTo(2);
        assertThat(cl.execute("--venues", "binance", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("not in --venues").contains("VENUE:SYMBOL")
                .contains("is not supported").contains("ISO-8601");
    }
}
