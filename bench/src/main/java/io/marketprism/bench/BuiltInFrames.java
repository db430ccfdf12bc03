package io.marketprism.bench;

import java.util.List;

/**
 * A few frames per benchmarked channel, written from the examples of the protocol reference
 * ({@code exchange-protocols.md} §2.4, §3.3, §4.4, §5.5) with varied ids, prices and sizes. Used only when the shared
 * recorded fixtures are absent, so the benchmarks run on a clean clone.
 */
final class BuiltInFrames {
    private BuiltInFrames() {
    }

    static final List<String> BINANCE_SPOT_AGG_TRADE = List.of(
            "{\"stream\":\"nknusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1633998523963,\"s\":\"NKNUSDT\","
                    + "\"a\":15683430,\"p\":\"0.35280000\",\"q\":\"58.00000000\",\"f\":19862790,\"l\":19862790,"
                    + "\"T\":1633998523963,\"m\":false,\"M\":true}}",
            "{\"stream\":\"nknusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1633998524120,\"s\":\"NKNUSDT\","
                    + "\"a\":15683431,\"p\":\"0.35270000\",\"q\":\"1203.00000000\",\"f\":19862791,\"l\":19862794,"
                    + "\"T\":1633998524118,\"m\":true,\"M\":true}}",
            "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1633998524201,\"s\":\"BTCUSDT\","
                    + "\"a\":1045981277,\"p\":\"57321.01000000\",\"q\":\"0.00174000\",\"f\":1101441530,"
                    + "\"l\":1101441530,\"T\":1633998524200,\"m\":false,\"M\":true}}");

    static final List<String> BINANCE_SPOT_DEPTH_UPDATE = List.of(
            "{\"stream\":\"nknusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1633998512568,"
                    + "\"s\":\"NKNUSDT\",\"U\":499869753,\"u\":499869754,\"b\":[[\"0.35170000\",\"4265.00000000\"]],"
                    + "\"a\":[[\"0.35290000\",\"10968.00000000\"]]}}",
            "{\"stream\":\"nknusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1633998512668,"
                    + "\"s\":\"NKNUSDT\",\"U\":499869755,\"u\":499869760,\"b\":[[\"0.35170000\",\"0.00000000\"],"
                    + "[\"0.35160000\",\"811.00000000\"],[\"0.35130000\",\"6195.00000000\"]],"
                    + "\"a\":[[\"0.35290000\",\"10100.00000000\"],[\"0.35300000\",\"0.00000000\"],"
                    + "[\"0.35340000\",\"2874.00000000\"]]}}",
            "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1633998512770,"
                    + "\"s\":\"BTCUSDT\",\"U\":14418522113,\"u\":14418522121,\"b\":[[\"57320.99000000\","
                    + "\"1.20418000\"],[\"57320.00000000\",\"0.00000000\"],[\"57318.52000000\",\"0.02500000\"]],"
                    + "\"a\":[[\"57321.00000000\",\"0.38120000\"],[\"57322.47000000\",\"0.00000000\"]]}}");

    static final List<String> BINANCE_USDM_AGG_TRADE = List.of(
            "{\"stream\":\"ctkusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741575,\"a\":16599292,"
                    + "\"s\":\"CTKUSDT\",\"p\":\"1.01100\",\"q\":\"10\",\"f\":23961322,\"l\":23961322,"
                    + "\"T\":1626992741421,\"m\":false}}",
            "{\"stream\":\"ctkusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741690,\"a\":16599293,"
                    + "\"s\":\"CTKUSDT\",\"p\":\"1.01000\",\"q\":\"431\",\"f\":23961323,\"l\":23961327,"
                    + "\"T\":1626992741688,\"m\":true}}",
            "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741702,\"a\":889554012,"
                    + "\"s\":\"BTCUSDT\",\"p\":\"32150.10\",\"q\":\"0.125\",\"f\":1230551201,\"l\":1230551203,"
                    + "\"T\":1626992741700,\"m\":false}}");

    static final List<String> BINANCE_USDM_DEPTH_UPDATE = List.of(
            "{\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741037,"
                    + "\"T\":1626992741024,\"s\":\"SUSHIUSDT\",\"U\":600859599090,\"u\":600859600917,"
                    + "\"pu\":600859598061,\"b\":[[\"7.5040\",\"813\"],[\"7.6090\",\"0\"],[\"7.6110\",\"2\"]],"
                    + "\"a\":[[\"7.6150\",\"1563\"],[\"7.6220\",\"3284\"]]}}",
            "{\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741137,"
                    + "\"T\":1626992741130,\"s\":\"SUSHIUSDT\",\"U\":600859601193,\"u\":600859602861,"
                    + "\"pu\":600859600917,\"b\":[[\"7.6110\",\"0\"],[\"7.6100\",\"120\"]],"
                    + "\"a\":[[\"7.6120\",\"297\"],[\"7.6150\",\"1401\"],[\"7.6300\",\"0\"]]}}",
            "{\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741237,"
                    + "\"T\":1626992741233,\"s\":\"SUSHIUSDT\",\"U\":600859603343,\"u\":600859604824,"
                    + "\"pu\":600859602861,\"b\":[[\"7.6100\",\"95\"],[\"7.6080\",\"2210\"],[\"7.5990\",\"40\"]],"
                    + "\"a\":[[\"7.6120\",\"0\"],[\"7.6140\",\"18\"]]}}");

    static final List<String> BINANCE_USDM_MARK_PRICE = List.of(
            "{\"stream\":\"btcusdt@markPrice\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1562305380000,"
                    + "\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\","
                    + "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}}",
            "{\"stream\":\"btcusdt@markPrice\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1562305383000,"
                    + "\"s\":\"BTCUSDT\",\"p\":\"11795.02000000\",\"i\":\"11785.10000000\","
                    + "\"P\":\"11784.90000000\",\"r\":\"0.00038170\",\"T\":1562306400000}}");

    static final List<String> OKX_TRADES = List.of(
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                    + "\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"0.12060306\",\"side\":\"buy\","
                    + "\"ts\":\"1630048897897\",\"count\":\"3\",\"source\":\"0\",\"seqId\":1234}]}",
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                    + "\"tradeId\":\"130639475\",\"px\":\"42219.8\",\"sz\":\"0.00046\",\"side\":\"sell\","
                    + "\"ts\":\"1630048897950\",\"count\":\"1\",\"source\":\"0\",\"seqId\":1236}]}",
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                    + "\"tradeId\":\"130639478\",\"px\":\"42220\",\"sz\":\"1.5\",\"side\":\"buy\","
                    + "\"ts\":\"1630048898012\",\"count\":\"2\",\"source\":\"0\",\"seqId\":1240}]}");

    static final List<String> OKX_BOOKS_UPDATE = List.of(
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":"
                    + "[[\"8476.98\",\"0\",\"0\",\"0\"],[\"8477\",\"9\",\"0\",\"3\"]],\"bids\":[[\"8476.97\",\"250\","
                    + "\"0\",\"11\"]],\"ts\":\"1597026383185\",\"checksum\":0,\"prevSeqId\":123456,"
                    + "\"seqId\":123457}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":"
                    + "[[\"8477\",\"4\",\"0\",\"2\"],[\"8477.5\",\"30\",\"0\",\"5\"]],\"bids\":[[\"8476.97\",\"0\","
                    + "\"0\",\"0\"],[\"8476.9\",\"12\",\"0\",\"1\"],[\"8475.55\",\"96\",\"0\",\"1\"]],"
                    + "\"ts\":\"1597026383285\",\"checksum\":0,\"prevSeqId\":123457,\"seqId\":123460}]}");

    static final List<String> DERIBIT_TRADES = List.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.BTC-PERPETUAL.100ms\","
                    + "\"data\":[{\"timestamp\":1765531356452,\"price\":92288.5,\"amount\":750.0,\"direction\":\"sell\","
                    + "\"index_price\":92276.75,\"instrument_name\":\"BTC-PERPETUAL\",\"trade_seq\":271252855,"
                    + "\"mark_price\":92287.11,\"tick_direction\":2,\"contracts\":75.0,\"trade_id\":\"403691825\"}]}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.BTC-PERPETUAL.100ms\","
                    + "\"data\":[{\"timestamp\":1765531356511,\"price\":92289.0,\"amount\":20.0,\"direction\":\"buy\","
                    + "\"index_price\":92276.9,\"instrument_name\":\"BTC-PERPETUAL\",\"trade_seq\":271252856,"
                    + "\"mark_price\":92287.3,\"tick_direction\":0,\"contracts\":2.0,\"trade_id\":\"403691826\"},"
                    + "{\"timestamp\":1765531356511,\"price\":92289.5,\"amount\":1000.0,\"direction\":\"buy\","
                    + "\"index_price\":92276.9,\"instrument_name\":\"BTC-PERPETUAL\",\"trade_seq\":271252857,"
                    + "\"mark_price\":92287.3,\"tick_direction\":0,\"contracts\":100.0,\"trade_id\":\"403691827\"}]}}");

    static final List<String> DERIBIT_BOOK_CHANGE = List.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"book.BTC-PERPETUAL.100ms\","
                    + "\"data\":{\"type\":\"change\",\"instrument_name\":\"BTC-PERPETUAL\",\"timestamp\":1699999999500,"
                    + "\"change_id\":123456790,\"prev_change_id\":123456789,\"bids\":[[\"change\",42500.0,950.0],"
                    + "[\"new\",42498.5,300.0]],\"asks\":[[\"delete\",42501.0,0.0],[\"change\",42501.5,700.0]]}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"book.BTC-PERPETUAL.100ms\","
                    + "\"data\":{\"type\":\"change\",\"instrument_name\":\"BTC-PERPETUAL\",\"timestamp\":1699999999600,"
                    + "\"change_id\":123456795,\"prev_change_id\":123456790,\"bids\":[[\"delete\",42498.5,0.0]],"
                    + "\"asks\":[[\"new\",42501.0,120.0],[\"change\",42501.5,650.0],[\"new\",42503.0,4000.0]]}}}");
}
