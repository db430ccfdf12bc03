package io.marketprism.cli;

import io.marketprism.connect.VenueEndpoints;
import io.marketprism.emulate.CaptureFeed;
import io.marketprism.emulate.Emulator;
import io.marketprism.emulate.EmulatorOptions;
import io.marketprism.emulate.FaultPlan;
import io.marketprism.emulate.MarketParams;
import io.marketprism.model.Exchange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code marketprism emulate}: serves the venues' WebSocket and REST protocols on loopback ports from a synthetic
 * market (or a capture), prints each venue's base URLs (what a collector configures), and runs until interrupted or
 * for {@code --duration}.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Local exchange emulator: Binance Spot/USDⓈ-M/COIN-M, OKX and Deribit protocols on 127.0.0.1.")
public final class EmulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--venues", split = ",", defaultValue = "binance,binance-futures,binance-delivery,okx,deribit",
            description = "Venues to serve (exchange ids, comma separated). Default: ${DEFAULT-VALUE}.")
    List<String> venues;

    @Option(names = "--symbols", split = ",", description = "Native symbols as VENUE:SYMBOL (repeatable, comma "
            + "separated), e.g. binance:BTCUSDT,okx:BTC-USDT-SWAP. Default: one BTC instrument per venue.")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic market. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rate", defaultValue = "10", description = "Market steps per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--volatility", defaultValue = "1.5",
            description = "Price move per step (standard deviation, ticks). Default: ${DEFAULT-VALUE}.")
    double volatility;

    @Option(names = "--depth", defaultValue = "200", description = "Book levels per side. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--faults", description = "Fault plan file (see FaultPlan for the format).")
    Path faults;

    @Option(names = "--truth-out", description = "Write the ground truth (trades, book updates, books) as JSON lines.")
    Path truthOut;

    @Option(names = "--capture", description = "Serve recorded frames instead of the synthetic market, as "
            + "VENUE=PATH (our capture file, or a cryptofeed capture prefix); repeatable.")
    List<String> captures = new ArrayList<>();

    @Option(names = "--speed", defaultValue = "1", description = "Capture replay speed (1 = recorded pace, N = N× "
            + "faster, 0 = as fast as possible). Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--port", description = "Fixed port as VENUE=PORT (repeatable); default: a free port.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--duration", description = "Stop after this long (ISO-8601 like PT30S, or seconds); default: "
            + "until interrupted.")
    String duration;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<Exchange, List<String>> byVenue = new LinkedHashMap<>();
        for (String v : venues) {
            byVenue.put(Exchange.fromId(v.trim()), new ArrayList<>());
        }
        for (String s : symbols) {
            int colon = s.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--symbols entry '" + s + "' must be VENUE:SYMBOL, e.g. "
                        + "binance:BTCUSDT");
            }
            Exchange v = Exchange.fromId(s.substring(0, colon).trim());
            if (!byVenue.containsKey(v)) {
                throw new IllegalArgumentException("--symbols names " + v.id() + ", which is not in --venues "
                        + venues);
            }
            byVenue.get(v).add(s.substring(colon + 1).trim());
        }
        Emulator.Builder b = Emulator.builder()
                .params(new MarketParams(seed, volatility, depth, 0.5, 0.05, 20_000, 20_000))
                .options(EmulatorOptions.defaults().withRate(rate));
        for (Map.Entry<Exchange, List<String>> e : byVenue.entrySet()) {
            b.venue(e.getKey(), e.getValue().isEmpty() ? List.of(defaultSymbol(e.getKey())) : e.getValue());
        }
        for (String c : captures) {
            String[] kv = pair(c, "--capture", "VENUE=PATH");
            b.capture(Exchange.fromId(kv[0]), CaptureFeed.open(Path.of(kv[1]), speed));
        }
        for (String p : ports) {
            String[] kv = pair(p, "--port", "VENUE=PORT");
            try {
                b.port(Exchange.fromId(kv[0]), Integer.parseInt(kv[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port " + p + ": '" + kv[1] + "' is not a port number");
            }
        }
        if (faults != null) {
            b.faults(FaultPlan.parse(faults));
        }
        if (truthOut != null) {
            b.truthOut(truthOut, 100);
        }
        Duration limit = duration == null ? null : parseDuration(duration);
        try (Emulator emu = b.build().start()) {
            for (Exchange v : emu.venues()) {
                VenueEndpoints ep = emu.endpoints(v);
                out.printf("%-17s ws=%s rest=%s%n", v.id(), ep.wsBase(), ep.restBase());
            }
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "emulate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (limit == null) {
                stop.await();
            } else {
                stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            out.println("faults injected: " + emu.faultCounters().snapshot());
            out.flush();
        }
        return 0;
    }

    private static String defaultSymbol(Exchange v) {
        return switch (v) {
            case BINANCE, BINANCE_US, BINANCE_FUTURES -> "BTCUSDT";
            case BINANCE_DELIVERY -> "BTCUSD_PERP";
            case OKX -> "BTC-USDT-SWAP";
            case DERIBIT -> "BTC-PERPETUAL";
        };
    }

    private static String[] pair(String text, String option, String form) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException(option + " '" + text + "' must be " + form);
        }
        return new String[] {text.substring(0, eq).trim(), text.substring(eq + 1).trim()};
    }

    static Duration parseDuration(String text) {
        try {
            return text.startsWith("P") || text.startsWith("p") ? Duration.parse(text)
                    : Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--duration '" + text + "' is neither seconds nor ISO-8601 (PT30S)");
        }
    }
}
