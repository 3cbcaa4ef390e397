package dev.blixt.examples.grpc;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The entry point: {@code server} runs the gRPC API on a data plane, {@code client} talks to one.
 *
 * <pre>
 * java -jar blixt-grpc-server.jar server -i eth0 [tls ... | mutual-tls ...]
 * java -jar blixt-grpc-server.jar client --vip-ip 10.96.0.10 --vip-port 80 --daddr 10.244.1.5 --dport 8080
 * </pre>
 */
@Command(name = "blixt-grpc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A gRPC API server for the Blixt for Java data plane, wire-compatible with Blixt's"
                + " backends.backends service, and its client.",
        subcommands = {ServerCommand.class, ClientCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Picocli instantiates it. */
    public Main() {}

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with errors printed as one line instead of a stack trace.
     *
     * @return the configured command line
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            if (Boolean.getBoolean("blixt.debug")) e.printStackTrace(line.getErr());
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"blixt-grpc " + (v == null ? "(development build)" : v)};
        }
    }
}
