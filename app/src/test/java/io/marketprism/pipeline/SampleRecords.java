package io.marketprism.pipeline;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.LongShortRatio;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.RatioKind;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.model.VolatilityIndex;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Records for pipeline and store tests: numbered trades, and one record of every type with awkward decimals. */
public final class SampleRecords {
    private static final long T0 = 1_700_000_000_000_000L;

    private SampleRecords() {
    }

    public static Trade trade(long i) {
        return new Trade(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", Long.toString(i),
                i % 2 == 0 ? Side.BUY : Side.SELL, new BigDecimal("37000.12345678"), new BigDecimal("0.00100000"),
                new BigDecimal("0.00100000"), SizeUnit.BASE, i, false, T0 + i, T0 * 1000 + i);
    }

    public static List<MarketRecord> trades(long from, int n) {
        List<MarketRecord> out = new ArrayList<>(n);
        for (long i = from; i < from + n; i++) {
            out.add(trade(i));
        }
        return out;
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** One record of every type; decimals use 18 fractional digits, 20 integer digits, zeros and negatives. */
    public static List<MarketRecord> everyType() {
        List<BookLevel> bids = List.of(BookLevel.of("37000.1", "1.5"), BookLevel.of("36999.999999999999999999", "0"));
        List<BookLevel> asks = List.of(BookLevel.of("37000.2", "0.000000000000000001"));
        return List.of(
                new Trade(Exchange.OKX, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTC-USDT-SWAP", "t1", Side.SELL,
                        d("12345678901234567890.123456789012345678"), null, d("3"), SizeUnit.CONTRACT, null, true,
                        T0, T0 * 1000),
                new BookSnapshot(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", bids, asks,
                        SizeUnit.BASE, 42L, null, T0, T0 * 1000),
                new BookDelta(Exchange.DERIBIT, MarketType.PERPETUAL, "BTC-USD-PERP", "BTC-PERPETUAL", bids,
                        List.of(), SizeUnit.QUOTE, 10L, 11L, 9L, 123L, T0 + 1, T0 * 1000 + 1),
                new Quote(Exchange.BINANCE, MarketType.SPOT, "ETH-USDT", "ETHUSDT", d("2000.01"), d("3.3"), null, null,
                        SizeUnit.BASE, 7L, 0, T0 * 1000 + 2),
                new Ticker(Exchange.OKX, MarketType.SPOT, "ETH-USDT", "ETH-USDT", d("2000"), d("1990.5"), d("2010"),
                        d("1980"), d("12345.6789"), d("24691357.8"), d("-0.0123"), null, d("2000.02"), T0 + 3,
                        T0 * 1000 + 3),
                new Funding(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                        d("0.00010000"), null, T0 / 1000, T0 / 1000 + 28_800_000L, 8, d("37001.5"), d("37000.9"),
                        T0 + 4, T0 * 1000 + 4),
                new OpenInterest(Exchange.OKX, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTC-USDT-SWAP", d("123456"),
                        SizeUnit.CONTRACT, d("1234.56"), null, T0 + 5, T0 * 1000 + 5),
                new Liquidation(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                        Side.BUY, d("36000.5"), d("0.01"), d("0.01"), SizeUnit.BASE, null, T0 + 6, T0 * 1000 + 6),
                new LongShortRatio(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                        RatioKind.TOP_ACCOUNT, "5m", d("1.2345"), d("0.5525"), d("0.4475"), null, null, T0 + 7,
                        T0 * 1000 + 7),
                new VolatilityIndex(Exchange.DERIBIT, MarketType.OPTION, "BTC-DVOL", "btc_usd", d("55.21"), null,
                        null, null, T0 + 8, T0 * 1000 + 8));
    }
}
