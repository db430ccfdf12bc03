package io.marketprism.venue.binance;

import io.marketprism.model.Exchange;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.Json;
import io.marketprism.venue.VenueAdapter;
import java.util.Locale;

/**
 * Binance Spot and Binance.US (Spot protocol), USDⓈ-M and COIN-M futures: WebSocket market streams in combined
 * ({@code {"stream":..,"data":..}}) and raw form, and the REST bodies the collector requests. One mechanism serves the
 * four venues; {@link BinanceFamily} holds their differences (COIN-M quantities are contracts).
 *
 * <p>The benchmarked channels go through {@link BinanceFastPath} (streaming parser); everything else through the
 * tree model in {@link BinanceEvents} and {@link BinanceRest}. Times become µs: ms by default, or µs already when the
 * connection asked for {@code timeUnit=MICROSECOND}.
 */
public final class BinanceAdapter implements VenueAdapter {
    private final Exchange exchange;
    private final BinanceFastPath fast;
    private final BinanceEvents events;
    private final BinanceRest rest;
    /** What the last WebSocket URL says (stream of a raw path, time unit); frames of one connection share their URL. */
    private volatile UrlInfo lastUrl = new UrlInfo(null, null, false);

    private record UrlInfo(String url, String stream, boolean micros) {
    }

    /**
     * @param exchange BINANCE, BINANCE_US, BINANCE_FUTURES or BINANCE_DELIVERY
     * @throws IllegalArgumentException for any other exchange
     */
    public BinanceAdapter(Exchange exchange, InstrumentRegistry registry) {
        BinanceFamily family = BinanceFamily.of(exchange);
        if (registry == null) {
            throw new IllegalArgumentException("registry is required");
        }
        this.exchange = exchange;
        BinanceSymbols symbols = new BinanceSymbols(exchange, family, registry);
        BinanceRecords records = new BinanceRecords(exchange, family, symbols);
        this.fast = new BinanceFastPath(exchange, family, symbols);
        this.events = new BinanceEvents(family, records, fast);
        this.rest = new BinanceRest(exchange, family, records, fast);
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    @Override
    public void onFrame(Frame frame, AdapterOutput out) {
        switch (frame.kind()) {
            case WS_IN -> {
                UrlInfo url = urlInfo(frame.url());
                if (!fast.handle(frame.payload(), url.stream, url.micros, frame.receiveTs(), out)) {
                    events.handle(Json.parse(frame.payload()), url.stream, url.micros, frame.receiveTs(), out);
                }
            }
            case REST_RESPONSE -> rest.handle(frame, out);
            default -> {
                // our own sends, REST requests and connects carry no market data
            }
        }
    }

    /** A venue time to µs: ms unless the connection asked for µs. */
    static long micros(long venueTime, boolean alreadyMicros) {
        return alreadyMicros ? venueTime : Json.msToMicros(venueTime);
    }

    private UrlInfo urlInfo(String url) {
        UrlInfo last = lastUrl;
        if (url == last.url || (url != null && url.equals(last.url))) {
            return last;
        }
        UrlInfo info = new UrlInfo(url, rawStream(url),
                url != null && url.toUpperCase(Locale.ROOT).contains("TIMEUNIT=MICROSECOND"));
        lastUrl = info;
        return info;
    }

    /** {@code wss://host/ws/btcusdt@depth20} → {@code btcusdt@depth20}; combined paths and others → null. */
    static String rawStream(String url) {
        if (url == null) {
            return null;
        }
        int at = url.indexOf("/ws/");
        if (at < 0) {
            return null;
        }
        int end = url.indexOf('?', at);
        String stream = end < 0 ? url.substring(at + 4) : url.substring(at + 4, end);
        return stream.isEmpty() || stream.indexOf('/') >= 0 ? null : stream;
    }
}
