package io.marketprism.venue.okx;

import static io.marketprism.venue.okx.OkxTestSupport.c;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.Side;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.testing.Fixtures.RecordedMessage;
import io.marketprism.venue.Frame;
import io.marketprism.venue.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every message of the shared {@code okx.ndjson} (OKX v5 and retired OKEx v3, recorded by two open-source projects)
 * through the adapter: no exceptions, v3 → unknown, and each v5 record compared field by field with the venue's text.
 */
class OkxGoldenMessagesTest {
    private static final long RT = 42L;

    /** REST lines carry the endpoint only; the book endpoint needs an instId from the query. */
    private static Frame frame(RecordedMessage m) {
        if (!m.isRest()) {
            return Frame.wsIn(RT, OkxTestSupport.WS_URL, m.raw());
        }
        String path = m.channel().substring("GET ".length());
        String query = path.equals("/api/v5/market/books") ? "?instId=BTC-USDT-SWAP" : "";
        return Frame.restResponse(RT, OkxTestSupport.REST + path + query, m.raw());
    }

    @Test
    void everyMessageIsHandledAndV5RecordsEqualTheVenueText() {
        List<RecordedMessage> messages = Fixtures.messages("okx.ndjson");
        assertThat(messages).hasSize(157);
        int v3 = 0;
        int checkedRecords = 0;
        List<String> unknownV5 = new ArrayList<>();
        for (RecordedMessage m : messages) {
            OkxTestSupport s = new OkxTestSupport();
            CollectingOutput out = s.feed(frame(m)); // any exception fails the test, naming nothing malformed
            JsonNode raw = Json.parse(m.raw());
            if (raw.has("table")) {
                v3++;
                assertThat(out.unknowns).as(m.toString()).containsExactly("v3:" + raw.get("table").asText());
                assertThat(out.records).as(m.toString()).isEmpty();
                continue;
            }
            if (!out.unknowns.isEmpty()) {
                unknownV5.addAll(out.unknowns);
            }
            checkedRecords += check(m, raw, out);
        }
        assertThat(v3).isEqualTo(61);
        // channels the collector does not normalize; "liquidations" is tardis's REST-polled pseudo channel
        assertThat(unknownV5).containsOnly("channel:candle1m", "channel:price-limit", "channel:opt-summary",
                "channel:sprd-public-trades", "channel:sprd-books5", "channel:sprd-bbo-tbt", "channel:liquidations");
        // 73 messages with records; the six REST open-interest responses hold 11 elements
        assertThat(checkedRecords).isEqualTo(78);
    }

    /** Compares the records of one v5 message with its data elements; returns how many records were checked. */
    private static int check(RecordedMessage m, JsonNode raw, CollectingOutput out) {
        String what = m.toString();
        JsonNode data = raw.get("data");
        List<MarketRecord> records = out.records;
        switch (m.channel()) {
            case "trades", "trades-all" -> {
                assertThat(records).as(what).hasSize(data.size());
                for (int i = 0; i < data.size(); i++) {
                    Trade t = (Trade) records.get(i);
                    JsonNode e = data.get(i);
                    assertThat(t.tradeId()).as(what).isEqualTo(e.get("tradeId").asText());
                    assertThat(t.sequence()).as(what).isEqualTo(Long.parseLong(e.get("tradeId").asText()));
                    assertThat(c(t.price())).as(what).isEqualTo(Decimals.canonical(e.get("px").asText()));
                    assertThat(c(t.rawSize())).as(what).isEqualTo(Decimals.canonical(e.get("sz").asText()));
                    assertThat(t.side()).as(what).isEqualTo(Side.valueOf(e.get("side").asText().toUpperCase()));
                    assertThat(t.exchangeTs()).as(what).isEqualTo(e.get("ts").asLong() * 1000);
                    assertThat(t.nativeSymbol()).as(what).isEqualTo(e.get("instId").asText());
                }
            }
            case "books-l2-tbt", "books5", "GET /api/v5/market/books" -> {
                assertThat(records).as(what).hasSize(1);
                JsonNode e = data.get(0);
                MarketRecord r = records.get(0);
                boolean update = "update".equals(raw.path("action").asText());
                List<BookLevel> bids = update ? ((BookDelta) r).bids() : ((BookSnapshot) r).bids();
                List<BookLevel> asks = update ? ((BookDelta) r).asks() : ((BookSnapshot) r).asks();
                assertLevels(what, bids, e.get("bids"));
                assertLevels(what, asks, e.get("asks"));
                assertThat(r.exchangeTs()).as(what).isEqualTo(e.get("ts").asLong() * 1000);
                if (e.has("checksum")) {
                    Long checksum = update ? ((BookDelta) r).checksum() : ((BookSnapshot) r).checksum();
                    assertThat(checksum).as(what).isEqualTo(e.get("checksum").asLong());
                }
            }
            case "bbo-tbt" -> {
                Quote q = (Quote) records.get(0);
                JsonNode e = data.get(0);
                assertThat(q.askPrice().toPlainString()).as(what).isEqualTo(e.get("asks").get(0).get(0).asText());
                assertThat(q.askSize().toPlainString()).as(what).isEqualTo(e.get("asks").get(0).get(1).asText());
                if (e.get("bids").isEmpty()) {
                    assertThat(q.bidPrice()).as(what).isNull();
                } else {
                    assertThat(q.bidPrice().toPlainString()).as(what).isEqualTo(e.get("bids").get(0).get(0).asText());
                }
            }
            case "tickers" -> {
                Ticker t = (Ticker) records.get(0);
                JsonNode e = data.get(0);
                assertThat(c(t.last())).as(what).isEqualTo(Decimals.canonical(e.get("last").asText()));
                assertThat(c(t.open())).as(what).isEqualTo(Decimals.canonical(e.get("open24h").asText()));
                assertThat(c(t.high())).as(what).isEqualTo(Decimals.canonical(e.get("high24h").asText()));
                assertThat(c(t.low())).as(what).isEqualTo(Decimals.canonical(e.get("low24h").asText()));
                boolean spot = "SPOT".equals(e.get("instType").asText());
                String base = spot ? "vol24h" : "volCcy24h";
                assertThat(c(t.volumeBase())).as(what).isEqualTo(Decimals.canonical(e.get(base).asText()));
                assertThat(t.marketType() == MarketType.SPOT).as(what).isEqualTo(spot);
            }
            case "funding-rate" -> {
                Funding f = (Funding) records.get(0);
                JsonNode e = data.get(0);
                assertThat(c(f.fundingRate())).as(what).isEqualTo(
                        e.has("fundingRate") ? Decimals.canonical(e.get("fundingRate").asText()) : null);
                assertThat(f.fundingTime()).as(what).isEqualTo(e.get("fundingTime").asLong() * 1000);
            }
            case "mark-price" -> assertThat(c(((Funding) records.get(0)).markPrice())).as(what)
                    .isEqualTo(Decimals.canonical(data.get(0).get("markPx").asText()));
            case "open-interest", "GET /api/v5/public/open-interest" -> {
                assertThat(records).as(what).hasSize(data.size());
                for (int i = 0; i < data.size(); i++) {
                    OpenInterest oi = (OpenInterest) records.get(i);
                    assertThat(c(oi.openInterest())).as(what).isEqualTo(Decimals.canonical(data.get(i).get("oi").asText()));
                    assertThat(c(oi.openInterestBase())).as(what)
                            .isEqualTo(Decimals.canonical(data.get(i).get("oiCcy").asText()));
                    assertThat(oi.nativeSymbol()).as(what).isEqualTo(data.get(i).get("instId").asText());
                }
            }
            case "liquidation-orders" -> {
                Liquidation l = (Liquidation) records.get(0);
                assertThat(l.nativeSymbol()).isEqualTo("XRP-USD-230929");
                assertThat(l.marketType()).isEqualTo(MarketType.FUTURE);
                assertThat(c(l.price())).isEqualTo("0.55205");
                assertThat(c(l.rawSize())).isEqualTo("39");
                assertThat(l.side()).isEqualTo(Side.BUY);
                assertThat(l.size()).as("no instrument list loaded").isNull();
            }
            case "event:subscribe" -> assertThat(out.controls).containsExactly("event:subscribe");
            case "index-tickers" -> assertThat(out.controls).containsExactly("index-tickers");
            default -> assertThat(records).as(what).isEmpty();
        }
        return records.size();
    }

    private static void assertLevels(String what, List<BookLevel> levels, JsonNode raw) {
        assertThat(levels).as(what).hasSize(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            assertThat(levels.get(i).price().toPlainString()).as(what).isEqualTo(raw.get(i).get(0).asText());
            assertThat(levels.get(i).size().toPlainString()).as(what).isEqualTo(raw.get(i).get(1).asText());
        }
    }

    @Test
    void spotChecksOfSingleMessages() {
        List<RecordedMessage> messages = Fixtures.messages("okx.ndjson");
        // line 42: an "X-Perp" (USD-margined perpetual-style future) funding push with the 2026 field set
        Funding x = (Funding) new OkxTestSupport().feed(frame(messages.get(41))).records.get(0);
        assertThat(x.symbol()).isEqualTo("BTC-USD_UM_XPERP-310404");
        assertThat(x.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(c(x.fundingRate())).isEqualTo("-0.0004270396398519");
        assertThat(x.predictedRate()).isNull();
        assertThat(x.fundingIntervalHours()).isEqualTo(8);
        assertThat(x.exchangeTs()).isEqualTo(1785870855692000L);
        // line 62: a 2021 push with only nextFundingRate
        Funding sos = (Funding) new OkxTestSupport().feed(frame(messages.get(61))).records.get(0);
        assertThat(sos.fundingRate()).isNull();
        assertThat(c(sos.predictedRate())).isEqualTo("0.0003");
        assertThat(sos.symbol()).isEqualTo("SOS-USDT-PERP");
        // line 102: a books-l2-tbt snapshot of a linear dated future, in contracts
        BookSnapshot b = (BookSnapshot) new OkxTestSupport().feed(frame(messages.get(101))).records.get(0);
        assertThat(b.symbol()).isEqualTo("BTC-USDT-220325");
        assertThat(b.checksum()).isEqualTo(2127111983L);
        assertThat(b.bids().get(2)).isEqualTo(BookLevel.of("43738", "34"));
        // line 35: a books-l2-tbt update that deletes a level
        BookDelta d = (BookDelta) new OkxTestSupport().feed(frame(messages.get(34))).records.get(0);
        assertThat(d.bids()).containsExactly(BookLevel.of("161.26", "6"), BookLevel.of("161.24", "0"));
        assertThat(d.prevSequence()).isNull();
        assertThat(d.checksum()).isEqualTo(-465502296L);
        // line 129: an option ticker with an empty bid
        Ticker t = (Ticker) new OkxTestSupport().feed(frame(messages.get(128))).records.get(0);
        assertThat(t.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(t.bestBid()).isNull();
        assertThat(c(t.bestAsk())).isEqualTo("0.0015");
    }
}
