package io.marketprism.venue.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.model.VolatilityIndex;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeribitWebSocketTest {
    private static final String WS = "wss://www.deribit.com/ws/api/v2";
    private static final long RECEIVED = 1_765_541_490_123_456_789L;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final DeribitAdapter adapter = new DeribitAdapter(registry);
    private final CollectingOutput out = new CollectingOutput(registry);

    private void ws(String resource) {
        text(Fixtures.resource("venue/deribit/" + resource));
    }

    private void text(String message) {
        adapter.onFrame(Frame.wsIn(RECEIVED, WS, message), out);
    }

    private static String c(BigDecimal v) {
        return v == null ? null : Decimals.canonical(v);
    }

    private static List<String> levels(List<BookLevel> levels) {
        return levels.stream().map(l -> c(l.price()) + "x" + c(l.size())).toList();
    }

    @Test
    void exchangeIsDeribit() {
        assertThat(adapter.exchange()).isEqualTo(Exchange.DERIBIT);
    }

    @Test
    void inverseTradesAreUsdAmountsConvertedToBase() {
        ws("trades_inverse.json");
        List<Trade> trades = out.of(Trade.class);
        assertThat(trades).hasSize(2);
        assertThat(out.records).hasSize(2);
        Trade t = trades.get(0);
        assertThat(t.exchange()).isEqualTo(Exchange.DERIBIT);
        assertThat(t.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(t.nativeSymbol()).isEqualTo("BTC-PERPETUAL");
        assertThat(t.tradeId()).isEqualTo("403691825");
        assertThat(t.sequence()).isEqualTo(271252855L);
        assertThat(t.side()).isEqualTo(Side.SELL);
        assertThat(c(t.price())).isEqualTo("92288.5");
        assertThat(c(t.rawSize())).isEqualTo("750");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        // 750 / 92288.5 does not terminate: 34 significant digits
        assertThat(t.size()).isEqualByComparingTo(new BigDecimal("750").divide(new BigDecimal("92288.5"),
                java.math.MathContext.DECIMAL128));
        assertThat(t.size().precision()).isEqualTo(34);
        assertThat(t.liquidation()).isFalse();
        assertThat(t.exchangeTs()).isEqualTo(1_765_531_356_452_000L);
        assertThat(t.receiveTs()).isEqualTo(RECEIVED);

        Trade exact = trades.get(1);
        assertThat(c(exact.rawSize())).isEqualTo("2000"); // 2000.0 in the frame
        assertThat(c(exact.price())).isEqualTo("40000");
        assertThat(c(exact.size())).isEqualTo("0.05");   // 2000 USD at 40000
        assertThat(exact.side()).isEqualTo(Side.BUY);
    }

    @Test
    void linearAndFutureTradesFromAKindChannel() {
        ws("trades_linear.json");
        List<Trade> trades = out.of(Trade.class);
        assertThat(trades).hasSize(2);
        Trade linear = trades.get(0);
        assertThat(linear.symbol()).isEqualTo("BTC-USDC-PERP");
        assertThat(c(linear.rawSize())).isEqualTo("0.583");
        assertThat(c(linear.size())).isEqualTo("0.583");
        assertThat(linear.rawSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(linear.tradeId()).isEqualTo("USDC-9981");
        Trade future = trades.get(1);
        assertThat(future.symbol()).isEqualTo("BTC-USD-241227");
        assertThat(future.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(future.rawSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(c(future.size())).isEqualTo(c(new BigDecimal("1200").divide(new BigDecimal("93450"),
                java.math.MathContext.DECIMAL128)));
    }

    @Test
    void optionTradesAreInCoin() {
        ws("trades_option.json");
        List<Trade> trades = out.of(Trade.class);
        assertThat(trades).extracting(Trade::symbol)
                .containsExactly("BTC-USD-241227-100000-C", "XRP-USDC-241227-0.625-C");
        assertThat(trades).extracting(Trade::marketType).containsOnly(MarketType.OPTION);
        assertThat(trades).extracting(Trade::rawSizeUnit).containsOnly(SizeUnit.BASE);
        assertThat(c(trades.get(0).price())).isEqualTo("0.0125");
        assertThat(c(trades.get(0).size())).isEqualTo("2.5");
        assertThat(c(trades.get(1).size())).isEqualTo("100");
    }

    @Test
    void futureSpreadTradeHasNoBaseSize() {
        text("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.future_combo.BTC.100ms\","
                + "\"data\":[{\"timestamp\":1765531700000,\"price\":-13.5,\"amount\":3000.0,\"direction\":\"buy\","
                + "\"instrument_name\":\"BTC-FS-27DEC24_PERP\",\"trade_seq\":17,\"trade_id\":\"403710000\"}]}}");
        Trade t = out.of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-FS-27DEC24_PERP");
        assertThat(c(t.price())).isEqualTo("-13.5");
        assertThat(c(t.rawSize())).isEqualTo("3000");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(t.size()).isNull();
    }

    @Test
    void liquidationTradesEmitALiquidationOnTheLiquidatedSide() {
        ws("trades_liquidation.json");
        List<Trade> trades = out.of(Trade.class);
        List<Liquidation> liqs = out.of(Liquidation.class);
        assertThat(trades).hasSize(3).allMatch(Trade::liquidation);
        assertThat(liqs).hasSize(3);
        // "T": the taker sold into the book, its order was the liquidation → SELL (a long was liquidated)
        assertThat(liqs.get(0).side()).isEqualTo(Side.SELL);
        assertThat(liqs.get(0).tradeId()).isEqualTo("403700001");
        assertThat(c(liqs.get(0).price())).isEqualTo("90000");
        assertThat(c(liqs.get(0).rawSize())).isEqualTo("4500");
        assertThat(liqs.get(0).rawSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(c(liqs.get(0).size())).isEqualTo("0.05");
        assertThat(liqs.get(0).symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(liqs.get(0).exchangeTs()).isEqualTo(1_765_531_600_000_000L);
        // "M": the taker bought from the liquidated maker, whose order sold → SELL
        assertThat(trades.get(1).side()).isEqualTo(Side.BUY);
        assertThat(liqs.get(1).side()).isEqualTo(Side.SELL);
        // "MT": one record, attributed to the taker
        assertThat(liqs.get(2).side()).isEqualTo(Side.SELL);
        assertThat(liqs.get(2).tradeId()).isEqualTo("403700003");
        // order: each trade precedes its liquidation
        assertThat(out.records.get(0)).isInstanceOf(Trade.class);
        assertThat(out.records.get(1)).isInstanceOf(Liquidation.class);
    }

    @Test
    void bookSnapshotKeepsVenueDigitsAndUnit() {
        ws("book_snapshot.json");
        BookSnapshot b = out.of(BookSnapshot.class).get(0);
        assertThat(out.records).hasSize(1);
        assertThat(b.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(b.sequence()).isEqualTo(123456789L);
        assertThat(b.sizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(levels(b.bids())).containsExactly("42500x1000", "42499.5x500");
        assertThat(levels(b.asks())).containsExactly("42501x800", "42501.5x600");
        assertThat(b.exchangeTs()).isEqualTo(1_699_999_999_000_000L);
        assertThat(b.checksum()).isNull();
    }

    @Test
    void bookChangeBecomesADeltaWithDeleteAsZero() {
        ws("book_change.json");
        BookDelta d = out.of(BookDelta.class).get(0);
        assertThat(out.records).hasSize(1);
        assertThat(d.sequence()).isEqualTo(123456790L);
        assertThat(d.prevSequence()).isEqualTo(123456789L);
        assertThat(d.firstSequence()).isNull();
        assertThat(levels(d.bids())).containsExactly("42500x950", "42498.5x300");
        assertThat(levels(d.asks())).containsExactly("42501x0", "42501.5x700");
        assertThat(d.exchangeTs()).isEqualTo(1_699_999_999_500_000L);
    }

    @Test
    void linearBookIsInBaseAndDeleteIgnoresItsAmount() {
        ws("book_linear_change.json");
        BookDelta d = out.of(BookDelta.class).get(0);
        assertThat(d.symbol()).isEqualTo("ETH-USDC-PERP");
        assertThat(d.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(levels(d.bids())).containsExactly("2250.15x0.583");
        assertThat(levels(d.asks())).containsExactly("2250.2x0");
    }

    @Test
    void groupedBookIsATopNSnapshot() {
        ws("book_grouped.json");
        BookSnapshot b = out.of(BookSnapshot.class).get(0);
        assertThat(b.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(b.sequence()).isEqualTo(123456800L);
        assertThat(levels(b.bids())).containsExactly("42500x950", "42499.5x500");
        assertThat(levels(b.asks())).containsExactly("42501.5x700", "42502x2000");
    }

    @Test
    void quote() {
        ws("quote.json");
        Quote q = out.of(Quote.class).get(0);
        assertThat(q.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(q.bidPrice())).isEqualTo("92288");
        assertThat(c(q.bidSize())).isEqualTo("133440");
        assertThat(c(q.askPrice())).isEqualTo("92288.5");
        assertThat(c(q.askSize())).isEqualTo("99470");
        assertThat(q.sizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(q.sequence()).isNull();
        assertThat(q.exchangeTs()).isEqualTo(1_765_541_767_174_000L);
    }

    @Test
    void quoteWithAnEmptySideHasNullsThere() {
        ws("quote_one_sided.json");
        Quote q = out.of(Quote.class).get(0);
        assertThat(q.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(q.bidPrice()).isNull();
        assertThat(q.bidSize()).isNull();
        assertThat(c(q.askPrice())).isEqualTo("0.0005");
        assertThat(c(q.askSize())).isEqualTo("12.3");
        assertThat(q.sizeUnit()).isEqualTo(SizeUnit.BASE);
    }

    @Test
    void perpetualTickerGivesTickerFundingAndOpenInterest() {
        ws("ticker_perpetual.json");
        assertThat(out.records).hasSize(3);
        Ticker t = out.of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(t.last())).isEqualTo("92283.5");
        assertThat(t.open()).isNull();
        assertThat(c(t.high())).isEqualTo("93612");
        assertThat(c(t.low())).isEqualTo("89277.5");
        assertThat(c(t.volumeBase())).isEqualTo("11897.27640428");
        assertThat(c(t.volumeQuote())).isEqualTo("1092371540");
        assertThat(c(t.priceChangePct())).isEqualTo("2.3275");
        assertThat(c(t.bestBid())).isEqualTo("92283.5");
        assertThat(c(t.bestAsk())).isEqualTo("92284");
        assertThat(t.exchangeTs()).isEqualTo(1_765_541_474_086_000L);

        Funding f = out.of(Funding.class).get(0);
        assertThat(c(f.fundingRate())).isEqualTo("0.00001742");
        assertThat(c(f.predictedRate())).isEqualTo("0");
        assertThat(f.fundingIntervalHours()).isEqualTo(8);
        assertThat(c(f.markPrice())).isEqualTo("92281.78");
        assertThat(c(f.indexPrice())).isEqualTo("92263.55");
        assertThat(f.fundingTime()).isNull();
        assertThat(f.nextFundingTime()).isNull();

        OpenInterest oi = out.of(OpenInterest.class).get(0);
        assertThat(c(oi.openInterest())).isEqualTo("1132329370");
        assertThat(oi.unit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(c(oi.openInterestUsd())).isEqualTo("1132329370");
        assertThat(oi.openInterestBase()).isEqualByComparingTo(new BigDecimal("1132329370.0")
                .divide(new BigDecimal("92281.78"), java.math.MathContext.DECIMAL128));
    }

    @Test
    void futureTickerHasFundingWithoutRates() {
        ws("ticker_future.json");
        assertThat(out.records).hasSize(3);
        Funding f = out.of(Funding.class).get(0);
        assertThat(f.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(f.symbol()).isEqualTo("BTC-USD-241227");
        assertThat(f.fundingRate()).isNull();
        assertThat(f.predictedRate()).isNull();
        assertThat(f.fundingIntervalHours()).isNull();
        assertThat(c(f.markPrice())).isEqualTo("93500");
        OpenInterest oi = out.of(OpenInterest.class).get(0);
        assertThat(c(oi.openInterest())).isEqualTo("250000000"); // a JSON integer
        assertThat(c(oi.openInterestBase())).isEqualTo(c(new BigDecimal("250000000")
                .divide(new BigDecimal("93500"), java.math.MathContext.DECIMAL128)));
    }

    @Test
    void linearTickerOpenInterestIsInCoin() {
        ws("ticker_linear.json");
        Funding f = out.of(Funding.class).get(0);
        assertThat(f.symbol()).isEqualTo("ETH-USDC-PERP");
        assertThat(c(f.fundingRate())).isEqualTo("0.00002");
        assertThat(c(f.predictedRate())).isEqualTo("0.00001");
        OpenInterest oi = out.of(OpenInterest.class).get(0);
        assertThat(oi.unit()).isEqualTo(SizeUnit.BASE);
        assertThat(c(oi.openInterest())).isEqualTo("812.345");
        assertThat(c(oi.openInterestBase())).isEqualTo("812.345");
        assertThat(oi.openInterestUsd()).isNull();
    }

    @Test
    void optionTickerGivesTickerAndOpenInterestOnly() {
        ws("ticker_option.json");
        assertThat(out.records).hasSize(2);
        Ticker t = out.of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-241227-100000-C");
        assertThat(c(t.last())).isEqualTo("0.009");
        assertThat(c(t.volumeBase())).isEqualTo("16.7");
        assertThat(t.volumeQuote()).isNull();
        assertThat(c(t.priceChangePct())).isEqualTo("-18.1818");
        OpenInterest oi = out.of(OpenInterest.class).get(0);
        assertThat(oi.unit()).isEqualTo(SizeUnit.BASE);
        assertThat(c(oi.openInterest())).isEqualTo("1767.5");
        assertThat(out.of(Funding.class)).isEmpty();
    }

    @Test
    void incrementalTickerChangeCarriesOnlyWhatChanged() {
        ws("incremental_ticker_change.json");
        Ticker t = out.of(Ticker.class).get(0);
        assertThat(t.last()).isNull();
        assertThat(t.high()).isNull();
        assertThat(c(t.bestBid())).isEqualTo("92289.5");
        assertThat(t.bestAsk()).isNull();
        Funding f = out.of(Funding.class).get(0);
        assertThat(c(f.markPrice())).isEqualTo("92290.01");
        assertThat(f.fundingRate()).isNull();
        assertThat(out.of(OpenInterest.class)).isEmpty();
    }

    @Test
    void perpetualChannelIsFundingWithTheCurrentRate() {
        ws("perpetual.json");
        Funding f = out.of(Funding.class).get(0);
        assertThat(f.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(f.predictedRate())).isEqualTo("0.004999511380756577");
        assertThat(c(f.indexPrice())).isEqualTo("7872.88");
        assertThat(f.exchangeTs()).isEqualTo(1_571_386_349_530_000L);
    }

    @Test
    void volatilityIndex() {
        ws("volatility_index.json");
        VolatilityIndex v = out.of(VolatilityIndex.class).get(0);
        assertThat(v.symbol()).isEqualTo("BTC-DVOL");
        assertThat(v.nativeSymbol()).isEqualTo("btc_usd");
        assertThat(v.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(c(v.value())).isEqualTo("45.37");
        assertThat(v.exchangeTs()).isEqualTo(1_765_541_480_000_000L);
    }

    @Test
    void registryInstrumentNamesTheSymbol() {
        registry.put(new io.marketprism.model.Instrument(Exchange.DERIBIT, "BTC-PERPETUAL", "BTC-USD-PERP-REG",
                MarketType.PERPETUAL, io.marketprism.model.ContractKind.INVERSE, "BTC", "USD", "BTC",
                BigDecimal.TEN, SizeUnit.QUOTE, new BigDecimal("0.5"), BigDecimal.TEN, null, null, null, "active"));
        ws("quote.json");
        assertThat(out.of(Quote.class).get(0).symbol()).isEqualTo("BTC-USD-PERP-REG");
    }

    @Test
    void controlFrames() {
        text("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}");
        text("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"heartbeat\"}}");
        text("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":[\"book.BTC-PERPETUAL.100ms\"],\"usIn\":1,\"usOut\":2}");
        text("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"version\":\"1.2.26\"}}");
        text("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":10028,\"message\":\"too_many_requests\",\"data\":null}}");
        assertThat(out.controls).containsExactly("test_request", "heartbeat", "rpc_result", "rpc_result",
                "rpc_error");
        assertThat(out.records).isEmpty();
        assertThat(out.unknowns).isEmpty();
    }

    @Test
    void unknownChannelsAndMethods() {
        text("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"deribit_price_index.btc_usd\","
                + "\"data\":{\"index_name\":\"btc_usd\",\"price\":92263.55,\"timestamp\":1765541474086}}}");
        text("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"chart.trades.BTC-PERPETUAL.1\","
                + "\"data\":{\"volume\":0.02,\"tick\":1654079340000,\"open\":1,\"low\":1,\"high\":1,\"cost\":1,\"close\":1}}}");
        text("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"instrument.state.any.any\","
                + "\"data\":{\"state\":\"created\"}}}");
        text("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"something_new\"}}");
        text("{\"jsonrpc\":\"2.0\",\"method\":\"announcement\",\"params\":{}}");
        assertThat(out.unknowns).containsExactly("channel:deribit_price_index", "channel:chart", "channel:instrument",
                "heartbeat:something_new", "method:announcement");
        assertThat(out.records).isEmpty();
    }
}
