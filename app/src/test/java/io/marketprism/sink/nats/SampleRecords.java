package io.marketprism.sink.nats;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Decimals;
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

/** Records for NATS and store tests: one of every type, and numbered trades with distinct event ids. */
public final class SampleRecords {
    private SampleRecords() {
    }

    /** One record of every record type, with decimals whose digits must survive exactly. */
    public static List<MarketRecord> everyType() {
        BigDecimal p = new BigDecimal("7.6120000000000000001");
        return List.of(
                trade(1),
                new BookSnapshot(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "SUSHI-USDT-PERP", "SUSHIUSDT",
                        List.of(BookLevel.of("7.612", "303")), List.of(BookLevel.of("7.616", "267")), SizeUnit.BASE,
                        42L, null, 1L, 2L),
                new BookDelta(Exchange.OKX, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTC-USDT-SWAP",
                        List.of(BookLevel.of("1", "0")), List.of(), SizeUnit.CONTRACT, null, 5L, 4L, -12345L, 1L, 2L),
                new Quote(Exchange.DERIBIT, MarketType.OPTION, "XRP-USDC-250328-0.625-C", "XRP_USDC-28MAR25-0d625-C",
                        p, p, p, null, SizeUnit.QUOTE, 9L, 1L, 2L),
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
    }

    /** A Binance spot trade whose event id is determined by {@code n}. */
    public static Trade trade(long n) {
        return new Trade(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", Long.toString(n),
                n % 2 == 0 ? Side.BUY : Side.SELL, Decimals.parse("65000.12345678"), Decimals.parse("0.00100000"),
                Decimals.parse("0.00100000"), SizeUnit.BASE, n, false, 1_700_000_000_000_000L + n,
                1_700_000_000_000_000_000L + n);
    }

    /** Trades numbered {@code from} (inclusive) to {@code to} (exclusive). */
    public static List<MarketRecord> trades(long from, long to) {
        List<MarketRecord> out = new ArrayList<>();
        for (long n = from; n < to; n++) {
            out.add(trade(n));
        }
        return out;
    }
}
