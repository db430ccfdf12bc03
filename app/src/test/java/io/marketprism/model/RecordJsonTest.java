package io.marketprism.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    @Test
    void tradeHasStableSnakeCaseFormWithCanonicalDecimals() {
        Trade t = new Trade(Exchange.BINANCE, MarketType.SPOT, "NKN-USDT", "NKNUSDT", "15683430", Side.BUY,
                Decimals.parse("0.35280000"), Decimals.parse("58.00000000"), Decimals.parse("58.00000000"),
                SizeUnit.BASE, 15683430L, false, 1633998523963000L, 1633998523963123456L);
        assertThat(RecordJson.write(t)).isEqualTo("{\"type\":\"trade\",\"exchange\":\"binance\",\"market_type\":\"spot\","
                + "\"symbol\":\"NKN-USDT\",\"native_symbol\":\"NKNUSDT\",\"trade_id\":\"15683430\",\"side\":\"buy\","
                + "\"price\":\"0.3528\",\"size\":\"58\",\"raw_size\":\"58\",\"raw_size_unit\":\"base\","
                + "\"sequence\":15683430,\"liquidation\":false,\"exchange_ts\":1633998523963000,"
                + "\"receive_ts\":1633998523963123456}");
    }

    @Test
    void everyRecordTypeRoundTrips() {
        BigDecimal p = new BigDecimal("7.612");
        List<MarketRecord> all = List.of(
                new BookSnapshot(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "SUSHI-USDT-PERP", "SUSHIUSDT",
                        List.of(BookLevel.of("7.612", "303")), List.of(BookLevel.of("7.616", "267")), SizeUnit.BASE,
                        42L, null, 1L, 2L),
                new BookDelta(Exchange.OKX, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTC-USDT-SWAP",
                        List.of(BookLevel.of("1", "0")), List.of(), SizeUnit.CONTRACT, null, 5L, 4L, -12345L, 1L, 2L),
                new Quote(Exchange.DERIBIT, MarketType.PERPETUAL, "BTC-USD-PERP", "BTC-PERPETUAL", p, p, p, null,
                        SizeUnit.QUOTE, 9L, 1L, 2L),
                new Ticker(Exchange.BINANCE, MarketType.SPOT, "BNB-BTC", "BNBBTC", p, p, p, p, p, p, p, null, null,
                        1L, 2L),
                new Funding(Exchange.OKX, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTC-USDT-SWAP", p, null, 1L, 2L,
                        8, p, p, 1L, 2L),
                new OpenInterest(Exchange.BINANCE_DELIVERY, MarketType.PERPETUAL, "BTC-USD-PERP", "BTCUSD_PERP", p,
                        SizeUnit.CONTRACT, null, p, 1L, 2L),
                new Liquidation(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                        Side.SELL, p, p, p, SizeUnit.BASE, null, 1L, 2L),
                new LongShortRatio(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                        RatioKind.TOP_POSITION, "5m", p, p, p, null, null, 1L, 2L),
                new VolatilityIndex(Exchange.DERIBIT, MarketType.SPOT, "BTC-DVOL", "btc_usd", p, null, null, null,
                        1L, 2L));
        for (MarketRecord r : all) {
            String json = RecordJson.write(r);
            assertThat(json).startsWith("{\"type\":\"" + r.type().id() + "\"");
            MarketRecord back = RecordJson.read(json);
            assertThat(RecordJson.write(back)).isEqualTo(json);
            assertThat(back.type()).isEqualTo(r.type());
        }
    }

    @Test
    void bookLevelsAreArraysOfStrings() {
        BookSnapshot s = new BookSnapshot(Exchange.BINANCE, MarketType.SPOT, "NKN-USDT", "NKNUSDT",
                List.of(BookLevel.of("0.35210000", "672.00000000")), List.of(), SizeUnit.BASE, 1L, null, 0L, 0L);
        assertThat(RecordJson.write(s)).contains("\"bids\":[[\"0.3521\",\"672\"]],\"asks\":[]");
    }

    @Test
    void readsJsonFromElsewhereWithTheTypeAnywhere() {
        MarketRecord r = RecordJson.read("{\"exchange\":\"okx\",\"market_type\":\"spot\",\"symbol\":\"BTC-USDT\","
                + "\"native_symbol\":\"BTC-USDT\",\"value\":\"55.5\",\"type\":\"volatility_index\","
                + "\"exchange_ts\":1,\"receive_ts\":2}");
        assertThat(r).isInstanceOf(VolatilityIndex.class);
        assertThat(((VolatilityIndex) r).value()).isEqualByComparingTo("55.5");
        assertThatThrownBy(() -> RecordJson.read("{\"type\":\"candle\",\"exchange\":\"okx\"}"))
                .hasMessageContaining("unknown record type 'candle'");
        assertThatThrownBy(() -> RecordJson.read("{\"type\":\"trade\",")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readRejectsJsonWithoutType() {
        assertThatThrownBy(() -> RecordJson.read("{\"exchange\":\"okx\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
    }

    /**
     * A bundle is read with one parser up to the first line that is not one of our records; from there the caller
     * reads line by line (which reports that line). The offset returned is always a line start, so no record is
     * handed out twice and none is skipped.
     */
    @Test
    void aBundleIsReadUpToTheFirstLineThatIsNotOneOfOurRecords() {
        List<MarketRecord> records = io.marketprism.pipeline.SampleRecords.everyType();
        List<String> lines = records.stream().map(RecordJson::write).toList();
        String good = String.join("\n", lines);
        List<MarketRecord> out = new java.util.ArrayList<>();

        assertThat(RecordJson.readBundle(bytes(good + "\n"), out::add)).isEqualTo(good.length() + 1);
        // the same records (compared by their JSON form: decimals come back canonical, 0.00010000 as 0.0001)
        assertThat(out.stream().map(RecordJson::write)).containsExactlyElementsOf(lines);

        // a bad third line: the first two are read, the rest is left to the line-by-line reader from that line on
        String bad = lines.get(0) + "\n" + lines.get(1) + "\n{\"type\":\"trade\",\"exchange\":\n" + lines.get(2);
        out.clear();
        int resume = RecordJson.readBundle(bytes(bad), out::add);
        assertThat(out.stream().map(RecordJson::write)).containsExactly(lines.get(0), lines.get(1));
        assertThat(resume).isEqualTo(lines.get(0).length() + lines.get(1).length() + 2);

        // foreign JSON (type not first), two records on one line, an unknown type, a first line that is bad
        for (String from : List.of("{\"exchange\":\"okx\",\"type\":\"trade\"}", lines.get(1) + " " + lines.get(2),
                "{\"type\":\"no_such_type\"}", "not json")) {
            out.clear();
            assertThat(RecordJson.readBundle(bytes(lines.get(0) + "\n" + from + "\n" + lines.get(3)), out::add))
                    .as(from).isEqualTo(lines.get(0).length() + 1);
            assertThat(out.stream().map(RecordJson::write)).as(from).containsExactly(lines.get(0));
            out.clear();
            assertThat(RecordJson.readBundle(bytes(from), out::add)).as(from).isZero();
            assertThat(out).isEmpty();
        }
        assertThat(RecordJson.readBundle(new byte[0], out::add)).isZero();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
