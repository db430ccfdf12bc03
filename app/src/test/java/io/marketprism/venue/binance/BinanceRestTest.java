package io.marketprism.venue.binance;

import static io.marketprism.venue.binance.BinanceWsTest.RX;
import static io.marketprism.venue.binance.BinanceWsTest.c;
import static io.marketprism.venue.binance.BinanceWsTest.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.BookSnapshot;
import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Instrument;
import io.marketprism.model.LongShortRatio;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.RatioKind;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.MalformedFrameException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REST bodies, routed by path, with fixtures written from the field lists of the protocol reference. */
class BinanceRestTest {
    static CollectingOutput rest(Exchange exchange, String url, String body) {
        CollectingOutput out = new CollectingOutput();
        new BinanceAdapter(exchange, new InstrumentRegistry()).onFrame(Frame.restResponse(RX, url, body), out);
        return out;
    }

    static CollectingOutput restResource(Exchange exchange, String url, String name) {
        return rest(exchange, url, Fixtures.resource("venue/binance/" + name));
    }

    @Test
    void spotDepthSymbolFromQuery() {
        BookSnapshot s = rest(Exchange.BINANCE, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=5000",
                "{\"lastUpdateId\":1027024,\"bids\":[[\"4.00000000\",\"431.00000000\"]],"
                        + "\"asks\":[[\"4.00000200\",\"12.00000000\"]]}").of(BookSnapshot.class).get(0);
        assertThat(s.symbol()).isEqualTo("BTC-USDT");
        assertThat(s.sequence()).isEqualTo(1027024L);
        assertThat(s.exchangeTs()).isZero();
        assertThat(s.receiveTs()).isEqualTo(RX);
        assertThat(levels(s.bids())).containsExactly("4/431");
        assertThat(levels(s.asks())).containsExactly("4.000002/12");
    }

    @Test
    void futuresDepthUsesTransactionTime() {
        BookSnapshot s = rest(Exchange.BINANCE_FUTURES, "https://fapi.binance.com/fapi/v1/depth?symbol=btcusdt",
                "{\"lastUpdateId\":1027024,\"E\":1589436922972,\"T\":1589436922959,\"bids\":[],\"asks\":[]}")
                .of(BookSnapshot.class).get(0);
        assertThat(s.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(s.exchangeTs()).isEqualTo(1589436922959_000L);
    }

    @Test
    void errorBodiesAreControl() {
        String err = "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";
        assertThat(rest(Exchange.BINANCE, "https://api.binance.com/api/v3/depth?symbol=NOPE", err).controls)
                .containsExactly("error");
        assertThat(rest(Exchange.BINANCE_FUTURES, "https://fapi.binance.com/fapi/v1/premiumIndex?symbol=X", err)
                .controls).containsExactly("error");
    }

    @Test
    void unknownPath() {
        CollectingOutput out = rest(Exchange.BINANCE, "https://api.binance.com/api/v3/avgPrice?symbol=BTCUSDT",
                "{\"mins\":5,\"price\":\"9.35751834\"}");
        assertThat(out.records).isEmpty();
        assertThat(out.unknowns).containsExactly("rest:/api/v3/avgPrice");
    }

    @Test
    void spotExchangeInfoUsesAssetsNotStringSplitting() {
        CollectingOutput out = restResource(Exchange.BINANCE, "https://api.binance.com/api/v3/exchangeInfo",
                "rest-exchangeInfo-spot.json");
        assertThat(out.instruments).hasSize(2);
        Instrument sats = out.instruments.get(0);
        assertThat(sats.symbol()).isEqualTo("1000SATS-USDT");
        assertThat(sats.nativeSymbol()).isEqualTo("1000SATSUSDT");
        assertThat(sats.base()).isEqualTo("1000SATS");
        assertThat(sats.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(sats.contractKind()).isEqualTo(ContractKind.SPOT);
        assertThat(c(sats.tickSize())).isEqualTo("0.0000001");
        assertThat(c(sats.lotSize())).isEqualTo("1");
        assertThat(sats.contractSize()).isNull();
        assertThat(out.instruments.get(1).status()).isEqualTo("BREAK");
    }

    @Test
    void usdmExchangeInfo() {
        CollectingOutput out = restResource(Exchange.BINANCE_FUTURES, "https://fapi.binance.com/fapi/v1/exchangeInfo",
                "rest-exchangeInfo-usdm.json");
        Instrument perp = out.instruments.get(0);
        assertThat(perp.symbol()).isEqualTo("BLZ-USDT-PERP");
        assertThat(perp.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(perp.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(perp.settle()).isEqualTo("USDT");
        assertThat(perp.expiry()).isNull();
        assertThat(c(perp.tickSize())).isEqualTo("0.0001");
        Instrument q = out.instruments.get(1);
        assertThat(q.symbol()).isEqualTo("BTC-USDT-250926");
        assertThat(q.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(q.expiry()).isEqualTo(1758873600000_000L);
        assertThat(c(q.lotSize())).isEqualTo("0.001");
    }

    @Test
    void coinmExchangeInfoFeedsContractSizeToLaterFrames() {
        InstrumentRegistry registry = new InstrumentRegistry();
        BinanceAdapter a = new BinanceAdapter(Exchange.BINANCE_DELIVERY, registry);
        CollectingOutput out = new CollectingOutput(registry);
        a.onFrame(Frame.restResponse(RX, "https://dapi.binance.com/dapi/v1/exchangeInfo",
                Fixtures.resource("venue/binance/rest-exchangeInfo-coinm.json")), out);
        Instrument eth = out.instruments.get(0);
        assertThat(eth.symbol()).isEqualTo("ETH-USD-PERP");
        assertThat(eth.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(eth.settle()).isEqualTo("ETH");
        assertThat(c(eth.contractSize())).isEqualTo("10");
        assertThat(eth.contractSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(eth.status()).isEqualTo("TRADING");
        Instrument btcQ = out.instruments.get(1);
        assertThat(btcQ.symbol()).isEqualTo("BTC-USD-211231");
        assertThat(btcQ.expiry()).isEqualTo(1640937600000_000L);
        // open interest of the quarterly now uses the registry's contract size
        a.onFrame(Frame.restResponse(RX, "https://dapi.binance.com/dapi/v1/openInterest?symbol=BTCUSD_211231",
                "{\"symbol\":\"BTCUSD_211231\",\"pair\":\"BTCUSD\",\"openInterest\":\"2470927\","
                        + "\"contractType\":\"CURRENT_QUARTER\",\"time\":1654336766113}"), out);
        OpenInterest oi = out.of(OpenInterest.class).get(0);
        assertThat(oi.unit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(oi.openInterest())).isEqualTo("2470927");
        assertThat(oi.openInterestBase()).isNull();
        assertThat(c(oi.openInterestUsd())).isEqualTo("247092700");
        assertThat(oi.exchangeTs()).isEqualTo(1654336766113_000L);
    }

    @Test
    void usdmOpenInterestIsBase() {
        OpenInterest oi = rest(Exchange.BINANCE_FUTURES, "https://fapi.binance.com/fapi/v1/openInterest?symbol=BTCUSDT",
                "{\"openInterest\":\"10659.509\",\"symbol\":\"BTCUSDT\",\"time\":1589437530011}")
                .of(OpenInterest.class).get(0);
        assertThat(oi.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(oi.unit()).isEqualTo(SizeUnit.BASE);
        assertThat(c(oi.openInterestBase())).isEqualTo("10659.509");
        assertThat(oi.openInterestUsd()).isNull();
    }

    @Test
    void premiumIndexArray() {
        List<Funding> fs = restResource(Exchange.BINANCE_FUTURES, "https://fapi.binance.com/fapi/v1/premiumIndex",
                "rest-premiumIndex-usdm.json").of(Funding.class);
        assertThat(fs).hasSize(2);
        assertThat(c(fs.get(0).fundingRate())).isEqualTo("0.00038246");
        assertThat(c(fs.get(0).markPrice())).isEqualTo("11793.63104562");
        assertThat(c(fs.get(0).indexPrice())).isEqualTo("11781.8049597");
        assertThat(fs.get(0).nextFundingTime()).isEqualTo(1597392000000_000L);
        assertThat(fs.get(0).exchangeTs()).isEqualTo(1597370495002_000L);
        assertThat(fs.get(1).fundingRate()).isNull();
        assertThat(fs.get(1).nextFundingTime()).isNull();
    }

    @Test
    void fundingHistory() {
        List<Funding> fs = restResource(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/fapi/v1/fundingRate?symbol=BTCUSDT&limit=2", "rest-fundingRate-usdm.json")
                .of(Funding.class);
        assertThat(fs).extracting(f -> c(f.fundingRate())).containsExactly("-0.0375", "0.0001");
        assertThat(fs.get(0).fundingTime()).isEqualTo(1570608000000_000L);
        assertThat(fs.get(0).exchangeTs()).isEqualTo(1570608000000_000L);
        assertThat(c(fs.get(0).markPrice())).isEqualTo("34287.54619963");
        assertThat(fs.get(1).markPrice()).isNull();
    }

    @Test
    void usdmRatios() {
        String q = "?symbol=BTCUSDT&period=5m";
        List<LongShortRatio> global = restResource(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/futures/data/globalLongShortAccountRatio" + q,
                "rest-globalLongShortAccountRatio-usdm.json").of(LongShortRatio.class);
        assertThat(global).hasSize(2);
        LongShortRatio g = global.get(0);
        assertThat(g.kind()).isEqualTo(RatioKind.GLOBAL_ACCOUNT);
        assertThat(g.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(g.period()).isEqualTo("5m");
        assertThat(c(g.ratio())).isEqualTo("0.196");
        assertThat(c(g.longShare())).isEqualTo("0.6622");
        assertThat(c(g.shortShare())).isEqualTo("0.3378");
        assertThat(g.exchangeTs()).isEqualTo(1583139600000_000L); // timestamp as a string
        assertThat(global.get(1).exchangeTs()).isEqualTo(1583139900000_000L); // and as a number
        LongShortRatio top = restResource(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/futures/data/topLongShortAccountRatio" + q,
                "rest-topLongShortAccountRatio-usdm.json").of(LongShortRatio.class).get(0);
        assertThat(top.kind()).isEqualTo(RatioKind.TOP_ACCOUNT);
        assertThat(c(top.ratio())).isEqualTo("1.8105");
        LongShortRatio pos = restResource(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/futures/data/topLongShortPositionRatio" + q,
                "rest-topLongShortPositionRatio-usdm.json").of(LongShortRatio.class).get(0);
        assertThat(pos.kind()).isEqualTo(RatioKind.TOP_POSITION);
        assertThat(c(pos.longShare())).isEqualTo("0.5891");
        LongShortRatio taker = restResource(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/futures/data/takerlongshortRatio" + q,
                "rest-takerlongshortRatio-usdm.json").of(LongShortRatio.class).get(0);
        assertThat(taker.kind()).isEqualTo(RatioKind.TAKER_BUY_SELL);
        assertThat(taker.nativeSymbol()).isEqualTo("BTCUSDT"); // items carry no symbol: from the query
        assertThat(c(taker.ratio())).isEqualTo("1.5586");
        assertThat(c(taker.buyVolume())).isEqualTo("387.33");
        assertThat(c(taker.sellVolume())).isEqualTo("248.503");
        assertThat(taker.longShare()).isNull();
    }

    @Test
    void coinmRatiosArePerPair() {
        LongShortRatio pos = restResource(Exchange.BINANCE_DELIVERY,
                "https://dapi.binance.com/futures/data/topLongShortPositionRatio?pair=BTCUSD&period=1h",
                "rest-topLongShortPositionRatio-coinm.json").of(LongShortRatio.class).get(0);
        assertThat(pos.symbol()).isEqualTo("BTC-USD");
        assertThat(pos.nativeSymbol()).isEqualTo("BTCUSD");
        assertThat(pos.period()).isEqualTo("1h");
        assertThat(c(pos.longShare())).isEqualTo("0.6442"); // longPosition
        assertThat(c(pos.shortShare())).isEqualTo("0.4404");
        List<LongShortRatio> taker = restResource(Exchange.BINANCE_DELIVERY,
                "https://dapi.binance.com/futures/data/takerBuySellVol?pair=BTCUSD&contractType=ALL&period=5m",
                "rest-takerBuySellVol-coinm.json").of(LongShortRatio.class);
        assertThat(taker.get(0).symbol()).isEqualTo("BTC-USD-CURRENT_QUARTER");
        assertThat(c(taker.get(0).buyVolume())).isEqualTo("2342.122");
        assertThat(c(taker.get(0).ratio())).startsWith("1.56048387096774193548387096774");
        assertThat(taker.get(1).symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(taker.get(1).ratio())).isEqualTo("0.75");
    }

    @Test
    void restTradesForBackfill() {
        Trade agg = restResource(Exchange.BINANCE, "https://api.binance.com/api/v3/aggTrades?symbol=LTCBTC&fromId=1",
                "rest-aggTrades-spot.json").of(Trade.class).get(0);
        assertThat(agg.symbol()).isEqualTo("LTC-BTC");
        assertThat(agg.tradeId()).isEqualTo("26129");
        assertThat(agg.side()).isEqualTo(Side.SELL);
        assertThat(c(agg.price())).isEqualTo("0.01633102");
        assertThat(c(agg.size())).isEqualTo("4.70443515");
        assertThat(agg.exchangeTs()).isEqualTo(1498793709153_000L);
        Trade t = restResource(Exchange.BINANCE, "https://api.binance.com/api/v3/trades?symbol=BNBBTC",
                "rest-trades-spot.json").of(Trade.class).get(0);
        assertThat(t.tradeId()).isEqualTo("28457");
        assertThat(t.side()).isEqualTo(Side.BUY);
        assertThat(c(t.price())).isEqualTo("4.000001");
        assertThat(c(t.size())).isEqualTo("12");
        assertThatThrownBy(() -> rest(Exchange.BINANCE, "https://api.binance.com/api/v3/trades", "[]"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("symbol");
    }

    @Test
    void coinmRestTicker() {
        Ticker t = restResource(Exchange.BINANCE_DELIVERY, "https://dapi.binance.com/dapi/v1/ticker/24hr",
                "rest-ticker24hr-coinm.json").of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-200925");
        assertThat(c(t.last())).isEqualTo("9651.6");
        assertThat(c(t.volumeBase())).isEqualTo("62.82");
        assertThat(c(t.volumeQuote())).isEqualTo("600000");
        assertThat(c(t.priceChangePct())).isEqualTo("1.436");
        assertThat(t.exchangeTs()).isEqualTo(1591268262442_000L);
    }

    @Test
    void restBookTicker() {
        Quote q = restResource(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/fapi/v1/ticker/bookTicker?symbol=BTCUSDT", "rest-bookTicker-usdm.json")
                .of(Quote.class).get(0);
        assertThat(q.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(q.sequence()).isEqualTo(1027024L);
        assertThat(c(q.askPrice())).isEqualTo("4.000002");
        assertThat(c(q.bidSize())).isEqualTo("431");
        assertThat(q.exchangeTs()).isEqualTo(1589437530011_000L);
    }

    @Test
    void malformedRestBodies() {
        assertThatThrownBy(() -> rest(Exchange.BINANCE, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT",
                "{\"bids\":[],\"asks\":[]}")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("lastUpdateId");
        assertThatThrownBy(() -> rest(Exchange.BINANCE, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT",
                "{\"lastUpdateId\":1,\"bids\":[[\"1\",")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> rest(Exchange.BINANCE_FUTURES,
                "https://fapi.binance.com/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m",
                "[{\"symbol\":\"BTCUSDT\",\"longShortRatio\":\"1\"}]")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> rest(Exchange.BINANCE, "https://api.binance.com/api/v3/exchangeInfo", "{}"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("symbols");
    }
}
