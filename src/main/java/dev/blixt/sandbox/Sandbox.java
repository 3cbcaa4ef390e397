package dev.blixt.sandbox;

import dev.blixt.DataplaneConfig;
import dev.blixt.error.DataplaneException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away network of namespaces to run the load balancer with real traffic: a client, a
 * load balancer and N backends, joined by veth pairs, built with iproute2 and removed on
 * {@link #close()} (and, failing that, when the JVM exits).
 *
 * <pre>
 *   client (eth0) ── veth-client [ lb ] veth-b0 ── (eth0) backend 0
 *   198.18.0.2          198.18.0.1        198.18.1.1    198.18.1.2
 *   2001:db8::2         2001:db8::1       veth-b1 ── (eth0) backend 1 …
 * </pre>
 *
 * <ul>
 *   <li>The client reaches the VIP ranges 203.0.113.0/24 and 2001:db8:f::/48 through the load
 *       balancer; backend {@code i} sits on 198.18.{i+1}.0/24 and 2001:db8:0:{i+1}::/64 and
 *       routes everything (replies included, as NAT mode needs) through the load balancer.</li>
 *   <li>The load balancer forwards IPv4 and IPv6; nothing is attached to it until the caller
 *       opens a data plane there: {@code sandbox.lb().open(sandbox.dataplaneConfig().build())}
 *       attaches to {@link #lbInterfaces()}.</li>
 *   <li>Neighbour entries are static (no ARP or neighbour discovery on the wire), IPv6 router
 *       solicitation and duplicate-address detection are off, so the only traffic is the
 *       caller's and addresses are usable at once.</li>
 *   <li>Offloads stay as the kernel sets them (on veth: TX checksum offload on, GRO off), as on
 *       the hosts users run on: locally sent packets are {@code CHECKSUM_PARTIAL}, which the default
 *       {@link dev.blixt.AttachMode#AUTO} (tc on veth) handles. {@link Builder#tuneForNativeXdp()}
 *       turns TX checksum offload off and GRO on for experiments with native XDP on veth. See
 *       docs/operations.md.</li>
 * </ul>
 *
 * <p>Namespace names are {@code <prefix>-<pid>-<n>-<role>} (role {@code c}, {@code lb},
 * {@code b<i>}); building a sandbox first removes the namespaces of an earlier run with the same
 * prefix whose process is gone. Needs root (or CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2
 * (and ethtool for {@link Builder#tuneForNativeXdp()}). Traffic only ever flows between the
 * sandbox's own addresses.
 */
public final class Sandbox implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sandbox.class.getName());
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    /** The IPv4 VIP range routed from the client to the load balancer. */
    public static final String IPV4_VIP_RANGE = "203.0.113.0/24";
    /** The IPv6 VIP range routed from the client to the load balancer. */
    public static final String IPV6_VIP_RANGE = "2001:db8:f::/48";
    /** The most backends a sandbox can have. */
    public static final int MAX_BACKENDS = 250;
    /** The interface name of the client and of each backend. */
    public static final String HOST_INTERFACE = "eth0";

    private final String id;
    private final Host client;
    private final Host lb;
    private final List<Host> backends;
    private final List<String> created = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private Sandbox(String id, int backendCount) {
        this.id = id;
        List<String> lbIfs = new ArrayList<>();
        lbIfs.add("veth-client");
        List<Host> bs = new ArrayList<>();
        for (int i = 0; i < backendCount; i++) {
            lbIfs.add("veth-b" + i);
            bs.add(new Host("backend-" + i, id + "-b" + i, List.of(HOST_INTERFACE), v4(i + 1, 2), v6(i + 1, 2)));
        }
        this.client = new Host("client", id + "-c", List.of(HOST_INTERFACE), v4(0, 2), v6(0, 2));
        this.lb = new Host("lb", id + "-lb", lbIfs, v4(0, 1), v6(0, 1));
        this.backends = List.copyOf(bs);
        this.shutdownHook = Thread.ofPlatform().unstarted(this::teardown);
    }

    /**
     * A builder for a sandbox (3 backends, prefix {@code blixt-sandbox} unless set).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client host, where connections to the VIPs start.
     *
     * @return the client
     */
    public Host client() {
        return client;
    }

    /**
     * The load-balancer host, where the data plane runs.
     *
     * @return the load balancer
     */
    public Host lb() {
        return lb;
    }

    /**
     * One backend host.
     *
     * @param index 0 .. {@code backends().size() - 1}
     * @return the backend
     * @throws IndexOutOfBoundsException if there is no such backend
     */
    public Host backend(int index) {
        return backends.get(index);
    }

    /**
     * Every backend host, in index order.
     *
     * @return the backends
     */
    public List<Host> backends() {
        return backends;
    }

    /**
     * The load balancer's interfaces to attach the data plane to: the client side first, then
     * one per backend ({@code veth-client}, {@code veth-b0}, {@code veth-b1}, ...).
     *
     * @return interface names inside {@link #lb()}'s namespace
     */
    public List<String> lbInterfaces() {
        return lb.interfaces();
    }

    /**
     * A data-plane configuration builder with {@link #lbInterfaces()} already set, for
     * {@code sandbox.lb().open(sandbox.dataplaneConfig().attachMode(AttachMode.TC).build())}.
     *
     * @return a configuration builder
     */
    public DataplaneConfig.Builder dataplaneConfig() {
        return DataplaneConfig.builder().interfaces(lbInterfaces());
    }

    /**
     * An IPv4 VIP address: {@code 203.0.113.<n>}, routed from the client to the load balancer.
     *
     * @param n 1..254
     * @return the address
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public static Inet4Address ipv4Vip(int n) {
        if (n < 1 || n > 254) throw new IllegalArgumentException("ipv4Vip: n must be 1..254, got " + n);
        return (Inet4Address) address(new byte[] {(byte) 203, 0, 113, (byte) n});
    }

    /**
     * An IPv6 VIP address: {@code 2001:db8:f::<n in hex>}, routed from the client to the load
     * balancer.
     *
     * @param n 1..65535
     * @return the address
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public static Inet6Address ipv6Vip(int n) {
        if (n < 1 || n > 65535) throw new IllegalArgumentException("ipv6Vip: n must be 1..65535, got " + n);
        byte[] a = prefix6(0xf);
        a[14] = (byte) (n >> 8);
        a[15] = (byte) n;
        return (Inet6Address) address(a);
    }

    /**
     * The part every namespace name of this sandbox starts with.
     *
     * @return {@code <prefix>-<pid>-<n>}
     */
    public String id() {
        return id;
    }

    /**
     * Deletes every namespace of the sandbox (and with them the veth pairs and anything attached
     * to them). Close data planes opened in it first. Idempotent.
     */
    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is shutting down, or the hook was never registered
        }
    }

    private void teardown() {
        if (!closed.compareAndSet(false, true)) return;
        List<String> names;
        synchronized (created) {
            names = List.copyOf(created).reversed();
        }
        for (String ns : names) {
            Commands.Result r = Commands.exec(List.of("ip", "netns", "del", ns));
            if (!r.ok() && Files.exists(NETNS_DIR.resolve(ns))) {
                LOG.log(Level.WARNING, "could not delete network namespace {0}: {1}", ns, r.stderr().strip());
            }
        }
        LOG.log(Level.DEBUG, "sandbox {0} removed", id);
    }

    /**
     * Removes the namespaces left by earlier runs with this prefix whose process no longer
     * exists (a crash, a SIGKILL). Building a sandbox calls this first.
     *
     * @param prefix the prefix those sandboxes were built with
     * @return how many namespaces were removed
     * @throws IllegalArgumentException if the prefix is not valid (see {@link Builder#prefix})
     */
    public static int cleanLeftovers(String prefix) {
        checkPrefix(prefix);
        if (!Files.isDirectory(NETNS_DIR)) return 0;
        Pattern ours = Pattern.compile(Pattern.quote(prefix) + "-(\\d+)-\\d+-(?:c|lb|b\\d+)");
        List<String> dead = new ArrayList<>();
        try (Stream<Path> s = Files.list(NETNS_DIR)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                Matcher m = ours.matcher(name);
                if (!m.matches()) continue;
                long pid = Long.parseLong(m.group(1));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) dead.add(name);
            }
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.WARNING, "cannot list " + NETNS_DIR + ": " + e.getMessage());
            return 0;
        }
        int removed = 0;
        for (String name : dead) {
            if (Commands.exec(List.of("ip", "netns", "del", name)).ok()) removed++;
        }
        if (removed > 0) LOG.log(Level.INFO, "removed {0} network namespaces left by an earlier run ({1}-*)", removed, prefix);
        return removed;
    }

    private static void checkPrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be 1..40 characters of [A-Za-z0-9_.-] starting with a"
                    + " letter or digit, got '" + prefix + "'");
        }
    }

    // ---- construction ----------------------------------------------------------------------

    private void create(boolean tuneForNativeXdp) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        List<Host> all = new ArrayList<>();
        all.add(client);
        all.add(lb);
        all.addAll(backends);
        for (Host h : all) {
            synchronized (created) {
                created.add(h.namespace());
            }
            Commands.run("ip", "netns", "add", h.namespace());
        }
        for (Host h : all) configureNamespace(h, h == lb);
        link(client, "veth-client", 0);
        for (int i = 0; i < backends.size(); i++) link(backends.get(i), "veth-b" + i, i + 1);

        ip(client, "route", "add", IPV4_VIP_RANGE, "via", lb.ipv4().getHostAddress());
        ip(client, "-6", "route", "add", IPV6_VIP_RANGE, "via", lb.ipv6().getHostAddress());
        for (int i = 0; i < backends.size(); i++) {
            Host b = backends.get(i);
            ip(b, "route", "add", "default", "via", v4(i + 1, 1).getHostAddress());
            ip(b, "-6", "route", "add", "default", "via", v6(i + 1, 1).getHostAddress());
        }
        if (tuneForNativeXdp) {
            for (Host h : all) {
                if (h != lb) h.exec("ethtool", "-K", HOST_INTERFACE, "tx", "off", "gro", "on");
            }
        }
        LOG.log(Level.INFO, "sandbox {0}: client {1}, lb {2}, {3} backends", id, client.namespace(), lb.namespace(),
                backends.size());
    }

    /** Sysctls and the loopback interface, before any other interface exists (defaults apply to them). */
    private static void configureNamespace(Host h, boolean forwarding) {
        h.call(() -> {
            List<String[]> settings = new ArrayList<>(List.of(
                    new String[] {"net/ipv6/conf/default/accept_dad", "0"},
                    new String[] {"net/ipv6/conf/all/accept_dad", "0"},
                    new String[] {"net/ipv6/conf/default/accept_ra", "0"},
                    new String[] {"net/ipv6/conf/all/accept_ra", "0"},
                    new String[] {"net/ipv6/conf/default/router_solicitations", "0"},
                    new String[] {"net/ipv6/conf/all/router_solicitations", "0"}));
            if (forwarding) {
                settings.add(new String[] {"net/ipv4/ip_forward", "1"});
                settings.add(new String[] {"net/ipv6/conf/all/forwarding", "1"});
                settings.add(new String[] {"net/ipv6/conf/default/forwarding", "1"});
            }
            // /proc/sys/net shows the network namespace of the thread that opens it: this one.
            for (String[] s : settings) Files.writeString(Path.of("/proc/sys", s[0]), s[1]);
            return null;
        });
        ip(h, "link", "set", "lo", "up");
    }

    /** A veth pair from the load balancer's {@code lbIf} to {@code host}'s eth0, on link number {@code n}. */
    private void link(Host host, String lbIf, int n) {
        String lbMac = mac(n, 1);
        String hostMac = mac(n, 2);
        ip(lb, "link", "add", lbIf, "address", lbMac, "type", "veth", "peer", "name", HOST_INTERFACE, "address",
                hostMac, "netns", host.namespace());
        String lb4 = v4(n, 1).getHostAddress();
        String lb6 = v6(n, 1).getHostAddress();
        String host4 = v4(n, 2).getHostAddress();
        String host6 = v6(n, 2).getHostAddress();
        ip(lb, "addr", "add", lb4 + "/24", "dev", lbIf);
        ip(lb, "addr", "add", lb6 + "/64", "dev", lbIf, "nodad");
        ip(host, "addr", "add", host4 + "/24", "dev", HOST_INTERFACE);
        ip(host, "addr", "add", host6 + "/64", "dev", HOST_INTERFACE, "nodad");
        ip(lb, "neigh", "replace", host4, "lladdr", hostMac, "dev", lbIf, "nud", "permanent");
        ip(lb, "neigh", "replace", host6, "lladdr", hostMac, "dev", lbIf, "nud", "permanent");
        ip(host, "neigh", "replace", lb4, "lladdr", lbMac, "dev", HOST_INTERFACE, "nud", "permanent");
        ip(host, "neigh", "replace", lb6, "lladdr", lbMac, "dev", HOST_INTERFACE, "nud", "permanent");
        ip(lb, "link", "set", lbIf, "up");
        ip(host, "link", "set", HOST_INTERFACE, "up");
    }

    private static void ip(Host h, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", h.namespace()));
        cmd.addAll(List.of(args));
        Commands.run(cmd);
    }

    /** A locally administered MAC address for link {@code n}, side 1 (load balancer) or 2. */
    private static String mac(int n, int side) {
        return String.format("02:b1:00:%02x:%02x:%02x", n >> 8, n & 0xff, side);
    }

    /** 198.18.n.host (n 0..255) or 198.19.(n-256).host. */
    private static Inet4Address v4(int n, int host) {
        return (Inet4Address) address(new byte[] {(byte) 198, (byte) (18 + n / 256), (byte) (n % 256), (byte) host});
    }

    /** 2001:db8:0:n::host. */
    private static Inet6Address v6(int n, int host) {
        byte[] a = prefix6(0);
        a[6] = (byte) (n >> 8);
        a[7] = (byte) n;
        a[15] = (byte) host;
        return (Inet6Address) address(a);
    }

    /** 2001:db8:{word2}:: as 16 bytes. */
    private static byte[] prefix6(int word2) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[4] = (byte) (word2 >> 8);
        a[5] = (byte) word2;
        return a;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return "Sandbox[" + id + ": " + client + ", " + lb + ", " + backends + "]";
    }

    /**
     * Builds a {@link Sandbox}. Each setter validates its argument and may be called once.
     */
    public static final class Builder {
        private @Nullable Integer backends;
        private @Nullable String prefix;
        private @Nullable Boolean tuneForNativeXdp;

        private Builder() {}

        private static void once(@Nullable Object current, String name) {
            if (current != null) throw new IllegalStateException(name + " was already set to " + current);
        }

        /**
         * How many backend namespaces to create (default 3).
         *
         * @param n 1..{@value Sandbox#MAX_BACKENDS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder backends(int n) {
            once(backends, "backends");
            if (n < 1 || n > MAX_BACKENDS) {
                throw new IllegalArgumentException("backends must be 1.." + MAX_BACKENDS + ", got " + n);
            }
            this.backends = n;
            return this;
        }

        /**
         * The start of every namespace name (default {@code blixt-sandbox}); leftovers of an
         * earlier run with the same prefix whose process is gone are removed at build time.
         *
         * @param prefix 1..40 characters of {@code [A-Za-z0-9_.-]}, starting with a letter or digit
         * @return this builder
         * @throws IllegalArgumentException if not valid
         * @throws IllegalStateException if already set
         */
        public Builder prefix(String prefix) {
            once(this.prefix, "prefix");
            checkPrefix(Objects.requireNonNull(prefix, "prefix"));
            this.prefix = prefix;
            return this;
        }

        /**
         * Tunes the client's and backends' interfaces for native XDP on the load balancer's veths
         * (default: offloads left as the kernel sets them): TX checksum offload off, so that
         * sockets' packets carry full checksums instead of the partial sum native XDP would forward
         * as final (the receiver drops the packet), and GRO on, so that the peer has NAPI and accepts
         * frames native XDP redirects into it (otherwise they are dropped silently). Only for
         * experiments and tests with {@code AttachMode.XDP_NATIVE} and
         * {@code forceAttachMode(true)} on veth; see docs/operations.md.
         *
         * @return this builder
         * @throws IllegalStateException if already called
         */
        public Builder tuneForNativeXdp() {
            once(tuneForNativeXdp, "tuneForNativeXdp");
            this.tuneForNativeXdp = true;
            return this;
        }

        /**
         * Creates the namespaces, veth pairs, addresses and routes. On failure everything
         * created so far is removed.
         *
         * @return the sandbox; close it
         * @throws DataplaneException if a command fails (the message names it and its error),
         *     iproute2 (or, to tune for native XDP, ethtool) is missing, or the process lacks the
         *     privileges
         */
        public Sandbox build() {
            String p = prefix == null ? "blixt-sandbox" : prefix;
            Commands.require("ip");
            if (tuneForNativeXdp != null) Commands.require("ethtool");
            cleanLeftovers(p);
            String id = p + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
            Sandbox s = new Sandbox(id, backends == null ? 3 : backends);
            try {
                s.create(tuneForNativeXdp != null);
                return s;
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }
}
