package io.marketprism.cli;

import io.marketprism.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The executable: one binary, several commands. */
@Command(name = "marketprism", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact, loss-free crypto market-data collector.",
        subcommands = {CollectCommand.class, DemoCommand.class, ReplayCommand.class, StoreCommand.class,
                EmulateCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                    || ex instanceof java.io.UncheckedIOException || ex instanceof ConfigException) {
                cmd.getErr().println("marketprism: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"marketprism " + (v == null ? "dev" : v)};
        }
    }
}
