package io.marketprism.venue.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.ContractKind;
import io.marketprism.model.Decimals;
import io.marketprism.model.Funding;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeribitRestTest {
    private static final String API = "https://www.deribit.com/api/v2/";
    private static final long RECEIVED = 1_765_541_490_000_000_001L;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final DeribitAdapter adapter = new DeribitAdapter(registry);
    private final CollectingOutput out = new CollectingOutput(registry);

    private void rest(String pathAndQuery, String resource) {
        adapter.onFrame(Frame.restResponse(RECEIVED, API + pathAndQuery,
                Fixtures.resource("venue/deribit/" + resource)), out);
    }

    private static String c(BigDecimal v) {
        return v == null ? null : Decimals.canonical(v);
    }

    private static List<String> levels(List<BookLevel> levels) {
        return levels.stream().map(l -> c(l.price()) + "x" + c(l.size())).toList();
    }

    @Test
    void instruments() {
        rest("public/get_instruments?currency=any", "rest_get_instruments.json");
        assertThat(out.records).isEmpty();
        Map<String, Instrument> byName = out.instruments.stream()
                .collect(Collectors.toMap(Instrument::nativeSymbol, Function.identity()));
        assertThat(byName).hasSize(7);

        Instrument perp = byName.get("BTC-PERPETUAL");
        assertThat(perp.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(perp.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(perp.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(c(perp.contractSize())).isEqualTo("10");
        assertThat(perp.contractSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(c(perp.tickSize())).isEqualTo("0.5");
        assertThat(c(perp.lotSize())).isEqualTo("10");
        assertThat(perp.expiry()).isNull();
        assertThat(perp.base()).isEqualTo("BTC");
        assertThat(perp.quote()).isEqualTo("USD");
        assertThat(perp.settle()).isEqualTo("BTC");
        assertThat(perp.status()).isEqualTo("active");

        Instrument linear = byName.get("ETH_USDC-PERPETUAL");
        assertThat(linear.symbol()).isEqualTo("ETH-USDC-PERP");
        assertThat(linear.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(c(linear.contractSize())).isEqualTo("0.001");
        assertThat(linear.contractSizeUnit()).isEqualTo(SizeUnit.BASE);

        Instrument future = byName.get("BTC-27DEC24");
        assertThat(future.symbol()).isEqualTo("BTC-USD-241227");
        assertThat(future.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(future.expiry()).isEqualTo(1_735_286_400_000_000L);
        assertThat(future.status()).isEqualTo("inactive");

        Instrument call = byName.get("BTC-27DEC24-50000-C");
        assertThat(call.symbol()).isEqualTo("BTC-USD-241227-50000-C");
        assertThat(call.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(call.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(call.contractSizeUnit()).isEqualTo(SizeUnit.BASE); // 1 BTC per contract
        assertThat(c(call.strike())).isEqualTo("50000");
        assertThat(call.optionType()).isEqualTo("C");
        assertThat(call.expiry()).isEqualTo(1_735_286_400_000_000L);

        Instrument put = byName.get("XRP_USDC-27DEC24-0d625-P");
        assertThat(put.symbol()).isEqualTo("XRP-USDC-241227-0.625-P");
        assertThat(c(put.strike())).isEqualTo("0.625");
        assertThat(put.optionType()).isEqualTo("P");
        assertThat(put.contractKind()).isEqualTo(ContractKind.LINEAR);

        Instrument spot = byName.get("BTC_USDC");
        assertThat(spot.symbol()).isEqualTo("BTC-USDC");
        assertThat(spot.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(spot.contractKind()).isEqualTo(ContractKind.SPOT);
        assertThat(spot.contractSize()).isNull();
        assertThat(spot.expiry()).isNull();
        assertThat(c(spot.lotSize())).isEqualTo("0.0001");

        Instrument combo = byName.get("BTC-FS-27DEC24_PERP");
        assertThat(combo.symbol()).isEqualTo("BTC-FS-27DEC24_PERP");
        assertThat(combo.marketType()).isEqualTo(MarketType.FUTURE);

        // the registry now has them: later frames use them
        assertThat(registry.size()).isEqualTo(7);
    }

    @Test
    void orderBookGivesSnapshotTickerFundingAndOpenInterest() {
        rest("public/get_order_book?instrument_name=BTC-PERPETUAL&depth=2", "rest_get_order_book.json");
        assertThat(out.records).hasSize(4);
        BookSnapshot b = out.of(BookSnapshot.class).get(0);
        assertThat(b.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(b.sequence()).isEqualTo(45305261539L);
        assertThat(b.sizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(levels(b.bids())).containsExactly("92434.5x600", "92433x15000");
        assertThat(levels(b.asks())).containsExactly("92435x198440", "92438.5x1000");
        assertThat(b.exchangeTs()).isEqualTo(1_765_541_481_000_000L);
        assertThat(b.receiveTs()).isEqualTo(RECEIVED);
        Ticker t = out.of(Ticker.class).get(0);
        assertThat(c(t.last())).isEqualTo("92439.5");
        assertThat(c(t.volumeQuote())).isEqualTo("278922050");
        Funding f = out.of(Funding.class).get(0);
        assertThat(c(f.fundingRate())).isEqualTo("0.00002085");
        assertThat(c(f.predictedRate())).isEqualTo("0.00010785");
        OpenInterest oi = out.of(OpenInterest.class).get(0);
        assertThat(c(oi.openInterestUsd())).isEqualTo("560520540");
    }

    @Test
    void bookSummaryByCurrency() {
        rest("public/get_book_summary_by_currency?currency=BTC", "rest_book_summary_by_currency.json");
        List<Ticker> tickers = out.of(Ticker.class);
        assertThat(tickers).hasSize(2);
        Ticker perp = tickers.get(0);
        assertThat(perp.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(perp.last())).isEqualTo("92698");
        assertThat(c(perp.high())).isEqualTo("92934");
        assertThat(c(perp.volumeBase())).isEqualTo("7539.21");
        assertThat(c(perp.volumeQuote())).isEqualTo("223275080");
        assertThat(c(perp.priceChangePct())).isEqualTo("-0.369");
        assertThat(c(perp.bestBid())).isEqualTo("92700.5");
        assertThat(perp.exchangeTs()).isEqualTo(1_765_541_482_000_000L);
        Funding f = out.of(Funding.class).get(0);
        assertThat(c(f.fundingRate())).isEqualTo("0.00000214");
        assertThat(c(f.markPrice())).isEqualTo("92700.5");
        assertThat(out.of(Funding.class)).hasSize(1); // the option has none

        Ticker option = tickers.get(1);
        assertThat(option.symbol()).isEqualTo("BTC-USD-241227-190000-P");
        assertThat(option.high()).isNull();
        assertThat(option.bestBid()).isNull();
        List<OpenInterest> ois = out.of(OpenInterest.class);
        assertThat(ois).hasSize(2);
        assertThat(ois.get(1).unit()).isEqualTo(SizeUnit.BASE);
        assertThat(c(ois.get(1).openInterest())).isEqualTo("8.1");
    }

    @Test
    void volatilityIndexCandlesAreNamedByTheRequestCurrency() {
        rest("public/get_volatility_index_data?currency=BTC&start_timestamp=1765540800000"
                + "&end_timestamp=1765544400000&resolution=3600", "rest_volatility_index_data.json");
        List<VolatilityIndex> v = out.of(VolatilityIndex.class);
        assertThat(v).hasSize(2);
        assertThat(v.get(0).symbol()).isEqualTo("BTC-DVOL");
        assertThat(v.get(0).nativeSymbol()).isEqualTo("btc_usd");
        assertThat(c(v.get(0).open())).isEqualTo("45.01");
        assertThat(c(v.get(0).high())).isEqualTo("45.9");
        assertThat(c(v.get(0).low())).isEqualTo("44.87");
        assertThat(c(v.get(0).value())).isEqualTo("45.37");
        assertThat(v.get(1).exchangeTs()).isEqualTo(1_765_544_400_000_000L);
        assertThat(c(v.get(1).value())).isEqualTo("45.8");
    }

    @Test
    void fundingRateHistory() {
        rest("public/get_funding_rate_history?instrument_name=BTC-PERPETUAL&start_timestamp=1765537200000"
                + "&end_timestamp=1765540800000", "rest_funding_rate_history.json");
        Funding f = out.of(Funding.class).get(0);
        assertThat(out.records).hasSize(1);
        assertThat(f.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(f.fundingRate())).isEqualTo("0.0000574");
        assertThat(f.fundingIntervalHours()).isEqualTo(8);
        assertThat(c(f.indexPrice())).isEqualTo("92263.55");
        assertThat(f.fundingTime()).isEqualTo(1_765_537_200_000_000L);
        assertThat(f.exchangeTs()).isEqualTo(1_765_537_200_000_000L);
    }

    @Test
    void fundingRateValueForAPeriod() {
        rest("public/get_funding_rate_value?instrument_name=BTC-PERPETUAL&start_timestamp=1765512000000"
                + "&end_timestamp=1765540800000", "rest_funding_rate_value.json");
        Funding f = out.of(Funding.class).get(0);
        assertThat(c(f.fundingRate())).isEqualTo("-0.0002521");
        assertThat(f.fundingIntervalHours()).isEqualTo(8);
        assertThat(f.fundingTime()).isEqualTo(1_765_540_800_000_000L);
        assertThat(f.exchangeTs()).isEqualTo(1_765_540_800_000_000L);
    }

    @Test
    void lastTradesBackfill() {
        rest("public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL&start_seq=271252855&count=1",
                "rest_last_trades.json");
        Trade t = out.of(Trade.class).get(0);
        assertThat(t.tradeId()).isEqualTo("403691825");
        assertThat(t.sequence()).isEqualTo(271252855L);
        assertThat(c(t.rawSize())).isEqualTo("750");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.QUOTE);
    }

    @Test
    void errorBodyAndUnknownMethod() {
        rest("public/get_order_book?instrument_name=BTC-PERPETUAL", "rest_error.json");
        adapter.onFrame(Frame.restResponse(RECEIVED, API + "public/get_time",
                "{\"jsonrpc\":\"2.0\",\"result\":1765541474086,\"usIn\":1,\"usOut\":2}"), out);
        assertThat(out.controls).containsExactly("error");
        assertThat(out.unknowns).containsExactly("rest:public/get_time");
        assertThat(out.records).isEmpty();
    }

    @Test
    void testnetHostAndEncodedQueryRouteTheSame() {
        adapter.onFrame(Frame.restResponse(RECEIVED,
                "https://test.deribit.com/api/v2/public/get_funding_rate_history?instrument_name=BTC%2DPERPETUAL",
                Fixtures.resource("venue/deribit/rest_funding_rate_history.json")), out);
        assertThat(out.of(Funding.class)).extracting(Funding::nativeSymbol).containsExactly("BTC-PERPETUAL");
    }
}
