package io.marketprism.venue.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.InstrumentRegistry;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeribitSymbolsTest {

    @ParameterizedTest
    @CsvSource({
        "BTC-PERPETUAL, BTC-USD-PERP, PERPETUAL, INVERSE, QUOTE",
        "ETH-PERPETUAL, ETH-USD-PERP, PERPETUAL, INVERSE, QUOTE",
        "BTC_USDC-PERPETUAL, BTC-USDC-PERP, PERPETUAL, LINEAR, BASE",
        "BTC_USDC, BTC-USDC, SPOT, SPOT, BASE",
        "BTC-27DEC24, BTC-USD-241227, FUTURE, INVERSE, QUOTE",
        "BTC-8JUN20, BTC-USD-200608, FUTURE, INVERSE, QUOTE",
        "BTC_USDC-27DEC24, BTC-USDC-241227, FUTURE, LINEAR, BASE",
        "BTC-27DEC24-50000-C, BTC-USD-241227-50000-C, OPTION, INVERSE, BASE",
        "BTC_USDC-27DEC24-50000-C, BTC-USDC-241227-50000-C, OPTION, LINEAR, BASE",
        "XRP_USDC-27DEC24-0d625-C, XRP-USDC-241227-0.625-C, OPTION, LINEAR, BASE",
        "MATIC_USDC-9MAR24-1d02-C, MATIC-USDC-240309-1.02-C, OPTION, LINEAR, BASE",
        "BTC-FS-30SEP22_PERP, BTC-FS-30SEP22_PERP, FUTURE, INVERSE, QUOTE",
        "BTC-STRD-30SEP22-20000, BTC-STRD-30SEP22-20000, OPTION, INVERSE, BASE",
    })
    void nameRules(String nativeName, String symbol, MarketType type, ContractKind kind, SizeUnit unit) {
        DeribitSymbols.Resolved r = new DeribitSymbols(new InstrumentRegistry()).resolve(nativeName);
        assertThat(r.symbol()).isEqualTo(symbol);
        assertThat(r.nativeSymbol()).isEqualTo(nativeName);
        assertThat(r.marketType()).isEqualTo(type);
        assertThat(r.contractKind()).isEqualTo(kind);
        assertThat(r.amountUnit()).isEqualTo(unit);
    }

    @Test
    void combosAreRecognisedByTheirSecondPart() {
        assertThat(DeribitSymbols.isCombo("BTC-CSR12-16SEP22-21000_23000")).isTrue();
        assertThat(DeribitSymbols.isCombo("BTC-FS-30SEP22_PERP")).isTrue();
        assertThat(DeribitSymbols.isCombo("BTC-27DEC24-50000-C")).isFalse();
        assertThat(DeribitSymbols.isCombo("BTC-PERPETUAL")).isFalse();
    }

    @Test
    void registryWinsOverNameRules() {
        InstrumentRegistry registry = new InstrumentRegistry();
        registry.put(new Instrument(Exchange.DERIBIT, "SOL_USDC-PERPETUAL", "SOL-USDC-PERP-X", MarketType.PERPETUAL,
                ContractKind.LINEAR, "SOL", "USDC", "USDC", new BigDecimal("0.1"), SizeUnit.BASE,
                new BigDecimal("0.01"), new BigDecimal("0.1"), null, null, null, "active"));
        DeribitSymbols.Resolved r = new DeribitSymbols(registry).resolve("SOL_USDC-PERPETUAL");
        assertThat(r.symbol()).isEqualTo("SOL-USDC-PERP-X");
        assertThat(r.amountUnit()).isEqualTo(SizeUnit.BASE);
        // an instrument of another venue with the same name is not used
        registry.put(new Instrument(Exchange.OKX, "BTC-PERPETUAL", "WRONG", MarketType.SPOT, ContractKind.SPOT,
                "BTC", "USD", null, null, null, null, null, null, null, null, null));
        assertThat(new DeribitSymbols(registry).resolve("BTC-PERPETUAL").symbol()).isEqualTo("BTC-USD-PERP");
    }

    @Test
    void volatilityIndexSymbol() {
        assertThat(DeribitSymbols.volatilityIndexSymbol("btc_usd")).isEqualTo("BTC-DVOL");
        assertThat(DeribitSymbols.volatilityIndexSymbol("eth_usd")).isEqualTo("ETH-DVOL");
    }
}
