package io.marketprism.venue.okx;

import static io.marketprism.venue.okx.OkxTestSupport.c;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.Quantities;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.testing.Fixtures;
import io.marketprism.venue.Frame;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * cryptofeed's raw capture of OKX v5 (2022-05-13): the instrument lists ({@code OKX.0}) and a public WebSocket
 * session ({@code OKX.ws.1.0}) with books (non-zero CRC32 checksums, no seqId yet), tickers and trades of a dated
 * inverse future, an inverse swap and a spot pair.
 */
class OkxCryptofeedCaptureTest {

    /** {@code <url> -> <epoch s>: <body>} lines of OKX.0 as REST responses (the final configuration line skipped). */
    private static List<Frame> instrumentResponses() throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.sharedRoot().resolve("cryptofeed-captures/OKX.0"),
                StandardCharsets.UTF_8)) {
            int arrow = line.indexOf(" -> ");
            if (arrow < 0) {
                continue;
            }
            int colon = line.indexOf(": ", arrow);
            frames.add(Frame.restResponse(nanos(line.substring(arrow + 4, colon)), line.substring(0, arrow),
                    line.substring(colon + 2)));
        }
        return frames;
    }

    /** Received frames of OKX.ws.1.0: {@code <epoch s>: <frame>} (connect and sent lines skipped). */
    private static List<Frame> wsFrames() throws IOException {
        Path file = Fixtures.sharedRoot().resolve("cryptofeed-captures/OKX.ws.1.0");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String url = lines.get(0).trim();
        List<Frame> frames = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty() || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            int colon = line.indexOf(": ");
            frames.add(Frame.wsIn(nanos(line.substring(0, colon)), url, line.substring(colon + 2)));
        }
        return frames;
    }

    private static long nanos(String epochSeconds) {
        return new BigDecimal(epochSeconds).movePointRight(9).longValue();
    }

    private static OkxTestSupport withCapturedInstruments() throws IOException {
        OkxTestSupport s = new OkxTestSupport();
        instrumentResponses().forEach(s::feed);
        return s;
    }

    @Test
    void instrumentListsBecomeInstruments() throws IOException {
        OkxTestSupport s = withCapturedInstruments();
        // five lists (SPOT, SWAP, FUTURES, BTC and ETH options) fetched five times each
        assertThat(s.out.instruments).hasSize(5 * (513 + 166 + 104 + 346 + 350));
        assertThat(s.registry.all(Exchange.OKX)).hasSize(513 + 166 + 104 + 346 + 350);
        assertThat(s.out.unknowns).isEmpty();

        Instrument linear = s.registry.find(Exchange.OKX, "BTC-USDT-SWAP");
        assertThat(linear.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(linear.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(c(linear.contractSize())).isEqualTo("0.01");
        assertThat(linear.contractSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(linear.settle()).isEqualTo("USDT");

        Instrument uni = s.registry.find(Exchange.OKX, "UNI-USD-SWAP");
        assertThat(uni.symbol()).isEqualTo("UNI-USD-PERP");
        assertThat(uni.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(c(uni.contractSize())).isEqualTo("10");
        assertThat(uni.contractSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        assertThat(uni.base()).isEqualTo("UNI");
        assertThat(uni.quote()).isEqualTo("USD");
        assertThat(c(uni.tickSize())).isEqualTo("0.001");

        Instrument future = s.registry.find(Exchange.OKX, "BTC-USD-220527");
        assertThat(future.symbol()).isEqualTo("BTC-USD-220527");
        assertThat(future.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(future.expiry()).isEqualTo(1653638400000000L);

        Instrument spot = s.registry.find(Exchange.OKX, "BTC-USDT");
        assertThat(spot.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(spot.lotSize().toPlainString()).isEqualTo("0.00000001");

        Instrument option = s.registry.find(Exchange.OKX, "BTC-USD-220514-22000-C");
        assertThat(option.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(c(option.strike())).isEqualTo("22000");
        assertThat(option.optionType()).isEqualTo("C");
        assertThat(c(option.contractSize())).isEqualTo("0.1");

        // every swap maps to -PERP, every other id keeps its instId
        for (Instrument i : s.registry.all(Exchange.OKX)) {
            String expected = i.nativeSymbol().endsWith("-SWAP")
                    ? i.nativeSymbol().replace("-SWAP", "-PERP") : i.nativeSymbol();
            assertThat(i.symbol()).isEqualTo(expected);
        }
    }

    @Test
    void sessionFramesAllHandledAndTradesConverted() throws IOException {
        OkxTestSupport s = withCapturedInstruments();
        s.out.clear();
        wsFrames().forEach(s::feed);
        assertThat(s.out.unknowns).isEmpty();
        assertThat(s.out.controls).hasSize(18).containsOnly("event:subscribe");
        assertThat(s.out.of(BookSnapshot.class)).hasSize(3);
        assertThat(s.out.of(BookDelta.class)).hasSize(287);
        assertThat(s.out.of(Ticker.class)).hasSize(28);
        List<Trade> trades = s.out.of(Trade.class);
        assertThat(trades).hasSize(74);

        Trade future = find(trades, "7849");
        assertThat(future.symbol()).isEqualTo("BTC-USD-220527");
        assertThat(future.rawSizeUnit()).isEqualTo(SizeUnit.CONTRACT);
        assertThat(future.size()).isEqualTo(Quantities.divide(new BigDecimal("100"), new BigDecimal("30218.8")));
        assertThat(future.receiveTs()).isEqualTo(1652459225507075800L);

        Trade uni = find(trades, "12883020");
        assertThat(uni.symbol()).isEqualTo("UNI-USD-PERP");
        assertThat(c(uni.rawSize())).isEqualTo("100");
        assertThat(uni.size()).isEqualTo(Quantities.divide(new BigDecimal("1000"), new BigDecimal("5.123")));

        for (Trade t : trades) {
            if (t.marketType() == MarketType.SPOT) {
                assertThat(t.size()).isSameAs(t.rawSize());
            } else {
                assertThat(t.size()).as("converted with the captured ctVal").isNotNull();
            }
        }
        Ticker swapTicker = s.out.of(Ticker.class).stream().filter(t -> t.symbol().equals("UNI-USD-PERP"))
                .findFirst().orElseThrow();
        assertThat(c(swapTicker.volumeBase())).isEqualTo("577730.7823");
        assertThat(c(swapTicker.volumeQuote())).isEqualTo("2894250"); // 289425 contracts × 10 USD
    }

    /**
     * Replays the books and validates every legacy CRC32 over the level strings as the records carry them: proves
     * the records keep prices and sizes with the venue's exact text (scale included) and every level of every frame.
     */
    @Test
    void everyBookChecksumMatchesTheRecordsLevels() throws IOException {
        OkxTestSupport s = new OkxTestSupport();
        wsFrames().forEach(s::feed);
        Map<String, Book> books = new HashMap<>();
        int verified = 0;
        for (MarketRecord r : s.out.records) {
            if (r instanceof BookSnapshot snap) {
                Book b = new Book();
                b.apply(snap.bids(), snap.asks());
                books.put(snap.nativeSymbol(), b);
                assertThat(snap.checksum()).isNotNull();
                assertThat(b.checksum()).as(snap.nativeSymbol() + " snapshot").isEqualTo(snap.checksum().intValue());
                verified++;
            } else if (r instanceof BookDelta delta) {
                Book b = books.get(delta.nativeSymbol());
                b.apply(delta.bids(), delta.asks());
                assertThat(delta.checksum()).isNotNull();
                assertThat(b.checksum()).as(delta.nativeSymbol() + " update at " + delta.exchangeTs())
                        .isEqualTo(delta.checksum().intValue());
                verified++;
            }
        }
        assertThat(verified).isEqualTo(290);
    }

    private static Trade find(List<Trade> trades, String id) {
        return trades.stream().filter(t -> t.tradeId().equals(id)).findFirst().orElseThrow();
    }

    /** A minimal test-side book: levels by price, size 0 deletes; CRC32 per protocol reference §4.7. */
    private static final class Book {
        private final TreeMap<BigDecimal, BookLevel> bids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, BookLevel> asks = new TreeMap<>();

        void apply(List<BookLevel> bidLevels, List<BookLevel> askLevels) {
            put(bids, bidLevels);
            put(asks, askLevels);
        }

        private static void put(TreeMap<BigDecimal, BookLevel> side, List<BookLevel> levels) {
            for (BookLevel l : levels) {
                if (l.size().signum() == 0) {
                    side.remove(l.price());
                } else {
                    side.put(l.price(), l);
                }
            }
        }

        int checksum() {
            List<BookLevel> b = new ArrayList<>(bids.values());
            List<BookLevel> a = new ArrayList<>(asks.values());
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                if (i < b.size()) {
                    append(sb, b.get(i));
                }
                if (i < a.size()) {
                    append(sb, a.get(i));
                }
            }
            CRC32 crc = new CRC32();
            crc.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
            return (int) crc.getValue();
        }

        private static void append(StringBuilder sb, BookLevel l) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(l.price().toPlainString()).append(':').append(l.size().toPlainString());
        }
    }
}
