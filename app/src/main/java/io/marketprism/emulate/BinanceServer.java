package io.marketprism.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.marketprism.model.Exchange;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binance Spot, USDⓈ-M and COIN-M market streams and REST (protocol reference §2, §3, §3A).
 *
 * <p>WebSocket: {@code /ws/<stream>} (raw payloads), {@code /stream?streams=a/b} (combined
 * {@code {"stream":..,"data":..}}), SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY with
 * {@code {"result":..,"id":..}} answers and {@code {"code":..,"msg":..}} errors; server ping frames. Futures routes
 * (2026 split): {@code /public/..} delivers book data (depth, bookTicker), {@code /market/..} everything else; the
 * legacy root of USDⓈ-M acknowledges every subscription but delivers only book data. COIN-M's root delivers all
 * streams (whether the split applies to dstream is unverified), its {@code /public} and {@code /market} routes
 * split like USDⓈ-M.
 */
final class BinanceServer extends VenueServer {
    private static final Set<Integer> FUTURES_DEPTH_LIMITS = Set.of(5, 10, 20, 50, 100, 500, 1000);

    private enum Family { SPOT, USDM, COINM }

    private final Family family;
    private final String api;
    private final AtomicLong weight = new AtomicLong();
    private volatile long weightMinute;
    private final long seed;
    private final Map<String, long[]> lastTop = new HashMap<>();

    BinanceServer(Exchange venue, SyntheticMarket market, Clock clock, EmulatorOptions options, FaultPlan plan,
                  FaultCounters faults, ScheduledExecutorService pump, long seed) {
        super(venue, market, clock, options, plan, faults, pump);
        this.family = switch (venue) {
            case BINANCE, BINANCE_US -> Family.SPOT;
            case BINANCE_FUTURES -> Family.USDM;
            case BINANCE_DELIVERY -> Family.COINM;
            default -> throw new IllegalArgumentException("not a Binance venue: " + venue);
        };
        this.api = switch (family) {
            case SPOT -> "/api/v3";
            case USDM -> "/fapi/v1";
            case COINM -> "/dapi/v1";
        };
        this.seed = seed;
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    protected void routes(Javalin app) {
        for (String route : family == Family.SPOT ? List.of("") : List.of("", "/public", "/market")) {
            String name = route.isEmpty() ? "root" : route.substring(1);
            ws(app, route + "/ws/{stream}", name, (c, ctx) -> rawStream(c, ctx.pathParam("stream")), this::onMessage);
            ws(app, route + "/ws", name, (c, ctx) -> { }, this::onMessage);
            ws(app, route + "/stream", name, (c, ctx) -> {
                c.combined = true;
                String streams = ctx.queryParam("streams");
                if (streams != null && !streams.isEmpty()) {
                    subscribe(c, List.of(streams.split("/")));
                }
            }, this::onMessage);
        }
        restRoutes(app);
    }

    private void rawStream(EmuConnection c, String stream) {
        subscribe(c, List.of(stream));
    }

    private void subscribe(EmuConnection c, List<String> streams) {
        // registered on the pump thread: a stream's data starts with the next step, never interleaved mid-step
        onPump(() -> c.subscriptions.addAll(streams));
    }

    private void onMessage(EmuConnection c, String text) {
        JsonNode msg = EmuJson.parseOrNull(text);
        if (msg == null || !msg.isObject()) {
            error(c, 3, "Invalid JSON: expected an object with method, params and id", null);
            return;
        }
        JsonNode id = msg.get("id");
        if (id == null || !(id.isNull() || id.isIntegralNumber() || id.isTextual() && id.asText().length() <= 36)) {
            error(c, 2, "Invalid request: request ID must be an unsigned integer", null);
            return;
        }
        String method = msg.path("method").asText("");
        JsonNode params = msg.get("params");
        switch (method) {
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                if (params == null || !params.isArray() || params.isEmpty()) {
                    error(c, 2, "Invalid request: 'params' must be a non-empty array of stream names", id);
                    return;
                }
                List<String> streams = new ArrayList<>();
                params.forEach(p -> streams.add(p.asText()));
                if (method.equals("SUBSCRIBE")) {
                    subscribe(c, streams);
                } else {
                    onPump(() -> streams.forEach(c.subscriptions::remove));
                }
                result(c, null, id);
            }
            case "LIST_SUBSCRIPTIONS" -> onPump(() -> {
                ArrayNode list = EmuJson.object().arrayNode();
                c.subscriptions.stream().sorted().forEach(list::add);
                result(c, list, id);
            });
            case "SET_PROPERTY" -> {
                if (params == null || params.size() != 2 || !"combined".equals(params.get(0).asText())) {
                    error(c, 0, "Unknown property", id);
                } else if (!params.get(1).isBoolean()) {
                    error(c, 1, "Invalid value type: expected Boolean", id);
                } else {
                    c.combined = params.get(1).booleanValue();
                    result(c, null, id);
                }
            }
            case "GET_PROPERTY" -> {
                if (params == null || params.size() != 1 || !"combined".equals(params.get(0).asText())) {
                    error(c, 0, "Unknown property", id);
                } else {
                    result(c, EmuJson.object().booleanNode(c.combined), id);
                }
            }
            default -> error(c, 2, "Invalid request: unknown method '" + method + "'", id);
        }
    }

    private void result(EmuConnection c, JsonNode result, JsonNode id) {
        ObjectNode n = EmuJson.object();
        n.set("result", result);
        n.set("id", id);
        c.control(EmuJson.write(n));
    }

    private void error(EmuConnection c, int code, String msg, JsonNode id) {
        counters.badClientMessages.incrementAndGet();
        ObjectNode n = EmuJson.object().put("code", code).put("msg", msg);
        n.set("id", id);
        c.control(EmuJson.write(n));
    }

    @Override
    protected void shutdownNotice(EmuConnection c) {
        String event = "{\"e\":\"serverShutdown\",\"E\":" + clock.millis() + "}";
        c.control(c.combined ? "{\"stream\":\"!serverShutdown\",\"data\":" + event + "}" : event);
    }

    /** Whether a stream's data flows on a connection's route (§3.1). */
    private boolean deliverable(String stream, String route) {
        boolean book = stream.contains("@depth") || stream.endsWith("@bookTicker");
        return switch (family) {
            case SPOT -> true;
            case USDM -> route.equals("market") ? !book : book; // legacy root: book data only
            case COINM -> route.equals("root") || (route.equals("market") ? !book : book);
        };
    }

    @Override
    void publish(List<MarketEvent> events) {
        steps++;
        Map<String, String> payloads = new HashMap<>();
        for (MarketEvent e : events) {
            String s = e.instrument().streamSymbol();
            payloads.clear();
            if (e instanceof MarketEvent.BookUpdate u) {
                String depth = depth(u);
                for (String k : List.of("@depth", "@depth@100ms", "@depth@250ms", "@depth@500ms")) {
                    payloads.put(s + k, depth);
                }
                String top = bookTicker(u);
                if (top != null) {
                    payloads.put(s + "@bookTicker", top);
                }
            } else if (e instanceof MarketEvent.TradePrint t) {
                payloads.put(s + "@aggTrade", aggTrade(t));
                if (family == Family.SPOT) {
                    payloads.put(s + "@trade", trade(t));
                }
            } else if (e instanceof MarketEvent.Liquidation l && family != Family.SPOT) {
                String order = forceOrder(l);
                payloads.put(s + "@forceOrder", order);
                payloads.put("!forceOrder@arr", order);
            }
            send(payloads);
        }
        if (steps % options.statsEvery() == 0) {
            long now = clock.millis();
            for (InstrumentSim sim : market.sims()) {
                String s = sim.instrument().streamSymbol();
                InstrumentSim.State st = sim.state(now);
                payloads.clear();
                payloads.put(s + "@ticker", EmuJson.write(ticker(sim.instrument(), st, now)));
                if (family != Family.SPOT) {
                    String mark = markPrice(sim.instrument(), st, now);
                    payloads.put(s + "@markPrice", mark);
                    payloads.put(s + "@markPrice@1s", mark);
                }
                send(payloads);
            }
        }
    }

    private void send(Map<String, String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        for (EmuConnection c : connections) {
            for (String stream : c.subscriptions) {
                String p = payloads.get(stream);
                if (p != null && deliverable(stream, c.route)) {
                    c.data(c.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + p + "}" : p);
                }
            }
        }
    }

    @Override
    void tick(long nowMs) {
        super.tick(nowMs);
        long interval = (family == Family.SPOT ? options.binanceSpotPing() : options.binanceFuturesPing()).toMillis();
        for (EmuConnection c : connections) {
            if (nowMs - c.lastPingMs >= interval) {
                c.lastPingMs = nowMs;
                c.ping();
            }
        }
    }

    // ---------------------------------------------------------------- frames

    private String depth(MarketEvent.BookUpdate u) {
        EmuInstrument ins = u.instrument();
        ObjectNode n = EmuJson.object().put("e", "depthUpdate").put("E", u.timestampMs());
        if (family != Family.SPOT) {
            n.put("T", u.timestampMs());
        }
        n.put("s", ins.nativeSymbol());
        if (family == Family.COINM) {
            n.put("ps", pair(ins));
        }
        n.put("U", u.first()).put("u", u.last());
        if (family != Family.SPOT) {
            n.put("pu", u.prev());
        }
        levels(n.putArray("b"), ins, u.bids());
        levels(n.putArray("a"), ins, u.asks());
        return EmuJson.write(n);
    }

    private static void levels(ArrayNode arr, EmuInstrument ins, List<MarketEvent.Level> levels) {
        for (MarketEvent.Level l : levels) {
            arr.addArray().add(EmuJson.text(ins.price(l.priceTicks()))).add(EmuJson.text(ins.size(l.lots())));
        }
    }

    /** A bookTicker when the update changed the best bid or ask (its u is the update's u), else null. */
    private String bookTicker(MarketEvent.BookUpdate u) {
        EmuInstrument ins = u.instrument();
        InstrumentSim.State st = market.sim(ins.nativeSymbol()).state(u.timestampMs());
        long[] top = {st.bestBidTicks(), st.bestBidLots(), st.bestAskTicks(), st.bestAskLots()};
        long[] before = lastTop.put(ins.nativeSymbol(), top);
        if (before != null && java.util.Arrays.equals(before, top)) {
            return null;
        }
        ObjectNode n = EmuJson.object();
        if (family != Family.SPOT) {
            n.put("e", "bookTicker");
        }
        n.put("u", u.last()).put("s", ins.nativeSymbol());
        if (family == Family.COINM) {
            n.put("ps", pair(ins));
        }
        n.put("b", EmuJson.text(ins.price(top[0]))).put("B", EmuJson.text(ins.size(top[1])))
                .put("a", EmuJson.text(ins.price(top[2]))).put("A", EmuJson.text(ins.size(top[3])));
        if (family != Family.SPOT) {
            n.put("T", u.timestampMs()).put("E", u.timestampMs());
        }
        return EmuJson.write(n);
    }

    private String aggTrade(MarketEvent.TradePrint t) {
        EmuInstrument ins = t.instrument();
        ObjectNode n = EmuJson.object().put("e", "aggTrade").put("E", t.timestampMs()).put("a", t.tradeId())
                .put("s", ins.nativeSymbol()).put("p", EmuJson.text(ins.price(t.priceTicks())))
                .put("q", EmuJson.text(ins.size(t.lots())));
        if (family == Family.USDM) {
            n.put("nq", EmuJson.text(ins.size(t.lots()))).put("st", 1);
        }
        n.put("f", t.tradeId()).put("l", t.tradeId()).put("T", t.timestampMs()).put("m", t.taker() == Side.SELL);
        if (family == Family.SPOT) {
            n.put("M", true);
        }
        return EmuJson.write(n);
    }

    private static String trade(MarketEvent.TradePrint t) {
        EmuInstrument ins = t.instrument();
        return EmuJson.write(EmuJson.object().put("e", "trade").put("E", t.timestampMs()).put("s", ins.nativeSymbol())
                .put("t", t.tradeId()).put("p", EmuJson.text(ins.price(t.priceTicks())))
                .put("q", EmuJson.text(ins.size(t.lots()))).put("T", t.timestampMs())
                .put("m", t.taker() == Side.SELL).put("M", true));
    }

    private String forceOrder(MarketEvent.Liquidation l) {
        EmuInstrument ins = l.instrument();
        String price = EmuJson.text(ins.price(l.priceTicks()));
        String qty = EmuJson.text(ins.size(l.lots()));
        ObjectNode o = EmuJson.object().put("s", ins.nativeSymbol());
        if (family == Family.COINM) {
            o.put("ps", pair(ins));
        }
        o.put("S", l.side() == Side.BUY ? "BUY" : "SELL").put("o", "LIMIT").put("f", "IOC").put("q", qty)
                .put("p", price).put("ap", price).put("X", "FILLED").put("l", qty).put("z", qty)
                .put("T", l.timestampMs());
        ObjectNode n = EmuJson.object().put("e", "forceOrder").put("E", l.timestampMs());
        n.set("o", o);
        return EmuJson.write(n);
    }

    private ObjectNode ticker(EmuInstrument ins, InstrumentSim.State st, long now) {
        BigDecimal last = ins.price(st.lastTicks());
        BigDecimal open = ins.price(st.openTicks());
        BigDecimal change = last.subtract(open);
        ObjectNode n = EmuJson.object().put("e", "24hrTicker").put("E", now).put("s", ins.nativeSymbol())
                .put("p", EmuJson.text(change)).put("P", EmuJson.text(percent(change, open)))
                .put("w", EmuJson.text(last)).put("c", EmuJson.text(last)).put("Q", EmuJson.text(ins.size(1)));
        if (family == Family.SPOT) {
            n.put("b", EmuJson.text(ins.price(st.bestBidTicks()))).put("B", EmuJson.text(ins.size(st.bestBidLots())))
                    .put("a", EmuJson.text(ins.price(st.bestAskTicks())))
                    .put("A", EmuJson.text(ins.size(st.bestAskLots())));
        }
        n.put("o", EmuJson.text(open)).put("h", EmuJson.text(ins.price(st.highTicks())))
                .put("l", EmuJson.text(ins.price(st.lowTicks()))).put("v", EmuJson.text(ins.size(st.volumeLots())))
                .put("q", EmuJson.text(secondVolume(ins, st))).put("O", now - 86_400_000L).put("C", now)
                .put("F", st.firstTradeId()).put("L", st.lastTradeId())
                .put("n", Math.max(0, st.lastTradeId() - st.firstTradeId() + 1));
        return n;
    }

    /** Quote volume; on COIN-M the second volume is the base volume (contracts × USD size / price). */
    private BigDecimal secondVolume(EmuInstrument ins, InstrumentSim.State st) {
        if (family == Family.COINM) {
            return ins.size(st.volumeLots()).multiply(ins.contractSize()).divide(ins.price(st.lastTicks()), 8,
                    RoundingMode.HALF_EVEN);
        }
        return st.quoteVolume();
    }

    private static BigDecimal percent(BigDecimal change, BigDecimal open) {
        return change.multiply(BigDecimal.valueOf(100)).divide(open, 3, RoundingMode.HALF_EVEN);
    }

    private String markPrice(EmuInstrument ins, InstrumentSim.State st, long now) {
        ObjectNode n = EmuJson.object().put("e", "markPriceUpdate").put("E", now).put("s", ins.nativeSymbol());
        if (family == Family.COINM) {
            n.put("ps", pair(ins));
        }
        n.put("p", EmuJson.text(ins.price(st.markTicks()))).put("i", EmuJson.text(ins.price(st.indexTicks())))
                .put("P", EmuJson.text(ins.price(st.indexTicks()))).put("r", EmuJson.text(st.fundingRate()))
                .put("T", st.nextFundingTimeMs());
        if (family == Family.USDM) {
            n.put("ap", EmuJson.text(ins.price(st.markTicks()))).put("st", 1);
        }
        return EmuJson.write(n);
    }

    private static String pair(EmuInstrument ins) {
        return ins.base() + ins.quote();
    }

    // ---------------------------------------------------------------- REST

    private void restRoutes(Javalin app) {
        get(app, api + "/depth", this::restDepth);
        get(app, api + "/exchangeInfo", ctx -> json(ctx, 1, exchangeInfo()));
        get(app, api + "/aggTrades", this::restAggTrades);
        get(app, api + "/ticker/24hr", this::restTicker);
        get(app, api + "/ping", ctx -> json(ctx, 1, EmuJson.object()));
        get(app, api + "/time", ctx -> json(ctx, 1, EmuJson.object().put("serverTime", clock.millis())));
        if (family != Family.SPOT) {
            get(app, api + "/premiumIndex", this::restPremiumIndex);
            get(app, api + "/openInterest", this::restOpenInterest);
            for (String kind : List.of("globalLongShortAccountRatio", "topLongShortAccountRatio",
                    "topLongShortPositionRatio", family == Family.USDM ? "takerlongshortRatio" : "takerBuySellVol")) {
                get(app, "/futures/data/" + kind, ctx -> restRatio(ctx, kind));
            }
        }
    }

    private void json(Context ctx, int requestWeight, JsonNode body) {
        long minute = clock.millis() / 60_000L;
        if (minute != weightMinute) {
            weightMinute = minute;
            weight.set(0);
        }
        ctx.header("X-MBX-USED-WEIGHT-1M", Long.toString(weight.addAndGet(requestWeight)));
        ctx.contentType("application/json").result(EmuJson.write(body));
    }

    private void fail(Context ctx, int status, int code, String msg) {
        ctx.status(status).contentType("application/json")
                .result(EmuJson.write(EmuJson.object().put("code", code).put("msg", msg)));
    }

    @Override
    protected String restFaultBody(int status) {
        return status == 429 || status == 418
                ? "{\"code\":-1003,\"msg\":\"Too many requests; current limit is exceeded. Please use the websocket"
                        + " for live updates to avoid bans.\"}"
                : "{\"code\":-1000,\"msg\":\"An unknown error occurred while processing the request.\"}";
    }

    /** The instrument of the {@code symbol} parameter, or null after answering -1121 / -1102. */
    private InstrumentSim symbol(Context ctx) {
        String s = ctx.queryParam("symbol");
        if (s == null || s.isEmpty()) {
            fail(ctx, 400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
            return null;
        }
        InstrumentSim sim = market.sim(s.toUpperCase(Locale.ROOT));
        if (sim == null) {
            fail(ctx, 400, -1121, "Invalid symbol.");
        }
        return sim;
    }

    private Integer intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            fail(ctx, 400, -1100, "Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
            return null;
        }
    }

    private void restDepth(Context ctx) {
        InstrumentSim sim = symbol(ctx);
        Integer limit = sim == null ? null : intParam(ctx, "limit", family == Family.SPOT ? 100 : 500);
        if (limit == null) {
            return;
        }
        if (family == Family.SPOT ? limit < 1 : !FUTURES_DEPTH_LIMITS.contains(limit)) {
            fail(ctx, 400, -1100, "Illegal characters found in parameter 'limit'; legal values are "
                    + (family == Family.SPOT ? "1..5000" : FUTURES_DEPTH_LIMITS));
            return;
        }
        TrueBook b = sim.snapshot(Math.min(limit, 5000));
        long now = clock.millis();
        ObjectNode n = EmuJson.object().put("lastUpdateId", b.sequence());
        if (family != Family.SPOT) {
            n.put("E", now).put("T", now);
        }
        if (family == Family.COINM) {
            n.put("symbol", sim.instrument().nativeSymbol()).put("pair", pair(sim.instrument()));
        }
        bookLevels(n.putArray("bids"), b.bids());
        bookLevels(n.putArray("asks"), b.asks());
        int w = family == Family.SPOT ? (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250)
                : (limit <= 50 ? 2 : limit == 100 ? 5 : limit == 500 ? 10 : 20);
        json(ctx, w, n);
    }

    private static void bookLevels(ArrayNode arr, List<io.marketprism.model.BookLevel> levels) {
        for (io.marketprism.model.BookLevel l : levels) {
            arr.addArray().add(EmuJson.text(l.price())).add(EmuJson.text(l.size()));
        }
    }

    private ObjectNode exchangeInfo() {
        ObjectNode n = EmuJson.object().put("timezone", "UTC").put("serverTime", clock.millis());
        n.putArray("rateLimits").addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE")
                .put("intervalNum", 1).put("limit", family == Family.SPOT ? 6000 : 2400);
        ArrayNode symbols = n.putArray("symbols");
        for (InstrumentSim sim : market.sims()) {
            EmuInstrument ins = sim.instrument();
            ObjectNode s = symbols.addObject().put("symbol", ins.nativeSymbol());
            if (family != Family.SPOT) {
                s.put("pair", pair(ins)).put("contractType", "PERPETUAL");
            }
            s.put(family == Family.COINM ? "contractStatus" : "status", "TRADING").put("baseAsset", ins.base())
                    .put("quoteAsset", ins.quote());
            if (family == Family.USDM) {
                s.put("marginAsset", ins.quote());
            } else if (family == Family.COINM) {
                s.put("marginAsset", ins.base()).put("contractSize", ins.contractSize().intValueExact());
            }
            ArrayNode filters = s.putArray("filters");
            filters.addObject().put("filterType", "PRICE_FILTER").put("tickSize", EmuJson.text(ins.tickSize()));
            filters.addObject().put("filterType", "LOT_SIZE").put("stepSize", EmuJson.text(ins.lotSize()));
        }
        return n;
    }

    private void restAggTrades(Context ctx) {
        InstrumentSim sim = symbol(ctx);
        Integer limit = sim == null ? null : intParam(ctx, "limit", 500);
        if (limit == null) {
            return;
        }
        limit = Math.max(1, Math.min(1000, limit));
        String fromId = ctx.queryParam("fromId");
        List<MarketEvent.TradePrint> trades;
        try {
            trades = fromId == null ? sim.lastTrades(limit) : sim.tradesFrom(Long.parseLong(fromId), limit);
        } catch (NumberFormatException e) {
            fail(ctx, 400, -1100, "Illegal characters found in parameter 'fromId'.");
            return;
        }
        ArrayNode arr = EmuJson.object().arrayNode();
        for (MarketEvent.TradePrint t : trades) {
            EmuInstrument ins = t.instrument();
            ObjectNode o = arr.addObject().put("a", t.tradeId()).put("p", EmuJson.text(ins.price(t.priceTicks())))
                    .put("q", EmuJson.text(ins.size(t.lots()))).put("f", t.tradeId()).put("l", t.tradeId())
                    .put("T", t.timestampMs()).put("m", t.taker() == Side.SELL);
            if (family == Family.SPOT) {
                o.put("M", true);
            }
        }
        json(ctx, family == Family.SPOT ? 4 : 20, arr);
    }

    /** Every instrument without a {@code symbol} parameter, else the one it names; null when the answer is sent. */
    private List<InstrumentSim> selected(Context ctx) {
        if (ctx.queryParam("symbol") == null) {
            return market.sims();
        }
        InstrumentSim sim = symbol(ctx);
        return sim == null ? null : List.of(sim);
    }

    private void restTicker(Context ctx) {
        String s = ctx.queryParam("symbol");
        List<InstrumentSim> sims = selected(ctx);
        if (sims == null) {
            return;
        }
        long now = clock.millis();
        ArrayNode arr = EmuJson.object().arrayNode();
        for (InstrumentSim sim : sims) {
            EmuInstrument ins = sim.instrument();
            InstrumentSim.State st = sim.state(now);
            BigDecimal last = ins.price(st.lastTicks());
            BigDecimal open = ins.price(st.openTicks());
            ObjectNode o = arr.addObject().put("symbol", ins.nativeSymbol());
            if (family == Family.COINM) {
                o.put("pair", pair(ins));
            }
            o.put("priceChange", EmuJson.text(last.subtract(open)))
                    .put("priceChangePercent", EmuJson.text(percent(last.subtract(open), open)))
                    .put("weightedAvgPrice", EmuJson.text(last)).put("lastPrice", EmuJson.text(last))
                    .put("openPrice", EmuJson.text(open)).put("highPrice", EmuJson.text(ins.price(st.highTicks())))
                    .put("lowPrice", EmuJson.text(ins.price(st.lowTicks())))
                    .put("volume", EmuJson.text(ins.size(st.volumeLots())))
                    .put(family == Family.COINM ? "baseVolume" : "quoteVolume", EmuJson.text(secondVolume(ins, st)))
                    .put("openTime", now - 86_400_000L).put("closeTime", now).put("firstId", st.firstTradeId())
                    .put("lastId", st.lastTradeId()).put("count", st.lastTradeId() - st.firstTradeId() + 1);
            if (family == Family.SPOT) {
                o.put("bidPrice", EmuJson.text(ins.price(st.bestBidTicks())))
                        .put("askPrice", EmuJson.text(ins.price(st.bestAskTicks())));
            }
        }
        json(ctx, s == null ? 40 : 1, s == null || family == Family.COINM ? arr : arr.get(0));
    }

    private void restPremiumIndex(Context ctx) {
        String s = ctx.queryParam("symbol");
        List<InstrumentSim> sims = selected(ctx);
        if (sims == null) {
            return;
        }
        long now = clock.millis();
        ArrayNode arr = EmuJson.object().arrayNode();
        for (InstrumentSim sim : sims) {
            EmuInstrument ins = sim.instrument();
            InstrumentSim.State st = sim.state(now);
            ObjectNode o = arr.addObject().put("symbol", ins.nativeSymbol());
            if (family == Family.COINM) {
                o.put("pair", pair(ins));
            }
            o.put("markPrice", EmuJson.text(ins.price(st.markTicks())))
                    .put("indexPrice", EmuJson.text(ins.price(st.indexTicks())))
                    .put("estimatedSettlePrice", EmuJson.text(ins.price(st.indexTicks())))
                    .put("lastFundingRate", EmuJson.text(st.fundingRate())).put("interestRate", "0.00010000")
                    .put("nextFundingTime", st.nextFundingTimeMs()).put("time", now);
        }
        json(ctx, s == null ? 10 : 1, s == null || family == Family.COINM ? arr : arr.get(0));
    }

    private void restOpenInterest(Context ctx) {
        InstrumentSim sim = symbol(ctx);
        if (sim == null) {
            return;
        }
        EmuInstrument ins = sim.instrument();
        InstrumentSim.State st = sim.state(clock.millis());
        ObjectNode n = EmuJson.object().put("symbol", ins.nativeSymbol());
        if (family == Family.COINM) {
            n.put("pair", pair(ins)).put("contractType", "PERPETUAL");
        }
        n.put("openInterest", EmuJson.text(ins.size(st.openInterestLots()))).put("time", clock.millis());
        json(ctx, 1, n);
    }

    private void restRatio(Context ctx, String kind) {
        String key = family == Family.COINM ? "pair" : "symbol";
        String name = ctx.queryParam(key);
        if (name == null || name.isEmpty()) {
            fail(ctx, 400, -1102, "Mandatory parameter '" + key + "' was not sent, was empty/null, or malformed.");
            return;
        }
        boolean known = market.sims().stream().anyMatch(s -> (family == Family.COINM ? pair(s.instrument())
                : s.instrument().nativeSymbol()).equalsIgnoreCase(name));
        if (!known) {
            fail(ctx, 400, -1121, "Invalid symbol.");
            return;
        }
        String period = ctx.queryParam("period");
        long periodMs;
        try {
            periodMs = Ratios.periodMs(period);
        } catch (IllegalArgumentException e) {
            fail(ctx, 400, -1102, "Mandatory parameter 'period' was not sent, was empty/null, or malformed.");
            return;
        }
        Integer limit = intParam(ctx, "limit", 30);
        if (limit == null) {
            return;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        ArrayNode arr = EmuJson.object().arrayNode();
        for (Ratios.Point p : Ratios.series(seed, venue.id() + upper + kind, periodMs, Math.max(1, Math.min(500,
                limit)), clock.millis())) {
            ObjectNode o = arr.addObject();
            switch (kind) {
                case "takerlongshortRatio" -> o.put("buySellRatio", EmuJson.text(p.buyVol().divide(p.sellVol(), 4,
                        RoundingMode.HALF_EVEN))).put("buyVol", EmuJson.text(p.buyVol()))
                        .put("sellVol", EmuJson.text(p.sellVol()));
                case "takerBuySellVol" -> o.put("pair", upper).put("contractType", "PERPETUAL")
                        .put("takerBuyVol", EmuJson.text(p.buyVol())).put("takerSellVol", EmuJson.text(p.sellVol()))
                        .put("takerBuyVolValue", EmuJson.text(p.buyVol().movePointLeft(3)))
                        .put("takerSellVolValue", EmuJson.text(p.sellVol().movePointLeft(3)));
                default -> {
                    o.put(key, upper).put("longShortRatio", EmuJson.text(p.ratio()));
                    boolean position = kind.equals("topLongShortPositionRatio") && family == Family.COINM;
                    o.put(position ? "longPosition" : "longAccount", EmuJson.text(p.longShare()))
                            .put(position ? "shortPosition" : "shortAccount", EmuJson.text(p.shortShare()));
                }
            }
            o.put("timestamp", p.ts());
        }
        json(ctx, 0, arr);
    }
}
