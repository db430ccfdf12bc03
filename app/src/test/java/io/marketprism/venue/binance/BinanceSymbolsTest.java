package io.marketprism.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.ContractKind;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.venue.InstrumentRegistry;
import org.junit.jupiter.api.Test;

/** Unified symbols without exchangeInfo (§8.1 fallback rules) and the registry taking precedence. */
class BinanceSymbolsTest {
    private static Instrument resolve(Exchange exchange, String nativeSymbol) {
        return new BinanceSymbols(exchange, BinanceFamily.of(exchange), new InstrumentRegistry()).resolve(nativeSymbol);
    }

    @Test
    void spotSplitsAtLongestKnownQuote() {
        assertThat(resolve(Exchange.BINANCE, "BTCUSDT").symbol()).isEqualTo("BTC-USDT");
        assertThat(resolve(Exchange.BINANCE, "BTCFDUSD").symbol()).isEqualTo("BTC-FDUSD");
        assertThat(resolve(Exchange.BINANCE, "BTCTUSD").symbol()).isEqualTo("BTC-TUSD");
        assertThat(resolve(Exchange.BINANCE, "USDCUSDT").symbol()).isEqualTo("USDC-USDT");
        assertThat(resolve(Exchange.BINANCE, "RUNEEUR").symbol()).isEqualTo("RUNE-EUR");
        assertThat(resolve(Exchange.BINANCE_US, "BTCUSD").symbol()).isEqualTo("BTC-USD");
        assertThat(resolve(Exchange.BINANCE, "XYZ").symbol()).isEqualTo("XYZ"); // nothing to split at: kept
        assertThat(resolve(Exchange.BINANCE, "BTCUSDT").marketType()).isEqualTo(MarketType.SPOT);
    }

    @Test
    void usdmPerpetualsAndQuarterlies() {
        Instrument perp = resolve(Exchange.BINANCE_FUTURES, "BTCUSDT");
        assertThat(perp.symbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(perp.marketType()).isEqualTo(MarketType.PERPETUAL);
        assertThat(perp.contractKind()).isEqualTo(ContractKind.LINEAR);
        assertThat(resolve(Exchange.BINANCE_FUTURES, "BTCUSDC").symbol()).isEqualTo("BTC-USDC-PERP");
        Instrument q = resolve(Exchange.BINANCE_FUTURES, "BTCUSDT_250926");
        assertThat(q.symbol()).isEqualTo("BTC-USDT-250926");
        assertThat(q.marketType()).isEqualTo(MarketType.FUTURE);
    }

    @Test
    void coinmUsesDocumentedContractSizes() {
        Instrument btc = resolve(Exchange.BINANCE_DELIVERY, "BTCUSD_PERP");
        assertThat(btc.symbol()).isEqualTo("BTC-USD-PERP");
        assertThat(btc.contractKind()).isEqualTo(ContractKind.INVERSE);
        assertThat(btc.contractSize()).isEqualByComparingTo("100");
        assertThat(btc.contractSizeUnit()).isEqualTo(SizeUnit.QUOTE);
        Instrument eth = resolve(Exchange.BINANCE_DELIVERY, "ETHUSD_200925");
        assertThat(eth.symbol()).isEqualTo("ETH-USD-200925");
        assertThat(eth.marketType()).isEqualTo(MarketType.FUTURE);
        assertThat(eth.contractSize()).isEqualByComparingTo("10");
    }

    @Test
    void registryWins() {
        InstrumentRegistry registry = new InstrumentRegistry();
        registry.put(new Instrument(Exchange.BINANCE, "1000SATSUSDT", "1000SATS-USDT", MarketType.SPOT,
                ContractKind.SPOT, "1000SATS", "USDT", null, null, null, null, null, null, null, null, "TRADING"));
        BinanceSymbols symbols = new BinanceSymbols(Exchange.BINANCE, BinanceFamily.SPOT, registry);
        assertThat(symbols.resolve("1000SATSUSDT").symbol()).isEqualTo("1000SATS-USDT");
        assertThat(symbols.resolve("1000SATSUSDT").status()).isEqualTo("TRADING");
    }
}
