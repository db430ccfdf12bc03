package io.marketprism.venue.okx;

import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.InstrumentRegistry;

/**
 * OKX instrument ids to unified symbols and market types (protocol reference §8.1). The registry's instrument wins
 * when present; without it the same result is derived from the instId pattern, and sizes in contracts then cannot be
 * converted (the market's {@code instrument} is null).
 *
 * <ul>
 *   <li>SPOT/MARGIN {@code BTC-USDT} → {@code BTC-USDT}</li>
 *   <li>SWAP {@code BTC-USDT-SWAP}, {@code BTC-USD-SWAP}, {@code BTC-USD_UM-SWAP} → {@code …-PERP}</li>
 *   <li>FUTURES {@code BTC-USD-220527} and OPTION {@code BTC-USD-220527-30000-C} → unchanged</li>
 * </ul>
 */
final class OkxSymbols {
    private static final String SWAP_SUFFIX = "-SWAP";

    private final InstrumentRegistry registry;

    OkxSymbols(InstrumentRegistry registry) {
        this.registry = registry;
    }

    /** Where a record of one OKX instrument belongs; {@code instrument} is null when the registry has no entry. */
    record Market(String nativeSymbol, String symbol, MarketType marketType, Instrument instrument) {
        /** Sizes are base currency on spot books and trades, contracts on every derivative. */
        SizeUnit sizeUnit() {
            return marketType == MarketType.SPOT ? SizeUnit.BASE : SizeUnit.CONTRACT;
        }
    }

    /**
     * The market of {@code instId}. {@code instTypeHint} is the message's own {@code instType} when it carries one
     * (tickers, funding, open interest); it settles ids the pattern cannot classify.
     */
    Market resolve(String instId, String instTypeHint) {
        Instrument instrument = registry.find(Exchange.OKX, instId);
        if (instrument != null) {
            return new Market(instId, instrument.symbol(), instrument.marketType(), instrument);
        }
        MarketType type = instTypeHint != null ? marketType(instTypeHint) : null;
        if (type == null) {
            type = marketTypeFromPattern(instId);
        }
        return new Market(instId, unifiedSymbol(instId, type), type, null);
    }

    /** The unified symbol of an instId of a known market type: only swaps change ({@code -SWAP} → {@code -PERP}). */
    static String unifiedSymbol(String instId, MarketType type) {
        if (type == MarketType.PERPETUAL && instId.endsWith(SWAP_SUFFIX)) {
            return instId.substring(0, instId.length() - SWAP_SUFFIX.length()) + "-PERP";
        }
        return instId;
    }

    /** OKX {@code instType} to market type; null for types without one (e.g. EVENTS, or an empty value). */
    static MarketType marketType(String instType) {
        return switch (instType) {
            case "SPOT", "MARGIN" -> MarketType.SPOT;
            case "SWAP" -> MarketType.PERPETUAL;
            case "FUTURES" -> MarketType.FUTURE;
            case "OPTION" -> MarketType.OPTION;
            default -> null;
        };
    }

    /**
     * The documented fallback without metadata: {@code …-SWAP} is a perpetual, five parts ending in C/P an option,
     * a last part of six digits (yyMMdd) a dated future, anything else spot.
     */
    static MarketType marketTypeFromPattern(String instId) {
        if (instId.endsWith(SWAP_SUFFIX)) {
            return MarketType.PERPETUAL;
        }
        String[] parts = instId.split("-");
        String last = parts[parts.length - 1];
        if (parts.length == 5 && (last.equals("C") || last.equals("P"))) {
            return MarketType.OPTION;
        }
        if (parts.length >= 3 && last.length() == 6 && last.chars().allMatch(Character::isDigit)) {
            return MarketType.FUTURE;
        }
        return MarketType.SPOT;
    }
}
