package io.marketprism.emulate;

import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * The contract specification of one emulated instrument, as the venue's instrument endpoint reports it. Prices live
 * on the {@code tickSize} grid and quantities on the {@code lotSize} grid, both in the venue's native unit (base
 * asset; COIN-M and OKX derivatives: contracts; Deribit inverse: USD).
 *
 * @param contractSize COIN-M: USD per contract; OKX derivatives: ctVal (base per contract for linear, USD for
 *                     inverse); Deribit: contract_size; null for spot and USDⓈ-M
 * @param startPrice   the first mid price of the synthetic market
 */
public record EmuInstrument(Exchange exchange, String nativeSymbol, String base, String quote, MarketType marketType,
                            boolean inverse, BigDecimal tickSize, BigDecimal lotSize, BigDecimal contractSize,
                            BigDecimal startPrice) {
    public EmuInstrument {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(nativeSymbol, "nativeSymbol");
        if (tickSize.signum() <= 0 || lotSize.signum() <= 0) {
            throw new IllegalArgumentException(nativeSymbol + ": tick and lot size must be positive");
        }
        if (startPrice.compareTo(tickSize.multiply(BigDecimal.valueOf(1000))) < 0) {
            throw new IllegalArgumentException(nativeSymbol + ": start price " + startPrice
                    + " must be at least 1000 ticks of " + tickSize);
        }
    }

    /** Start price of a base asset (only the scale of the market matters). */
    static BigDecimal startPriceOf(String base) {
        return switch (base) {
            case "BTC" -> new BigDecimal("60000");
            case "ETH" -> new BigDecimal("3000");
            case "SOL" -> new BigDecimal("150");
            default -> new BigDecimal("100");
        };
    }

    /**
     * The emulator's instrument of a native symbol on a venue, with realistic specifications:
     * Binance Spot/USDⓈ-M {@code BTCUSDT}; COIN-M {@code BTCUSD_PERP} (100 USD contracts for BTC, 10 USD for others);
     * OKX {@code BTC-USDT} (spot), {@code BTC-USDT-SWAP} (linear, ctVal 0.01 BTC), {@code BTC-USD-SWAP} (inverse,
     * ctVal 100 USD); Deribit {@code BTC-PERPETUAL} (inverse, amounts in USD, contract 10 USD) and
     * {@code BTC_USDC-PERPETUAL} (linear).
     *
     * @throws IllegalArgumentException for a symbol whose form the venue does not use, naming the expected forms
     */
    public static EmuInstrument of(Exchange exchange, String nativeSymbol) {
        String s = nativeSymbol.trim();
        return switch (exchange) {
            case BINANCE, BINANCE_US -> {
                String[] bq = binancePair(s.toUpperCase(Locale.ROOT), s);
                yield new EmuInstrument(exchange, s.toUpperCase(Locale.ROOT), bq[0], bq[1], MarketType.SPOT, false,
                        tick(bq[0]), new BigDecimal("0.00001"), null, startPriceOf(bq[0]));
            }
            case BINANCE_FUTURES -> {
                String[] bq = binancePair(s.toUpperCase(Locale.ROOT), s);
                yield new EmuInstrument(exchange, s.toUpperCase(Locale.ROOT), bq[0], bq[1], MarketType.PERPETUAL,
                        false, tick(bq[0]), new BigDecimal("0.001"), null, startPriceOf(bq[0]));
            }
            case BINANCE_DELIVERY -> {
                String up = s.toUpperCase(Locale.ROOT);
                if (!up.endsWith("USD_PERP")) {
                    throw new IllegalArgumentException("binance-delivery symbol '" + s
                            + "' is not supported: use a perpetual like BTCUSD_PERP");
                }
                String base = up.substring(0, up.length() - "USD_PERP".length());
                yield new EmuInstrument(exchange, up, base, "USD", MarketType.PERPETUAL, true, tick(base),
                        BigDecimal.ONE, base.equals("BTC") ? new BigDecimal("100") : BigDecimal.TEN,
                        startPriceOf(base));
            }
            case OKX -> {
                String[] p = s.toUpperCase(Locale.ROOT).split("-");
                if (p.length == 2) {
                    yield new EmuInstrument(exchange, p[0] + "-" + p[1], p[0], p[1], MarketType.SPOT, false,
                            tick(p[0]), new BigDecimal("0.0001"), null, startPriceOf(p[0]));
                }
                if (p.length == 3 && p[2].equals("SWAP")) {
                    boolean inverse = p[1].equals("USD");
                    yield new EmuInstrument(exchange, String.join("-", p), p[0], p[1], MarketType.PERPETUAL,
                            inverse, tick(p[0]), inverse ? BigDecimal.ONE : new BigDecimal("0.01"),
                            inverse ? new BigDecimal("100") : new BigDecimal("0.01"), startPriceOf(p[0]));
                }
                throw new IllegalArgumentException("okx instId '" + s
                        + "' is not supported: use spot BTC-USDT or swaps BTC-USDT-SWAP / BTC-USD-SWAP");
            }
            case DERIBIT -> {
                if (!s.endsWith("-PERPETUAL")) {
                    throw new IllegalArgumentException("deribit instrument '" + s
                            + "' is not supported: use a perpetual like BTC-PERPETUAL or ETH_USDC-PERPETUAL");
                }
                String head = s.substring(0, s.length() - "-PERPETUAL".length());
                int us = head.indexOf('_');
                if (us < 0) {
                    // inverse: amounts are USD in multiples of the contract size
                    BigDecimal contract = head.equals("BTC") ? BigDecimal.TEN : BigDecimal.ONE;
                    yield new EmuInstrument(exchange, s, head, "USD", MarketType.PERPETUAL, true,
                            new BigDecimal("0.5"), contract, contract, startPriceOf(head));
                }
                String base = head.substring(0, us);
                yield new EmuInstrument(exchange, s, base, head.substring(us + 1), MarketType.PERPETUAL, false,
                        tick(base), new BigDecimal("0.001"), new BigDecimal("0.001"), startPriceOf(base));
            }
        };
    }

    private static BigDecimal tick(String base) {
        return base.equals("BTC") ? new BigDecimal("0.10") : new BigDecimal("0.01");
    }

    private static String[] binancePair(String up, String original) {
        for (String q : new String[] {"USDT", "USDC", "FDUSD", "BTC", "ETH"}) {
            if (up.length() > q.length() && up.endsWith(q)) {
                return new String[] {up.substring(0, up.length() - q.length()), q};
            }
        }
        throw new IllegalArgumentException("binance symbol '" + original
                + "' is not supported: use BASE + one of USDT, USDC, FDUSD, BTC, ETH (e.g. BTCUSDT)");
    }

    /** The price of a tick index. */
    public BigDecimal price(long ticks) {
        return tickSize.multiply(BigDecimal.valueOf(ticks));
    }

    /** The quantity of a lot count. */
    public BigDecimal size(long lots) {
        return lotSize.multiply(BigDecimal.valueOf(lots));
    }

    /** Lower-case stream name prefix of Binance ({@code btcusdt}). */
    public String streamSymbol() {
        return nativeSymbol.toLowerCase(Locale.ROOT);
    }
}
