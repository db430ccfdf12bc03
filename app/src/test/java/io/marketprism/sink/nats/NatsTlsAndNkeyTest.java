package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketprism.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsTlsAndNkeyTest {
    @TempDir
    Path dir;

    private static NatsSettings.ConnectionLimits quick() {
        return new NatsSettings.ConnectionLimits(Duration.ofSeconds(2), Duration.ofMillis(100), 0, 1 << 20);
    }

    private static void roundTrip(NatsSettings settings) throws Exception {
        try (Connection c = new NatsConnections(settings).connect("tls-nkey-test")) {
            JetStreamSetup.apply(c, List.of(NatsSettings.StreamSpec.of("SEC", "sec.>")));
            try (NatsSink sink = new NatsSink(c, settings.withSubjectPrefix("sec"), false, System::nanoTime)) {
                sink.write(SampleRecords.trades(0, 5));
                assertThat(sink.acked()).isEqualTo(5);
            }
        }
    }

    @Test
    void nkeySeedFile() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        Path seed = dir.resolve("user.nk");
        Files.writeString(seed, new String(user.getSeed()) + "\n");
        String conf = "authorization { users = [ { nkey: " + new String(user.getPublicKey()) + " } ] }";
        try (NatsServer server = NatsServer.create(conf).start()) {
            NatsSettings base = NatsSettings.of(server.url()).withConnection(quick());
            roundTrip(base.withAuth(NatsSettings.Auth.nkeySeedFile(seed)));
            Path other = dir.resolve("other.nk");
            Files.writeString(other, new String(NKey.createUser(new SecureRandom()).getSeed()));
            assertThatThrownBy(() -> new NatsConnections(base.withAuth(NatsSettings.Auth.nkeySeedFile(other)))
                    .connect("x")).isInstanceOf(IOException.class).hasMessageContaining("refused the credentials");
        }
    }

    @Test
    void mutualTlsWithPemFiles() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed: skipping TLS test");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
                "-subj", "/CN=marketprism-test-ca");
        for (String who : new String[] {"server", "client"}) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                    "-subj", "/CN=127.0.0.1");
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", who + ".pem", "-days", "1", "-extfile", "san.ext");
        }
        String conf = "tls { cert_file: \"" + dir.resolve("server.pem") + "\", key_file: \""
                + dir.resolve("server.key") + "\", ca_file: \"" + dir.resolve("ca.pem") + "\", verify: true }";
        try (NatsServer server = NatsServer.create(conf).start()) {
            NatsSettings base = NatsSettings.of(server.url()).withConnection(quick());
            roundTrip(base.withTls(new NatsSettings.Tls(true, dir.resolve("ca.pem"), dir.resolve("client.pem"),
                    dir.resolve("client.key"))));
            // without the client certificate the server refuses the handshake
            assertThatThrownBy(() -> new NatsConnections(base.withTls(new NatsSettings.Tls(true,
                    dir.resolve("ca.pem"), null, null))).connect("x")).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot connect to NATS");
            // a key that is not PKCS#8 PEM is named with the fix
            Files.writeString(dir.resolve("bad.key"), "not a key");
            assertThatThrownBy(() -> new NatsConnections(base.withTls(new NatsSettings.Tls(true,
                    dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("bad.key")))).connect("x"))
                    .isInstanceOf(IOException.class).hasMessageContaining("nats.tls")
                    .hasMessageContaining("PKCS#8");
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", args[0], out).isZero();
    }
}
