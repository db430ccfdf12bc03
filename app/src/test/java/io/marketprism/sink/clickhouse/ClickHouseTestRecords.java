package io.marketprism.sink.clickhouse;

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
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** Records of every type with the awkward values storage must keep exactly. */
final class ClickHouseTestRecords {
    /** 2022-05-13T16:27:05Z in µs. */
    static final long TS = 1_652_459_225_000_000L;
    /** An inverse-contract size: 10 USD / 30000.3 to 34 significant digits (rounded to 18 places when stored). */
    static final BigDecimal INVERSE_QUOTIENT = new BigDecimal("10").divide(new BigDecimal("30000.3"),
            MathContext.DECIMAL128);
    /** 20 integer and 18 fractional digits: the largest magnitude Decimal(38,18) holds. */
    static final BigDecimal WIDEST = new BigDecimal("-99999999999999999999.999999999999999999");
    static final String LONG_ID = "id-\t-\n-\\-'-\"-ü-€-" + "x".repeat(10_000);

    private ClickHouseTestRecords() {
    }

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    static List<MarketRecord> everyType() {
        List<MarketRecord> out = new ArrayList<>();
        out.add(new Trade(Exchange.DERIBIT, MarketType.PERPETUAL, "BTC-USD-PERP", "BTC-PERPETUAL", "12345", Side.BUY,
                d("30000.3"), INVERSE_QUOTIENT, d("10"), SizeUnit.QUOTE, 777L, true, TS, TS * 1000 + 5));
        out.add(new Trade(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", LONG_ID, Side.SELL,
                WIDEST.negate(), null, WIDEST, SizeUnit.BASE, null, false, TS + 1, TS * 1000 + 6));
        out.add(new BookSnapshot(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT",
                List.of(BookLevel.of("30000.1", "0.5"), BookLevel.of("29999.99", "1.00000001")), List.of(),
                SizeUnit.BASE, 99L, -123456789L, TS + 2, TS * 1000));
        out.add(new BookSnapshot(Exchange.BINANCE, MarketType.SPOT, "ETH-USDT", "ETHUSDT", List.of(), List.of(),
                SizeUnit.BASE, null, null, true, TS + 3, TS * 1000));
        out.add(new BookDelta(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                List.of(BookLevel.of("30000", "0")), List.of(BookLevel.of("30000.5", "12.345")), SizeUnit.BASE,
                100L, 105L, 99L, null, TS + 4, TS * 1000));
        out.add(new Quote(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", d("30236.1"), d("0.18050747"),
                null, null, SizeUnit.BASE, 12L, 0, TS * 1000 + 7));
        out.add(new Ticker(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT", d("30000"), d("29000"),
                d("31000"), d("28000.000000000000000001"), d("1234.5"), null, d("-3.45"), null, d("30001"), TS + 5,
                TS * 1000));
        out.add(new Funding(Exchange.DERIBIT, MarketType.PERPETUAL, "BTC-USD-PERP", "BTC-PERPETUAL", d("-0.000375"),
                null, null, TS + 3_600_000_000L, 8, d("30000.12"), d("29999.87"), TS + 6, TS * 1000));
        out.add(new OpenInterest(Exchange.BINANCE_DELIVERY, MarketType.PERPETUAL, "BTC-USD-PERP", "BTCUSD_PERP",
                d("123456"), SizeUnit.CONTRACT, null, d("12345600"), TS + 7, TS * 1000));
        out.add(new Liquidation(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                Side.SELL, d("29000.1"), d("0.003"), null, null, null, TS + 8, TS * 1000));
        out.add(new LongShortRatio(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT",
                RatioKind.TAKER_BUY_SELL, "5m", d("1.0234"), null, null, d("100.5"), d("98.2"), TS + 9, TS * 1000));
        out.add(new VolatilityIndex(Exchange.DERIBIT, MarketType.SPOT, "BTC-DVOL", "btc_usd", d("55.12"), d("54"),
                null, d("53.9"), TS + 10, TS * 1000));
        return out;
    }

    /** {@code n} distinct trades spread over one day from {@code dayStartMicros}. */
    static List<MarketRecord> trades(int n, long dayStartMicros, String prefix) {
        List<MarketRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Trade(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", prefix + i,
                    i % 2 == 0 ? Side.BUY : Side.SELL, d("30000.01").add(BigDecimal.valueOf(i, 2)),
                    d("0.00100001"), d("0.00100001"), SizeUnit.BASE, (long) i, false,
                    dayStartMicros + i * 1_000_000L, (dayStartMicros + i * 1_000_000L) * 1000 + 17));
        }
        return out;
    }
}
