package io.marketprism.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * OKX API v5 (protocol reference §4): {@code /ws/v5/public} and {@code /ws/v5/business} with
 * {@code {"op":"subscribe","args":[..]}} (one event ack per arg, error events with OKX codes), the text
 * {@code ping}/{@code pong}, {@code books} as snapshot then updates chained by seqId/prevSeqId (checksum 0),
 * trades, tickers, bbo-tbt, funding-rate, mark-price, open-interest, liquidation-orders; idle connections are
 * closed with 4004 after {@link EmulatorOptions#okxIdle()} without client traffic. REST under {@code /api/v5}.
 */
final class OkxServer extends VenueServer {
    private static final Set<String> PUBLIC = Set.of("books", "trades", "tickers", "bbo-tbt", "funding-rate",
            "mark-price", "open-interest", "liquidation-orders");
    private static final Set<String> BUSINESS = Set.of("trades-all");
    private static final String RUBIK = "/api/v5/rubik/stat/";

    private final long seed;

    OkxServer(SyntheticMarket market, Clock clock, EmulatorOptions options, FaultPlan plan, FaultCounters faults,
              ScheduledExecutorService pump, long seed) {
        super(Exchange.OKX, market, clock, options, plan, faults, pump);
        this.seed = seed;
    }

    @Override
    protected void routes(Javalin app) {
        ws(app, "/ws/v5/public", "public", (c, ctx) -> { }, this::onMessage);
        ws(app, "/ws/v5/business", "business", (c, ctx) -> { }, this::onMessage);
        restRoutes(app);
    }

    private static String connId(EmuConnection c) {
        return String.format("%08x", c.ordinal * 2_654_435_761L & 0xffffffffL);
    }

    private void onMessage(EmuConnection c, String text) {
        if (text.equals("ping")) {
            c.control("pong");
            return;
        }
        JsonNode msg = EmuJson.parseOrNull(text);
        String op = msg == null ? null : msg.path("op").asText(null);
        JsonNode args = msg == null ? null : msg.get("args");
        String id = msg == null || !msg.hasNonNull("id") ? null : msg.get("id").asText();
        if (op == null || !(op.equals("subscribe") || op.equals("unsubscribe")) || args == null || !args.isArray()) {
            error(c, id, "60012", "Invalid request: " + text);
            return;
        }
        for (JsonNode arg : args) {
            String channel = arg.path("channel").asText("");
            String key = arg.hasNonNull("instId") ? arg.get("instId").asText() : arg.path("instType").asText("");
            boolean known = channel.equals("liquidation-orders") ? key.equals("SWAP") : market.sim(key) != null;
            if (BUSINESS.contains(channel) && c.route.equals("public")) {
                error(c, id, "64001", "This channel has been migrated to the '/business' URL. Please subscribe using"
                        + " the new URL. More details can refer to: https://www.okx.com/help-center/changes-to-v5-api-"
                        + "websocket-subscription-parameter-and-url");
                continue;
            }
            if (PUBLIC.contains(channel) && c.route.equals("business")) {
                error(c, id, "64002", "This channel is not supported by \"business\" URL. Please use \"public\" URL.");
                continue;
            }
            if (!(PUBLIC.contains(channel) || BUSINESS.contains(channel)) || !known) {
                error(c, id, "60018", "Wrong URL or channel:" + channel + ",instId:" + key + " doesn't exist.");
                continue;
            }
            String sub = channel + ":" + key;
            ObjectNode ack = EmuJson.object();
            if (id != null) {
                ack.put("id", id);
            }
            ack.put("event", op);
            ack.set("arg", arg);
            ack.put("connId", connId(c));
            c.control(EmuJson.write(ack));
            if (op.equals("unsubscribe")) {
                onPump(() -> c.subscriptions.remove(sub));
            } else {
                onPump(() -> {
                    if (c.subscriptions.add(sub) && channel.equals("books")) {
                        InstrumentSim sim = market.sim(key);
                        c.data(bookSnapshot(sim));
                    }
                });
            }
        }
    }

    private void error(EmuConnection c, String id, String code, String msg) {
        counters.badClientMessages.incrementAndGet();
        ObjectNode n = EmuJson.object();
        if (id != null) {
            n.put("id", id);
        }
        c.control(EmuJson.write(n.put("event", "error").put("code", code).put("msg", msg).put("connId", connId(c))));
    }

    @Override
    protected void shutdownNotice(EmuConnection c) {
        c.control("{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a service "
                + "upgrade. Please reconnect.\",\"connId\":\"" + connId(c) + "\"}");
    }

    @Override
    void tick(long nowMs) {
        super.tick(nowMs);
        long idle = options.okxIdle().toMillis();
        for (EmuConnection c : connections) {
            if (nowMs - c.lastClientMs >= idle) {
                c.close(4004, "No data received in 30s.");
            }
        }
    }

    // ---------------------------------------------------------------- pushes

    private static String instType(EmuInstrument ins) {
        return ins.marketType() == MarketType.SPOT ? "SPOT" : "SWAP";
    }

    private static String push(String channel, String instId, String action, List<ObjectNode> data) {
        ObjectNode n = EmuJson.object();
        ObjectNode arg = n.putObject("arg").put("channel", channel);
        if (channel.equals("liquidation-orders")) {
            arg.put("instType", instId);
        } else {
            arg.put("instId", instId);
        }
        if (action != null) {
            n.put("action", action);
        }
        ArrayNode arr = n.putArray("data");
        data.forEach(arr::add);
        return EmuJson.write(n);
    }

    private String bookSnapshot(InstrumentSim sim) {
        TrueBook b = sim.snapshot(400);
        ObjectNode d = EmuJson.object();
        bookSide(d.putArray("asks"), b.asks());
        bookSide(d.putArray("bids"), b.bids());
        d.put("ts", Long.toString(clock.millis())).put("checksum", 0).put("prevSeqId", -1).put("seqId", b.sequence());
        return push("books", sim.instrument().nativeSymbol(), "snapshot", List.of(d));
    }

    private static void bookSide(ArrayNode arr, List<BookLevel> levels) {
        for (BookLevel l : levels) {
            arr.addArray().add(EmuJson.text(l.price())).add(EmuJson.text(l.size())).add("0").add("1");
        }
    }

    private static void changes(ArrayNode arr, EmuInstrument ins, List<MarketEvent.Level> levels) {
        for (MarketEvent.Level l : levels) {
            arr.addArray().add(EmuJson.text(ins.price(l.priceTicks()))).add(EmuJson.text(ins.size(l.lots())))
                    .add("0").add(l.lots() == 0 ? "0" : "1");
        }
    }

    @Override
    void publish(List<MarketEvent> events) {
        steps++;
        Map<String, String> frames = new HashMap<>();
        for (MarketEvent e : events) {
            EmuInstrument ins = e.instrument();
            String id = ins.nativeSymbol();
            frames.clear();
            if (e instanceof MarketEvent.BookUpdate u) {
                ObjectNode d = EmuJson.object();
                changes(d.putArray("asks"), ins, u.asks());
                changes(d.putArray("bids"), ins, u.bids());
                d.put("ts", Long.toString(u.timestampMs())).put("checksum", 0).put("prevSeqId", u.prev())
                        .put("seqId", u.last());
                frames.put("books:" + id, push("books", id, "update", List.of(d)));
                InstrumentSim.State st = market.sim(id).state(u.timestampMs());
                ObjectNode bbo = EmuJson.object();
                bbo.putArray("asks").addArray().add(EmuJson.text(ins.price(st.bestAskTicks())))
                        .add(EmuJson.text(ins.size(st.bestAskLots()))).add("0").add("1");
                bbo.putArray("bids").addArray().add(EmuJson.text(ins.price(st.bestBidTicks())))
                        .add(EmuJson.text(ins.size(st.bestBidLots()))).add("0").add("1");
                bbo.put("ts", Long.toString(u.timestampMs())).put("seqId", u.last());
                frames.put("bbo-tbt:" + id, push("bbo-tbt", id, null, List.of(bbo)));
            } else if (e instanceof MarketEvent.TradePrint t) {
                ObjectNode d = trade(t);
                frames.put("trades-all:" + id, push("trades-all", id, null, List.of(d.deepCopy())));
                d.put("count", "1").put("source", "0").put("seqId", t.tradeId());
                frames.put("trades:" + id, push("trades", id, null, List.of(d)));
            } else if (e instanceof MarketEvent.Liquidation l && ins.marketType() != MarketType.SPOT) {
                ObjectNode d = EmuJson.object();
                d.putArray("details").addObject().put("bkLoss", "0").put("bkPx", EmuJson.text(ins.price(
                        l.priceTicks()))).put("ccy", "").put("posSide", l.side() == Side.BUY ? "short" : "long")
                        .put("side", l.side().id()).put("sz", EmuJson.text(ins.size(l.lots())))
                        .put("ts", Long.toString(l.timestampMs()));
                d.put("instFamily", family(ins)).put("instId", id).put("instType", "SWAP").put("uly", family(ins));
                frames.put("liquidation-orders:SWAP", push("liquidation-orders", "SWAP", null, List.of(d)));
            }
            sendBySubscription(frames);
        }
        if (steps % options.statsEvery() == 0) {
            long now = clock.millis();
            for (InstrumentSim sim : market.sims()) {
                EmuInstrument ins = sim.instrument();
                String id = ins.nativeSymbol();
                InstrumentSim.State st = sim.state(now);
                frames.clear();
                frames.put("tickers:" + id, push("tickers", id, null, List.of(ticker(ins, st, now))));
                if (ins.marketType() != MarketType.SPOT) {
                    frames.put("funding-rate:" + id, push("funding-rate", id, null, List.of(funding(ins, st, now))));
                    frames.put("mark-price:" + id, push("mark-price", id, null, List.of(mark(ins, st, now))));
                    frames.put("open-interest:" + id, push("open-interest", id, null,
                            List.of(openInterest(ins, st, now))));
                }
                sendBySubscription(frames);
            }
        }
    }

    private static ObjectNode trade(MarketEvent.TradePrint t) {
        EmuInstrument ins = t.instrument();
        return EmuJson.object().put("instId", ins.nativeSymbol()).put("tradeId", Long.toString(t.tradeId()))
                .put("px", EmuJson.text(ins.price(t.priceTicks()))).put("sz", EmuJson.text(ins.size(t.lots())))
                .put("side", t.taker().id()).put("ts", Long.toString(t.timestampMs()));
    }

    private static String family(EmuInstrument ins) {
        return ins.base() + "-" + ins.quote();
    }

    /** Base amount of a contract quantity: linear × ctVal, inverse × ctVal (USD) / price. */
    private static BigDecimal baseOf(EmuInstrument ins, BigDecimal contracts, BigDecimal price) {
        if (ins.marketType() == MarketType.SPOT) {
            return contracts;
        }
        BigDecimal v = contracts.multiply(ins.contractSize());
        return ins.inverse() ? v.divide(price, 8, RoundingMode.HALF_EVEN) : v;
    }

    private ObjectNode ticker(EmuInstrument ins, InstrumentSim.State st, long now) {
        BigDecimal last = ins.price(st.lastTicks());
        BigDecimal vol = ins.size(st.volumeLots());
        return EmuJson.object().put("instType", instType(ins)).put("instId", ins.nativeSymbol())
                .put("last", EmuJson.text(last)).put("lastSz", EmuJson.text(ins.size(1)))
                .put("askPx", EmuJson.text(ins.price(st.bestAskTicks())))
                .put("askSz", EmuJson.text(ins.size(st.bestAskLots())))
                .put("bidPx", EmuJson.text(ins.price(st.bestBidTicks())))
                .put("bidSz", EmuJson.text(ins.size(st.bestBidLots())))
                .put("open24h", EmuJson.text(ins.price(st.openTicks())))
                .put("high24h", EmuJson.text(ins.price(st.highTicks())))
                .put("low24h", EmuJson.text(ins.price(st.lowTicks())))
                .put("sodUtc0", EmuJson.text(ins.price(st.openTicks())))
                .put("sodUtc8", EmuJson.text(ins.price(st.openTicks())))
                .put("volCcy24h", EmuJson.text(ins.marketType() == MarketType.SPOT ? st.quoteVolume()
                        : baseOf(ins, vol, last)))
                .put("vol24h", EmuJson.text(vol)).put("ts", Long.toString(now));
    }

    private static ObjectNode funding(EmuInstrument ins, InstrumentSim.State st, long now) {
        return EmuJson.object().put("formulaType", "noRate").put("fundingRate", EmuJson.text(st.fundingRate()))
                .put("fundingTime", Long.toString(st.nextFundingTimeMs())).put("impactValue", "")
                .put("instId", ins.nativeSymbol()).put("instType", "SWAP").put("interestRate", "")
                .put("method", "current_period").put("maxFundingRate", "0.0075").put("minFundingRate", "-0.0075")
                .put("nextFundingRate", "").put("nextFundingTime", Long.toString(st.nextFundingTimeMs()
                        + 8 * 3_600_000L)).put("premium", EmuJson.text(st.fundingRate()))
                .put("settFundingRate", EmuJson.text(st.fundingRate())).put("settState", "settled")
                .put("ts", Long.toString(now));
    }

    private static ObjectNode mark(EmuInstrument ins, InstrumentSim.State st, long now) {
        return EmuJson.object().put("instType", instType(ins)).put("instId", ins.nativeSymbol())
                .put("markPx", EmuJson.text(ins.price(st.markTicks()))).put("ts", Long.toString(now));
    }

    private static ObjectNode openInterest(EmuInstrument ins, InstrumentSim.State st, long now) {
        BigDecimal mark = ins.price(st.markTicks());
        BigDecimal oi = ins.size(st.openInterestLots());
        BigDecimal oiCcy = baseOf(ins, oi, mark);
        return EmuJson.object().put("instId", ins.nativeSymbol()).put("instType", "SWAP")
                .put("oi", EmuJson.text(oi)).put("oiCcy", EmuJson.text(oiCcy))
                .put("oiUsd", EmuJson.text(oiCcy.multiply(mark))).put("ts", Long.toString(now));
    }

    // ---------------------------------------------------------------- REST

    private void restRoutes(Javalin app) {
        get(app, "/api/v5/public/instruments", this::instruments);
        get(app, "/api/v5/market/books", ctx -> books(ctx, 400));
        get(app, "/api/v5/market/books-full", ctx -> books(ctx, 5000));
        get(app, "/api/v5/market/ticker", ctx -> perInstrument(ctx, false,
                (ins, st) -> ticker(ins, st, clock.millis())));
        get(app, "/api/v5/market/tickers", ctx -> perType(ctx, (ins, st) -> ticker(ins, st, clock.millis())));
        get(app, "/api/v5/public/funding-rate", ctx -> perInstrument(ctx, true,
                (ins, st) -> funding(ins, st, clock.millis())));
        get(app, "/api/v5/public/mark-price", ctx -> perType(ctx, (ins, st) -> mark(ins, st, clock.millis())));
        get(app, "/api/v5/public/open-interest", ctx -> perType(ctx,
                (ins, st) -> openInterest(ins, st, clock.millis())));
        get(app, "/api/v5/market/trades", ctx -> trades(ctx, false));
        get(app, "/api/v5/market/history-trades", ctx -> trades(ctx, true));
        for (String path : List.of("contracts/long-short-account-ratio", "contracts/long-short-account-ratio-contract",
                "contracts/long-short-account-ratio-contract-top-trader",
                "contracts/long-short-position-ratio-contract-top-trader", "taker-volume", "taker-volume-contract")) {
            get(app, RUBIK + path, ctx -> rubik(ctx, path));
        }
    }

    private static void ok(Context ctx, ArrayNode data) {
        ObjectNode n = EmuJson.object().put("code", "0").put("msg", "");
        n.set("data", data);
        ctx.contentType("application/json").result(EmuJson.write(n));
    }

    private static void fail(Context ctx, int status, String code, String msg) {
        ctx.status(status).contentType("application/json").result(EmuJson.write(EmuJson.object().put("code", code)
                .put("msg", msg).set("data", EmuJson.object().arrayNode())));
    }

    @Override
    protected String restFaultBody(int status) {
        return status == 429 || status == 418
                ? "{\"code\":\"50011\",\"msg\":\"Rate limit reached. Please refer to API documentation and throttle "
                        + "requests accordingly.\",\"data\":[]}"
                : "{\"code\":\"50001\",\"msg\":\"Service temporarily unavailable. Please try again later.\",\"data\":[]}";
    }

    private InstrumentSim instrument(Context ctx) {
        String id = ctx.queryParam("instId");
        if (id == null || id.isEmpty()) {
            fail(ctx, 400, "50014", "Parameter instId can not be empty");
            return null;
        }
        InstrumentSim sim = market.sim(id);
        if (sim == null) {
            fail(ctx, 200, "51001", "Instrument ID or Spread ID doesn't exist.");
        }
        return sim;
    }

    private void instruments(Context ctx) {
        String type = ctx.queryParam("instType");
        if (type == null || type.isEmpty()) {
            fail(ctx, 400, "50014", "Parameter instType can not be empty");
            return;
        }
        ArrayNode data = EmuJson.object().arrayNode();
        for (InstrumentSim sim : market.sims()) {
            EmuInstrument ins = sim.instrument();
            if (!instType(ins).equals(type)) {
                continue;
            }
            ObjectNode o = data.addObject().put("instType", type).put("instId", ins.nativeSymbol());
            if (ins.marketType() == MarketType.SPOT) {
                o.put("baseCcy", ins.base()).put("quoteCcy", ins.quote()).put("uly", "").put("instFamily", "")
                        .put("settleCcy", "").put("ctVal", "").put("ctMult", "").put("ctValCcy", "").put("ctType", "");
            } else {
                o.put("baseCcy", "").put("quoteCcy", "").put("uly", family(ins)).put("instFamily", family(ins))
                        .put("settleCcy", ins.inverse() ? ins.base() : ins.quote())
                        .put("ctVal", EmuJson.text(ins.contractSize())).put("ctMult", "1")
                        .put("ctValCcy", ins.inverse() ? "USD" : ins.base())
                        .put("ctType", ins.inverse() ? "inverse" : "linear");
            }
            o.put("tickSz", EmuJson.text(ins.tickSize())).put("lotSz", EmuJson.text(ins.lotSize()))
                    .put("minSz", EmuJson.text(ins.lotSize())).put("state", "live").put("listTime", "1611916828000")
                    .put("expTime", "");
        }
        ok(ctx, data);
    }

    private void books(Context ctx, int max) {
        InstrumentSim sim = instrument(ctx);
        if (sim == null) {
            return;
        }
        int sz;
        try {
            sz = ctx.queryParam("sz") == null ? 1 : Integer.parseInt(ctx.queryParam("sz"));
        } catch (NumberFormatException e) {
            fail(ctx, 400, "51000", "Parameter sz error");
            return;
        }
        TrueBook b = sim.snapshot(Math.max(1, Math.min(max, sz)));
        ObjectNode d = EmuJson.object();
        bookSide(d.putArray("asks"), b.asks());
        bookSide(d.putArray("bids"), b.bids());
        d.put("ts", Long.toString(clock.millis())).put("seqId", b.sequence());
        ArrayNode data = EmuJson.object().arrayNode();
        data.add(d);
        ok(ctx, data);
    }

    private interface Element {
        ObjectNode of(EmuInstrument ins, InstrumentSim.State st);
    }

    private void perInstrument(Context ctx, boolean swapOnly, Element element) {
        InstrumentSim sim = instrument(ctx);
        if (sim == null) {
            return;
        }
        if (swapOnly && sim.instrument().marketType() == MarketType.SPOT) {
            fail(ctx, 200, "51000", "Parameter instId error");
            return;
        }
        ArrayNode data = EmuJson.object().arrayNode();
        data.add(element.of(sim.instrument(), sim.state(clock.millis())));
        ok(ctx, data);
    }

    private void perType(Context ctx, Element element) {
        String type = ctx.queryParam("instType");
        String id = ctx.queryParam("instId");
        ArrayNode data = EmuJson.object().arrayNode();
        for (InstrumentSim sim : market.sims()) {
            EmuInstrument ins = sim.instrument();
            if ((type == null || instType(ins).equals(type)) && (id == null || ins.nativeSymbol().equals(id))
                    && (type != null || id != null)) {
                data.add(element.of(ins, sim.state(clock.millis())));
            }
        }
        if (type == null && id == null) {
            fail(ctx, 400, "50014", "Parameter instType can not be empty");
            return;
        }
        ok(ctx, data);
    }

    /** Newest first; history-trades pages backwards with {@code after} = a trade id (exclusive). */
    private void trades(Context ctx, boolean history) {
        InstrumentSim sim = instrument(ctx);
        if (sim == null) {
            return;
        }
        int limit;
        long after;
        try {
            limit = ctx.queryParam("limit") == null ? 100 : Integer.parseInt(ctx.queryParam("limit"));
            after = history && ctx.queryParam("after") != null ? Long.parseLong(ctx.queryParam("after"))
                    : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            fail(ctx, 400, "51000", "Parameter limit or after error");
            return;
        }
        limit = Math.max(1, Math.min(history ? 100 : 500, limit));
        List<MarketEvent.TradePrint> all = new ArrayList<>(sim.lastTrades(Integer.MAX_VALUE));
        ArrayNode data = EmuJson.object().arrayNode();
        for (int i = all.size() - 1; i >= 0 && data.size() < limit; i--) {
            MarketEvent.TradePrint t = all.get(i);
            if (t.tradeId() < after) {
                data.add(trade(t).put("source", "0"));
            }
        }
        ok(ctx, data);
    }

    private void rubik(Context ctx, String path) {
        boolean perCurrency = path.equals("contracts/long-short-account-ratio") || path.equals("taker-volume");
        String key;
        if (perCurrency) {
            key = ctx.queryParam("ccy");
            if (key == null || market.sims().stream().noneMatch(s -> s.instrument().base().equals(
                    ctx.queryParam("ccy")))) {
                fail(ctx, 200, "51000", "Parameter ccy error");
                return;
            }
        } else {
            InstrumentSim sim = instrument(ctx);
            if (sim == null) {
                return;
            }
            key = sim.instrument().nativeSymbol();
        }
        long periodMs;
        try {
            periodMs = Ratios.periodMs(ctx.queryParam("period") == null ? "5m" : ctx.queryParam("period"));
        } catch (IllegalArgumentException e) {
            fail(ctx, 200, "51000", "Parameter period error");
            return;
        }
        ArrayNode data = EmuJson.object().arrayNode();
        List<Ratios.Point> points = Ratios.series(seed, "okx" + key + path, periodMs, 24, clock.millis());
        for (int i = points.size() - 1; i >= 0; i--) { // newest first
            Ratios.Point p = points.get(i);
            ArrayNode row = data.addArray().add(Long.toString(p.ts()));
            if (path.startsWith("taker-volume")) {
                row.add(EmuJson.text(p.sellVol())).add(EmuJson.text(p.buyVol()));
            } else {
                row.add(EmuJson.text(p.ratio()));
            }
        }
        ok(ctx, data);
    }
}
