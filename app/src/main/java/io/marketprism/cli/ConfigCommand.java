package io.marketprism.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.marketprism.config.ConfigLoader;
import io.marketprism.connect.VenueSettings;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code marketprism config check}: loads and validates the configuration, prints the result with secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
        subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the configuration (file + environment) and print it with secrets masked.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            ConfigOptions.Loaded l = options.load(System.getenv());
            PrintWriter out = spec.commandLine().getOut();
            out.println("# configuration OK: " + (l.source().file() == null ? "built-in defaults"
                    : l.source().file()) + " + environment");
            for (VenueSettings v : l.config().venues()) {
                out.println("# venue " + v.exchange().id() + ": " + v.symbols() + " " + v.dataTypes());
            }
            out.println("# sinks: " + l.config().sinks());
            ObjectNode masked = l.source().tree().deepCopy();
            mask(masked, "");
            out.print(new YAMLMapper().writeValueAsString(masked));
            out.flush();
            return 0;
        }

        private static void mask(JsonNode node, String path) {
            if (!(node instanceof ObjectNode o)) {
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (ConfigLoader.isSecret(key) && e.getValue().isValueNode()) {
                    e.setValue(o.textNode("***"));
                } else if (e.getValue().isTextual() && e.getValue().asText().matches("(?s)[a-z0-9+]+://[^/@]*:[^/@]*@.*")) {
                    // credentials inside a URL (proxy, NATS): keep the user, hide the password
                    e.setValue(o.textNode(e.getValue().asText().replaceFirst("://([^/:@]*):[^/@]*@", "://$1:***@")));
                } else {
                    mask(e.getValue(), key);
                }
            }
        }
    }
}
