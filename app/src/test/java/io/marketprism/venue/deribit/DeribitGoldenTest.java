package io.marketprism.venue.deribit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.testing.Fixtures.RecordedMessage;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every recorded Deribit message of the shared fixtures, through the adapter; skips when the folder is absent. */
class DeribitGoldenTest {
    private static final String API = "https://www.deribit.com/api/v2/";
    private static final long RECEIVED = 1_700_000_000_000_000_000L;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final DeribitAdapter adapter = new DeribitAdapter(registry);

    /** REST lines carry only the method as channel: the URL is rebuilt with the parameter the request had. */
    private static Frame frame(RecordedMessage m) {
        if (!m.isRest()) {
            return Frame.wsIn(RECEIVED, "wss://www.deribit.com/ws/api/v2", m.raw());
        }
        JsonNode result = Json.parse(m.raw()).path("result");
        String query = "";
        if (result.has("instrument_name")) {
            query = "?instrument_name=" + result.get("instrument_name").asText();
        } else if (result.isArray() && result.size() > 0) {
            query = m.channel().endsWith("_by_currency")
                    ? "?currency=" + result.get(0).path("base_currency").asText()
                    : "?instrument_name=" + result.get(0).path("instrument_name").asText();
        }
        return Frame.restResponse(RECEIVED, API + m.channel() + query, m.raw());
    }

    private CollectingOutput run(RecordedMessage m) {
        CollectingOutput out = new CollectingOutput(registry);
        try {
            adapter.onFrame(frame(m), out);
        } catch (RuntimeException e) {
            fail(m + " threw " + e, e);
        }
        return out;
    }

    private List<RecordedMessage> channel(String channel) {
        return Fixtures.messages("deribit.ndjson").stream().filter(m -> m.channel().equals(channel)).toList();
    }

    private static String c(BigDecimal v) {
        return v == null ? null : Decimals.canonical(v);
    }

    @Test
    void everyMessageIsHandledAndOnlyChartsAreUnknown() {
        List<RecordedMessage> all = Fixtures.messages("deribit.ndjson");
        assertThat(all).hasSize(44);
        Map<String, Integer> unknownByChannel = new TreeMap<>();
        int records = 0;
        for (RecordedMessage m : all) {
            CollectingOutput out = run(m);
            records += out.records.size();
            assertThat(out.controls).as(m.toString()).isEmpty();
            if (!out.unknowns.isEmpty()) {
                unknownByChannel.merge(m.channel(), out.unknowns.size(), Integer::sum);
                assertThat(out.unknowns).as(m.toString()).containsExactly("channel:chart");
            } else {
                assertThat(out.records).as(m + " produced no record").isNotEmpty();
            }
            for (MarketRecord r : out.records) {
                assertThat(r.exchangeTs()).as(m.toString()).isGreaterThan(1_500_000_000_000_000L);
                assertThat(r.receiveTs()).isEqualTo(RECEIVED);
                assertThat(r.symbol()).as(m.toString()).isNotBlank();
            }
        }
        // chart.trades.* (OHLC candles) have no record type: counted as unknown
        assertThat(unknownByChannel).containsExactly(Map.entry("chart.trades.1", 2), Map.entry("chart.trades.3", 1));
        assertThat(records).isGreaterThan(60);
    }

    @Test
    void tradesKeepDigitsAndConvertInverseAmounts() {
        CollectingOutput out = run(channel("trades.raw").get(0));
        List<Trade> trades = out.of(Trade.class);
        assertThat(trades).hasSize(2);
        Trade t = trades.get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(c(t.price())).isEqualTo("9598.5");
        assertThat(c(t.rawSize())).isEqualTo("2000");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(t.size()).isEqualTo(new BigDecimal("2000").divide(new BigDecimal("9598.5"), MathContext.DECIMAL128));
        assertThat(t.tradeId()).isEqualTo("39355898");
        assertThat(t.sequence()).isEqualTo(20944815L);
        assertThat(t.side()).isEqualTo(Side.SELL);
        assertThat(t.exchangeTs()).isEqualTo(1_567_296_022_565_000L);
        assertThat(c(trades.get(1).rawSize())).isEqualTo("50");
        // the wire form carries the venue's digits, canonical
        String json = io.marketprism.model.RecordJson.write(t);
        assertThat(json).contains("\"price\":\"9598.5\"", "\"raw_size\":\"2000\"", "\"raw_size_unit\":\"quote\"",
                "\"symbol\":\"BTC-USD-PERP\"", "\"native_symbol\":\"BTC-PERPETUAL\"");
        Trade back = (Trade) io.marketprism.model.RecordJson.read(json);
        assertThat(c(back.size())).isEqualTo(c(t.size()));
        assertThat(c(back.rawSize())).isEqualTo("2000");
        assertThat(back.tradeId()).isEqualTo(t.tradeId());
    }

    @Test
    void recordedLiquidations() {
        List<RecordedMessage> trades = channel("trades.raw");
        // "T", taker sold (amount written as the integer 1120)
        CollectingOutput taker = run(trades.get(1));
        Liquidation lt = taker.of(Liquidation.class).get(0);
        assertThat(taker.of(Trade.class).get(0).liquidation()).isTrue();
        assertThat(lt.side()).isEqualTo(Side.SELL);
        assertThat(c(lt.price())).isEqualTo("4469.5");
        assertThat(c(lt.rawSize())).isEqualTo("1120");
        assertThat(lt.tradeId()).isEqualTo("66460463");
        // "M", taker bought from the liquidated maker: the maker's order sold
        CollectingOutput maker = run(trades.get(2));
        assertThat(maker.of(Trade.class).get(0).side()).isEqualTo(Side.BUY);
        assertThat(maker.of(Liquidation.class).get(0).side()).isEqualTo(Side.SELL);
        assertThat(c(maker.of(Liquidation.class).get(0).rawSize())).isEqualTo("2500");
        // the other recorded trades are no liquidations
        assertThat(run(trades.get(3)).of(Liquidation.class)).isEmpty();
    }

    @Test
    void optionTradesOfTheKindChannel() {
        Trade t = run(channel("trades.option.any.raw").get(0)).of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-210326-62000-C");
        assertThat(t.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(c(t.price())).isEqualTo("0.007");
        assertThat(c(t.size())).isEqualTo("0.1");
        assertThat(t.rawSizeUnit()).isEqualTo(SizeUnit.BASE);
    }

    @Test
    void rawBooksOfBothFormats() {
        List<RecordedMessage> raw = channel("book.raw");
        // the 2019 format has no "type": no prev_change_id = snapshot
        BookSnapshot first = run(raw.get(0)).of(BookSnapshot.class).get(0);
        assertThat(first.symbol()).isEqualTo("ETH-USD-PERP");
        assertThat(first.sequence()).isEqualTo(1776289261L);
        assertThat(first.bids()).extracting(l -> c(l.price()) + "x" + c(l.size()))
                .containsExactly("217.8x1895", "217.75x712");
        BookDelta second = run(raw.get(1)).of(BookDelta.class).get(0);
        assertThat(second.prevSequence()).isEqualTo(1776294621L);
        assertThat(second.sequence()).isEqualTo(1776294623L);
        assertThat(second.bids()).extracting(l -> c(l.price()) + "x" + c(l.size())).containsExactly("217.8x0");
        assertThat(second.asks()).extracting(l -> c(l.price()) + "x" + c(l.size()))
                .containsExactly("219.2x64903", "219.1x19343");
        // option change after a restart (prev_change_id 0) is still a delta; the book layer judges continuity
        BookDelta option = run(raw.get(2)).of(BookDelta.class).get(0);
        assertThat(option.prevSequence()).isZero();
        assertThat(option.sizeUnit()).isEqualTo(SizeUnit.BASE);
        // a snapshot with a prev_change_id and an empty side
        BookSnapshot link = run(raw.get(3)).of(BookSnapshot.class).get(0);
        assertThat(link.symbol()).isEqualTo("LINK-USDC-PERP");
        assertThat(link.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(link.asks()).isEmpty();
        assertThat(link.bids()).hasSize(5);
        assertThat(c(link.bids().get(3).price())).isEqualTo("7.559");
    }

    @Test
    void hundredMsAndGroupedBooks() {
        List<RecordedMessage> books = channel("book.100ms");
        BookDelta d = run(books.get(1)).of(BookDelta.class).get(0);
        assertThat(d.symbol()).isEqualTo("BTC-USD-210625");
        assertThat(d.sizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(d.asks()).extracting(l -> c(l.price()) + "x" + c(l.size()))
                .containsExactly("37850x8850", "37848.5x0");
        BookSnapshot option = run(books.get(4)).of(BookSnapshot.class).get(0);
        assertThat(option.symbol()).isEqualTo("BTC-USD-210611-25000-P");
        assertThat(c(option.bids().get(0).size())).isEqualTo("13.7");

        BookSnapshot grouped = run(channel("book.none.20.100ms").get(1)).of(BookSnapshot.class).get(0);
        assertThat(grouped.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(grouped.sequence()).isEqualTo(45176552517L);
        assertThat(grouped.partial()).as("a grouped top-N book never seeds a local book").isTrue();
        assertThat(grouped.bids()).extracting(l -> c(l.price()) + "x" + c(l.size()))
                .containsExactly("31523.5x128780", "31523x190", "31521.5x14500");
    }

    @Test
    void recordedQuote() {
        Quote q = run(channel("quote").get(0)).of(Quote.class).get(0);
        assertThat(c(q.bidPrice())).isEqualTo("9600.5");
        assertThat(c(q.bidSize())).isEqualTo("162800");
        assertThat(c(q.askPrice())).isEqualTo("9601");
        assertThat(c(q.askSize())).isEqualTo("49710");
        assertThat(q.exchangeTs()).isEqualTo(1_567_296_000_183_000L);
    }

    @Test
    void recordedTickers() {
        List<RecordedMessage> raw = channel("ticker.raw");
        CollectingOutput perp = run(raw.get(0));
        assertThat(perp.records).hasSize(3);
        assertThat(c(perp.of(Funding.class).get(0).fundingRate())).isEqualTo("0.00016281");
        assertThat(c(perp.of(Funding.class).get(0).markPrice())).isEqualTo("10094.1");
        OpenInterest oi = perp.of(OpenInterest.class).get(0);
        assertThat(c(oi.openInterest())).isEqualTo("66128281");
        assertThat(c(oi.openInterestUsd())).isEqualTo("66128281");
        assertThat(c(perp.of(Ticker.class).get(0).volumeBase())).isEqualTo("24618.46215298");

        // expired option: "estimated_delivery_price":"expired" is ignored, empty sides are null
        CollectingOutput expired = run(raw.get(2));
        Ticker t = expired.of(Ticker.class).get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USD-200608-8750-P");
        assertThat(t.bestBid()).isNull();
        assertThat(t.bestAsk()).isNull();
        assertThat(c(t.last())).isEqualTo("0.0005");

        // option without trades: null stats and last price
        Ticker quiet = run(raw.get(4)).of(Ticker.class).get(0);
        assertThat(quiet.last()).isNull();
        assertThat(quiet.volumeBase()).isNull();

        // combos: a Ticker only (spread prices, no funding or open interest derived)
        for (int i = 6; i <= 8; i++) {
            CollectingOutput combo = run(raw.get(i));
            assertThat(combo.records).as(raw.get(i).toString()).hasSize(1).allMatch(r -> r instanceof Ticker);
        }
        Ticker spread = run(raw.get(7)).of(Ticker.class).get(0);
        assertThat(spread.symbol()).isEqualTo("BTC-FS-30SEP22_PERP");
        assertThat(spread.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(c(spread.bestBid())).isEqualTo("-7");
        assertThat(c(spread.last())).isEqualTo("-13.5");

        // linear option with a 'd' strike
        Ticker matic = run(raw.get(9)).of(Ticker.class).get(0);
        assertThat(matic.symbol()).isEqualTo("MATIC-USDC-240309-1.02-C");
        assertThat(c(matic.volumeQuote())).isEqualTo("0");

        CollectingOutput future = run(channel("ticker.100ms").get(0));
        Funding f = future.of(Funding.class).get(0);
        assertThat(f.symbol()).isEqualTo("BTC-USD-220930");
        assertThat(f.fundingRate()).isNull();
        assertThat(c(future.of(OpenInterest.class).get(0).openInterest())).isEqualTo("230733270");
    }

    @Test
    void recordedRestResponses() {
        CollectingOutput book = run(channel("public/get_order_book").get(1));
        BookSnapshot b = book.of(BookSnapshot.class).get(0);
        assertThat(b.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(b.sequence()).isEqualTo(45305261539L);
        assertThat(c(b.asks().get(0).size())).isEqualTo("198440");
        assertThat(c(book.of(Funding.class).get(0).predictedRate())).isEqualTo("0.00010785");
        assertThat(book.records).hasSize(4);

        CollectingOutput optionBook = run(channel("public/get_order_book").get(2));
        assertThat(optionBook.of(BookSnapshot.class).get(0).symbol()).isEqualTo("ETH-USD-220624-1600-P");
        assertThat(optionBook.of(Funding.class)).isEmpty();

        CollectingOutput summaries = run(channel("public/get_book_summary_by_currency").get(0));
        assertThat(summaries.of(Ticker.class)).hasSize(2);
        assertThat(summaries.of(OpenInterest.class)).extracting(o -> c(o.openInterest()))
                .containsExactly("1124.7", "8.1");

        CollectingOutput perp = run(channel("public/get_book_summary_by_instrument").get(1));
        assertThat(c(perp.of(Funding.class).get(0).fundingRate())).isEqualTo("0.00000214");
        assertThat(perp.of(Ticker.class).get(0).exchangeTs()).isEqualTo(1_654_340_303_741_000L);
    }
}
