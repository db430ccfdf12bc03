package io.marketprism.bench.store;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.Side;
import io.marketprism.model.SizeUnit;
import io.marketprism.model.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic-looking records for the storage benchmarks: trades and book deltas of six venue streams
 * (Binance Spot/USDⓈ-M, OKX spot/swap, Deribit perpetual, Binance Spot ETH), {@value #TRADE_PERCENT} % trades.
 * Prices with 2 decimals around a random walk, sizes with 3 decimals, deltas with 1–10 levels per side (5.5 on
 * average, 11 levels per delta), exchange time advancing 50 µs per record, receive time 2 ms later. Every record has
 * its own event identity ({@code idBase} + a per-stream counter), so neither JetStream de-duplication nor the stores'
 * identity keys remove any: each run must count every record at the end. Built before the clock starts.
 */
public final class SyntheticRecords {
    static final int TRADE_PERCENT = 55;
    static final int MAX_LEVELS_PER_SIDE = 10;
    private static final long START_US = 1_704_067_200_000_000L; // 2024-01-01T00:00:00Z

    private record Stream(Exchange exchange, MarketType type, String symbol, String nativeSymbol, long mid) {
    }

    private static final List<Stream> STREAMS = List.of(
            new Stream(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", 4_200_000),
            new Stream(Exchange.BINANCE, MarketType.SPOT, "ETH-USDT", "ETHUSDT", 230_000),
            new Stream(Exchange.BINANCE_FUTURES, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTCUSDT", 4_201_000),
            new Stream(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT", 4_199_500),
            new Stream(Exchange.OKX, MarketType.PERPETUAL, "BTC-USDT-PERP", "BTC-USDT-SWAP", 4_200_500),
            new Stream(Exchange.DERIBIT, MarketType.PERPETUAL, "BTC-USD-PERP", "BTC-PERPETUAL", 4_202_000));

    private SyntheticRecords() {
    }

    /** {@code count} records; identities start at {@code idBase} so that runs with different bases never collide. */
    public static List<MarketRecord> generate(int count, long idBase, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] counter = new long[STREAMS.size()];
        long[] mid = new long[STREAMS.size()];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = STREAMS.get(i).mid();
        }
        List<MarketRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int s = rnd.nextInt(STREAMS.size());
            Stream st = STREAMS.get(s);
            mid[s] += rnd.nextInt(-3, 4);
            long id = idBase + ++counter[s];
            long exchangeTs = START_US + 50L * i;
            long receiveTs = exchangeTs * 1000 + 2_000_000;
            if (rnd.nextInt(100) < TRADE_PERCENT) {
                BigDecimal size = BigDecimal.valueOf(1 + rnd.nextInt(250_000), 3);
                out.add(new Trade(st.exchange(), st.type(), st.symbol(), st.nativeSymbol(), Long.toString(id),
                        rnd.nextBoolean() ? Side.BUY : Side.SELL, BigDecimal.valueOf(mid[s] + rnd.nextInt(-2, 3), 2),
                        size, size, SizeUnit.BASE, id, false, exchangeTs, receiveTs));
            } else {
                out.add(new BookDelta(st.exchange(), st.type(), st.symbol(), st.nativeSymbol(),
                        levels(rnd, mid[s] - 1, -1), levels(rnd, mid[s] + 1, 1), SizeUnit.BASE,
                        id, id, id - 1, null, exchangeTs, receiveTs));
            }
        }
        return out;
    }

    /** 1..10 levels moving away from the top; 10 % of them deletes (size 0). */
    private static List<BookLevel> levels(SplittableRandom rnd, long top, int direction) {
        int n = 1 + rnd.nextInt(MAX_LEVELS_PER_SIDE);
        List<BookLevel> out = new ArrayList<>(n);
        long price = top;
        for (int i = 0; i < n; i++) {
            price += direction * (1 + rnd.nextInt(5));
            BigDecimal size = rnd.nextInt(10) == 0 ? BigDecimal.ZERO.setScale(3)
                    : BigDecimal.valueOf(1 + rnd.nextInt(5_000_000), 3);
            out.add(new BookLevel(BigDecimal.valueOf(price, 2), size));
        }
        return out;
    }
}
