package io.marketprism.venue.okx;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.InstrumentRegistry;
import org.junit.jupiter.api.Test;

class OkxSymbolsTest {

    private final OkxSymbols symbols = new OkxSymbols(new InstrumentRegistry());

    @Test
    void fallbackFromTheInstIdPattern() {
        check("BTC-USDT", "BTC-USDT", MarketType.SPOT);
        check("BTC-USDT-SWAP", "BTC-USDT-PERP", MarketType.PERPETUAL);
        check("BTC-USD-SWAP", "BTC-USD-PERP", MarketType.PERPETUAL);
        check("BTC-USD_UM-SWAP", "BTC-USD_UM-PERP", MarketType.PERPETUAL);
        check("BTC-USD-220527", "BTC-USD-220527", MarketType.FUTURE);
        check("BTC-USD-220527-30000-C", "BTC-USD-220527-30000-C", MarketType.OPTION);
        check("ETH-USD-211231-9600-P", "ETH-USD-211231-9600-P", MarketType.OPTION);
        check("BTC-USD_UM_XPERP-310404", "BTC-USD_UM_XPERP-310404", MarketType.FUTURE);
    }

    @Test
    void instTypeHintWinsOverThePattern() {
        OkxSymbols.Market m = symbols.resolve("BTC-USDT", "MARGIN");
        assertThat(m.marketType()).isEqualTo(MarketType.SPOT);
        assertThat(m.sizeUnit()).isEqualTo(SizeUnit.BASE);
        assertThat(symbols.resolve("XYZ-USDT-SWAP", "SWAP").symbol()).isEqualTo("XYZ-USDT-PERP");
        assertThat(symbols.resolve("BTC-USDT-SWAP", "").marketType()).isEqualTo(MarketType.PERPETUAL);
    }

    private void check(String instId, String symbol, MarketType type) {
        OkxSymbols.Market m = symbols.resolve(instId, null);
        assertThat(m.symbol()).as(instId).isEqualTo(symbol);
        assertThat(m.nativeSymbol()).isEqualTo(instId);
        assertThat(m.marketType()).as(instId).isEqualTo(type);
        assertThat(m.instrument()).isNull();
        assertThat(m.sizeUnit()).isEqualTo(type == MarketType.SPOT ? SizeUnit.BASE : SizeUnit.CONTRACT);
    }
}
