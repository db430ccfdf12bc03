package io.marketprism.emulate;

import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.awaitility.Awaitility;

/**
 * A test client of the emulator: OkHttp WebSockets and the JDK HTTP client, every received message and REST body
 * recorded as a {@link Frame} in one list in arrival order (what a collector would capture).
 */
final class EmuClient implements AutoCloseable {
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final OkHttpClient ok = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final List<Ws> sockets = new ArrayList<>();

    /** One WebSocket connection. */
    final class Ws extends WebSocketListener {
        final int id = connectionIds.incrementAndGet();
        final String url;
        final List<String> messages = new CopyOnWriteArrayList<>();
        volatile int closeCode = -1;
        volatile String closeReason;
        volatile Throwable failure;
        final WebSocket socket;

        Ws(String url) {
            this.url = url;
            this.socket = ok.newWebSocket(new Request.Builder().url(url).build(), this);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            messages.add(text);
            frames.add(new Frame(FrameKind.WS_IN, System.nanoTime(), id, url, text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            closeCode = code;
            closeReason = reason;
            webSocket.close(1000, null);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            failure = t;
        }

        void send(String text) {
            socket.send(text);
        }

        boolean closed() {
            return closeCode >= 0 || failure != null;
        }

        /** Waits (bounded) until a message matches. */
        String await(Predicate<String> p) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages.stream().anyMatch(p));
            return messages.stream().filter(p).findFirst().orElseThrow();
        }

        long count(Predicate<String> p) {
            return messages.stream().filter(p).count();
        }
    }

    record Rest(int status, String body, java.net.http.HttpHeaders headers) {
    }

    Ws ws(String url) {
        Ws w = new Ws(url);
        sockets.add(w);
        return w;
    }

    /** GET; the body is recorded as a REST frame whatever the status. */
    Rest get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        frames.add(new Frame(FrameKind.REST_RESPONSE, System.nanoTime(), 0, url,
                r.body().getBytes(StandardCharsets.UTF_8)));
        return new Rest(r.statusCode(), r.body(), r.headers());
    }

    @Override
    public void close() {
        for (Ws w : sockets) {
            w.socket.cancel();
        }
        ok.dispatcher().executorService().shutdown();
        ok.connectionPool().evictAll();
    }
}
