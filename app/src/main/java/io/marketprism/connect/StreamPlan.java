package io.marketprism.connect;

import io.marketprism.model.Exchange;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which WebSocket streams a venue's settings ask for, which route (connection class) each belongs to, and how they
 * are sharded over connections so no limit is exceeded. Data the venue does not push (Binance open interest and
 * ratios, OKX ratios) is left to the REST pollers.
 */
public final class StreamPlan {
    /** The streams of one connection, all of one route. */
    public record Shard(String route, URI url, List<WsStream> streams) {
    }

    private StreamPlan() {
    }

    public static List<WsStream> streams(VenueSettings s) {
        return switch (s.exchange()) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES, BINANCE_DELIVERY -> binance(s);
            case OKX -> okx(s);
            case DERIBIT -> deribit(s);
        };
    }

    public static List<Shard> shards(VenueSettings s) {
        return shard(s, streams(s));
    }

    /**
     * Groups streams by route (never mixing routes on a connection), then fills connections up to the stream limit
     * and the book-stream limit, in order.
     */
    public static List<Shard> shard(VenueSettings s, List<WsStream> streams) {
        Map<String, List<WsStream>> byRoute = new LinkedHashMap<>();
        for (WsStream w : streams) {
            byRoute.computeIfAbsent(w.route(), r -> new ArrayList<>()).add(w);
        }
        ConnectionLimits lim = s.limits();
        List<Shard> out = new ArrayList<>();
        for (Map.Entry<String, List<WsStream>> e : byRoute.entrySet()) {
            URI url = url(s, e.getKey());
            List<WsStream> current = new ArrayList<>();
            int books = 0;
            for (WsStream w : e.getValue()) {
                boolean full = current.size() >= lim.streamsPerConnection()
                        || (w.book() && lim.booksPerConnection() > 0 && books >= lim.booksPerConnection());
                if (full) {
                    out.add(new Shard(e.getKey(), url, List.copyOf(current)));
                    current.clear();
                    books = 0;
                }
                current.add(w);
                books += w.book() ? 1 : 0;
            }
            if (!current.isEmpty()) {
                out.add(new Shard(e.getKey(), url, List.copyOf(current)));
            }
        }
        return out;
    }

    /** The WebSocket URL of a route. */
    public static URI url(VenueSettings s, String route) {
        VenueEndpoints ep = s.endpoints();
        return switch (s.exchange()) {
            case BINANCE, BINANCE_US -> ep.ws("/stream");
            case BINANCE_FUTURES, BINANCE_DELIVERY -> route.isEmpty() ? ep.ws("/stream") : ep.ws("/" + route + "/stream");
            case OKX -> ep.ws("/ws/v5/" + route);
            case DERIBIT -> ep.ws("/ws/api/v2");
        };
    }

    /** The codec for one connection of the venue. */
    public static WsCodec codec(VenueSettings s) {
        return switch (s.exchange()) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES, BINANCE_DELIVERY ->
                    new BinanceCodec(s.limits().streamsPerMessage());
            case OKX -> new OkxCodec(s.limits().streamsPerMessage());
            case DERIBIT -> new DeribitCodec(heartbeatSeconds(s), s.limits().streamsPerMessage());
        };
    }

    /** Deribit heartbeat interval: a third of the watchdog timeout (the watchdog then sees ≥ 2 heartbeats), ≥ 10 s. */
    static int heartbeatSeconds(VenueSettings s) {
        return (int) Math.max(10, s.session().watchdogTimeout().toSeconds() / 3);
    }

    /**
     * Binance USDⓈ-M route of a stream (§3.1): book data (depth, bookTicker, rpiDepth) on {@code public}, everything
     * else on {@code market}.
     */
    public static String binanceFuturesRoute(String stream) {
        String kind = stream.substring(stream.indexOf('@') + 1);
        return kind.startsWith("depth") || kind.startsWith("bookTicker") || kind.startsWith("rpiDepth")
                || stream.equals("!bookTicker") ? "public" : "market";
    }

    private static List<WsStream> binance(VenueSettings s) {
        Exchange e = s.exchange();
        boolean futures = e == Exchange.BINANCE_FUTURES || e == Exchange.BINANCE_DELIVERY;
        boolean split = e == Exchange.BINANCE_FUTURES || (e == Exchange.BINANCE_DELIVERY && s.coinmRouteSplit());
        List<WsStream> out = new ArrayList<>();
        for (String symbol : s.symbols()) {
            String sym = symbol.toLowerCase(Locale.ROOT);
            List<String> names = new ArrayList<>();
            if (s.wants(DataType.TRADES)) {
                names.add(sym + "@" + s.binanceTradeStream());
            }
            if (s.wants(DataType.BOOK)) {
                names.add(sym + "@depth" + (s.bookInterval().isEmpty() ? "" : "@" + s.bookInterval()));
            }
            if (s.wants(DataType.QUOTE)) {
                names.add(sym + "@bookTicker");
            }
            if (s.wants(DataType.TICKER)) {
                names.add(sym + "@ticker");
            }
            if (futures && s.wants(DataType.FUNDING)) {
                names.add(sym + "@markPrice@1s");
            }
            if (futures && s.wants(DataType.LIQUIDATIONS)) {
                names.add(sym + "@forceOrder");
            }
            for (String n : names) {
                String route = split ? binanceFuturesRoute(n) : "";
                out.add(new WsStream(n, route, symbol, n.contains("@depth")));
            }
        }
        return out;
    }

    private static List<WsStream> okx(VenueSettings s) {
        List<WsStream> out = new ArrayList<>();
        Set<String> instTypes = new LinkedHashSet<>();
        for (String id : s.symbols()) {
            boolean derivative = id.endsWith("-SWAP") || id.matches(".*-\\d{6}(-.*)?$");
            if (s.wants(DataType.TRADES)) {
                out.add(new WsStream("trades:" + id, "public", id, false));
            }
            if (s.wants(DataType.BOOK)) {
                out.add(new WsStream("books:" + id, "public", id, true));
            }
            if (s.wants(DataType.QUOTE)) {
                out.add(new WsStream("bbo-tbt:" + id, "public", id, false));
            }
            if (s.wants(DataType.TICKER)) {
                out.add(new WsStream("tickers:" + id, "public", id, false));
            }
            if (s.wants(DataType.FUNDING) && id.endsWith("-SWAP")) {
                out.add(new WsStream("funding-rate:" + id, "public", id, false));
                out.add(new WsStream("mark-price:" + id, "public", id, false));
            }
            if (s.wants(DataType.OPEN_INTEREST) && derivative) {
                out.add(new WsStream("open-interest:" + id, "public", id, false));
            }
            if (s.wants(DataType.LIQUIDATIONS) && derivative) {
                instTypes.add(id.endsWith("-SWAP") ? "SWAP" : "FUTURES");
            }
        }
        for (String t : instTypes) {
            out.add(new WsStream("liquidation-orders:instType=" + t, "public", null, false));
        }
        return out;
    }

    private static List<WsStream> deribit(VenueSettings s) {
        List<WsStream> out = new ArrayList<>();
        String iv = s.bookInterval().isEmpty() ? "100ms" : s.bookInterval();
        Set<String> indexes = new LinkedHashSet<>();
        for (String name : s.symbols()) {
            if (s.wants(DataType.TRADES)) {
                out.add(new WsStream("trades." + name + "." + iv, "", name, false));
            }
            if (s.wants(DataType.BOOK)) {
                out.add(new WsStream("book." + name + "." + iv, "", name, true));
            }
            if (s.wants(DataType.QUOTE)) {
                out.add(new WsStream("quote." + name, "", name, false));
            }
            // one ticker channel carries ticker, funding, mark/index and open interest
            if (s.wants(DataType.TICKER) || s.wants(DataType.FUNDING) || s.wants(DataType.OPEN_INTEREST)) {
                out.add(new WsStream("ticker." + name + "." + iv, "", name, false));
            }
            if (s.wants(DataType.VOLATILITY_INDEX)) {
                indexes.add(deribitCurrency(name).toLowerCase(Locale.ROOT) + "_usd");
            }
        }
        for (String idx : indexes) {
            out.add(new WsStream("deribit_volatility_index." + idx, "", null, false));
        }
        return out;
    }

    /** The currency of a Deribit instrument: {@code BTC-PERPETUAL} → BTC, {@code ETH_USDC-PERPETUAL} → ETH. */
    public static String deribitCurrency(String instrument) {
        int end = instrument.length();
        for (int i = 0; i < instrument.length(); i++) {
            char c = instrument.charAt(i);
            if (c == '-' || c == '_') {
                end = i;
                break;
            }
        }
        return instrument.substring(0, end);
    }
}
