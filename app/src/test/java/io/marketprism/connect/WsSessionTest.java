package io.marketprism.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions against small protocol servers on loopback: reconnects, watchdog, switch-over, keep-alives, proxy. */
@Timeout(60)
class WsSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private FrameLog log;
    private FrameDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        scheduler = Executors.newScheduledThreadPool(2);
        log = new FrameLog();
        dispatcher = new FrameDispatcher("test", 10_000, Duration.ofSeconds(1), log);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        dispatcher.close();
        scheduler.shutdownNow();
    }

    private WsTestServer server(String... paths) {
        WsTestServer s = new WsTestServer(paths);
        closeables.add(s);
        return s;
    }

    private static SessionSettings fast() {
        return SessionSettings.defaults()
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0.2))
                .withWatchdog(Duration.ofSeconds(5))
                .withMessagesPerSecond(50)
                .withTick(Duration.ofMillis(20));
    }

    private VenueConnector connector(VenueSettings settings) {
        VenueConnector c = new VenueConnector(settings, new OkHttpClient(), scheduler, Clock.systemUTC(), () -> 0.5,
                dispatcher, new AtomicInteger());
        closeables.add(c);
        c.start();
        return c;
    }

    private static VenueSettings binance(WsTestServer server, List<String> symbols, SessionSettings session) {
        VenueEndpoints ep = VenueEndpoints.of(Exchange.BINANCE, server.base(), "http://127.0.0.1:1");
        return VenueSettings.defaults(ep, symbols, EnumSet.of(DataType.TRADES, DataType.BOOK)).withSession(session);
    }

    /** Acks every Binance SUBSCRIBE like the venue. */
    private static void binanceAcks(WsTestServer server) {
        Pattern id = Pattern.compile("\"id\":(\\d+)");
        server.onMessage = (c, m) -> {
            Matcher mm = id.matcher(m);
            if (mm.find()) {
                c.send("{\"result\":null,\"id\":" + mm.group(1) + "}");
            }
        };
    }

    @Test
    void subscribesThenReconnectsWithBackoffAfterTheServerCloses() {
        WsTestServer server = server("/stream");
        binanceAcks(server);
        VenueConnector c = connector(binance(server, List.of("BTCUSDT", "ETHUSDT"), fast()));
        WsSession session = c.sessions().get(0);

        await().atMost(WAIT).until(() -> server.conns.size() == 1 && server.last().received.size() == 1);
        assertThat(server.last().received.get(0)).isEqualTo("{\"method\":\"SUBSCRIBE\",\"params\":"
                + "[\"btcusdt@aggTrade\",\"btcusdt@depth@100ms\",\"ethusdt@aggTrade\",\"ethusdt@depth@100ms\"],\"id\":1}");
        server.last().send("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"a\":1}}");
        await().atMost(WAIT).until(() -> log.of(FrameKind.WS_IN).size() == 2);

        server.last().close(1001, "going away");
        await().atMost(WAIT).until(() -> server.conns.size() == 2 && server.last().received.size() == 1);
        await().atMost(WAIT).until(() -> log.of(FrameKind.CONNECT).size() == 2);

        assertThat(session.counters().reconnects()).isEqualTo(1);
        assertThat(session.counters().connects()).isEqualTo(2);
        assertThat(session.state()).isEqualTo(ConnectionState.LIVE);
        // order per connection: CONNECT, then what we sent, then what we received
        List<FrameKind> kinds = log.frames.stream().map(Frame::kind).toList();
        assertThat(kinds.subList(0, 4)).containsExactly(FrameKind.CONNECT, FrameKind.WS_OUT, FrameKind.WS_IN,
                FrameKind.WS_IN);
        assertThat(log.frames).allMatch(f -> f.connectionId() == session.connectionId());
        assertThat(log.of(FrameKind.CONNECT).get(0).url()).isEqualTo(server.base() + "/stream");
    }

    @Test
    void watchdogReplacesASilentConnection() {
        WsTestServer server = server("/stream");
        // no acks, no data: the connection is silent
        VenueConnector c = connector(binance(server, List.of("BTCUSDT"), fast().withWatchdog(Duration.ofMillis(300))));
        WsSession session = c.sessions().get(0);

        await().atMost(WAIT).until(() -> server.conns.size() >= 3);
        assertThat(session.counters().watchdogTrips()).isGreaterThanOrEqualTo(2);
        assertThat(log.of(FrameKind.CONNECT).size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void serverShutdownSwitchesToANewConnectionWithoutAFrameGap() throws Exception {
        WsTestServer server = server("/stream");
        binanceAcks(server);
        AtomicLong seq = new AtomicLong();
        List<Long> openWhenSecondConnected = new CopyOnWriteArrayList<>();
        server.onConnect = conn -> openWhenSecondConnected.add(server.openCount());
        // the "venue" broadcasts one numbered event every 2 ms to every open connection
        var feed = scheduler.scheduleAtFixedRate(() -> {
            long n = seq.incrementAndGet();
            for (WsTestServer.Conn conn : server.conns) {
                conn.send("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"a\":" + n + "}}");
            }
        }, 2, 2, TimeUnit.MILLISECONDS);
        VenueConnector c = connector(binance(server, List.of("BTCUSDT"), fast()));
        WsSession session = c.sessions().get(0);
        await().atMost(WAIT).until(() -> log.of(FrameKind.WS_IN).size() > 50);

        server.last().send("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        await().atMost(WAIT).until(() -> session.counters().switchOvers() == 1 && !server.conns.get(0).open);
        long after = seq.get();
        await().atMost(WAIT).until(() -> seq.get() > after + 50);
        feed.cancel(false);

        // the replacement was opened while the old connection was still open
        assertThat(openWhenSecondConnected.get(1)).isEqualTo(2);
        assertThat(log.of(FrameKind.CONNECT)).hasSize(2);
        List<Long> delivered = new ArrayList<>();
        Pattern a = Pattern.compile("\"a\":(\\d+)");
        for (String t : log.texts(FrameKind.WS_IN)) {
            Matcher m = a.matcher(t);
            if (m.find()) {
                delivered.add(Long.parseLong(m.group(1)));
            }
        }
        TreeSet<Long> seen = new TreeSet<>(delivered);
        long first = seen.first();
        long last = seen.last();
        assertThat(seen).hasSize((int) (last - first + 1)); // contiguous: nothing lost across the switch
        assertThat(delivered).as("in order, none twice: the replacement's copies of the overlap are skipped")
                .isSorted().doesNotHaveDuplicates();
        assertThat(session.counters().reconnects()).isEqualTo(1);
    }

    @Test
    void okxPingIsSentWhenQuietAndAMissingPongReplacesTheConnection() {
        WsTestServer server = server("/ws/v5/public");
        AtomicInteger pongs = new AtomicInteger();
        server.onMessage = (conn, m) -> {
            if (m.equals("ping") && pongs.get() < 2) {
                pongs.incrementAndGet();
                conn.send("pong");
            } else if (m.startsWith("{")) {
                conn.send("{\"id\":\"1\",\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                        + "\"connId\":\"a4d3ae55\"}");
            }
        };
        VenueEndpoints ep = VenueEndpoints.of(Exchange.OKX, server.base(), "http://127.0.0.1:1");
        SessionSettings s = fast().withKeepAlive(Duration.ofMillis(200)).withControlPerHour(480);
        VenueSettings vs = VenueSettings.defaults(ep, List.of("BTC-USDT"), EnumSet.of(DataType.BOOK)).withSession(s);
        WsSession session = connector(vs).sessions().get(0);

        await().atMost(WAIT).until(() -> session.counters().keepAliveTimeouts() >= 1);
        assertThat(server.conns.get(0).received).startsWith(
                "{\"id\":\"1\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
                "ping", "ping");
        assertThat(session.counters().watchdogTrips()).isZero();
        await().atMost(WAIT).until(() -> server.conns.size() >= 2);
    }

    @Test
    void okxUpgradeNoticeSwitchesOver() {
        WsTestServer server = server("/ws/v5/public");
        server.onMessage = (conn, m) -> {
            if (m.startsWith("{")) {
                conn.send("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[]}");
            }
        };
        VenueEndpoints ep = VenueEndpoints.of(Exchange.OKX, server.base(), "http://127.0.0.1:1");
        VenueSettings vs = VenueSettings.defaults(ep, List.of("BTC-USDT"), EnumSet.of(DataType.TRADES))
                .withSession(fast());
        WsSession session = connector(vs).sessions().get(0);
        await().atMost(WAIT).until(() -> log.of(FrameKind.WS_IN).size() == 1);
        server.last().send("{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a "
                + "service upgrade. Please reconnect.\",\"connId\":\"a4d3ae55\"}");
        await().atMost(WAIT).until(() -> session.counters().switchOvers() == 1);
        await().atMost(WAIT).until(() -> !server.conns.get(0).open);
        assertThat(server.conns).hasSize(2);
    }

    @Test
    void deribitHeartbeatIsSetUpAndTestRequestsAreAnswered() {
        WsTestServer server = server("/ws/api/v2");
        Pattern id = Pattern.compile("\"id\":(\\d+)");
        server.onMessage = (conn, m) -> {
            Matcher mm = id.matcher(m);
            mm.find();
            if (m.contains("public/set_heartbeat")) {
                conn.send("{\"jsonrpc\":\"2.0\",\"id\":" + mm.group(1) + ",\"result\":\"ok\"}");
                conn.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}");
            } else if (m.contains("public/subscribe")) {
                // only the trades channel is accepted
                conn.send("{\"jsonrpc\":\"2.0\",\"id\":" + mm.group(1)
                        + ",\"result\":[\"trades.BTC-PERPETUAL.100ms\"]}");
            } else if (m.contains("public/test")) {
                conn.send("{\"jsonrpc\":\"2.0\",\"id\":" + mm.group(1) + ",\"result\":{\"version\":\"1.2.26\"}}");
            }
        };
        VenueEndpoints ep = VenueEndpoints.of(Exchange.DERIBIT, server.base(), "http://127.0.0.1:1");
        VenueSettings vs = VenueSettings.defaults(ep, List.of("BTC-PERPETUAL"),
                EnumSet.of(DataType.TRADES, DataType.BOOK)).withSession(fast().withWatchdog(Duration.ofSeconds(30)));
        WsSession session = connector(vs).sessions().get(0);

        await().atMost(WAIT).until(() -> server.last().received.size() == 3);
        // the test_request answer is not paced: it may overtake the queued subscription
        assertThat(server.last().received).containsExactlyInAnyOrder(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":10}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"public/subscribe\",\"params\":{\"channels\":"
                        + "[\"trades.BTC-PERPETUAL.100ms\",\"book.BTC-PERPETUAL.100ms\"]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"public/test\",\"params\":{}}");
        await().atMost(WAIT).until(() -> session.counters().subscribeErrors() == 1);
        assertThat(session.counters().heartbeatsAnswered()).isEqualTo(1);
        assertThat(log.texts(FrameKind.WS_OUT)).hasSize(3);
    }

    @Test
    void connectsThroughAnHttpConnectProxy() throws Exception {
        WsTestServer server = server("/stream");
        binanceAcks(server);
        ConnectProxy proxy = new ConnectProxy();
        closeables.add(proxy);
        VenueSettings vs = binance(server, List.of("BTCUSDT"), fast())
                .withProxy(ProxySettings.http("127.0.0.1", proxy.port()));
        connector(vs);
        await().atMost(WAIT).until(() -> log.of(FrameKind.WS_IN).size() == 1);
        assertThat(proxy.requests).hasSize(1);
        // plain ws:// goes through an HTTP proxy in absolute form; wss:// would use a CONNECT tunnel (same proxy)
        assertThat(proxy.requests.get(0)).isEqualTo("GET http://127.0.0.1:" + server.base().substring(
                server.base().lastIndexOf(':') + 1) + "/stream HTTP/1.1");
    }

    @Test
    void sessionsAreShardedAtTheStreamLimitAndNeverMixRoutes() {
        VenueEndpoints ep = VenueEndpoints.of(Exchange.BINANCE_FUTURES, "wss://fstream.binance.com",
                "https://fapi.binance.com");
        VenueSettings vs = VenueSettings.defaults(ep, List.of("BTCUSDT", "ETHUSDT", "SOLUSDT"),
                EnumSet.of(DataType.TRADES, DataType.BOOK, DataType.QUOTE, DataType.FUNDING))
                .withLimits(new ConnectionLimits(4, 2, 0));
        List<StreamPlan.Shard> shards = StreamPlan.shards(vs);
        assertThat(shards).extracting(sh -> sh.url().toString()).containsExactly(
                "wss://fstream.binance.com/market/stream", "wss://fstream.binance.com/market/stream",
                "wss://fstream.binance.com/public/stream", "wss://fstream.binance.com/public/stream");
        assertThat(shards.get(0).streams()).extracting(WsStream::name).containsExactly(
                "btcusdt@aggTrade", "btcusdt@markPrice@1s", "ethusdt@aggTrade", "ethusdt@markPrice@1s");
        assertThat(shards.get(1).streams()).extracting(WsStream::name).containsExactly(
                "solusdt@aggTrade", "solusdt@markPrice@1s");
        assertThat(shards.get(2).streams()).extracting(WsStream::name).containsExactly(
                "btcusdt@depth@100ms", "btcusdt@bookTicker", "ethusdt@depth@100ms", "ethusdt@bookTicker");
        for (StreamPlan.Shard sh : shards) {
            assertThat(sh.streams()).allMatch(w -> w.route().equals(sh.route()));
        }
        // two streams per SUBSCRIBE message
        List<String> msgs = new BinanceCodec(2).openMessages(shards.get(0).streams());
        assertThat(msgs).containsExactly(
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@markPrice@1s\"],\"id\":1}",
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@aggTrade\",\"ethusdt@markPrice@1s\"],\"id\":2}");
    }

    /** A minimal HTTP CONNECT proxy: records the request line, then pipes bytes both ways. */
    static final class ConnectProxy implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;

        ConnectProxy() throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "connect-proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread t = new Thread(() -> handle(client));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void handle(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                requests.add(requestLine);
                String[] parts = requestLine.split(" ");
                boolean tunnel = parts[0].equals("CONNECT");
                // CONNECT host:port (wss/https), or absolute-form GET http://host:port/path (plain ws through a proxy)
                java.net.URI target = java.net.URI.create(tunnel ? "http://" + parts[1] : parts[1]);
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    OutputStream out = client.getOutputStream();
                    if (tunnel) {
                        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } else {
                        String origin = parts[0] + " " + target.getRawPath() + " " + parts[2]
                                + head.substring(head.indexOf("\r\n"));
                        upstream.getOutputStream().write(origin.getBytes(StandardCharsets.US_ASCII));
                        upstream.getOutputStream().flush();
                    }
                    Thread up = new Thread(() -> pipe(in, upstream));
                    up.setDaemon(true);
                    up.start();
                    pipe(upstream.getInputStream(), client);
                }
            } catch (IOException e) {
                // connection ended
            }
        }

        private static void pipe(InputStream in, Socket to) {
            try {
                in.transferTo(to.getOutputStream());
            } catch (IOException e) {
                // either side closed
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
