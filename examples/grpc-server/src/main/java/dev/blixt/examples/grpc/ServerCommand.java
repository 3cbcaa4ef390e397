package dev.blixt.examples.grpc;

import dev.blixt.AttachMode;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code server}: opens the data plane and serves the API until SIGTERM or SIGINT. Plaintext by
 * default; the {@code tls} and {@code mutual-tls} subcommands (as in Blixt) turn TLS on.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open the data plane and serve Blixt's backends.backends API (and blixt.v1) on it.",
            "Plaintext unless followed by 'tls' or 'mutual-tls'. Needs root (or CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN)"
                + " unless --in-memory."},
        subcommands = {ServerCommand.Tls.class, ServerCommand.MutualTls.class})
public final class ServerCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ServerCommand.class.getName());

    @Option(names = {"-i", "--iface", "--interface"}, paramLabel = "NAME",
            description = "Interface to attach the data plane to (repeat for several: client side and backend side)."
                    + " Default: the interface of the default route.")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--attach-mode", paramLabel = "MODE", defaultValue = "auto", converter = AttachModeConverter.class,
            description = "auto (per interface: native XDP on physical NICs, tc on virtual devices), xdp-auto, xdp-native, xdp-generic or tc (default: ${DEFAULT-VALUE}).")
    AttachMode attachMode = AttachMode.AUTO;

    @Option(names = "--force-attach-mode", description = "Use an explicit --attach-mode even where the library"
            + " refuses it as incorrect (XDP on veth, generic XDP with GRO).")
    boolean forceAttachMode;

    @Option(names = "--pin-path", paramLabel = "DIR",
            description = "bpffs directory (e.g. /sys/fs/bpf/blixt) to pin maps and attachments in: the kernel keeps"
                    + " forwarding while the server is down, and a restarted server adopts the configuration.")
    Path pinPath;

    @Option(names = "--listen-address", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address the API and health servers bind (default: ${DEFAULT-VALUE}).")
    String listenAddress = "0.0.0.0";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "9874",
            description = "API port (default: ${DEFAULT-VALUE}).")
    int port = ServerSettings.DEFAULT_PORT;

    @Option(names = "--health-port", paramLabel = "PORT",
            description = "grpc.health.v1 port, always plaintext (default: the API port + 1).")
    Integer healthPort;

    @Option(names = "--max-vips", paramLabel = "N", description = "Most VIPs; each Blixt VIP takes two, TCP and UDP"
            + " (default: " + DataplaneConfig.DEFAULT_MAX_VIPS + ").")
    Integer maxVips;

    @Option(names = "--max-backends", paramLabel = "N", description = "Most backends over all VIPs"
            + " (default: " + DataplaneConfig.DEFAULT_MAX_BACKENDS + ").")
    Integer maxBackends;

    @Option(names = "--ring-size", paramLabel = "M", description = "Maglev ring size, a prime (default: 65537).")
    Integer ringSize;

    @Option(names = "--flow-table-size", paramLabel = "N", description = "Flow-table capacity (default: "
            + DataplaneConfig.DEFAULT_FLOW_TABLE_SIZE + ").")
    Integer flowTableSize;

    @Option(names = "--hash-seed", paramLabel = "N", description = "Flow-hash seed, the same on every node (default: 0).")
    Integer hashSeed;

    @Option(names = "--kernel-forwarding",
            description = "Leave rewritten packets to the kernel's routing instead of forwarding them from XDP/tc.")
    boolean kernelForwarding;

    @Option(names = "--in-memory",
            description = "Keep routes in memory and forward nothing: try the API without root or a kernel.")
    boolean inMemory;

    /** Picocli instantiates it. */
    public ServerCommand() {}

    @Override
    public Integer call() throws InterruptedException {
        return serve(Optional.empty());
    }

    /**
     * The listening settings from the flags.
     *
     * @param tls TLS from a subcommand, if any
     * @return the settings
     */
    ServerSettings settings(Optional<TlsSettings> tls) {
        int health = healthPort != null ? healthPort : ServerSettings.healthPortFor(port);
        return new ServerSettings(listenAddress, port, health, tls);
    }

    /**
     * The data-plane configuration from the flags.
     *
     * @return the configuration
     */
    DataplaneConfig dataplaneConfig() {
        DataplaneConfig.Builder b = DataplaneConfig.builder().attachMode(attachMode);
        if (forceAttachMode && attachMode != AttachMode.AUTO) b.forceAttachMode(true);
        if (!interfaces.isEmpty()) b.interfaces(interfaces);
        if (pinPath != null) b.pinPath(pinPath.toAbsolutePath());
        if (maxVips != null) b.maxVips(maxVips);
        if (maxBackends != null) b.maxBackends(maxBackends);
        if (ringSize != null) b.ringSize(ringSize);
        if (flowTableSize != null) b.flowTableSize(flowTableSize);
        if (hashSeed != null) b.hashSeed(hashSeed);
        if (kernelForwarding) b.kernelForwarding(true);
        return b.build();
    }

    /**
     * Opens the balancer the flags ask for.
     *
     * @return an in-memory balancer, or the data plane
     */
    Balancer openBalancer() {
        if (inMemory) {
            DataplaneConfig c = dataplaneConfig();
            return new InMemoryBalancer(c.maxVips(), c.maxBackends());
        }
        return new DataplaneBalancer(Dataplane.open(dataplaneConfig()));
    }

    int serve(Optional<TlsSettings> tls) throws InterruptedException {
        ServerSettings settings = settings(tls);
        Balancer balancer = openBalancer();
        ApiServer server;
        try {
            server = ApiServer.start(settings, balancer, new IpRouteResolver());
        } catch (RuntimeException e) {
            balancer.close();
            throw e;
        }
        Thread hook = Thread.ofPlatform().name("blixt-grpc-shutdown").unstarted(() -> {
            LOG.log(System.Logger.Level.INFO, "shutting down");
            server.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitTermination();
        return 0;
    }

    /** {@code tls}: server-only TLS, as Blixt's subcommand. */
    @Command(name = "tls", mixinStandardHelpOptions = true, description = "Serve the API over TLS.")
    static final class Tls implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;

        @Option(names = "--server-certificate-path", required = true, paramLabel = "PEM",
                description = "The server's certificate chain (PEM).")
        Path certificate;

        @Option(names = "--server-private-key-path", required = true, paramLabel = "PEM",
                description = "The server's private key (PEM, PKCS#8).")
        Path privateKey;

        @Override
        public Integer call() throws InterruptedException {
            return parent.serve(Optional.of(TlsSettings.serverOnly(certificate, privateKey)));
        }
    }

    /** {@code mutual-tls}: TLS with client certificates required, as Blixt's subcommand. */
    @Command(name = "mutual-tls", mixinStandardHelpOptions = true,
            description = "Serve the API over TLS and require client certificates signed by the given CA.")
    static final class MutualTls implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;

        @Option(names = "--server-certificate-path", required = true, paramLabel = "PEM",
                description = "The server's certificate chain (PEM).")
        Path certificate;

        @Option(names = "--server-private-key-path", required = true, paramLabel = "PEM",
                description = "The server's private key (PEM, PKCS#8).")
        Path privateKey;

        @Option(names = "--client-certificate-authority-root-path", required = true, paramLabel = "PEM",
                description = "CA certificates (PEM) that client certificates must chain to.")
        Path clientRoots;

        @Override
        public Integer call() throws InterruptedException {
            return parent.serve(Optional.of(TlsSettings.mutual(certificate, privateKey, clientRoots)));
        }
    }

    /** Accepts auto, xdp-auto, XDP_AUTO, xdp_auto, ... */
    static final class AttachModeConverter implements ITypeConverter<AttachMode> {
        @Override
        public AttachMode convert(String value) {
            try {
                return AttachMode.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown attach mode '" + value
                        + "': use auto, xdp-auto, xdp-native, xdp-generic or tc");
            }
        }
    }
}
