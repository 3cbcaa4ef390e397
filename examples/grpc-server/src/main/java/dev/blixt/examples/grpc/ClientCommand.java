package dev.blixt.examples.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.blixt.examples.grpc.proto.backends.Confirmation;
import dev.blixt.examples.grpc.proto.backends.PodIP;
import dev.blixt.examples.grpc.proto.backends.Target;
import dev.blixt.examples.grpc.proto.backends.Targets;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import dev.blixt.examples.grpc.proto.v1.Backend;
import dev.blixt.examples.grpc.proto.v1.BackendStats;
import dev.blixt.examples.grpc.proto.v1.Counters;
import dev.blixt.examples.grpc.proto.v1.DrainRequest;
import dev.blixt.examples.grpc.proto.v1.GetStatsRequest;
import dev.blixt.examples.grpc.proto.v1.GetStatsResponse;
import dev.blixt.examples.grpc.proto.v1.ListRoutesRequest;
import dev.blixt.examples.grpc.proto.v1.LoadBalancerGrpc;
import dev.blixt.examples.grpc.proto.v1.Protocol;
import dev.blixt.examples.grpc.proto.v1.RemoveRouteRequest;
import dev.blixt.examples.grpc.proto.v1.Route;
import dev.blixt.examples.grpc.proto.v1.SetRouteRequest;
import dev.blixt.examples.grpc.proto.v1.Vip;
import dev.blixt.examples.grpc.proto.v1.VipStats;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code client}: Blixt's {@code grpc-client} (update or delete one VIP through
 * {@code backends.backends}), and subcommands for the {@code blixt.v1} API.
 */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Talk to a Blixt gRPC server. Without a subcommand, as Blixt's grpc-client: Update the VIP"
                + " (TCP and UDP) with the targets, or --delete it.",
            "Server and TLS options go before the subcommand: client --server-port 9874 routes"},
        subcommands = {ClientCommand.Routes.class, ClientCommand.Stats.class, ClientCommand.Drain.class,
            ClientCommand.SetRoute.class, ClientCommand.Remove.class, ClientCommand.Ifindex.class})
public final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--server-ip", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Server address (default: ${DEFAULT-VALUE}).")
    String serverIp = "127.0.0.1";

    @Option(names = "--server-port", defaultValue = "9874", paramLabel = "PORT",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int serverPort = ServerSettings.DEFAULT_PORT;

    @Option(names = "--vip-ip", defaultValue = "127.0.0.1", paramLabel = "IPV4",
            description = "VIP address (default: ${DEFAULT-VALUE}).")
    String vipIp = "127.0.0.1";

    @Option(names = "--vip-port", defaultValue = "8080", paramLabel = "PORT",
            description = "VIP port (default: ${DEFAULT-VALUE}).")
    long vipPort = 8080;

    @Option(names = "--daddr", paramLabel = "IPV4",
            description = "Backend address; repeat for several backends (default: 127.0.0.1).")
    List<String> daddrs = new ArrayList<>();

    @Option(names = "--dport", paramLabel = "PORT",
            description = "Backend port: one for all backends, or one per --daddr (default: 8080).")
    List<Long> dports = new ArrayList<>();

    @Option(names = "--ifindex", paramLabel = "N",
            description = "Interface index sent with each target (default: unset, the server resolves the route).")
    Long ifindex;

    @Option(names = {"-d", "--delete"}, description = "Delete the VIP instead of updating it.")
    boolean delete;

    @Option(names = "--tls", description = "Use TLS (trusting the system's CAs unless --ca-certificate-path).")
    boolean tls;

    @Option(names = "--ca-certificate-path", paramLabel = "PEM", description = "CA certificates to trust (implies --tls).")
    Path caCertificate;

    @Option(names = "--client-certificate-path", paramLabel = "PEM",
            description = "Client certificate for mutual TLS (implies --tls).")
    Path clientCertificate;

    @Option(names = "--client-private-key-path", paramLabel = "PEM", description = "Client private key (PEM, PKCS#8).")
    Path clientPrivateKey;

    @Option(names = "--authority", paramLabel = "NAME",
            description = "Server name to verify the certificate against (default: the server address).")
    String authority;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 10;

    /** Picocli instantiates it. */
    public ClientCommand() {}

    /**
     * The connection the options describe.
     *
     * @return the connection
     */
    ClientConnection connection() {
        return new ClientConnection(serverIp, serverPort, tls, Optional.ofNullable(caCertificate),
                Optional.ofNullable(clientCertificate), Optional.ofNullable(clientPrivateKey), Optional.ofNullable(authority));
    }

    @Override
    public Integer call() {
        int vip = ipv4Wire(vipIp, "--vip-ip");
        var vipMessage = dev.blixt.examples.grpc.proto.backends.Vip.newBuilder().setIp(vip).setPort((int) vipPort).build();
        if (delete) {
            return call(ch -> {
                Confirmation c = backends(ch).delete(vipMessage);
                out().println("grpc server responded to DELETE: " + c.getConfirmation());
                return 0;
            });
        }
        Targets.Builder targets = Targets.newBuilder().setVip(vipMessage);
        List<String> addrs = daddrs.isEmpty() ? List.of("127.0.0.1") : daddrs;
        List<Long> ports = dports.isEmpty() ? List.of(8080L) : dports;
        if (ports.size() != 1 && ports.size() != addrs.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give one --dport for all backends or one per --daddr (" + addrs.size() + "), got " + ports.size());
        }
        for (int i = 0; i < addrs.size(); i++) {
            Target.Builder t = Target.newBuilder()
                    .setDaddr(ipv4Wire(addrs.get(i), "--daddr"))
                    .setDport((int) (long) ports.get(ports.size() == 1 ? 0 : i));
            if (ifindex != null) t.setIfindex((int) (long) ifindex);
            targets.addTargets(t);
        }
        return call(ch -> {
            Confirmation c = backends(ch).update(targets.build());
            out().println("grpc server responded to UPDATE: " + c.getConfirmation());
            return 0;
        });
    }

    private static int ipv4Wire(String text, String option) {
        InetAddress a = Addresses.parse(text, option);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException(option + " " + text + ": Blixt's API carries IPv4 only (use 'client set' for IPv6)");
        }
        return Addresses.toWire(a);
    }

    private backendsGrpc.backendsBlockingStub backends(ManagedChannel ch) {
        return backendsGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
    }

    private LoadBalancerGrpc.LoadBalancerBlockingStub v1(ManagedChannel ch) {
        return LoadBalancerGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Runs calls on a fresh channel; a gRPC error is printed as "error: CODE: description" and gives exit code 1. */
    int call(Function<ManagedChannel, Integer> calls) {
        ManagedChannel ch = connection().open();
        try {
            return calls.apply(ch);
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            err().println("error: " + s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription()));
            return 1;
        } finally {
            ch.shutdownNow();
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ formatting

    static String vipText(Vip v) {
        String proto = switch (v.getProtocol()) {
            case PROTOCOL_TCP -> "tcp";
            case PROTOCOL_UDP -> "udp";
            default -> "?";
        };
        return proto + " " + hostPort(v.getAddress(), v.getPort());
    }

    static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    static String backendText(Backend b) {
        String s = hostPort(b.getAddress(), b.getPort()) + " weight " + b.getWeight();
        return b.getWeight() == 0 ? s + " (draining)" : s;
    }

    static String countersText(Counters c) {
        return "packets=" + c.getPackets() + " bytes=" + c.getBytes() + " new_flows=" + c.getNewFlows()
                + " reply_packets=" + c.getReplyPackets() + " reply_bytes=" + c.getReplyBytes()
                + " icmp_errors=" + c.getIcmpErrors();
    }

    static void printRoute(PrintWriter out, Route r) {
        out.println(vipText(r.getVip()) + (r.getBackendsCount() == 0 ? " (no backends: new flows are dropped)" : ""));
        for (Backend b : r.getBackendsList()) out.println("  " + backendText(b));
    }

    /** Protocol choice of the v1 subcommands. */
    enum ProtocolChoice {
        TCP, UDP, BOTH;

        List<Protocol> protocols() {
            return switch (this) {
                case TCP -> List.of(Protocol.PROTOCOL_TCP);
                case UDP -> List.of(Protocol.PROTOCOL_UDP);
                case BOTH -> List.of(Protocol.PROTOCOL_TCP, Protocol.PROTOCOL_UDP);
            };
        }
    }

    static final class ProtocolConverter implements CommandLine.ITypeConverter<ProtocolChoice> {
        @Override
        public ProtocolChoice convert(String value) {
            try {
                return ProtocolChoice.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown protocol '" + value + "': use tcp, udp or both");
            }
        }
    }

    /** The VIP options of the v1 subcommands. */
    static final class VipOptions {
        @Option(names = "--vip-ip", required = true, paramLabel = "ADDR", description = "VIP address (IPv4 or IPv6).")
        String address;

        @Option(names = "--vip-port", required = true, paramLabel = "PORT", description = "VIP port.")
        int port;

        @Option(names = "--protocol", defaultValue = "both", converter = ProtocolConverter.class, paramLabel = "PROTO",
                description = "tcp, udp or both (default: ${DEFAULT-VALUE}: a Blixt VIP is both).")
        ProtocolChoice protocol = ProtocolChoice.BOTH;

        List<Vip> vips() {
            String a = Addresses.text(Addresses.parse(address, "--vip-ip"));
            List<Vip> out = new ArrayList<>();
            for (Protocol p : protocol.protocols()) out.add(Vip.newBuilder().setAddress(a).setPort(port).setProtocol(p).build());
            return out;
        }
    }

    /** Parses ADDRESS:PORT[@WEIGHT], the address of IPv6 in brackets. */
    static Backend parseBackend(String text) {
        String s = text.strip();
        Integer weight = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            weight = parseNumber(s.substring(at + 1), "weight", text);
            s = s.substring(0, at);
        }
        int colon = s.startsWith("[") ? s.indexOf("]:") + 1 : s.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("backend '" + text + "' must be ADDRESS:PORT[@WEIGHT]");
        String address = Addresses.text(Addresses.parse(s.substring(0, colon), "backend address"));
        Backend.Builder b = Backend.newBuilder().setAddress(address).setPort(parseNumber(s.substring(colon + 1), "port", text));
        if (weight != null) b.setWeight(weight);
        return b.build();
    }

    private static int parseNumber(String s, String what, String text) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend '" + text + "': " + what + " '" + s + "' is not a number", e);
        }
    }

    // ------------------------------------------------------------------ subcommands

    /** {@code routes}: every route. */
    @Command(name = "routes", mixinStandardHelpOptions = true, description = "List every route (blixt.v1 ListRoutes).")
    static final class Routes implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            return parent.call(ch -> {
                List<Route> routes = parent.v1(ch).listRoutes(ListRoutesRequest.getDefaultInstance()).getRoutesList();
                if (routes.isEmpty()) parent.out().println("no routes");
                for (Route r : routes) printRoute(parent.out(), r);
                return 0;
            });
        }
    }

    /** {@code stats}: counters. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Counters of every VIP and its backends, or of one VIP, and the global counters.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--vip-ip", paramLabel = "ADDR", description = "Only this VIP (with --vip-port).")
        String address;

        @Option(names = "--vip-port", paramLabel = "PORT", description = "The VIP's port.")
        Integer port;

        @Option(names = "--protocol", defaultValue = "both", converter = ProtocolConverter.class, paramLabel = "PROTO",
                description = "tcp, udp or both (default: ${DEFAULT-VALUE}).")
        ProtocolChoice protocol = ProtocolChoice.BOTH;

        @Override
        public Integer call() {
            if ((address == null) != (port == null)) {
                throw new IllegalArgumentException("give both --vip-ip and --vip-port, or neither");
            }
            return parent.call(ch -> {
                List<GetStatsResponse> responses = new ArrayList<>();
                if (address == null) {
                    responses.add(parent.v1(ch).getStats(GetStatsRequest.getDefaultInstance()));
                } else {
                    VipOptions v = new VipOptions();
                    v.address = address;
                    v.port = port;
                    v.protocol = protocol;
                    StatusRuntimeException notFound = null;
                    for (Vip vip : v.vips()) {
                        try {
                            responses.add(parent.v1(ch).getStats(GetStatsRequest.newBuilder().setVip(vip).build()));
                        } catch (StatusRuntimeException e) {
                            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
                            notFound = e;
                        }
                    }
                    if (responses.isEmpty() && notFound != null) throw notFound;
                }
                PrintWriter out = parent.out();
                for (GetStatsResponse r : responses) {
                    for (VipStats s : r.getVipsList()) {
                        out.println(vipText(s.getVip()) + ": " + countersText(s.getCounters()));
                        for (BackendStats b : s.getBackendsList()) {
                            out.println("  " + backendText(b.getBackend()) + ": " + countersText(b.getCounters()));
                        }
                    }
                }
                StringJoiner global = new StringJoiner(" ", "global: ", "");
                var g = responses.getLast().getGlobal();
                for (Map.Entry<FieldDescriptor, Object> f : g.getAllFields().entrySet()) {
                    global.add(f.getKey().getName() + "=" + f.getValue());
                }
                out.println(g.getAllFields().isEmpty() ? "global: all zero" : global.toString());
                return 0;
            });
        }
    }

    /** {@code drain}: no new flows for a backend. */
    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Drain a backend: it gets no new flows, its existing flows continue (weight 0).")
    static final class Drain implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @CommandLine.Mixin
        VipOptions vip = new VipOptions();

        @Option(names = "--daddr", required = true, paramLabel = "ADDR", description = "Backend address.")
        String daddr;

        @Option(names = "--dport", required = true, paramLabel = "PORT", description = "Backend port.")
        int dport;

        @Override
        public Integer call() {
            Backend backend = Backend.newBuilder().setAddress(Addresses.text(Addresses.parse(daddr, "--daddr"))).setPort(dport).build();
            return parent.call(ch -> {
                for (Vip v : vip.vips()) {
                    Route r = parent.v1(ch).drain(DrainRequest.newBuilder().setVip(v).setBackend(backend).build()).getRoute();
                    printRoute(parent.out(), r);
                }
                return 0;
            });
        }
    }

    /** {@code set}: a route with weights, IPv6 and a protocol. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set a VIP's backends (blixt.v1 SetRoute): IPv4 or IPv6, weights, one protocol or both.")
    static final class SetRoute implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @CommandLine.Mixin
        VipOptions vip = new VipOptions();

        @Option(names = "--backend", paramLabel = "ADDR:PORT[@WEIGHT]",
                description = "A backend, e.g. 10.0.0.2:8080@3 or [2001:db8::2]:8080; repeat for several. None: drop new flows.")
        List<String> backends = new ArrayList<>();

        @Override
        public Integer call() {
            List<Backend> parsed = backends.stream().map(ClientCommand::parseBackend).toList();
            return parent.call(ch -> {
                for (Vip v : vip.vips()) {
                    Route route = Route.newBuilder().setVip(v).addAllBackends(parsed).build();
                    printRoute(parent.out(), parent.v1(ch).setRoute(SetRouteRequest.newBuilder().setRoute(route).build()).getRoute());
                }
                return 0;
            });
        }
    }

    /** {@code remove}: remove a VIP. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a VIP (blixt.v1 RemoveRoute).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @CommandLine.Mixin
        VipOptions vip = new VipOptions();

        @Override
        public Integer call() {
            return parent.call(ch -> {
                for (Vip v : vip.vips()) {
                    boolean existed = parent.v1(ch).removeRoute(RemoveRouteRequest.newBuilder().setVip(v).build()).getExisted();
                    parent.out().println(vipText(v) + (existed ? " removed" : " did not exist"));
                }
                return 0;
            });
        }
    }

    /** {@code ifindex}: Blixt's GetInterfaceIndex. */
    @Command(name = "ifindex", mixinStandardHelpOptions = true,
            description = "The index of the server's interface towards an address (backends.backends GetInterfaceIndex).")
    static final class Ifindex implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--ip", required = true, paramLabel = "IPV4", description = "The address.")
        String ip;

        @Override
        public Integer call() {
            int wire = ipv4Wire(ip, "--ip");
            return parent.call(ch -> {
                int idx = parent.backends(ch).getInterfaceIndex(PodIP.newBuilder().setIp(wire).build()).getIfindex();
                parent.out().println(idx);
                return 0;
            });
        }
    }
}
