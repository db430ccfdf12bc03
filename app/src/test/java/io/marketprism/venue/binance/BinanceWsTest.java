package io.marketprism.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketType;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-channel WebSocket parsing with small fixtures written from the protocol reference (§2–3A). */
class BinanceWsTest {
    static final long RX = 1_700_000_000_123_456_789L;
    static final String SPOT_URL = "wss://stream.binance.com:9443/stream?streams=x";
    static final String USDM_URL = "wss://fstream.binance.com/public/stream?streams=x";
    static final String COINM_URL = "wss://dstream.binance.com/stream?streams=x";

    static CollectingOutput feed(Exchange exchange, String url, String text) {
        CollectingOutput out = new CollectingOutput();
        new BinanceAdapter(exchange, new InstrumentRegistry()).onFrame(Frame.wsIn(RX, url, text), out);
        return out;
    }

    static CollectingOutput feedResource(Exchange exchange, String url, String name) {
        return feed(exchange, url, Fixtures.resource("venue/binance/" + name));
    }

    static String c(BigDecimal v) {
        return v == null ? null : Decimals.canonical(v);
    }

    static List<String> levels(List<BookLevel> levels) {
        return levels.stream().map(l -> c(l.price()) + "/" + c(l.size())).toList();
    }

    @Test
    void spotTradeInRawForm() {
        CollectingOutput out = feedResource(Exchange.BINANCE, "wss://stream.binance.com:9443/ws/bnbbtc@trade",
                "spot-trade.json");
        Trade t = out.of(Trade.class).get(0);
        assertThat(out.records).hasSize(1);
        assertThat(t.exchange()).isEqualTo(Exchange.BINANCE);
        assertThat(t.symbol()).isEqualTo("BNB-BTC");
        assertThat(t.nativeSymbol()).isEqualTo("BNBBTC");
        assertThat(t.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(t.tradeId()).isEqualTo("12345");
        assertThat(t.sequence()).isEqualTo(12345L);
        assertThat(t.side()).isEqualTo(Side.SELL); // m = true: buyer is maker, taker sold
        assertThat(c(t.price())).isEqualTo("0.001");
        assertThat(c(t.size())).isEqualTo("100");
        assertThat(c(t.rawSize())).isEqualTo("100");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(t.exchangeTs()).isEqualTo(1672515782135_000L); // T, not E
        assertThat(t.receiveTs()).isEqualTo(RX);
        assertThat(t.liquidation()).isFalse();
    }

    @Test
    void spotAggTradeCombined() {
        Trade t = feedResource(Exchange.BINANCE, SPOT_URL, "spot-aggTrade.json").of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("NKN-USDT");
        assertThat(t.tradeId()).isEqualTo("15683430");
        assertThat(t.sequence()).isEqualTo(15683430L);
        assertThat(t.side()).isEqualTo(Side.BUY);
        assertThat(t.price()).isEqualTo(new BigDecimal("0.35280000")); // scale kept
        assertThat(c(t.size())).isEqualTo("58");
        assertThat(t.exchangeTs()).isEqualTo(1633998523962_000L);
    }

    @Test
    void binanceUsIsItsOwnExchange() {
        Trade t = feedResource(Exchange.BINANCE_US, SPOT_URL, "spot-aggTrade.json").of(Trade.class).get(0);
        assertThat(t.exchange()).isEqualTo(Exchange.BINANCE_US);
        assertThat(t.symbol()).isEqualTo("NKN-USDT");
    }

    @Test
    void spotDiffDepth() {
        CollectingOutput out = feedResource(Exchange.BINANCE, SPOT_URL, "spot-depth.json");
        BookDelta d = out.of(BookDelta.class).get(0);
        assertThat(out.records).hasSize(1);
        assertThat(d.symbol()).isEqualTo("NKN-USDT");
        assertThat(d.firstSequence()).isEqualTo(499869753L);
        assertThat(d.sequence()).isEqualTo(499869754L);
        assertThat(d.prevSequence()).isNull();
        assertThat(d.exchangeTs()).isEqualTo(1633998512568_000L); // E: spot depth has no T
        assertThat(d.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(levels(d.bids())).containsExactly("0.3517/4265", "0.351/0");
        assertThat(levels(d.asks())).containsExactly("0.3529/10968");
    }

    @Test
    void spotPartialDepthTakesSymbolFromStream() {
        BookSnapshot s = feedResource(Exchange.BINANCE, SPOT_URL, "spot-depth5.json").of(BookSnapshot.class).get(0);
        assertThat(s.symbol()).isEqualTo("ETH-USDT");
        assertThat(s.nativeSymbol()).isEqualTo("ETHUSDT");
        assertThat(s.sequence()).isEqualTo(160L);
        assertThat(s.exchangeTs()).isZero();
        assertThat(levels(s.bids())).containsExactly("0.0024/10");
        assertThat(levels(s.asks())).containsExactly("0.0026/100", "0.0027/3.5");
    }

    @Test
    void spotPartialDepthOnRawPathWithoutSymbolIsCountedNotThrown() {
        CollectingOutput out = feed(Exchange.BINANCE, "wss://stream.binance.com:9443/ws",
                "{\"lastUpdateId\":160,\"bids\":[],\"asks\":[]}");
        assertThat(out.records).isEmpty();
        assertThat(out.unknowns).containsExactly("depth:no-symbol");
        CollectingOutput raw = feed(Exchange.BINANCE, "wss://stream.binance.com:9443/ws/ethusdt@depth10",
                "{\"lastUpdateId\":161,\"bids\":[[\"1\",\"2\"]],\"asks\":[]}");
        assertThat(raw.of(BookSnapshot.class).get(0).nativeSymbol()).isEqualTo("ETHUSDT");
    }

    @Test
    void spotBookTickerHasNoTime() {
        Quote q = feedResource(Exchange.BINANCE, SPOT_URL, "spot-bookTicker.json").of(Quote.class).get(0);
        assertThat(q.symbol()).isEqualTo("NKN-USDT");
        assertThat(q.sequence()).isEqualTo(499869768L);
        assertThat(c(q.bidPrice())).isEqualTo("0.3521");
        assertThat(c(q.bidSize())).isEqualTo("672");
        assertThat(c(q.askPrice())).isEqualTo("0.3526");
        assertThat(c(q.askSize())).isEqualTo("3199");
        assertThat(q.exchangeTs()).isZero();
        assertThat(q.receiveTs()).isEqualTo(RX);
    }

    @Test
    void spotTicker() {
        Ticker t = feedResource(Exchange.BINANCE, SPOT_URL, "spot-ticker.json").of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("BNB-BTC");
        assertThat(c(t.last())).isEqualTo("0.0025");
        assertThat(c(t.open())).isEqualTo("0.001");
        assertThat(c(t.high())).isEqualTo("0.0025");
        assertThat(c(t.low())).isEqualTo("0.001");
        assertThat(c(t.volumeBase())).isEqualTo("10000");
        assertThat(c(t.volumeQuote())).isEqualTo("18");
        assertThat(c(t.priceChangePct())).isEqualTo("250");
        assertThat(c(t.bestBid())).isEqualTo("0.0024");
        assertThat(c(t.bestAsk())).isEqualTo("0.0026");
        assertThat(t.exchangeTs()).isEqualTo(1672515782136_000L);
    }

    @Test
    void miniTickerArrayGivesOneRecordPerElement() {
        List<Ticker> ts = feedResource(Exchange.BINANCE, SPOT_URL, "spot-miniTicker-arr.json").of(Ticker.class);
        assertThat(ts).extracting(Ticker::symbol).containsExactly("BNB-BTC", "ETH-BTC");
        assertThat(c(ts.get(1).volumeBase())).isEqualTo("1200.5");
        assertThat(c(ts.get(1).volumeQuote())).isEqualTo("60.025");
        assertThat(ts.get(1).priceChangePct()).isNull();
    }

    @Test
    void usdmAggTradeIgnoresNewFields() {
        Trade t = feedResource(Exchange.BINANCE_FUTURES, USDM_URL, "usdm-aggTrade.json").of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("CTK-USDT-PERP");
        assertThat(t.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(t.side()).isEqualTo(Side.SELL);
        assertThat(c(t.price())).isEqualTo("1.011");
        assertThat(c(t.size())).isEqualTo("10");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(t.exchangeTs()).isEqualTo(1626992741421_000L);
    }

    @Test
    void usdmDiffDepthCarriesPu() {
        BookDelta d = feedResource(Exchange.BINANCE_FUTURES, USDM_URL, "usdm-depth.json").of(BookDelta.class).get(0);
        assertThat(d.symbol()).isEqualTo("SUSHI-USDT-PERP");
        assertThat(d.firstSequence()).isEqualTo(600859599090L);
        assertThat(d.sequence()).isEqualTo(600859600917L);
        assertThat(d.prevSequence()).isEqualTo(600859598061L);
        assertThat(d.exchangeTs()).isEqualTo(1626992741024_000L); // T
        assertThat(levels(d.bids())).containsExactly("7.504/813", "7.609/0", "7.611/2");
        assertThat(levels(d.asks())).containsExactly("7.615/1563", "7.622/3284");
    }

    @Test
    void usdmPartialDepthOnRawPathIsSnapshotDespiteDepthUpdateType() {
        CollectingOutput out = feedResource(Exchange.BINANCE_FUTURES,
                "wss://fstream.binance.com/public/ws/ethusdt@depth20@100ms", "usdm-depth20-raw.json");
        assertThat(out.of(BookDelta.class)).isEmpty();
        BookSnapshot s = out.of(BookSnapshot.class).get(0);
        assertThat(s.symbol()).isEqualTo("ETH-USDT-PERP");
        assertThat(s.sequence()).isEqualTo(1437010882721L);
        assertThat(s.exchangeTs()).isEqualTo(1651122265854_000L);
        assertThat(levels(s.bids())).containsExactly("2886.71/0.454", "2886.7/2.755");
    }

    @Test
    void usdmBookTickerUsesTransactionTime() {
        Quote q = feedResource(Exchange.BINANCE_FUTURES, USDM_URL, "usdm-bookTicker.json").of(Quote.class).get(0);
        assertThat(q.symbol()).isEqualTo("SUSHI-USDT-PERP");
        assertThat(q.sequence()).isEqualTo(600859600576L);
        assertThat(q.exchangeTs()).isEqualTo(1626992741012_000L);
        assertThat(c(q.askSize())).isEqualTo("297");
    }

    @Test
    void usdmMarkPriceArrayFiltersCoinmSymbolsAndNullsEmptyFields() {
        CollectingOutput out = feedResource(Exchange.BINANCE_FUTURES, USDM_URL, "usdm-markPrice-arr.json");
        List<Funding> fs = out.of(Funding.class);
        assertThat(fs).hasSize(2);
        assertThat(out.controls).containsExactly("other-family"); // st = 2: a COIN-M symbol
        Funding f = fs.get(0);
        assertThat(f.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(c(f.markPrice())).isEqualTo("11794.15");
        assertThat(c(f.indexPrice())).isEqualTo("11784.62659091");
        assertThat(c(f.fundingRate())).isEqualTo("0.00038167");
        assertThat(f.nextFundingTime()).isEqualTo(1562306400000_000L);
        assertThat(f.exchangeTs()).isEqualTo(1562305380000_000L);
        Funding quarterly = fs.get(1);
        assertThat(quarterly.symbol()).isEqualTo("BTC-USDT-250926");
        assertThat(quarterly.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(quarterly.fundingRate()).isNull();
        assertThat(quarterly.nextFundingTime()).isNull();
    }

    @Test
    void usdmForceOrder() {
        Liquidation l = feedResource(Exchange.BINANCE_FUTURES, USDM_URL, "usdm-forceOrder.json")
                .of(Liquidation.class).get(0);
        assertThat(l.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(l.side()).isEqualTo(Side.SELL);
        assertThat(c(l.price())).isEqualTo("9910.5"); // ap
        assertThat(c(l.rawSize())).isEqualTo("0.012"); // z
        assertThat(c(l.size())).isEqualTo("0.012");
        assertThat(l.rawSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(l.exchangeTs()).isEqualTo(1568014460891_000L);
    }

    @Test
    void coinmAggTradeConvertsContractsWithDocumentedBtcSize() {
        Trade t = feedResource(Exchange.BINANCE_DELIVERY, COINM_URL, "coinm-aggTrade.json").of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(t.rawSize())).isEqualTo("58");
        assertThat(c(t.size())).isEqualTo("0.116"); // 58 × 100 USD / 50000
    }

    @Test
    void coinmDepthIsInContractsAndDatedSymbol() {
        BookDelta d = feedResource(Exchange.BINANCE_DELIVERY, COINM_URL, "coinm-depth.json").of(BookDelta.class)
                .get(0);
        assertThat(d.symbol()).isEqualTo("ETH-USD-211231");
        assertThat(d.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(d.sizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(d.prevSequence()).isEqualTo(127559587113L);
        assertThat(levels(d.asks())).containsExactly("2500.5/0");
    }

    @Test
    void coinmTickerVolumesAreBaseAndUsd() {
        Ticker t = feedResource(Exchange.BINANCE_DELIVERY, COINM_URL, "coinm-ticker.json").of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(t.volumeBase())).isEqualTo("42252.54497257"); // q: base asset
        assertThat(c(t.volumeQuote())).isEqualTo("1222924700"); // v contracts × 100 USD
    }

    @Test
    void coinmForceOrderFallsBackToOrderPriceAndQuantity() {
        Liquidation l = feedResource(Exchange.BINANCE_DELIVERY, COINM_URL, "coinm-forceOrder.json")
                .of(Liquidation.class).get(0);
        assertThat(l.symbol()).isEqualTo("ETH-USD-PERP");
        assertThat(l.side()).isEqualTo(Side.BUY);
        assertThat(c(l.price())).isEqualTo("250"); // ap is 0
        assertThat(c(l.rawSize())).isEqualTo("30"); // z is 0
        assertThat(l.rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(l.size())).isEqualTo("1.2"); // 30 × 10 USD / 250
    }

    @Test
    void coinmIndexPrice() {
        Funding f = feedResource(Exchange.BINANCE_DELIVERY, COINM_URL, "coinm-indexPrice.json").of(Funding.class)
                .get(0);
        assertThat(f.symbol()).isEqualTo("BTC-USD");
        assertThat(f.nativeSymbol()).isEqualTo("BTCUSD");
        assertThat(c(f.indexPrice())).isEqualTo("9429.39675");
        assertThat(f.markPrice()).isNull();
        assertThat(f.fundingRate()).isNull();
        assertThat(f.exchangeTs()).isEqualTo(1592265601001_000L);
    }

    @Test
    void controlFrames() {
        CollectingOutput out = new CollectingOutput();
        BinanceAdapter a = new BinanceAdapter(Exchange.BINANCE, new InstrumentRegistry());
        a.onFrame(Frame.wsIn(RX, SPOT_URL, "{\"result\":null,\"id\":1}"), out);
        a.onFrame(Frame.wsIn(RX, SPOT_URL, "{\"result\":[\"btcusdt@aggTrade\"],\"id\":3}"), out);
        a.onFrame(Frame.wsIn(RX, SPOT_URL, "{\"code\":2,\"msg\":\"Invalid request\",\"id\":7}"), out);
        a.onFrame(Frame.wsIn(RX, SPOT_URL, "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\","
                + "\"E\":1770123456789}}"), out);
        a.onFrame(Frame.wsIn(RX, SPOT_URL, "{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1,"
                + "\"s\":\"BTCUSDT\",\"k\":{\"t\":1}}}"), out);
        a.onFrame(Frame.wsIn(RX, SPOT_URL, "{\"stream\":\"x@avgPrice\",\"data\":{\"e\":\"avgPrice\",\"E\":1}}"), out);
        assertThat(out.records).isEmpty();
        assertThat(out.controls).containsExactly("response", "response", "error", "serverShutdown", "kline");
        assertThat(out.unknowns).containsExactly("avgPrice");
    }

    @Test
    void timeUnitMicrosecondKeepsTimes() {
        Trade t = feed(Exchange.BINANCE, "wss://stream.binance.com:9443/ws/bnbbtc@trade?timeUnit=MICROSECOND",
                "{\"e\":\"trade\",\"E\":1672515782136001,\"s\":\"BNBBTC\",\"t\":1,\"p\":\"1\",\"q\":\"2\","
                        + "\"T\":1672515782135999,\"m\":false}").of(Trade.class).get(0);
        assertThat(t.exchangeTs()).isEqualTo(1672515782135999L);
    }

    @Test
    void rejectsNonBinanceExchanges() {
        assertThatThrownBy(() -> new BinanceAdapter(Exchange.OKX, new InstrumentRegistry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OKX");
        assertThatThrownBy(() -> new BinanceAdapter(Exchange.DERIBIT, new InstrumentRegistry()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedFramesNameTheProblem() {
        String trade = Fixtures.resource("venue/binance/spot-aggTrade.json");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, trade.substring(0, trade.length() / 2)))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, trade.replace("\"p\":\"0.35280000\",", "")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("aggTrade")
                .hasMessageContaining("'p'");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, trade.replace("0.35280000", "0.35x")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'p' is not a decimal");
        String depth = Fixtures.resource("venue/binance/spot-depth.json");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, depth.replace("\"U\":499869753,", "")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'U'");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, depth.replace("[\"0.35290000\",\"10968.00000000\"]",
                "\"x\""))).isInstanceOf(MalformedFrameException.class).hasMessageContaining("'a'");
        String ticker = Fixtures.resource("venue/binance/spot-ticker.json");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, ticker.replace("\"s\":\"BNBBTC\",", "")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'s'");
        assertThatThrownBy(() -> feed(Exchange.BINANCE, SPOT_URL, "")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> feed(Exchange.BINANCE_FUTURES, USDM_URL, "{\"stream\":\"btcusdt@forceOrder\","
                + "\"data\":{\"e\":\"forceOrder\",\"E\":1}}")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("'o'");
    }
}
