package io.marketprism.venue.deribit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.testing.CollectingOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.MalformedFrameException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeribitMalformedTest {
    private final DeribitAdapter adapter = new DeribitAdapter(new InstrumentRegistry());
    private final CollectingOutput out = new CollectingOutput();

    private static String sub(String channel, String data) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + channel
                + "\",\"data\":" + data + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        truncated JSON            | {"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.100ms","data":[{"price":9 | invalid JSON
        not an object             | [1,2,3]                                                                                                     | not a JSON object
        no method nor result      | {"jsonrpc":"2.0","id":3}                                                                                    | neither 'method'
        subscription no params    | {"jsonrpc":"2.0","method":"subscription"}                                                                   | 'params'
        subscription no channel   | {"jsonrpc":"2.0","method":"subscription","params":{"data":{}}}                                              | 'channel'
        subscription no data      | {"jsonrpc":"2.0","method":"subscription","params":{"channel":"quote.BTC-PERPETUAL"}}                        | 'data'
        heartbeat no type         | {"jsonrpc":"2.0","method":"heartbeat","params":{}}                                                          | 'type'
        """)
    void envelope(String name, String frame, String message) {
        assertThatThrownBy(() -> adapter.onFrame(Frame.wsIn(1L, "wss://x", frame), out))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        trades not array      | trades.BTC-PERPETUAL.100ms | {"price":1}                                                                                                                 | not an array
        trade without price   | trades.BTC-PERPETUAL.100ms | [{"timestamp":1,"amount":10.0,"direction":"buy","instrument_name":"BTC-PERPETUAL","trade_id":"1"}]                           | 'price'
        trade price as object | trades.BTC-PERPETUAL.100ms | [{"timestamp":1,"price":{},"amount":10.0,"direction":"buy","instrument_name":"BTC-PERPETUAL","trade_id":"1"}]                | 'price'
        trade bad direction   | trades.BTC-PERPETUAL.100ms | [{"timestamp":1,"price":1.5,"amount":10.0,"direction":"up","instrument_name":"BTC-PERPETUAL","trade_id":"1"}]                | 'direction'
        trade no instrument   | trades.BTC-PERPETUAL.100ms | [{"timestamp":1,"price":1.5,"amount":10.0,"direction":"buy","trade_id":"1"}]                                                 | 'instrument_name'
        trade bad liquidation | trades.BTC-PERPETUAL.100ms | [{"timestamp":1,"price":1.5,"amount":10.0,"direction":"buy","instrument_name":"BTC-PERPETUAL","trade_id":"1","liquidation":"X"}] | liquidation flag
        book no change_id     | book.BTC-PERPETUAL.100ms   | {"type":"snapshot","timestamp":1,"bids":[],"asks":[]}                                                                        | 'change_id'
        book bad type         | book.BTC-PERPETUAL.100ms   | {"type":"partial","timestamp":1,"change_id":5,"bids":[],"asks":[]}                                                           | 'type'
        book short level      | book.BTC-PERPETUAL.100ms   | {"type":"change","timestamp":1,"change_id":5,"prev_change_id":4,"bids":[["new",1.5]],"asks":[]}                              | [action, price, amount]
        book bad action       | book.BTC-PERPETUAL.100ms   | {"type":"change","timestamp":1,"change_id":5,"prev_change_id":4,"bids":[["upsert",1.5,2.0]],"asks":[]}                       | action is 'upsert'
        book price as string  | book.BTC-PERPETUAL.100ms   | {"type":"change","timestamp":1,"change_id":5,"prev_change_id":4,"bids":[["new","1.5",2.0]],"asks":[]}                        | price is not a number
        book no asks          | book.BTC-PERPETUAL.100ms   | {"type":"snapshot","timestamp":1,"change_id":5,"bids":[]}                                                                    | 'asks'
        grouped 3-wide level  | book.BTC-PERPETUAL.none.10.100ms | {"timestamp":1,"change_id":5,"bids":[["new",1.5,2.0]],"asks":[]}                                                       | [price, amount]
        book channel 4 parts  | book.BTC-PERPETUAL.10.100ms | {"timestamp":1,"change_id":5,"bids":[],"asks":[]}                                                                           | 4 parts
        book data array       | book.BTC-PERPETUAL.100ms   | []                                                                                                                           | not an object
        quote no timestamp    | quote.BTC-PERPETUAL        | {"best_bid_price":1.5,"best_bid_amount":10.0,"best_ask_price":2.0,"best_ask_amount":10.0}                                    | 'timestamp'
        ticker no timestamp   | ticker.BTC-PERPETUAL.100ms | {"last_price":1.5}                                                                                                           | 'timestamp'
        ticker bad number     | ticker.BTC-PERPETUAL.100ms | {"timestamp":1,"last_price":"abc"}                                                                                           | 'last_price'
        dvol no volatility    | deribit_volatility_index.btc_usd | {"timestamp":1,"index_name":"btc_usd"}                                                                                 | 'volatility'
        perpetual no interest | perpetual.BTC-PERPETUAL.100ms | {"timestamp":1,"index_price":1.5}                                                                                         | 'interest'
        """)
    void channelPayload(String name, String channel, String data, String message) {
        assertThatThrownBy(() -> adapter.onFrame(Frame.wsIn(1L, "wss://x", sub(channel, data)), out))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no result              | public/get_order_book?instrument_name=BTC-PERPETUAL | {"jsonrpc":"2.0","usIn":1,"usOut":2}                     | 'result'
        instruments not array  | public/get_instruments?currency=BTC                 | {"jsonrpc":"2.0","result":{"a":1}}                       | not an array
        instrument no name     | public/get_instruments?currency=BTC                 | {"jsonrpc":"2.0","result":[{"kind":"future"}]}           | 'instrument_name'
        dvol without currency  | public/get_volatility_index_data                    | {"jsonrpc":"2.0","result":{"data":[]}}                   | 'currency'
        dvol short candle      | public/get_volatility_index_data?currency=BTC       | {"jsonrpc":"2.0","result":{"data":[[1,2,3]]}}            | [ts, open, high, low, close]
        funding no instrument  | public/get_funding_rate_history                     | {"jsonrpc":"2.0","result":[]}                            | 'instrument_name'
        trades not object      | public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL | {"jsonrpc":"2.0","result":[]} | not an object
        body not JSON          | public/ticker?instrument_name=BTC-PERPETUAL         | <html>502 Bad Gateway</html>                             | invalid JSON
        """)
    void rest(String name, String pathAndQuery, String body, String message) {
        assertThatThrownBy(() -> adapter.onFrame(
                Frame.restResponse(1L, "https://www.deribit.com/api/v2/" + pathAndQuery, body), out))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining(message);
    }
}
