package io.marketprism.venue.okx;

import static io.marketprism.venue.okx.OkxTestSupport.RECEIVE_TS;
import static io.marketprism.venue.okx.OkxTestSupport.c;
import static io.marketprism.venue.okx.OkxTestSupport.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Funding;
import io.marketprism.model.LongShortRatio;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quantities;
import io.marketprism.model.RatioKind;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OkxRestTest {

    @Test
    void booksSnapshotTakesInstIdFromTheQuery() {
        CollectingOutput out = new OkxTestSupport().feed(
                rest("/api/v5/market/books?instId=BTC-USDT&sz=400", "rest-books.json"));
        BookSnapshot b = (BookSnapshot) out.records.get(0);
        assertThat(out.records).hasSize(1);
        assertThat(b.symbol()).isEqualTo("BTC-USDT");
        assertThat(b.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(b.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(b.sequence()).isEqualTo(3434534L);
        assertThat(b.checksum()).isNull();
        assertThat(b.asks().get(1).size().toPlainString()).isEqualTo("0.30000000");
        assertThat(c(b.bids().get(0).price())).isEqualTo("41006.3");
        assertThat(b.exchangeTs()).isEqualTo(1629966436396000L);
        assertThat(b.receiveTs()).isEqualTo(RECEIVE_TS);
    }

    @Test
    void booksFullOfASwapIsInContracts() {
        BookSnapshot b = (BookSnapshot) new OkxTestSupport().feed(
                rest("/api/v5/market/books-full?instId=BTC-USDT-SWAP&sz=5000", "rest-books.json")).records.get(0);
        assertThat(b.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(b.sizeUnit()).isEqualTo(SizeUnit.CONTRACT);
    }

    @Test
    void booksWithoutInstIdInTheUrlAreMalformed() {
        assertThatThrownBy(() -> new OkxTestSupport().feed(rest("/api/v5/market/books?sz=5", "rest-books.json")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("instId");
    }

    @Test
    void openInterestPerElement() {
        List<OpenInterest> oi = new OkxTestSupport().feed(
                rest("/api/v5/public/open-interest?instType=SWAP", "rest-open-interest.json")).of(OpenInterest.class);
        assertThat(oi).hasSize(2);
        assertThat(oi.get(0).symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(oi.get(0).openInterest())).isEqualTo("4092973");
        assertThat(c(oi.get(0).openInterestBase())).isEqualTo("13840.048827662696883");
        assertThat(c(oi.get(0).openInterestUsd())).isEqualTo("409297300");
        assertThat(oi.get(1).symbol()).isEqualTo("ETH-USD-PERP");
        assertThat(oi.get(1).openInterestUsd()).isNull();
        assertThat(oi.get(1).exchangeTs()).isEqualTo(1654348683853000L);
    }

    @Test
    void fundingRateAndHistory() {
        OkxTestSupport s = new OkxTestSupport();
        Funding f = (Funding) s.feed(rest("/api/v5/public/funding-rate?instId=BTC-USDT-SWAP", "rest-funding-rate.json"))
                .records.get(0);
        assertThat(c(f.fundingRate())).isEqualTo("0.000079238688534");
        assertThat(f.fundingIntervalHours()).isEqualTo(4);
        assertThat(f.exchangeTs()).isEqualTo(1703070685309000L);
        s.out.clear();
        List<Funding> h = s.feed(rest("/api/v5/public/funding-rate-history?instId=BTC-USD-SWAP&limit=2",
                "rest-funding-rate-history.json")).of(Funding.class);
        assertThat(h).hasSize(2);
        assertThat(h.get(0).symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(h.get(0).fundingRate())).isEqualTo("0.0000746572360545");
        assertThat(h.get(0).fundingTime()).isEqualTo(1703059200000000L);
        assertThat(h.get(0).exchangeTs()).as("a settlement row is timed by its fundingTime")
                .isEqualTo(1703059200000000L);
        assertThat(h.get(1).fundingTime()).isEqualTo(1703030400000000L);
    }

    @Test
    void markPriceTickersAndTrades() {
        OkxTestSupport s = new OkxTestSupport();
        s.feed(rest("/api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP", "rest-mark-price.json"),
                rest("/api/v5/market/tickers?instType=SWAP", "rest-tickers.json"),
                rest("/api/v5/market/history-trades?instId=BTC-USDT", "rest-trades.json"));
        Funding mark = s.out.of(Funding.class).get(0);
        assertThat(c(mark.markPrice())).isEqualTo("200");
        Ticker t = s.out.of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("LTC-USD-PERP");
        assertThat(c(t.volumeBase())).isEqualTo("2222");
        assertThat(t.volumeQuote()).as("no instrument: contract value unknown").isNull();
        List<Trade> trades = s.out.of(Trade.class);
        assertThat(trades).extracting(Trade::tradeId).containsExactly("242720720", "242720719");
        assertThat(trades.get(0).side()).isEqualTo(Side.SELL);
        assertThat(c(trades.get(0).size())).isEqualTo("0.00001");
        assertThat(trades.get(0).exchangeTs()).isEqualTo(1654161646974000L);
    }

    @Test
    void longShortAccountRatioPerCurrency() {
        List<LongShortRatio> r = new OkxTestSupport().feed(
                rest("/api/v5/rubik/stat/contracts/long-short-account-ratio?ccy=BTC&period=1H",
                        "rubik-long-short-account-ratio.json")).of(LongShortRatio.class);
        assertThat(r).hasSize(2);
        assertThat(r.get(0).kind()).isEqualTo(RatioKind.GLOBAL_ACCOUNT);
        assertThat(r.get(0).symbol()).isEqualTo("BTC");
        assertThat(r.get(0).nativeSymbol()).isEqualTo("BTC");
        assertThat(r.get(0).marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(r.get(0).period()).isEqualTo("1H");
        assertThat(c(r.get(0).ratio())).isEqualTo("1.25");
        assertThat(r.get(0).longShare()).isNull();
        assertThat(r.get(0).exchangeTs()).isEqualTo(1630502100000000L);
        assertThat(c(r.get(1).ratio())).isEqualTo("1.2");
    }

    @Test
    void contractRatiosByEndpoint() {
        OkxTestSupport s = new OkxTestSupport();
        String base = "/api/v5/rubik/stat/contracts/";
        s.feed(rest(base + "long-short-position-ratio-contract-top-trader?instId=BTC-USDT-SWAP",
                        "rubik-top-position.json"),
                rest(base + "long-short-account-ratio-contract-top-trader?instId=BTC-USDT-SWAP&period=15m",
                        "rubik-top-position.json"),
                rest(base + "long-short-account-ratio-contract?instId=BTC-USDT-SWAP", "rubik-top-position.json"));
        List<LongShortRatio> r = s.out.of(LongShortRatio.class);
        assertThat(r).extracting(LongShortRatio::kind).containsExactly(RatioKind.TOP_POSITION,
                RatioKind.TOP_POSITION, RatioKind.TOP_ACCOUNT, RatioKind.TOP_ACCOUNT, RatioKind.GLOBAL_ACCOUNT,
                RatioKind.GLOBAL_ACCOUNT);
        assertThat(r).extracting(LongShortRatio::symbol).containsOnly("BTC-USDT-PERP");
        assertThat(r).extracting(LongShortRatio::period).containsExactly("5m", "5m", "15m", "15m", "5m", "5m");
        assertThat(c(r.get(0).ratio())).isEqualTo("1.1739");
        assertThat(r.get(0).exchangeTs()).isEqualTo(1701417600000000L);
    }

    @Test
    void takerVolumeRatioIsBuyOverSell() {
        OkxTestSupport s = new OkxTestSupport();
        s.feed(rest("/api/v5/rubik/stat/taker-volume?ccy=BTC&instType=CONTRACTS&period=1D", "rubik-taker-volume.json"),
                rest("/api/v5/rubik/stat/taker-volume?ccy=BTC&instType=SPOT", "rubik-taker-volume.json"),
                rest("/api/v5/rubik/stat/taker-volume-contract?instId=BTC-USD-SWAP&unit=1", "rubik-taker-volume.json"));
        List<LongShortRatio> r = s.out.of(LongShortRatio.class);
        assertThat(r).hasSize(6);
        LongShortRatio first = r.get(0);
        assertThat(first.kind()).isEqualTo(RatioKind.TAKER_BUY_SELL);
        assertThat(first.symbol()).isEqualTo("BTC");
        assertThat(first.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(first.period()).isEqualTo("1D");
        assertThat(c(first.sellVolume())).isEqualTo("7596.2651");
        assertThat(c(first.buyVolume())).isEqualTo("7149.4855");
        assertThat(first.ratio()).isEqualTo(
                Quantities.divide(new BigDecimal("7149.4855"), new BigDecimal("7596.2651")));
        assertThat(first.exchangeTs()).isEqualTo(1630425600000000L);
        assertThat(r.get(2).marketType()).isEqualTo(MarketType.SPOT);
        assertThat(r.get(4).symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(r.get(4).nativeSymbol()).isEqualTo("BTC-USD-SWAP");
    }

    @Test
    void rubikWithoutCurrencyOrWithShortRowsIsMalformed() {
        OkxTestSupport s = new OkxTestSupport();
        assertThatThrownBy(() -> s.feed(rest("/api/v5/rubik/stat/contracts/long-short-account-ratio?period=5m",
                "rubik-long-short-account-ratio.json")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("ccy");
        assertThatThrownBy(() -> s.feed(rest("/api/v5/rubik/stat/taker-volume?ccy=BTC&instType=SPOT",
                "rubik-long-short-account-ratio.json")))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("rubik row");
        assertThat(s.out.records).isEmpty();
    }

    @Test
    void errorCodeIsCountedAndUnknownPathsAreUnknown() {
        OkxTestSupport s = new OkxTestSupport();
        s.feed(rest("/api/v5/market/books?instId=BTC-USDT", "rest-error.json"),
                rest("/api/v5/market/candles?instId=BTC-USDT", "rest-trades.json"));
        assertThat(s.out.controls).containsExactly("error");
        assertThat(s.out.unknowns).containsExactly("rest:/api/v5/market/candles");
        assertThat(s.out.records).isEmpty();
    }

    @Test
    void urlPathAndQueryParsing() {
        assertThat(OkxRest.path("https://www.okx.com/api/v5/market/books?instId=BTC-USDT")).isEqualTo(
                "/api/v5/market/books");
        assertThat(OkxRest.path("/api/v5/market/books")).isEqualTo("/api/v5/market/books");
        assertThat(OkxRest.query("https://x/api?instId=BTC-USD_UM-SWAP&sz=&uly=BTC%2DUSD"))
                .containsEntry("instId", "BTC-USD_UM-SWAP").containsEntry("sz", "").containsEntry("uly", "BTC-USD");
    }
}
