package io.marketprism.venue.okx;

import io.marketprism.model.Decimals;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import java.math.BigDecimal;

/** Frames from the OKX test resources and an adapter wired to a registry, for the OKX tests. */
final class OkxTestSupport {
    static final long RECEIVE_TS = 1_700_000_000_123_456_789L;
    static final String WS_URL = "wss://ws.okx.com:8443/ws/v5/public";
    static final String REST = "https://openapi.okx.com";

    final InstrumentRegistry registry = new InstrumentRegistry();
    final OkxAdapter adapter = new OkxAdapter(registry);
    final CollectingOutput out = new CollectingOutput(registry);

    static String resource(String name) {
        return Fixtures.resource("venue/okx/" + name);
    }

    static Frame ws(String resourceName) {
        return Frame.wsIn(RECEIVE_TS, WS_URL, resource(resourceName));
    }

    static Frame rest(String pathAndQuery, String resourceName) {
        return Frame.restResponse(RECEIVE_TS, REST + pathAndQuery, resource(resourceName));
    }

    /** Feeds frames and returns the collected output. */
    CollectingOutput feed(Frame... frames) {
        for (Frame f : frames) {
            adapter.onFrame(f, out);
        }
        return out;
    }

    /** Loads the swap, spot, futures and option instrument lists, then forgets that output. */
    OkxTestSupport withInstruments() {
        feed(rest("/api/v5/public/instruments?instType=SWAP", "instruments-swap.json"),
                rest("/api/v5/public/instruments?instType=SPOT", "instruments-spot.json"),
                rest("/api/v5/public/instruments?instType=FUTURES", "instruments-futures.json"),
                rest("/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD", "instruments-option.json"));
        out.clear();
        return this;
    }

    static String c(BigDecimal value) {
        return value == null ? null : Decimals.canonical(value);
    }
}
