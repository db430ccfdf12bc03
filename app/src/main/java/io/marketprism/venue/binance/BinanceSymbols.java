package io.marketprism.venue.binance;

import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.InstrumentRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unified symbols and contract specifications of Binance instruments (reference §8.1). The registry's instrument
 * (from exchangeInfo) is always preferred; without it a documented string rule gives a stand-in instrument, which is
 * cached per adapter instance (bounded by the venue's symbol count) so the hot path does no string work.
 */
final class BinanceSymbols {
    /**
     * Quote assets for splitting symbols without metadata, matched as the longest suffix. Only a fallback: exchangeInfo's
     * baseAsset/quoteAsset are authoritative (e.g. for {@code 1000SATSUSDT} or {@code USDCUSDT}).
     */
    static final List<String> QUOTE_ASSETS = List.of(
            "FDUSD", "USDT", "BUSD", "USDC", "TUSD", "USDP", "USDS", "AEUR", "EURI", "BIDR", "IDRT", "BVND",
            "BTC", "ETH", "BNB", "EUR", "TRY", "BRL", "GBP", "AUD", "USD", "DAI", "PAX", "UST", "RUB", "UAH",
            "NGN", "ZAR", "JPY", "PLN", "RON", "ARS", "MXN", "COP", "CZK", "VAI", "XRP", "TRX", "DOGE", "DOT");

    /** Binance's documented COIN-M contract sizes, used only when exchangeInfo was not seen: BTC 100 USD, others 10 USD. */
    static final BigDecimal COINM_BTC_CONTRACT_USD = new BigDecimal("100");
    static final BigDecimal COINM_OTHER_CONTRACT_USD = new BigDecimal("10");

    private final Exchange exchange;
    private final BinanceFamily family;
    private final InstrumentRegistry registry;
    private final Map<String, Instrument> fallback = new ConcurrentHashMap<>();

    BinanceSymbols(Exchange exchange, BinanceFamily family, InstrumentRegistry registry) {
        this.exchange = exchange;
        this.family = family;
        this.registry = registry;
    }

    /** The instrument of a native (upper-case) symbol: the registry's, else the string-rule stand-in. */
    Instrument resolve(String nativeSymbol) {
        Instrument known = registry.find(exchange, nativeSymbol);
        if (known != null) {
            return known;
        }
        return fallback.computeIfAbsent(nativeSymbol, this::fromSymbolText);
    }

    /** Contract size in USD of a COIN-M instrument (registry or documented rule); null for other families. */
    BigDecimal contractSize(Instrument instrument) {
        return family == BinanceFamily.COINM ? instrument.contractSize() : null;
    }

    /** {@code BTCUSD} → {@code BTC-USD}; a pair that cannot be split stays as it is. */
    static String unifiedPair(String pair) {
        String[] bq = split(pair);
        return bq == null ? pair : bq[0] + "-" + bq[1];
    }

    /** [base, quote] at the longest known quote suffix, or null when none fits. */
    static String[] split(String pair) {
        String best = null;
        for (String q : QUOTE_ASSETS) {
            if (pair.length() > q.length() && pair.endsWith(q) && (best == null || q.length() > best.length())) {
                best = q;
            }
        }
        return best == null ? null : new String[] {pair.substring(0, pair.length() - best.length()), best};
    }

    private Instrument fromSymbolText(String nativeSymbol) {
        int us = nativeSymbol.indexOf('_');
        String pair = us < 0 ? nativeSymbol : nativeSymbol.substring(0, us);
        String suffix = us < 0 ? null : nativeSymbol.substring(us + 1);
        String[] bq = split(pair);
        String base = bq == null ? null : bq[0];
        String quote = bq == null ? null : bq[1];
        String unifiedPair = bq == null ? pair : base + "-" + quote;
        return switch (family) {
            case SPOT -> new Instrument(exchange, nativeSymbol, unifiedPair, MarketType.SPOT, ContractKind.SPOT,
                    base, quote, null, null, null, null, null, null, null, null, null);
            case USDM -> {
                boolean perp = suffix == null;
                yield new Instrument(exchange, nativeSymbol, unifiedPair + "-" + (perp ? "PERP" : suffix),
                        perp ? MarketType.PERPETUAL : MarketType.FUTURE, ContractKind.LINEAR, base, quote, quote,
                        BigDecimal.ONE, SizeUnit.BASE, null, null, null, null, null, null);
            }
            case COINM -> {
                boolean perp = suffix == null || suffix.equals("PERP");
                // No exchangeInfo: Binance's documented COIN-M rule, BTC contracts are 100 USD, all others 10 USD.
                BigDecimal size = "BTC".equals(base) ? COINM_BTC_CONTRACT_USD : COINM_OTHER_CONTRACT_USD;
                yield new Instrument(exchange, nativeSymbol, unifiedPair + "-" + (perp ? "PERP" : suffix),
                        perp ? MarketType.PERPETUAL : MarketType.FUTURE, ContractKind.INVERSE, base, quote, base,
                        size, SizeUnit.QUOTE, null, null, null, null, null, null);
            }
        };
    }
}
