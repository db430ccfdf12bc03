package io.marketprism.cli;

import io.marketprism.config.ConfigLoader;
import io.marketprism.config.ConfigNode;
import io.marketprism.config.MarketPrismConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the commands that read the configuration file. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: MARKETPRISM_CONFIG, else config/marketprism.yaml if present).")
    Path file;

    /** What was loaded, validated; throws ConfigException naming the key on any problem. */
    Loaded load(Map<String, String> env) {
        ConfigLoader.Loaded l = ConfigLoader.load(file, env);
        return new Loaded(l, MarketPrismConfig.from(ConfigNode.root(l.tree())));
    }

    record Loaded(ConfigLoader.Loaded source, MarketPrismConfig config) {
    }
}
