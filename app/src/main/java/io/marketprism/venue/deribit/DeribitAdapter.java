package io.marketprism.venue.deribit;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.MarketType;
import io.marketprism.model.VolatilityIndex;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import io.marketprism.venue.VenueAdapter;

/**
 * Deribit API v2 (JSON-RPC 2.0) frames to records: WebSocket notifications ({@code method: "subscription"}),
 * heartbeats and RPC answers, and REST responses (see {@link DeribitRest}). Deribit sends prices and amounts as JSON
 * numbers; they are read through {@link Json}, which keeps their digits.
 *
 * <p>Channels: {@code trades.*}, {@code book.*} (incremental and grouped), {@code quote.*}, {@code ticker.*},
 * {@code incremental_ticker.*}, {@code perpetual.*} (Funding with the current interest rate and index price),
 * {@code deribit_volatility_index.*}. Any other channel is reported as {@code unknown("channel:<first part>")}.
 */
public final class DeribitAdapter implements VenueAdapter {
    private final DeribitRecords records;
    private final DeribitRest rest;

    public DeribitAdapter(InstrumentRegistry registry) {
        this.records = new DeribitRecords(new DeribitSymbols(registry));
        this.rest = new DeribitRest(records);
    }

    @Override
    public Exchange exchange() {
        return Exchange.DERIBIT;
    }

    @Override
    public void onFrame(Frame frame, AdapterOutput out) {
        if (frame.kind() == FrameKind.WS_IN) {
            onMessage(Json.parse(frame.payload()), frame.receiveTs(), out);
        } else if (frame.kind() == FrameKind.REST_RESPONSE) {
            rest.onResponse(frame, out);
        }
        // WS_OUT, REST_REQUEST and CONNECT frames carry no market data: nothing to read
    }

    private void onMessage(JsonNode root, long receiveTs, AdapterOutput out) {
        if (!root.isObject()) {
            throw new MalformedFrameException("message is not a JSON object");
        }
        String method = Json.textOrNull(root, "method");
        if (method == null) {
            if (present(root, "error")) {
                out.control("rpc_error");
            } else if (root.has("result")) {
                out.control("rpc_result");
            } else {
                throw new MalformedFrameException("message has neither 'method' nor 'result'/'error'");
            }
            return;
        }
        switch (method) {
            case "subscription" -> notification(Json.required(root, "params"), receiveTs, out);
            case "heartbeat" -> {
                String type = Json.text(Json.required(root, "params"), "type");
                switch (type) {
                    // test_request must be answered with public/test by the session, or Deribit closes it
                    case "test_request", "heartbeat" -> out.control(type);
                    default -> out.unknown("heartbeat:" + type);
                }
            }
            default -> out.unknown("method:" + method);
        }
    }

    private void notification(JsonNode params, long receiveTs, AdapterOutput out) {
        String channel = Json.text(params, "channel");
        JsonNode data = Json.required(params, "data");
        // instrument names never contain '.', which is why Deribit writes decimal strikes as 0d625
        String[] parts = channel.split("\\.");
        String instrument = parts.length > 1 ? parts[1] : null;
        switch (parts[0]) {
            case "trades" -> records.trades(data, receiveTs, out);
            case "book" -> {
                if (parts.length == 3) {
                    records.book(object(data, channel), instrument, receiveTs, out);
                } else if (parts.length == 5) {
                    records.topBook(object(data, channel), instrument, null, receiveTs, out);
                } else {
                    throw new MalformedFrameException("book channel '" + channel + "' has " + parts.length
                            + " parts, expected book.{instrument}.{interval} or book.{instrument}.{group}.{depth}"
                            + ".{interval}");
                }
            }
            case "quote" -> records.quote(object(data, channel), instrument, receiveTs, out);
            case "ticker", "incremental_ticker" -> records.ticker(object(data, channel), instrument, null, receiveTs,
                    out);
            case "perpetual" -> perpetual(object(data, channel), instrument, receiveTs, out);
            case "deribit_volatility_index" -> volatility(object(data, channel), instrument, receiveTs, out);
            default -> out.unknown("channel:" + parts[0]);
        }
    }

    /**
     * {@code perpetual.{instrument}.{interval}}: {@code interest} is the current funding (interest) rate, the same
     * quantity as the ticker's {@code current_funding}, so it goes where the ticker puts that: predictedRate.
     */
    private void perpetual(JsonNode d, String instrument, long receiveTs, AdapterOutput out) {
        if (instrument == null) {
            throw new MalformedFrameException("perpetual channel without instrument");
        }
        DeribitSymbols.Resolved s = records.resolve(instrument);
        long ts = Json.msToMicros(Json.longValue(d, "timestamp"));
        out.emit(new Funding(Exchange.DERIBIT, s.marketType(), s.symbol(), s.nativeSymbol(), null,
                Json.decimal(d, "interest"), null, null, 8, null, Json.decimalOrNull(d, "index_price"), ts,
                receiveTs));
    }

    /** DVOL: {@code {"volatility":..,"timestamp":..,"index_name":"btc_usd"}} → {@code BTC-DVOL}. */
    private static void volatility(JsonNode d, String channelIndex, long receiveTs, AdapterOutput out) {
        String index = Json.textOrNull(d, "index_name");
        if (index == null) {
            index = channelIndex;
        }
        if (index == null) {
            throw new MalformedFrameException("missing field 'index_name'");
        }
        long ts = Json.msToMicros(Json.longValue(d, "timestamp"));
        out.emit(new VolatilityIndex(Exchange.DERIBIT, MarketType.OPTION, DeribitSymbols.volatilityIndexSymbol(index),
                index, Json.decimal(d, "volatility"), null, null, null, ts, receiveTs));
    }

    private static JsonNode object(JsonNode data, String channel) {
        if (!data.isObject()) {
            throw new MalformedFrameException("'data' of " + channel + " is not an object");
        }
        return data;
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }
}
