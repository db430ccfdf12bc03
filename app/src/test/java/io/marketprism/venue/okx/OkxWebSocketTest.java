package io.marketprism.venue.okx;

import static io.marketprism.venue.okx.OkxTestSupport.RECEIVE_TS;
import static io.marketprism.venue.okx.OkxTestSupport.c;
import static io.marketprism.venue.okx.OkxTestSupport.ws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quantities;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OkxWebSocketTest {

    @Test
    void spotTradeKeepsBaseSizeAndTradeIdAsSequence() {
        CollectingOutput out = new OkxTestSupport().feed(ws("trades-spot.json"));
        Trade t = (Trade) out.records.get(0);
        assertThat(out.records).hasSize(1);
        assertThat(t.exchange()).isEqualTo(Exchange.OKX);
        assertThat(t.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(t.symbol()).isEqualTo("BTC-USDT");
        assertThat(t.nativeSymbol()).isEqualTo("BTC-USDT");
        assertThat(t.tradeId()).isEqualTo("130639474");
        assertThat(t.sequence()).isEqualTo(130639474L);
        assertThat(t.side()).isEqualTo(Side.BUY);
        assertThat(c(t.price())).isEqualTo("42219.9");
        assertThat(c(t.size())).isEqualTo("0.12060306");
        assertThat(c(t.rawSize())).isEqualTo("0.12060306");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(t.liquidation()).isFalse();
        assertThat(t.exchangeTs()).isEqualTo(1630048897897000L);
        assertThat(t.receiveTs()).isEqualTo(RECEIVE_TS);
    }

    @Test
    void linearSwapTradeConvertsContractsWithCtVal() {
        CollectingOutput out = new OkxTestSupport().withInstruments().feed(ws("trades-swap.json"));
        List<Trade> trades = out.of(Trade.class);
        assertThat(trades).hasSize(2);
        Trade t = trades.get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(t.nativeSymbol()).isEqualTo("BTC-USDT-SWAP");
        assertThat(t.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(t.side()).isEqualTo(Side.SELL);
        assertThat(c(t.rawSize())).isEqualTo("25");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(t.size())).isEqualTo("0.25"); // 25 × 0.01 BTC
        assertThat(c(trades.get(1).size())).isEqualTo("0.03");
        assertThat(c(trades.get(1).price())).isEqualTo("42220");
        assertThat(trades.get(1).sequence()).isEqualTo(242720721L);
    }

    @Test
    void inverseTradeConvertsUsdContractsAtTheTradePrice() {
        CollectingOutput out = new OkxTestSupport().withInstruments().feed(ws("trades-all-inverse.json"));
        Trade t = out.of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(t.rawSize())).isEqualTo("12");
        assertThat(c(t.size())).isEqualTo("0.03"); // 12 × 100 USD / 40000
    }

    @Test
    void derivativeTradeWithoutInstrumentHasNoBaseSize() {
        CollectingOutput out = new OkxTestSupport().feed(ws("trades-swap.json"));
        Trade t = out.of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(t.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(t.rawSize())).isEqualTo("25");
        assertThat(t.size()).isNull();
    }

    @Test
    void bookSnapshotKeepsLevelTextAndSequence() {
        CollectingOutput out = new OkxTestSupport().feed(ws("books-snapshot.json"));
        BookSnapshot b = (BookSnapshot) out.records.get(0);
        assertThat(out.records).hasSize(1);
        assertThat(b.symbol()).isEqualTo("BTC-USDT");
        assertThat(b.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(b.sequence()).isEqualTo(123456L);
        assertThat(b.checksum()).as("checksum 0 is the deprecated placeholder").isNull();
        assertThat(b.bids()).containsExactly(BookLevel.of("8476.97", "256"), BookLevel.of("8475.55", "101"));
        assertThat(b.asks()).extracting(l -> l.price().toPlainString()).containsExactly("8476.98", "8477");
        assertThat(b.exchangeTs()).isEqualTo(1597026383085000L);
    }

    @Test
    void bookUpdateCarriesSeqIdsChecksumAndDeletes() {
        CollectingOutput out = new OkxTestSupport().feed(ws("books-update.json"));
        BookDelta d = (BookDelta) out.records.get(0);
        assertThat(d.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(d.sizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(d.sequence()).isEqualTo(123457L);
        assertThat(d.prevSequence()).isEqualTo(123456L);
        assertThat(d.firstSequence()).isNull();
        assertThat(d.checksum()).isEqualTo(-1881014294L);
        assertThat(d.asks()).containsExactly(BookLevel.of("8476.98", "0"), BookLevel.of("8477", "9"));
        assertThat(d.bids()).containsExactly(BookLevel.of("8476.97", "250"));
        assertThat(d.exchangeTs()).isEqualTo(1597026383185000L);
    }

    @Test
    void emptyKeepAliveUpdateIsADeltaWithEqualSequences() {
        BookDelta d = (BookDelta) new OkxTestSupport().feed(ws("books-keepalive.json")).records.get(0);
        assertThat(d.bids()).isEmpty();
        assertThat(d.asks()).isEmpty();
        assertThat(d.prevSequence()).isEqualTo(d.sequence()).isEqualTo(123457L);
    }

    @Test
    void l2TbtFrameWithoutActionIsASnapshotAndKeepsScale() {
        BookSnapshot b = (BookSnapshot) new OkxTestSupport().feed(ws("books-l2-tbt-no-action.json")).records.get(0);
        assertThat(b.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(b.symbol()).isEqualTo("BTC-USD-220304-32000-P");
        assertThat(b.checksum()).isEqualTo(971343753L);
        assertThat(b.sequence()).isNull();
        assertThat(b.bids()).isEmpty();
        // "0.0010" must stay "0.0010" for the CRC32 over the venue's strings
        assertThat(b.asks().get(1).price().toPlainString()).isEqualTo("0.0010");
    }

    @Test
    void books5IsATopFiveSnapshot() {
        BookSnapshot b = (BookSnapshot) new OkxTestSupport().feed(ws("books5.json")).records.get(0);
        assertThat(b.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(b.sequence()).isEqualTo(9876L);
        assertThat(b.bids()).containsExactly(BookLevel.of("31806.5", "54"), BookLevel.of("31806", "1"));
        assertThat(b.asks()).hasSize(2);
        assertThat(b.exchangeTs()).isEqualTo(1653997254735000L);
        assertThat(b.partial()).as("a top-5 book never seeds a local book").isTrue();
    }

    @Test
    void bboTbtIsAQuote() {
        Quote q = (Quote) new OkxTestSupport().feed(ws("bbo-tbt.json")).records.get(0);
        assertThat(q.symbol()).isEqualTo("BCH-USDT-PERP");
        assertThat(c(q.bidPrice())).isEqualTo("111.05");
        assertThat(c(q.bidSize())).isEqualTo("57745");
        assertThat(c(q.askPrice())).isEqualTo("111.06");
        assertThat(c(q.askSize())).isEqualTo("55154");
        assertThat(q.sizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(q.sequence()).isEqualTo(363996337L);
        assertThat(q.exchangeTs()).isEqualTo(1670324386802000L);
    }

    @Test
    void oneSidedBboLeavesTheEmptySideNull() {
        Quote q = (Quote) new OkxTestSupport().feed(ws("bbo-tbt-one-sided.json")).records.get(0);
        assertThat(q.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(q.bidPrice()).isNull();
        assertThat(q.bidSize()).isNull();
        assertThat(c(q.askPrice())).isEqualTo("0.0015");
        assertThat(q.sequence()).isNull();
    }

    @Test
    void spotTickerVolumesAreBaseAndQuote() {
        Ticker t = (Ticker) new OkxTestSupport().feed(ws("tickers-spot.json")).records.get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USDT");
        assertThat(c(t.last())).isEqualTo("30236");
        assertThat(c(t.open())).isEqualTo("29700.4");
        assertThat(c(t.high())).isEqualTo("31073");
        assertThat(c(t.low())).isEqualTo("28020.3");
        assertThat(c(t.volumeBase())).isEqualTo("17602.13085371");
        assertThat(c(t.volumeQuote())).isEqualTo("525802090.62716611");
        assertThat(c(t.bestBid())).isEqualTo("30228.6");
        assertThat(c(t.bestAsk())).isEqualTo("30228.7");
        assertThat(t.priceChangePct()).isNull();
        assertThat(t.exchangeTs()).isEqualTo(1652459224956000L);
    }

    @Test
    void inverseTickerBaseVolumeIsVolCcyAndQuoteVolumeIsContractsTimesCtVal() {
        Ticker t = (Ticker) new OkxTestSupport().withInstruments().feed(ws("tickers-inverse.json")).records.get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(t.volumeBase())).isEqualTo("17799.3208");
        assertThat(c(t.volumeQuote())).isEqualTo("541251000"); // 5412510 contracts × 100 USD
    }

    @Test
    void linearTickerHasNoExactQuoteVolumeAndEmptyBidIsNull() {
        Ticker t = (Ticker) new OkxTestSupport().withInstruments().feed(ws("tickers-linear.json")).records.get(0);
        assertThat(c(t.volumeBase())).isEqualTo("108540.53");
        assertThat(t.volumeQuote()).isNull();
        assertThat(t.bestBid()).isNull();
        assertThat(c(t.bestAsk())).isEqualTo("29960");
    }

    @Test
    void fundingRateWithIntervalFromTheTwoTimes() {
        Funding f = (Funding) new OkxTestSupport().feed(ws("funding-rate.json")).records.get(0);
        assertThat(f.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(f.fundingRate())).isEqualTo("0.0001875391284828");
        assertThat(f.predictedRate()).as("nextFundingRate is empty").isNull();
        assertThat(f.fundingTime()).isEqualTo(1700726400000000L);
        assertThat(f.nextFundingTime()).isEqualTo(1700755200000000L);
        assertThat(f.fundingIntervalHours()).isEqualTo(8);
        assertThat(f.markPrice()).isNull();
        assertThat(f.indexPrice()).isNull();
        assertThat(f.exchangeTs()).isEqualTo(1700724675402000L);
    }

    @Test
    void legacyFundingPushKeepsPredictedRateAndHasNoExchangeTime() {
        Funding f = (Funding) new OkxTestSupport().feed(ws("funding-rate-legacy.json")).records.get(0);
        assertThat(c(f.fundingRate())).isEqualTo("0.0001534702159002");
        assertThat(c(f.predictedRate())).isEqualTo("0.0001542145319804");
        assertThat(f.nextFundingTime()).isNull();
        assertThat(f.fundingIntervalHours()).isNull();
        assertThat(f.exchangeTs()).isZero();
    }

    @Test
    void markPriceIsAFundingRecordWithMarkOnly() {
        Funding f = (Funding) new OkxTestSupport().feed(ws("mark-price.json")).records.get(0);
        assertThat(f.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(c(f.markPrice())).isEqualTo("42310.6");
        assertThat(f.fundingRate()).isNull();
        assertThat(f.fundingTime()).isNull();
        assertThat(f.exchangeTs()).isEqualTo(1597026383085000L);
    }

    @Test
    void openInterestInContractsBaseAndUsd() {
        OpenInterest oi = (OpenInterest) new OkxTestSupport().feed(ws("open-interest.json")).records.get(0);
        assertThat(oi.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(c(oi.openInterest())).isEqualTo("2216113.01000000309");
        assertThat(oi.unit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(oi.openInterestBase())).isEqualTo("22161.1301000000309");
        assertThat(c(oi.openInterestUsd())).isEqualTo("1939251795.54769270396321");
        assertThat(oi.exchangeTs()).isEqualTo(1743041250440000L);
    }

    @Test
    void liquidationOrdersOnePerDetailWithInstrumentFromTheElement() {
        CollectingOutput out = new OkxTestSupport().withInstruments().feed(ws("liquidation-orders.json"));
        List<Liquidation> l = out.of(Liquidation.class);
        assertThat(l).hasSize(3);
        assertThat(l.get(0).symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(l.get(0).side()).isEqualTo(Side.BUY);
        assertThat(c(l.get(0).price())).isEqualTo("40000");
        assertThat(c(l.get(0).rawSize())).isEqualTo("13");
        assertThat(l.get(0).rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(l.get(0).size())).isEqualTo("0.0325"); // 13 × 100 USD / 40000
        assertThat(l.get(0).exchangeTs()).isEqualTo(1692266434010000L);
        assertThat(l.get(0).tradeId()).isNull();
        assertThat(l.get(1).side()).isEqualTo(Side.SELL);
        assertThat(l.get(1).size()).isEqualTo(Quantities.divide(new BigDecimal("200"), new BigDecimal("39990.5")));
        // IOST-USDT-SWAP is not in the registry: no base size, symbol from the pattern
        assertThat(l.get(2).symbol()).isEqualTo("IOST-USDT-PERP");
        assertThat(l.get(2).size()).isNull();
        assertThat(c(l.get(2).price())).isEqualTo("0.007831");
    }

    @Test
    void controlFramesAreCounted() {
        OkxTestSupport s = new OkxTestSupport();
        CollectingOutput out = s.feed(ws("event-subscribe.json"), ws("event-error.json"), ws("event-notice.json"),
                ws("index-tickers.json"), Frame.wsIn(1L, OkxTestSupport.WS_URL, "pong"));
        assertThat(out.controls).containsExactly("event:subscribe", "event:error", "event:notice", "index-tickers",
                "pong");
        assertThat(out.records).isEmpty();
        assertThat(out.unknowns).isEmpty();
    }

    @Test
    void otherChannelsAndV3FramesAreUnknown() {
        CollectingOutput out = new OkxTestSupport().feed(ws("candle.json"), ws("v3-trade.json"));
        assertThat(out.unknowns).containsExactly("channel:candle1m", "v3:spot/trade");
        assertThat(out.records).isEmpty();
    }

    @Test
    void malformedFramesThrowNamingTheProblem() {
        OkxTestSupport s = new OkxTestSupport();
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u", "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u",
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"1\","
                        + "\"sz\":\"1\",\"side\":\"buy\"}]}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'ts'");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u",
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"x1\","
                        + "\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1\"}]}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'px'");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u",
                "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\",\"data\":[{\"asks\":"
                        + "[[\"1\"]],\"bids\":[],\"ts\":\"1\"}]}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("asks");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u",
                "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"partial\",\"data\":[]}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("partial");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u", "{\"arg\":{\"channel\":\"tickers\"}}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'data'");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u", "{\"data\":[]}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("'arg'");
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u",
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"1\","
                        + "\"sz\":\"1\",\"side\":\"up\",\"ts\":\"1\"}]}")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("buy/sell");
        assertThat(s.out.records).isEmpty();
    }

    @Test
    void aFrameMalformedHalfWayEmitsNothing() {
        OkxTestSupport s = new OkxTestSupport();
        String frame = "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":["
                + "{\"tradeId\":\"1\",\"px\":\"1\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1\"},"
                + "{\"tradeId\":\"2\",\"px\":\"1\",\"sz\":\"1\",\"side\":\"buy\"}]}";
        assertThatThrownBy(() -> s.feed(Frame.wsIn(1L, "u", frame))).isInstanceOf(MalformedFrameException.class);
        assertThat(s.out.records).isEmpty();
    }
}
