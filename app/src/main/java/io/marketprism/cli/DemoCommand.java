package io.marketprism.cli;

import io.marketprism.config.MarketPrismConfig;
import io.marketprism.connect.VenueSettings;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.Exchange;
import io.marketprism.runtime.Logging;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code marketprism demo}: the exchange emulator (a synthetic market on all five exchange ids) and the collector
 * against it in one process, offline, writing to the embedded DuckDB file and serving the API and dashboard. The
 * collector reaches the emulator only through its configuration (base URLs), exactly as it reaches the venues.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Emulator + collector + API in one process, offline: the first thing to run.")
public final class DemoCommand implements Callable<Integer> {
    /** The instruments the demo collects, per venue (ones the emulator's synthetic market knows). */
    public static final Map<Exchange, List<String>> SYMBOLS;

    static {
        Map<Exchange, List<String>> m = new LinkedHashMap<>();
        m.put(Exchange.BINANCE, List.of("BTCUSDT"));
        m.put(Exchange.BINANCE_FUTURES, List.of("BTCUSDT"));
        m.put(Exchange.BINANCE_DELIVERY, List.of("BTCUSD_PERP"));
        m.put(Exchange.OKX, List.of("BTC-USDT", "BTC-USDT-SWAP"));
        m.put(Exchange.DERIBIT, List.of("BTC-PERPETUAL"));
        SYMBOLS = java.util.Collections.unmodifiableMap(m);
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--sink", description = "Where records go (repeatable); default duckdb:data/demo.duckdb.")
    List<String> sinks = new ArrayList<>();

    @Option(names = "--rate", defaultValue = "20", description = "Market steps per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic market (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: run "
            + "until Ctrl-C).")
    Long durationSeconds;

    @Override
    public Integer call() throws Exception {
        MarketPrismConfig base = options.load(System.getenv()).config();
        Logging.apply(base.logLevel(), base.logFormat());
        Emulator.Builder b = Emulator.builder()
                .params(new MarketParams(seed, 1.5, 200, 0.5, 0.05, 20_000, 20_000))
                .options(EmulatorOptions.defaults().withRate(rate));
        SYMBOLS.forEach(b::venue);
        try (Emulator emulator = b.build().start()) {
            List<VenueSettings> venues = new ArrayList<>();
            SYMBOLS.forEach((ex, symbols) -> venues.add(VenueSettings.defaults(emulator.endpoints(ex), symbols,
                    MarketPrismConfig.defaultTypes(ex))));
            MarketPrismConfig c = new MarketPrismConfig(base.environment(), base.logLevel(), base.logFormat(),
                    base.service(), List.copyOf(venues), true, true, base.books(),
                    sinks.isEmpty() ? List.of("duckdb:data/demo.duckdb") : List.copyOf(sinks), base.pipeline(),
                    base.nats(), base.clickhouseUser(), base.clickhousePassword(), null);
            var err = spec.commandLine().getErr();
            err.println("demo: exchange emulator serving " + SYMBOLS.keySet().stream().map(Exchange::id).toList()
                    + " on loopback:");
            for (Exchange ex : SYMBOLS.keySet()) {
                err.printf("  %-17s %s  %s%n", ex.id(), emulator.endpoints(ex).wsBase(),
                        emulator.endpoints(ex).restBase());
            }
            return CollectCommand.runUntilStopped(err, c, durationSeconds, 30, null);
        }
    }
}
