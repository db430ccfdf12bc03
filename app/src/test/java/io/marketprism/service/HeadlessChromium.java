package io.marketprism.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket, no WebDriver): navigate, evaluate
 * JavaScript in the page, take screenshots. Every wait is bounded; {@link #close()} kills the browser and its
 * child processes (only the ones this class started).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> log = new ArrayList<>();
    private final WebSocket socket;

    HeadlessChromium(int width, int height) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("mp-chromium");
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).start();
        String browserWs = awaitListening();
        int port = java.net.URI.create(browserWs).getPort();
        String pageWs = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pageWs == null && System.nanoTime() < deadline) {
            try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list")
                    .build()).execute()) {
                for (JsonNode t : JSON.readTree(r.body().string())) {
                    if ("page".equals(t.path("type").asText())) {
                        pageWs = t.get("webSocketDebuggerUrl").asText();
                    }
                }
            }
            if (pageWs == null) {
                Thread.sleep(100);
            }
        }
        if (pageWs == null) {
            close();
            throw new IOException("chromium opened no page target; output: " + log);
        }
        CompletableFuture<Void> open = new CompletableFuture<>();
        socket = http.newWebSocket(new Request.Builder().url(pageWs).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                open.complete(null);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                try {
                    JsonNode m = JSON.readTree(text);
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                } catch (IOException e) {
                    open.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                open.completeExceptionally(t);
                pending.values().forEach(f -> f.completeExceptionally(t));
            }
        });
        try {
            open.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("cannot open the DevTools socket " + pageWs + ": " + e, e);
        }
        send("Page.enable", Map.of());
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Reads chromium's output until it prints its DevTools address (bounded). */
    private String awaitListening() throws IOException {
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        if (log.size() < 200) {
                            log.add(line);
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
            found.completeExceptionally(new IOException("chromium exited before listening"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return found.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("chromium did not start its DevTools endpoint: " + e + "; output: " + log, e);
        }
    }

    JsonNode send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        socket.send(msg.toString());
        try {
            JsonNode r = f.get(30, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + " failed: " + r.get("error"));
            }
            return r.get("result");
        } catch (Exception e) {
            pending.remove(id);
            throw new IllegalStateException(method + ": " + e, e);
        }
    }

    void navigate(String url) {
        send("Page.navigate", Map.of("url", url));
    }

    /** Evaluates an expression in the page and returns its JSON value. */
    JsonNode eval(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page error: " + r.get("exceptionDetails"));
        }
        return r.get("result").path("value");
    }

    String text(String elementId) {
        return eval("(document.getElementById('" + elementId + "')||{}).textContent||null").asText(null);
    }

    /** A PNG of the whole page. */
    void screenshot(Path file) throws IOException {
        int height = eval("Math.ceil(document.documentElement.scrollHeight)").asInt();
        int width = eval("Math.ceil(document.documentElement.scrollWidth)").asInt();
        JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close(1000, "done");
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }
}
