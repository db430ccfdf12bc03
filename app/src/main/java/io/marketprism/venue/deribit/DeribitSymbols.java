package io.marketprism.venue.deribit;

import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.InstrumentRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deribit instrument names to unified symbols, market types and quantity units (protocol reference §8.1, §8.2).
 *
 * <p>The registry's instrument (from {@code public/get_instruments}) wins when present. Otherwise the name rules
 * apply; they are what Deribit's naming scheme guarantees:
 * <ul>
 *   <li>{@code BTC-PERPETUAL} → {@code BTC-USD-PERP} (inverse: a name without {@code _} quotes in USD and settles in
 *       the coin); {@code BTC_USDC-PERPETUAL} → {@code BTC-USDC-PERP} (linear).</li>
 *   <li>{@code BTC_USDC} → {@code BTC-USDC} (spot).</li>
 *   <li>{@code BTC-27DEC24} → {@code BTC-USD-241227}; {@code BTC_USDC-27DEC24} → {@code BTC-USDC-241227}.</li>
 *   <li>{@code BTC-27DEC24-50000-C} → {@code BTC-USD-241227-50000-C}; {@code XRP_USDC-27DEC24-0d625-C} →
 *       {@code XRP-USDC-241227-0.625-C} (Deribit writes a strike's decimal point as {@code d} because {@code .}
 *       separates channel parts).</li>
 *   <li>Combos ({@code BTC-FS-30SEP22_PERP}, {@code BTC-STRD-30SEP22-20000}, …): no unified form is defined; the
 *       native name is kept as the symbol. Three parts = future combo (FUTURE), more = option combo (OPTION).</li>
 * </ul>
 * A name matching none of these keeps its native form as symbol and is treated as an inverse future, which is the
 * shape of every other dash-separated Deribit name.
 */
public final class DeribitSymbols {
    private static final Pattern DATE = Pattern.compile("(\\d{1,2})([A-Z]{3})(\\d{2})");
    private static final Pattern STRIKE = Pattern.compile("\\d+(d\\d+)?");
    private static final Map<String, String> MONTHS = Map.ofEntries(
            Map.entry("JAN", "01"), Map.entry("FEB", "02"), Map.entry("MAR", "03"), Map.entry("APR", "04"),
            Map.entry("MAY", "05"), Map.entry("JUN", "06"), Map.entry("JUL", "07"), Map.entry("AUG", "08"),
            Map.entry("SEP", "09"), Map.entry("OCT", "10"), Map.entry("NOV", "11"), Map.entry("DEC", "12"));

    /**
     * What the adapter needs to know about one instrument.
     *
     * @param amountUnit the unit of the venue's {@code amount} fields (trades, books, quotes): QUOTE (USD) for
     *                   inverse perpetuals and futures, BASE for linear instruments, spot and options
     * @param combo      a Deribit combo (spread/strategy): its prices are spreads, so no funding record is derived
     */
    public record Resolved(String nativeSymbol, String symbol, MarketType marketType, ContractKind contractKind,
                           SizeUnit amountUnit, boolean combo) {
    }

    private final InstrumentRegistry registry;

    public DeribitSymbols(InstrumentRegistry registry) {
        this.registry = registry;
    }

    /** The instrument from the registry when it is known there, else from the name rules. */
    public Resolved resolve(String nativeName) {
        boolean combo = isCombo(nativeName);
        Instrument known = registry == null ? null : registry.find(Exchange.DERIBIT, nativeName);
        if (known != null) {
            return new Resolved(nativeName, known.symbol(), known.marketType(), known.contractKind(),
                    amountUnit(known.marketType(), known.contractKind()), combo);
        }
        return fromName(nativeName);
    }

    /** The name rules alone (the fallback when the registry has not seen the instrument). */
    public static Resolved fromName(String name) {
        String[] parts = name.split("-");
        String first = parts[0];
        int us = first.indexOf('_');
        // "BTC" quotes in USD and is inverse; "BTC_USDC" is linear in USDC
        String base = us < 0 ? first : first.substring(0, us);
        String quote = us < 0 ? "USD" : first.substring(us + 1);
        ContractKind kind = us < 0 ? ContractKind.INVERSE : ContractKind.LINEAR;
        if (parts.length == 1) {
            if (us > 0) {
                return resolved(name, base + "-" + quote, MarketType.SPOT, ContractKind.SPOT, false);
            }
            return resolved(name, name, MarketType.FUTURE, kind, false);
        }
        if (parts.length == 2 && parts[1].equals("PERPETUAL")) {
            return resolved(name, base + "-" + quote + "-PERP", MarketType.PERPETUAL, kind, false);
        }
        String date = yymmdd(parts[1]);
        if (date == null) {
            // a combo: BTC-FS-30SEP22_PERP (future spread), BTC-STRD-30SEP22-20000 (option strategy)
            MarketType type = parts.length == 3 ? MarketType.FUTURE : MarketType.OPTION;
            return resolved(name, name, type, kind, true);
        }
        if (parts.length == 2) {
            return resolved(name, base + "-" + quote + "-" + date, MarketType.FUTURE, kind, false);
        }
        if (parts.length == 4 && STRIKE.matcher(parts[2]).matches()
                && (parts[3].equals("C") || parts[3].equals("P"))) {
            String strike = parts[2].replace('d', '.');
            return resolved(name, base + "-" + quote + "-" + date + "-" + strike + "-" + parts[3],
                    MarketType.OPTION, kind, false);
        }
        return resolved(name, name, MarketType.FUTURE, kind, false);
    }

    /** True for Deribit combo names: the second part is neither PERPETUAL nor an expiry date. */
    public static boolean isCombo(String name) {
        String[] parts = name.split("-");
        return parts.length >= 3 && !parts[1].equals("PERPETUAL") && yymmdd(parts[1]) == null;
    }

    /**
     * The unit of the venue's amounts: USD for inverse perpetuals/futures (and their combos); the coin for linear
     * instruments, spot and options (an inverse BTC option's amount is in BTC).
     */
    public static SizeUnit amountUnit(MarketType marketType, ContractKind kind) {
        boolean derivative = marketType == MarketType.PERPETUAL || marketType == MarketType.FUTURE;
        return derivative && kind == ContractKind.INVERSE ? SizeUnit.QUOTE : SizeUnit.BASE;
    }

    /** {@code 27DEC24} → {@code 241227}; {@code 8JUN20} → {@code 200608}; null when not a Deribit expiry. */
    static String yymmdd(String date) {
        Matcher m = DATE.matcher(date);
        if (!m.matches()) {
            return null;
        }
        String month = MONTHS.get(m.group(2));
        if (month == null) {
            return null;
        }
        String day = m.group(1).length() == 1 ? "0" + m.group(1) : m.group(1);
        return m.group(3) + month + day;
    }

    /** DVOL index names: {@code btc_usd} → {@code BTC-DVOL}. */
    public static String volatilityIndexSymbol(String indexName) {
        int us = indexName.indexOf('_');
        String currency = us < 0 ? indexName : indexName.substring(0, us);
        return currency.toUpperCase(Locale.ROOT) + "-DVOL";
    }

    private static Resolved resolved(String name, String symbol, MarketType type, ContractKind kind, boolean combo) {
        return new Resolved(name, symbol, type, kind, amountUnit(type, kind), combo);
    }
}
