package io.marketprism.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.Json;
import io.marketprism.venue.MalformedFrameException;
import java.math.BigDecimal;

/** One entry of {@code GET /api/v5/public/instruments} to an {@link Instrument} (protocol reference §4.5, §8). */
final class OkxInstruments {
    private OkxInstruments() {
    }

    /** The instrument, or null for an instType the collector has no market type for (e.g. EVENTS). */
    static Instrument parse(JsonNode e) {
        String instId = Json.text(e, "instId");
        String instType = Json.text(e, "instType");
        MarketType type = OkxSymbols.marketType(instType);
        if (type == null) {
            return null;
        }
        BigDecimal tick = Json.decimalOrNull(e, "tickSz");
        BigDecimal lot = Json.decimalOrNull(e, "lotSz");
        String state = Json.textOrNull(e, "state");
        String symbol = OkxSymbols.unifiedSymbol(instId, type);
        if (type == MarketType.SPOT) {
            String[] parts = instId.split("-");
            String base = orElse(Json.textOrNull(e, "baseCcy"), parts[0]);
            String quote = orElse(Json.textOrNull(e, "quoteCcy"), parts.length > 1 ? parts[1] : null);
            return new Instrument(Exchange.OKX, instId, symbol, type, ContractKind.SPOT, base, quote, null,
                    null, null, tick, lot, null, null, null, state);
        }
        // Derivatives leave baseCcy/quoteCcy empty; their pair is the family (instFamily, or the older uly).
        String family = orElse(Json.textOrNull(e, "instFamily"), Json.textOrNull(e, "uly"));
        if (family == null) {
            family = familyFromInstId(instId);
        }
        int dash = family.indexOf('-');
        if (dash <= 0) {
            throw new MalformedFrameException("instrument " + instId + ": family '" + family + "' is not BASE-QUOTE");
        }
        String base = family.substring(0, dash);
        String quoteWithTag = family.substring(dash + 1);
        // BTC-USD_UM (USD-margined linear): the family keeps its tag in the symbol, the quote currency is USD
        int tag = quoteWithTag.indexOf('_');
        String quote = tag > 0 ? quoteWithTag.substring(0, tag) : quoteWithTag;
        String settle = Json.textOrNull(e, "settleCcy");
        String ctType = Json.textOrNull(e, "ctType");
        String ctValCcy = Json.textOrNull(e, "ctValCcy");
        BigDecimal ctVal = Json.decimalOrNull(e, "ctVal");

        ContractKind kind;
        SizeUnit sizeUnit;
        BigDecimal contractSize = ctVal;
        if ("linear".equals(ctType)) {
            kind = ContractKind.LINEAR;
            sizeUnit = SizeUnit.BASE;
        } else if ("inverse".equals(ctType)) {
            kind = ContractKind.INVERSE;
            sizeUnit = SizeUnit.QUOTE;
        } else {
            // Options have no ctType: coin-settled (BTC-USD) options are inverse in margin, but their contract is
            // an amount of ctValCcy (the base). OKX prices an option contract at ctVal × ctMult of ctValCcy
            // (BTC: 1 × 0.1 BTC in 2022, 1 × 0.01 BTC later); swaps and futures use ctVal alone (ctMult 1).
            kind = base.equals(settle) ? ContractKind.INVERSE : ContractKind.LINEAR;
            sizeUnit = ctValCcy == null || base.equals(ctValCcy) ? SizeUnit.BASE : SizeUnit.QUOTE;
            BigDecimal ctMult = Json.decimalOrNull(e, "ctMult");
            if (ctVal != null && ctMult != null) {
                contractSize = ctVal.multiply(ctMult);
            }
        }
        Long expTime = Json.longOrNull(e, "expTime");
        Long expiry = expTime == null ? null : Json.msToMicros(expTime);
        BigDecimal strike = type == MarketType.OPTION ? Json.decimalOrNull(e, "stk") : null;
        String optType = type == MarketType.OPTION ? Json.textOrNull(e, "optType") : null;
        return new Instrument(Exchange.OKX, instId, symbol, type, kind, base, quote, settle,
                contractSize, contractSize == null ? null : sizeUnit, tick, lot, expiry, strike, optType, state);
    }

    /** BTC-USDT-SWAP → BTC-USDT, BTC-USD-220527 → BTC-USD, BTC-USD-220527-30000-C → BTC-USD. */
    private static String familyFromInstId(String instId) {
        String[] parts = instId.split("-");
        if (parts.length < 3) {
            throw new MalformedFrameException("instrument " + instId + ": no instFamily/uly and no family in the id");
        }
        return parts[0] + "-" + parts[1];
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
