package io.marketprism.emulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Deribit API v2 (protocol reference §5): JSON-RPC 2.0 over {@code /ws/api/v2} with {@code public/subscribe}
 * ({@code .100ms} channels; {@code raw} needs authorization and is left out of the result),
 * {@code public/set_heartbeat} then {@code test_request} heartbeats that must be answered with {@code public/test}
 * before the next one or the connection is closed; {@code book.X.100ms} as snapshot then changes chained by
 * change_id / prev_change_id; trades (array, contiguous trade_seq, liquidations flagged), ticker, quote, perpetual,
 * {@code deribit_volatility_index}. REST: {@code /api/v2/public/<method>} with query parameters.
 */
final class DeribitServer extends VenueServer {
    private static final String VERSION = "1.2.26";

    DeribitServer(SyntheticMarket market, Clock clock, EmulatorOptions options, FaultPlan plan, FaultCounters faults,
                  ScheduledExecutorService pump) {
        super(Exchange.DERIBIT, market, clock, options, plan, faults, pump);
    }

    @Override
    protected void routes(Javalin app) {
        ws(app, "/ws/api/v2", "root", (c, ctx) -> { }, this::onMessage);
        for (String m : List.of("get_instruments", "get_order_book", "get_last_trades_by_instrument",
                "get_volatility_index_data", "ticker", "get_time", "test")) {
            get(app, "/api/v2/public/" + m, ctx -> rest(ctx, "public/" + m));
        }
    }

    private ObjectNode envelope(JsonNode id) {
        long us = clock.millis() * 1000;
        ObjectNode n = EmuJson.object().put("jsonrpc", "2.0");
        if (id != null) {
            n.set("id", id);
        }
        return n;
    }

    private String result(JsonNode id, JsonNode result) {
        long us = clock.millis() * 1000;
        ObjectNode n = envelope(id);
        n.set("result", result);
        return EmuJson.write(n.put("usIn", us).put("usOut", us).put("usDiff", 0).put("testnet", false));
    }

    private String error(JsonNode id, int code, String message) {
        counters.badClientMessages.incrementAndGet();
        ObjectNode n = envelope(id);
        n.putObject("error").put("code", code).put("message", message).putNull("data");
        return EmuJson.write(n.put("testnet", false));
    }

    private void onMessage(EmuConnection c, String text) {
        JsonNode msg = EmuJson.parseOrNull(text);
        if (msg == null || !msg.isObject()) {
            c.control(error(null, -32700, "parse_error"));
            return;
        }
        JsonNode id = msg.get("id");
        String method = msg.path("method").asText("");
        JsonNode params = msg.path("params");
        switch (method) {
            case "public/subscribe" -> {
                ArrayNode accepted = EmuJson.object().arrayNode();
                for (JsonNode ch : params.path("channels")) {
                    if (channelKnown(ch.asText())) {
                        accepted.add(ch.asText());
                    }
                }
                if (!params.path("channels").isArray() || params.path("channels").isEmpty()) {
                    c.control(error(id, -32602, "Invalid params"));
                    return;
                }
                c.control(result(id, accepted));
                onPump(() -> accepted.forEach(ch -> {
                    if (c.subscriptions.add(ch.asText()) && ch.asText().startsWith("book.")) {
                        c.data(bookSnapshot(market.sim(ch.asText().split("\\.")[1]), ch.asText()));
                    }
                }));
            }
            case "public/unsubscribe" -> {
                ArrayNode removed = EmuJson.object().arrayNode();
                params.path("channels").forEach(ch -> removed.add(ch.asText()));
                c.control(result(id, removed));
                onPump(() -> removed.forEach(ch -> c.subscriptions.remove(ch.asText())));
            }
            case "public/unsubscribe_all" -> {
                c.control(result(id, EmuJson.object().textNode("ok")));
                onPump(c.subscriptions::clear);
            }
            case "public/set_heartbeat" -> {
                long interval = params.path("interval").asLong(0);
                if (interval < 10) {
                    c.control(error(id, -32602, "Invalid params: interval must be >= 10"));
                    return;
                }
                c.heartbeatMs = interval * options.deribitSecond().toMillis();
                c.lastHeartbeatMs = clock.millis();
                c.testPending = false;
                c.control(result(id, EmuJson.object().textNode("ok")));
            }
            case "public/disable_heartbeat" -> {
                c.heartbeatMs = 0;
                c.control(result(id, EmuJson.object().textNode("ok")));
            }
            case "public/test" -> {
                c.testPending = false;
                c.control(result(id, EmuJson.object().put("version", VERSION)));
            }
            case "public/hello" -> c.control(result(id, EmuJson.object().put("version", VERSION)));
            case "public/get_time" -> c.control(result(id, EmuJson.object().numberNode(clock.millis())));
            default -> c.control(error(id, -32601, "Method not found"));
        }
    }

    /** book/trades/ticker/perpetual.{instrument}.100ms, quote.{instrument}, deribit_volatility_index.{index}. */
    private boolean channelKnown(String ch) {
        String[] p = ch.split("\\.");
        if (p.length == 2 && p[0].equals("deribit_volatility_index")) {
            return market.sims().stream().anyMatch(s -> index(s.instrument()).equals(p[1]));
        }
        if (p.length == 2 && p[0].equals("quote")) {
            return market.sim(p[1]) != null;
        }
        return p.length == 3 && List.of("book", "trades", "ticker", "perpetual").contains(p[0])
                && market.sim(p[1]) != null && p[2].equals("100ms");
    }

    private static String index(EmuInstrument ins) {
        return ins.base().toLowerCase(Locale.ROOT) + "_usd";
    }

    @Override
    protected void shutdownNotice(EmuConnection c) {
        // Deribit announces nothing: the connection just goes away after the grace period
    }

    @Override
    void tick(long nowMs) {
        super.tick(nowMs);
        for (EmuConnection c : connections) {
            if (c.heartbeatMs > 0 && nowMs - c.lastHeartbeatMs >= c.heartbeatMs) {
                c.lastHeartbeatMs = nowMs;
                if (c.testPending) {
                    c.close(1000, "heartbeat test_request was not answered with public/test");
                } else {
                    c.testPending = true;
                    c.control("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}");
                }
            }
        }
    }

    // ---------------------------------------------------------------- notifications

    private static String notification(String channel, JsonNode data) {
        ObjectNode n = EmuJson.object().put("jsonrpc", "2.0").put("method", "subscription");
        ObjectNode p = n.putObject("params").put("channel", channel);
        p.set("data", data);
        return EmuJson.write(n);
    }

    private String bookSnapshot(InstrumentSim sim, String channel) {
        TrueBook b = sim.snapshot(Integer.MAX_VALUE);
        ObjectNode d = EmuJson.object().put("type", "snapshot").put("timestamp", clock.millis())
                .put("instrument_name", sim.instrument().nativeSymbol()).put("change_id", b.sequence());
        for (String side : List.of("bids", "asks")) {
            ArrayNode arr = d.putArray(side);
            for (BookLevel l : side.equals("bids") ? b.bids() : b.asks()) {
                arr.addArray().add("new").add(l.price()).add(l.size());
            }
        }
        return notification(channel, d);
    }

    @Override
    void publish(List<MarketEvent> events) {
        steps++;
        Map<String, String> frames = new HashMap<>();
        for (MarketEvent e : events) {
            EmuInstrument ins = e.instrument();
            String name = ins.nativeSymbol();
            frames.clear();
            if (e instanceof MarketEvent.BookUpdate u) {
                ObjectNode d = EmuJson.object().put("type", "change").put("timestamp", u.timestampMs())
                        .put("prev_change_id", u.prev()).put("instrument_name", name).put("change_id", u.last());
                changes(d.putArray("bids"), ins, u.bids());
                changes(d.putArray("asks"), ins, u.asks());
                String ch = "book." + name + ".100ms";
                frames.put(ch, notification(ch, d));
                InstrumentSim.State st = market.sim(name).state(u.timestampMs());
                ObjectNode q = EmuJson.object().put("timestamp", u.timestampMs()).put("instrument_name", name)
                        .put("best_bid_price", ins.price(st.bestBidTicks()))
                        .put("best_bid_amount", ins.size(st.bestBidLots()))
                        .put("best_ask_price", ins.price(st.bestAskTicks()))
                        .put("best_ask_amount", ins.size(st.bestAskLots()));
                frames.put("quote." + name, notification("quote." + name, q));
            } else if (e instanceof MarketEvent.TradePrint t) {
                ArrayNode arr = EmuJson.object().arrayNode();
                arr.add(trade(t, market.sim(name).state(t.timestampMs())));
                String ch = "trades." + name + ".100ms";
                frames.put(ch, notification(ch, arr));
            }
            sendBySubscription(frames);
        }
        if (steps % options.statsEvery() == 0) {
            long now = clock.millis();
            for (InstrumentSim sim : market.sims()) {
                EmuInstrument ins = sim.instrument();
                InstrumentSim.State st = sim.state(now);
                frames.clear();
                String ch = "ticker." + ins.nativeSymbol() + ".100ms";
                frames.put(ch, notification(ch, ticker(ins, st, now)));
                String pc = "perpetual." + ins.nativeSymbol() + ".100ms";
                frames.put(pc, notification(pc, EmuJson.object().put("interest", st.fundingRate())
                        .put("timestamp", now).put("index_price", ins.price(st.indexTicks()))));
                String vc = "deribit_volatility_index." + index(ins);
                frames.put(vc, notification(vc, EmuJson.object().put("volatility", st.dvol()).put("timestamp", now)
                        .put("index_name", index(ins))));
                sendBySubscription(frames);
            }
        }
    }

    private static void changes(ArrayNode arr, EmuInstrument ins, List<MarketEvent.Level> levels) {
        for (MarketEvent.Level l : levels) {
            arr.addArray().add(l.action().name().toLowerCase(Locale.ROOT)).add(ins.price(l.priceTicks()))
                    .add(ins.size(l.lots()));
        }
    }

    private static ObjectNode trade(MarketEvent.TradePrint t, InstrumentSim.State st) {
        EmuInstrument ins = t.instrument();
        BigDecimal amount = ins.size(t.lots());
        ObjectNode o = EmuJson.object().put("trade_seq", t.tradeId()).put("trade_id", Long.toString(t.tradeId()))
                .put("timestamp", t.timestampMs()).put("tick_direction", t.taker() == Side.BUY ? 0 : 2)
                .put("price", ins.price(t.priceTicks())).put("mark_price", ins.price(st.markTicks()))
                .put("instrument_name", ins.nativeSymbol()).put("index_price", ins.price(st.indexTicks()))
                .put("direction", t.taker().id()).put("amount", amount)
                .put("contracts", amount.divide(ins.contractSize(), 8, RoundingMode.HALF_EVEN).stripTrailingZeros());
        if (t.liquidation()) {
            o.put("liquidation", "T");
        }
        return o;
    }

    private static ObjectNode ticker(EmuInstrument ins, InstrumentSim.State st, long now) {
        BigDecimal last = ins.price(st.lastTicks());
        BigDecimal open = ins.price(st.openTicks());
        BigDecimal amount = ins.size(st.volumeLots());
        BigDecimal baseVolume = ins.inverse() ? amount.divide(last, 8, RoundingMode.HALF_EVEN) : amount;
        ObjectNode o = EmuJson.object().put("timestamp", now).put("state", "open");
        o.putObject("stats").put("high", ins.price(st.highTicks())).put("low", ins.price(st.lowTicks()))
                .put("price_change", last.subtract(open).multiply(BigDecimal.valueOf(100)).divide(open, 4,
                        RoundingMode.HALF_EVEN)).put("volume", baseVolume)
                .put("volume_usd", ins.inverse() ? amount : amount.multiply(last));
        return o.put("index_price", ins.price(st.indexTicks())).put("instrument_name", ins.nativeSymbol())
                .put("last_price", last).put("settlement_price", open)
                .put("min_price", ins.price(st.markTicks() * 97 / 100))
                .put("max_price", ins.price(st.markTicks() * 103 / 100))
                .put("open_interest", ins.size(st.openInterestLots())).put("mark_price", ins.price(st.markTicks()))
                .put("interest_value", BigDecimal.ZERO).put("best_ask_price", ins.price(st.bestAskTicks()))
                .put("best_bid_price", ins.price(st.bestBidTicks()))
                .put("estimated_delivery_price", ins.price(st.indexTicks()))
                .put("best_ask_amount", ins.size(st.bestAskLots())).put("best_bid_amount", ins.size(st.bestBidLots()))
                .put("current_funding", st.fundingRate()).put("funding_8h", st.fundingRate());
    }

    // ---------------------------------------------------------------- REST

    @Override
    protected String restFaultBody(int status) {
        return status == 429 || status == 418
                ? "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":10028,\"message\":\"too_many_requests\"},\"testnet\":false}"
                : "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":11094,\"message\":\"internal_server_error\"},"
                        + "\"testnet\":false}";
    }

    private void rest(Context ctx, String method) {
        ctx.contentType("application/json");
        long now = clock.millis();
        switch (method) {
            case "public/get_instruments" -> {
                String currency = ctx.queryParam("currency");
                String kind = ctx.queryParam("kind");
                ArrayNode arr = EmuJson.object().arrayNode();
                for (InstrumentSim sim : market.sims()) {
                    EmuInstrument ins = sim.instrument();
                    if ((currency == null || currency.equals("any") || currency.equals(ins.base())
                            || currency.equals(ins.quote())) && (kind == null || kind.equals("future"))) {
                        arr.addObject().put("instrument_name", ins.nativeSymbol()).put("kind", "future")
                                .put("instrument_type", ins.inverse() ? "reversed" : "linear")
                                .put("settlement_period", "perpetual").put("base_currency", ins.base())
                                .put("quote_currency", ins.quote()).put("counter_currency", ins.quote())
                                .put("settlement_currency", ins.inverse() ? ins.base() : ins.quote())
                                .put("contract_size", ins.contractSize()).put("min_trade_amount", ins.lotSize())
                                .put("tick_size", ins.tickSize()).put("is_active", true)
                                .put("expiration_timestamp", 32503708800000L).put("price_index", index(ins))
                                .put("instrument_id", 100_000 + Math.abs(ins.nativeSymbol().hashCode() % 100_000));
                    }
                }
                ctx.result(result(null, arr));
            }
            case "public/get_order_book", "public/ticker" -> {
                InstrumentSim sim = instrument(ctx);
                if (sim == null) {
                    return;
                }
                ObjectNode t = ticker(sim.instrument(), sim.state(now), now);
                if (method.equals("public/get_order_book")) {
                    int depth;
                    try {
                        depth = ctx.queryParam("depth") == null ? 20 : Integer.parseInt(ctx.queryParam("depth"));
                    } catch (NumberFormatException e) {
                        bad(ctx, "depth");
                        return;
                    }
                    TrueBook b = sim.snapshot(Math.max(1, Math.min(10_000, depth)));
                    for (String side : List.of("bids", "asks")) {
                        ArrayNode arr = t.putArray(side);
                        for (BookLevel l : side.equals("bids") ? b.bids() : b.asks()) {
                            arr.addArray().add(l.price()).add(l.size());
                        }
                    }
                    t.put("change_id", b.sequence());
                }
                ctx.result(result(null, t));
            }
            case "public/get_last_trades_by_instrument" -> lastTrades(ctx);
            case "public/get_volatility_index_data" -> volatility(ctx, now);
            case "public/get_time" -> ctx.result(result(null, EmuJson.object().numberNode(now)));
            default -> ctx.result(result(null, EmuJson.object().put("version", VERSION)));
        }
    }

    private InstrumentSim instrument(Context ctx) {
        String name = ctx.queryParam("instrument_name");
        InstrumentSim sim = name == null ? null : market.sim(name);
        if (sim == null) {
            ctx.status(400).result(error(null, 10020, "invalid_or_unsupported_instrument"));
        }
        return sim;
    }

    private void bad(Context ctx, String param) {
        ctx.status(400).result(error(null, -32602, "Invalid params: " + param));
    }

    private void lastTrades(Context ctx) {
        InstrumentSim sim = instrument(ctx);
        if (sim == null) {
            return;
        }
        long start;
        long end;
        int count;
        try {
            start = ctx.queryParam("start_seq") == null ? Long.MIN_VALUE : Long.parseLong(ctx.queryParam("start_seq"));
            end = ctx.queryParam("end_seq") == null ? Long.MAX_VALUE : Long.parseLong(ctx.queryParam("end_seq"));
            count = ctx.queryParam("count") == null ? 10 : Integer.parseInt(ctx.queryParam("count"));
        } catch (NumberFormatException e) {
            bad(ctx, "start_seq, end_seq or count");
            return;
        }
        count = Math.max(1, Math.min(1000, count));
        List<MarketEvent.TradePrint> all = start == Long.MIN_VALUE ? sim.lastTrades(Integer.MAX_VALUE)
                : sim.tradesFrom(start, Integer.MAX_VALUE);
        ArrayNode arr = EmuJson.object().arrayNode();
        InstrumentSim.State st = sim.state(clock.millis());
        boolean more = false;
        if (start == Long.MIN_VALUE) { // newest first, as Deribit answers without a range
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).tradeId() <= end) {
                    if (arr.size() == count) {
                        more = true;
                        break;
                    }
                    arr.add(trade(all.get(i), st));
                }
            }
        } else {
            for (MarketEvent.TradePrint t : all) {
                if (t.tradeId() <= end) {
                    if (arr.size() == count) {
                        more = true;
                        break;
                    }
                    arr.add(trade(t, st));
                }
            }
        }
        ObjectNode r = EmuJson.object();
        r.set("trades", arr);
        ctx.result(result(null, r.put("has_more", more)));
    }

    private void volatility(Context ctx, long now) {
        String currency = ctx.queryParam("currency");
        InstrumentSim sim = currency == null ? null : market.sims().stream()
                .filter(s -> s.instrument().base().equals(currency)).findFirst().orElse(null);
        if (sim == null) {
            bad(ctx, "currency");
            return;
        }
        BigDecimal dvol = sim.state(now).dvol();
        ArrayNode candles = EmuJson.object().arrayNode();
        long minute = now / 60_000L * 60_000L;
        for (int i = 9; i >= 0; i--) {
            candles.addArray().add(minute - i * 60_000L).add(dvol).add(dvol).add(dvol).add(dvol);
        }
        ObjectNode r = EmuJson.object();
        r.set("data", candles);
        r.putNull("continuation");
        ctx.result(result(null, r));
    }
}
