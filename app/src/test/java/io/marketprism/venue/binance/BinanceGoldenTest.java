package io.marketprism.venue.binance;

import static io.marketprism.venue.binance.BinanceWsTest.c;
import static io.marketprism.venue.binance.BinanceWsTest.levels;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Instrument;
import io.marketprism.model.Liquidation;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.CollectingOutput;
import io.marketprism.testing.Fixtures;
import io.marketprism.testing.Fixtures.RecordedMessage;
import io.marketprism.venue.Frame;
import io.marketprism.venue.InstrumentRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every recorded Binance message of the shared fixtures goes through the adapter without an exception (none of them is
 * malformed), with exact spot checks per channel. Skips when the shared folder is absent.
 */
class BinanceGoldenTest {
    private static final long RX = 1L;

    /** Feeds every message of a messages/*.ndjson file to one adapter; REST lines get a URL built from the channel. */
    private static CollectingOutput feedAll(Exchange exchange, String file, String host, String restSymbol) {
        List<RecordedMessage> messages = Fixtures.messages(file);
        assertThat(messages).isNotEmpty();
        InstrumentRegistry registry = new InstrumentRegistry();
        BinanceAdapter adapter = new BinanceAdapter(exchange, registry);
        CollectingOutput out = new CollectingOutput(registry);
        for (RecordedMessage m : messages) {
            int before = out.records.size() + out.controls.size() + out.unknowns.size();
            if (m.isRest()) {
                String path = m.channel().substring("GET ".length());
                String url = "https://" + host + path + (restSymbol == null ? "" : "?symbol=" + restSymbol);
                adapter.onFrame(Frame.restResponse(RX, url, m.raw()), out);
            } else {
                adapter.onFrame(Frame.wsIn(RX, "wss://" + host + "/stream?streams=x", m.raw()), out);
            }
            assertThat(out.records.size() + out.controls.size() + out.unknowns.size())
                    .as("%s produced nothing", m).isGreaterThan(before);
        }
        assertThat(out.unknowns).isEmpty();
        return out;
    }

    private static Map<RecordType, Integer> counts(List<MarketRecord> records) {
        Map<RecordType, Integer> counts = new EnumMap<>(RecordType.class);
        records.forEach(r -> counts.merge(r.type(), 1, Integer::sum));
        return counts;
    }

    @Test
    void spotMessages() {
        CollectingOutput out = feedAll(Exchange.BINANCE, "binance.ndjson", "api.binance.com", "BTCUSDT");
        assertThat(counts(out.records)).isEqualTo(Map.of(RecordType.TRADE, 3, RecordType.QUOTE, 2,
                RecordType.TICKER, 3, RecordType.BOOK_SNAPSHOT, 4, RecordType.BOOK_DELTA, 5));
        assertThat(out.controls).containsExactly("kline");

        Trade t = out.of(Trade.class).get(0);
        assertThat(t.symbol()).isEqualTo("BNB-BTC");
        assertThat(t.tradeId()).isEqualTo("40756030");
        assertThat(c(t.price())).isEqualTo("0.0042699");
        assertThat(c(t.size())).isEqualTo("33.82");
        assertThat(t.side()).isEqualTo(Side.BUY);
        assertThat(t.exchangeTs()).isEqualTo(1554076800940_000L);

        BookSnapshot gnt = out.of(BookSnapshot.class).stream().filter(s -> s.nativeSymbol().equals("GNTBTC"))
                .findFirst().orElseThrow(); // tardis-generated depthSnapshot
        assertThat(gnt.sequence()).isEqualTo(41603417L);
        assertThat(gnt.partial()).as("a full REST snapshot: books sync from it").isFalse();
        assertThat(gnt.bids()).hasSize(5);
        assertThat(levels(gnt.asks()).get(1)).isEqualTo("0.00002256/50641");

        BookSnapshot top20 = out.of(BookSnapshot.class).stream().filter(s -> s.nativeSymbol().equals("ETHUSDT"))
                .findFirst().orElseThrow();
        assertThat(top20.sequence()).isEqualTo(17044571457L);
        assertThat(top20.partial()).as("@depth20 is a top-N book").isTrue();
        BookSnapshot restDepth = out.of(BookSnapshot.class).get(3);
        assertThat(restDepth.sequence()).isEqualTo(33933317943L);
        assertThat(restDepth.partial()).isFalse();
        assertThat(levels(restDepth.bids()).get(0)).isEqualTo("23171.42/0.03");

        BookDelta d = out.of(BookDelta.class).get(4);
        assertThat(d.firstSequence()).isEqualTo(11294093710L);
        assertThat(d.sequence()).isEqualTo(11294093726L);
        assertThat(levels(d.bids())).containsExactly("35743.98/0", "35743.87/0.000015");

        Quote q = out.of(Quote.class).get(1); // !bookTicker
        assertThat(q.sequence()).isEqualTo(19575390521L);
        assertThat(c(q.bidSize())).isEqualTo("13.94302");

        Ticker arr = out.of(Ticker.class).get(2); // !ticker@arr
        assertThat(arr.symbol()).isEqualTo("ETH-BTC");
        assertThat(c(arr.volumeQuote())).isEqualTo("7187.23459814");
    }

    @Test
    void usdmMessages() {
        CollectingOutput out = feedAll(Exchange.BINANCE_FUTURES, "binance-futures.ndjson", "fapi.binance.com",
                "BTCUSDT");
        assertThat(counts(out.records)).isEqualTo(Map.of(RecordType.TRADE, 6, RecordType.TICKER, 5,
                RecordType.FUNDING, 6, RecordType.OPEN_INTEREST, 3, RecordType.LIQUIDATION, 1, RecordType.QUOTE, 3,
                RecordType.BOOK_DELTA, 2, RecordType.BOOK_SNAPSHOT, 4));
        assertThat(out.controls).containsExactly("kline", "kline");

        Trade insurance = out.of(Trade.class).stream().filter(x -> x.tradeId().equals("73701056")).findFirst()
                .orElseThrow();
        assertThat(insurance.liquidation()).isTrue(); // "X":"INSURANCE_FUND"
        assertThat(insurance.side()).isEqualTo(Side.SELL);
        Trade early = out.of(Trade.class).get(0); // 2019 aggTrade without "a": named by its trade ids f-l
        assertThat(early.tradeId()).isEqualTo("181349-181349");
        assertThat(early.sequence()).isNull();
        assertThat(c(early.price())).isEqualTo("10223.74");
        Trade dated = out.of(Trade.class).stream().filter(x -> x.tradeId().equals("21021")).findFirst().orElseThrow();
        assertThat(dated.symbol()).isEqualTo("BTC-USDT-210625");
        assertThat(dated.marketType()).isEqualTo(MarketType.FUTURE);

        Liquidation l = out.of(Liquidation.class).get(0);
        assertThat(l.side()).isEqualTo(Side.BUY);
        assertThat(c(l.price())).isEqualTo("4706.04");
        assertThat(c(l.size())).isEqualTo("0.014");
        assertThat(l.exchangeTs()).isEqualTo(1584059031421_000L);

        OpenInterest generated = out.of(OpenInterest.class).get(0);
        assertThat(c(generated.openInterest())).isEqualTo("26286.181");
        assertThat(generated.exchangeTs()).isZero(); // tardis frame has no time
        OpenInterest rest = out.of(OpenInterest.class).get(1);
        assertThat(rest.symbol()).isEqualTo("BTC-USDT-220624");
        assertThat(rest.exchangeTs()).isEqualTo(1654336785074_000L);

        Funding quarterly = out.of(Funding.class).stream().filter(f -> f.nativeSymbol().equals("BTCBUSD_210129"))
                .findFirst().orElseThrow();
        assertThat(c(quarterly.fundingRate())).isEqualTo("0");
        assertThat(quarterly.nextFundingTime()).isNull(); // T = 0
        assertThat(out.of(Funding.class).stream().filter(f -> f.exchangeTs() == 1617309024002_000L)).hasSize(2);

        BookSnapshot top = out.of(BookSnapshot.class).get(0); // depth20 with "e":"depthUpdate"
        assertThat(top.symbol()).isEqualTo("ETH-USDT-220624");
        assertThat(top.sequence()).isEqualTo(1555027698095L);
        assertThat(top.partial()).isTrue();
        BookDelta d = out.of(BookDelta.class).get(1);
        assertThat(d.prevSequence()).isEqualTo(475776377452L);
        assertThat(d.exchangeTs()).isEqualTo(1622371244687_000L);
        BookSnapshot restDepth = out.of(BookSnapshot.class).get(2);
        assertThat(restDepth.sequence()).isEqualTo(1570223094073L);
        assertThat(restDepth.exchangeTs()).isEqualTo(1654231622320_000L);
    }

    @Test
    void coinmMessages() {
        CollectingOutput out = feedAll(Exchange.BINANCE_DELIVERY, "binance-delivery.ndjson", "dapi.binance.com", null);
        assertThat(counts(out.records)).isEqualTo(Map.of(RecordType.TRADE, 4, RecordType.TICKER, 5,
                RecordType.FUNDING, 5, RecordType.OPEN_INTEREST, 3, RecordType.LIQUIDATION, 1, RecordType.QUOTE, 3,
                RecordType.BOOK_DELTA, 4, RecordType.BOOK_SNAPSHOT, 6));
        assertThat(out.controls).containsExactly("response", "kline", "kline");

        Trade perp = out.of(Trade.class).stream().filter(x -> x.tradeId().equals("41045788")).findFirst()
                .orElseThrow();
        assertThat(perp.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(perp.rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(perp.rawSize())).isEqualTo("58");
        // 58 contracts × 100 USD / 58570.1 USD per BTC, to 34 significant digits
        assertThat(perp.size()).isEqualByComparingTo(new BigDecimal("5800").divide(new BigDecimal("58570.1"),
                java.math.MathContext.DECIMAL128));

        Liquidation l = out.of(Liquidation.class).get(0);
        assertThat(l.symbol()).isEqualTo("BTC-USD-200925");
        assertThat(c(l.price())).isEqualTo("9352.7");
        assertThat(c(l.rawSize())).isEqualTo("3");

        OpenInterest oi = out.of(OpenInterest.class).get(2);
        assertThat(oi.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(oi.unit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(c(oi.openInterestUsd())).isEqualTo("582789700");

        Funding index = out.of(Funding.class).stream().filter(f -> f.nativeSymbol().equals("BTCUSD")).findFirst()
                .orElseThrow();
        assertThat(c(index.indexPrice())).isEqualTo("9429.39675");

        BookSnapshot depth5 = out.of(BookSnapshot.class).stream().filter(s -> s.nativeSymbol().equals("RUNEUSD_PERP"))
                .findFirst().orElseThrow();
        assertThat(depth5.bids()).isEmpty();
        assertThat(depth5.sizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(depth5.partial()).isTrue();
        BookSnapshot rest = out.of(BookSnapshot.class).get(out.of(BookSnapshot.class).size() - 1);
        assertThat(rest.nativeSymbol()).isEqualTo("BTCUSD_PERP"); // from the body's "symbol"
        assertThat(rest.sequence()).isEqualTo(466437000380L);

        Ticker t = out.of(Ticker.class).stream().filter(x -> x.nativeSymbol().equals("BTCUSD_PERP")).findFirst()
                .orElseThrow();
        assertThat(c(t.volumeBase())).isEqualTo("42252.54497257");
        assertThat(c(t.volumeQuote())).isEqualTo("1222924700");
    }

    @Test
    void cryptofeedExchangeInfoAndFrames() throws IOException {
        Path root = Fixtures.sharedRoot().resolve("cryptofeed-captures");
        InstrumentRegistry registry = new InstrumentRegistry();
        BinanceAdapter adapter = new BinanceAdapter(Exchange.BINANCE, registry);
        CollectingOutput out = new CollectingOutput(registry);
        String info = Files.readAllLines(root.resolve("BINANCE.0"), StandardCharsets.UTF_8).get(0);
        int arrow = info.indexOf(" -> ");
        String url = info.substring(0, arrow);
        String body = info.substring(info.indexOf(": ", arrow) + 2);
        adapter.onFrame(Frame.restResponse(RX, url, body), out);
        assertThat(out.instruments).hasSizeGreaterThan(1000);
        Instrument nkn = registry.find(Exchange.BINANCE, "NKNUSDT");
        assertThat(nkn.symbol()).isEqualTo("NKN-USDT");
        assertThat(nkn.base()).isEqualTo("NKN");
        assertThat(nkn.quote()).isEqualTo("USDT");
        assertThat(nkn.marketType()).isEqualTo(MarketType.SPOT);
        Instrument ethbtc = registry.find(Exchange.BINANCE, "ETHBTC");
        assertThat(c(ethbtc.tickSize())).isEqualTo("0.000001");
        assertThat(c(ethbtc.lotSize())).isEqualTo("0.0001");
        assertThat(ethbtc.status()).isEqualTo("TRADING");
        out.clear();

        List<String> lines = Files.readAllLines(root.resolve("BINANCE.ws.1.0"), StandardCharsets.UTF_8);
        String wsUrl = lines.get(0).substring(0, lines.get(0).indexOf(" <-> "));
        int frames = 0;
        for (String line : lines.subList(1, lines.size())) {
            int sep = line.indexOf(": ");
            if (line.isBlank() || sep < 0 || line.contains(" <-> ") || line.contains(" <- ")) {
                continue;
            }
            long rx = new BigDecimal(line.substring(0, sep)).movePointRight(9).longValueExact();
            adapter.onFrame(Frame.wsIn(rx, wsUrl, line.substring(sep + 2)), out);
            frames++;
        }
        assertThat(frames).isEqualTo(265);
        assertThat(out.unknowns).isEmpty();
        assertThat(out.controls).containsExactly("kline", "kline");
        assertThat(counts(out.records)).isEqualTo(Map.of(RecordType.BOOK_DELTA, 177, RecordType.QUOTE, 84,
                RecordType.TRADE, 2));

        BookDelta first = out.of(BookDelta.class).get(0);
        assertThat(first.nativeSymbol()).isEqualTo("NKNUSDT");
        assertThat(first.firstSequence()).isEqualTo(499869750L);
        assertThat(first.sequence()).isEqualTo(499869752L);
        assertThat(first.exchangeTs()).isEqualTo(1633998512068_000L);
        assertThat(first.receiveTs()).isEqualTo(1633998512063356900L);
        assertThat(levels(first.bids())).containsExactly("0.3513/6195", "0.3475/5548", "0.3464/6222");
        assertThat(first.asks()).isEmpty();
        BookDelta second = out.of(BookDelta.class).get(1);
        assertThat(second.firstSequence()).isEqualTo(499869753L);
        assertThat(levels(second.asks())).containsExactly("0.3529/10968");

        List<Trade> trades = out.of(Trade.class);
        assertThat(trades).hasSize(2);
        assertThat(trades.get(0).tradeId()).isEqualTo("15683430");
        assertThat(trades.get(0).price()).isEqualTo(new BigDecimal("0.35280000"));
        assertThat(trades.get(1).symbol()).isEqualTo("LRC-BTC");
        assertThat(c(trades.get(1).price())).isEqualTo("0.00000638");
        assertThat(c(trades.get(1).size())).isEqualTo("177");

        // the REST snapshots of the same session
        out.clear();
        for (String line : Files.readAllLines(root.resolve("BINANCE.http.0.0"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            int a = line.indexOf(" -> ");
            adapter.onFrame(Frame.restResponse(RX, line.substring(0, a), line.substring(line.indexOf(": ", a) + 2)),
                    out);
        }
        BookSnapshot nknBook = out.of(BookSnapshot.class).get(0);
        assertThat(nknBook.symbol()).isEqualTo("NKN-USDT");
        assertThat(nknBook.sequence()).isEqualTo(499869752L);
        assertThat(levels(nknBook.bids()).get(0)).isEqualTo("0.3521/672");
        assertThat(out.of(BookSnapshot.class)).extracting(BookSnapshot::symbol)
                .containsExactly("NKN-USDT", "BLZ-ETH", "LRC-BTC", "RUNE-EUR");
    }
}
