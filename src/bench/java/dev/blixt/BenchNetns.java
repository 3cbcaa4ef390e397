package dev.blixt;

import dev.blixt.packet.MacAddress;
import dev.blixt.testing.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark's own network namespace, so that {@code bpf_fib_lookup} in the data path succeeds
 * as it does on a real load balancer: one veth pair whose two ends both live in the namespace,
 * forwarding on, static neighbours, routes to the backends through a gateway.
 *
 * <pre>
 *   client side  bc  198.51.100.1/24  2001:db8:1::1/64   neighbour: the client 198.51.100.7 / 2001:db8:1::7
 *   backend side bb  192.0.2.1/24     2001:db8:ff::1/64  neighbour: the gateway 192.0.2.2 / 2001:db8:ff::2
 *   routes: 198.18.0.0/15 via 192.0.2.2, 2001:db8:2::/48 via 2001:db8:ff::2
 * </pre>
 *
 * <p>No packet is ever sent: frames only go through BPF_PROG_TEST_RUN with {@code ingress_ifindex}
 * set to one of the two interfaces. The name is {@code blixt-bench-<pid>}; leftovers of dead
 * processes are removed first, and {@link #close()} deletes the namespace.
 */
final class BenchNetns implements AutoCloseable {
    static final String PREFIX = "blixt-bench-";
    private static final Pattern LEFTOVER = Pattern.compile("blixt-bench-(\\d+)");

    static final String CLIENT_SIDE = "bc";
    static final String BACKEND_SIDE = "bb";
    static final MacAddress CLIENT_MAC = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress GATEWAY_MAC = MacAddress.parse("02:00:00:00:00:b2");

    final String name;
    final int clientIfindex;
    final int backendIfindex;
    final MacAddress clientSideMac;
    final MacAddress backendSideMac;

    private BenchNetns(String name, int clientIfindex, int backendIfindex, MacAddress clientSideMac,
            MacAddress backendSideMac) {
        this.name = name;
        this.clientIfindex = clientIfindex;
        this.backendIfindex = backendIfindex;
        this.clientSideMac = clientSideMac;
        this.backendSideMac = backendSideMac;
    }

    static BenchNetns create() {
        cleanLeftovers();
        String ns = PREFIX + ProcessHandle.current().pid();
        Cmd.exec("ip", "netns", "del", ns);
        Cmd.run("ip", "netns", "add", ns);
        try {
            ip(ns, "link", "set", "lo", "up");
            ip(ns, "link", "add", CLIENT_SIDE, "type", "veth", "peer", "name", BACKEND_SIDE);
            ip(ns, "link", "set", CLIENT_SIDE, "address", "02:00:00:00:00:c1");
            ip(ns, "link", "set", BACKEND_SIDE, "address", "02:00:00:00:00:b1");
            ip(ns, "addr", "add", "198.51.100.1/24", "dev", CLIENT_SIDE);
            ip(ns, "addr", "add", "192.0.2.1/24", "dev", BACKEND_SIDE);
            ip(ns, "-6", "addr", "add", "2001:db8:1::1/64", "dev", CLIENT_SIDE, "nodad");
            ip(ns, "-6", "addr", "add", "2001:db8:ff::1/64", "dev", BACKEND_SIDE, "nodad");
            ip(ns, "link", "set", CLIENT_SIDE, "up");
            ip(ns, "link", "set", BACKEND_SIDE, "up");
            Cmd.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.conf.all.forwarding=1",
                    "net.ipv6.conf.all.forwarding=1");
            ip(ns, "neigh", "replace", "198.51.100.7", "lladdr", CLIENT_MAC.toString(), "dev", CLIENT_SIDE, "nud",
                    "permanent");
            ip(ns, "neigh", "replace", "192.0.2.2", "lladdr", GATEWAY_MAC.toString(), "dev", BACKEND_SIDE, "nud",
                    "permanent");
            ip(ns, "-6", "neigh", "replace", "2001:db8:1::7", "lladdr", CLIENT_MAC.toString(), "dev", CLIENT_SIDE,
                    "nud", "permanent");
            ip(ns, "-6", "neigh", "replace", "2001:db8:ff::2", "lladdr", GATEWAY_MAC.toString(), "dev",
                    BACKEND_SIDE, "nud", "permanent");
            ip(ns, "route", "add", "198.18.0.0/15", "via", "192.0.2.2", "dev", BACKEND_SIDE);
            ip(ns, "-6", "route", "add", "2001:db8:2::/48", "via", "2001:db8:ff::2", "dev", BACKEND_SIDE);
            return new BenchNetns(ns, ifindex(ns, CLIENT_SIDE), ifindex(ns, BACKEND_SIDE),
                    MacAddress.parse("02:00:00:00:00:c1"), MacAddress.parse("02:00:00:00:00:b1"));
        } catch (RuntimeException e) {
            Cmd.exec("ip", "netns", "del", ns);
            throw e;
        }
    }

    private static int ifindex(String ns, String dev) {
        String out = ip(ns, "-o", "link", "show", "dev", dev);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
    }

    static String ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    /** The {@code struct xdp_md} of a test run arriving on an interface (24 bytes, little endian). */
    static byte[] xdpContext(int frameLength, int ingressIfindex) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(frameLength).putInt(0).putInt(ingressIfindex).putInt(0).putInt(0);
        return b.array();
    }

    static void cleanLeftovers() {
        Path netns = Path.of("/var/run/netns");
        if (!Files.isDirectory(netns)) return;
        try (Stream<Path> s = Files.list(netns)) {
            for (String n : s.map(p -> p.getFileName().toString()).toList()) {
                Matcher m = LEFTOVER.matcher(n);
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    Cmd.exec("ip", "netns", "del", n);
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        Cmd.exec("ip", "netns", "del", name);
    }
}
