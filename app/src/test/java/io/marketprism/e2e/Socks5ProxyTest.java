package io.marketprism.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import io.marketprism.connect.ProxySettings;
import io.marketprism.connect.VenueSettings;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.Exchange;
import io.marketprism.runtime.Collector;
import io.marketprism.runtime.Sinks;
import io.marketprism.service.ServiceSettings;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A venue reached through a SOCKS5 proxy with user/password authentication (RFC 1928/1929): WebSocket and REST both
 * go through it, and the books sync. The proxy is a small real one on loopback, written here.
 */
@Timeout(90)
class Socks5ProxyTest {
    @TempDir
    Path dir;

    /** A minimal SOCKS5 proxy: user/password auth, CONNECT, byte relay. */
    static final class Socks5 implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger authenticated = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger connects = new AtomicInteger();
        private final String user;
        private final String password;

        Socks5(String user, String password) throws IOException {
            this.user = user;
            this.password = password;
            Thread t = new Thread(this::accept, "socks5");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> handle(s), "socks5-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void handle(Socket client) {
            try (client) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                if (in.readUnsignedByte() != 5) {
                    return;
                }
                byte[] methods = in.readNBytes(in.readUnsignedByte());
                boolean userPass = false;
                for (byte m : methods) {
                    userPass |= m == 2;
                }
                if (!userPass) {
                    out.write(new byte[] {5, (byte) 0xFF});
                    refused.incrementAndGet();
                    return;
                }
                out.write(new byte[] {5, 2});
                in.readUnsignedByte(); // sub-negotiation version 1
                String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                if (!u.equals(user) || !p.equals(password)) {
                    out.write(new byte[] {1, 1});
                    refused.incrementAndGet();
                    return;
                }
                out.write(new byte[] {1, 0});
                authenticated.incrementAndGet();
                in.readUnsignedByte(); // version
                in.readUnsignedByte(); // command: CONNECT
                in.readUnsignedByte(); // reserved
                int atyp = in.readUnsignedByte();
                String host = switch (atyp) {
                    case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                    case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                    default -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                };
                int port = in.readUnsignedShort();
                // loopback only: the proxy must never reach anywhere else
                if (!InetAddress.getByName(host).isLoopbackAddress()) {
                    out.write(new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0});
                    return;
                }
                try (Socket target = new Socket()) {
                    target.connect(new InetSocketAddress(host, port), 5_000);
                    connects.incrementAndGet();
                    out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
                    Thread up = new Thread(() -> pump(in, target));
                    up.setDaemon(true);
                    up.start();
                    pump(target.getInputStream(), out);
                }
            } catch (IOException e) {
                // connection ended
            }
        }

        private static void pump(InputStream from, Socket to) {
            try {
                pump(from, to.getOutputStream());
            } catch (IOException e) {
                // ended
            }
        }

        private static void pump(InputStream from, OutputStream to) {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // ended
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void aVenueBehindASocks5ProxyWithCredentialsSyncsItsBooks() throws Exception {
        Emulator.Builder b = Emulator.builder().params(new MarketParams(9, 1.5, 50, 0.5, 0.0, 10_000, 10_000))
                .options(EmulatorOptions.defaults().withRate(30));
        b.venue(Exchange.BINANCE_FUTURES, List.of("BTCUSDT"));
        try (Emulator emu = b.build().start(); Socks5 proxy = new Socks5("mp-user", "s0cks-pass")) {
            MarketPrismConfig base = MarketPrismConfig.from(ConfigNode.root(ConfigLoader.load(null, Map.of(
                    "MARKETPRISM_SPOOL__DIR", dir.resolve("spool").toString())).tree()));
            VenueSettings venue = VenueSettings.defaults(emu.endpoints(Exchange.BINANCE_FUTURES), List.of("BTCUSDT"),
                    MarketPrismConfig.defaultTypes(Exchange.BINANCE_FUTURES)).withProxy(new ProxySettings(
                    ProxySettings.Type.SOCKS5, "127.0.0.1", proxy.port(), "mp-user", "s0cks-pass"));
            MarketPrismConfig config = new MarketPrismConfig("development", "INFO", "plain",
                    ServiceSettings.loopback(), List.of(venue), true, true, base.books(),
                    List.of("jsonl:" + dir.resolve("r.jsonl")), base.pipeline(), base.nats(), null, null, null);
            try (Collector collector = Collector.start(config, Sinks.open(config, Map.of()), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.processors().get(0).streams().stream()
                        .anyMatch(s -> s.book() != null && s.book().synced()));
            }
            assertThat(proxy.authenticated.get()).as("WebSocket and REST through the proxy").isGreaterThanOrEqualTo(2);
            assertThat(proxy.connects.get()).isGreaterThanOrEqualTo(2);
            assertThat(proxy.refused.get()).isZero();
        }
    }
}
