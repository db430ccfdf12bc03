package io.marketprism.venue.okx;

import static io.marketprism.venue.okx.OkxTestSupport.c;
import static io.marketprism.venue.okx.OkxTestSupport.rest;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import org.junit.jupiter.api.Test;

class OkxInstrumentsTest {

    private final OkxTestSupport s = new OkxTestSupport();

    @Test
    void swapsLinearInverseAndUsdMargined() {
        s.feed(rest("/api/v5/public/instruments?instType=SWAP", "instruments-swap.json"));
        assertThat(s.out.instruments).hasSize(3);
        Instrument linear = s.registry.find(Exchange.OKX, "BTC-USDT-SWAP");
        assertThat(linear.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(linear.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(linear.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(linear.base()).isEqualTo("BTC");
        assertThat(linear.quote()).isEqualTo("USDT");
        assertThat(linear.settle()).isEqualTo("USDT");
        assertThat(c(linear.contractSize())).isEqualTo("0.01");
        assertThat(linear.contractSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(c(linear.tickSize())).isEqualTo("0.1");
        assertThat(c(linear.lotSize())).isEqualTo("0.01");
        assertThat(linear.expiry()).isNull();
        assertThat(linear.strike()).isNull();
        assertThat(linear.optionType()).isNull();
        assertThat(linear.status()).isEqualTo("live");

        Instrument inverse = s.registry.find(Exchange.OKX, "BTC-USD-SWAP");
        assertThat(inverse.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(inverse.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(inverse.quote()).isEqualTo("USD");
        assertThat(inverse.settle()).isEqualTo("BTC");
        assertThat(c(inverse.contractSize())).isEqualTo("100");
        assertThat(inverse.contractSizeUnit()).isEqualTo(SizeUnit.QUOTE);

        Instrument um = s.registry.find(Exchange.OKX, "BTC-USD_UM-SWAP");
        assertThat(um.symbol()).isEqualTo("BTC-USD_UM-PERP");
        assertThat(um.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(um.base()).isEqualTo("BTC");
        assertThat(um.quote()).isEqualTo("USD");
        assertThat(um.settle()).isEqualTo("USDC");
        assertThat(um.contractSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(um.status()).isEqualTo("preopen");
    }

    @Test
    void spotAndUnsupportedInstTypes() {
        s.feed(rest("/api/v5/public/instruments?instType=SPOT", "instruments-spot.json"));
        assertThat(s.out.instruments).hasSize(1);
        assertThat(s.out.unknowns).containsExactly("instType:EVENTS");
        Instrument spot = s.out.instruments.get(0);
        assertThat(spot.symbol()).isEqualTo("BTC-USDT");
        assertThat(spot.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(spot.contractKind()).isEqualTo(ContractKind.SPOT);
        assertThat(spot.base()).isEqualTo("BTC");
        assertThat(spot.quote()).isEqualTo("USDT");
        assertThat(spot.settle()).isNull();
        assertThat(spot.contractSize()).isNull();
        assertThat(spot.contractSizeUnit()).isNull();
        assertThat(spot.lotSize().toPlainString()).isEqualTo("0.00000001");
    }

    @Test
    void datedFuturesFromUly() {
        s.feed(rest("/api/v5/public/instruments?instType=FUTURES", "instruments-futures.json"));
        Instrument f = s.registry.find(Exchange.OKX, "BTC-USD-220527");
        assertThat(f.symbol()).isEqualTo("BTC-USD-220527");
        assertThat(f.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(f.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(f.base()).isEqualTo("BTC");
        assertThat(f.quote()).isEqualTo("USD");
        assertThat(f.expiry()).isEqualTo(1653638400000000L);
        Instrument lin = s.registry.find(Exchange.OKX, "BTC-USDT-220527");
        assertThat(lin.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(lin.status()).isEqualTo("suspend");
    }

    @Test
    void optionContractIsCtValTimesCtMultOfTheBase() {
        s.feed(rest("/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD", "instruments-option.json"));
        Instrument o = s.registry.find(Exchange.OKX, "BTC-USD-220527-30000-C");
        assertThat(o.symbol()).isEqualTo("BTC-USD-220527-30000-C");
        assertThat(o.marketType()).isEqualTo(MarketType.OPTION);
        assertThat(o.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(c(o.contractSize())).isEqualTo("0.1");
        assertThat(o.contractSizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(c(o.strike())).isEqualTo("30000");
        assertThat(o.optionType()).isEqualTo("C");
        assertThat(o.expiry()).isEqualTo(1653638400000000L);
    }
}
