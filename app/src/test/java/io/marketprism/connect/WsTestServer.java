package io.marketprism.connect;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A tiny WebSocket server on a free loopback port that speaks just enough of a venue protocol for a test: every
 * connection is recorded with what it received; reactions are scripted per test.
 */
final class WsTestServer implements AutoCloseable {
    /** One accepted connection. */
    static final class Conn {
        final WsContext ctx;
        final String path;
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile boolean open = true;

        Conn(WsContext ctx, String path) {
            this.ctx = ctx;
            this.path = path;
        }

        void send(String text) {
            if (open) {
                try {
                    ctx.send(text);
                } catch (RuntimeException e) {
                    // closed under us: the test counts what arrived
                }
            }
        }

        void close(int code, String reason) {
            ctx.closeSession(code, reason);
        }
    }

    final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Javalin app;
    volatile BiConsumer<Conn, String> onMessage = (c, m) -> { };
    volatile Consumer<Conn> onConnect = c -> { };

    WsTestServer(String... paths) {
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        for (String p : paths) {
            app.ws(p, ws -> {
                ws.onConnect(ctx -> {
                    ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(5));
                    Conn c = new Conn(ctx, p);
                    ctx.attribute("conn", c);
                    conns.add(c);
                    onConnect.accept(c);
                });
                ws.onMessage(ctx -> {
                    Conn c = ctx.attribute("conn");
                    c.received.add(ctx.message());
                    onMessage.accept(c, ctx.message());
                });
                ws.onClose(ctx -> {
                    Conn c = ctx.attribute("conn");
                    if (c != null) {
                        c.open = false;
                    }
                });
            });
        }
        app.start("127.0.0.1", 0);
    }

    String base() {
        return "ws://127.0.0.1:" + app.port();
    }

    Conn last() {
        return conns.get(conns.size() - 1);
    }

    long openCount() {
        return conns.stream().filter(c -> c.open).count();
    }

    @Override
    public void close() {
        app.stop();
    }
}
