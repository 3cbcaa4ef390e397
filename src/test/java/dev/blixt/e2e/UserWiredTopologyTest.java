package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.AttachMode;
import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.error.DataplaneException;
import dev.blixt.InterfaceAttachment;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.UdpFlow;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load balancer where a user puts it, not in the sandbox it built for itself: namespaces wired
 * with plain {@code ip} commands, offloads left as the kernel sets them (TX checksum offload on, GRO
 * off on veth), dynamic ARP, senders local to the client namespace, and a second client two hops away
 * behind a router namespace. The data plane is opened with
 * {@link DataplaneConfig.Builder#networkNamespace(String)}.
 *
 * <pre>
 *   client  eth0 10.10.1.2 ── lb-c 10.10.1.1 [ lb ] lb-b0 10.20.0.1 ── eth0 10.20.0.2 backend-0
 *   far eth0 10.10.3.2 ── eth1 10.10.3.1 [ router ] eth0 10.10.2.2 ── lb-r 10.10.2.1     lb-b1 …  backend-1
 *                                                                                     lb-b2 …  backend-2
 * </pre>
 *
 * In every attach mode the library accepts there ({@code AUTO}, {@code TC}): 2000 TCP connections
 * split by weight 1:1:2 (each share within 5 points), 100 UDP flows sticky, one 8 MiB TCP echo
 * intact (SHA-256 of the bytes), a reshape (weights changed, a backend removed) honoured by new
 * connections, and the same from the namespace behind the router. The explicit XDP modes are refused
 * there with the reason, and attached as asked when {@code forceAttachMode(true)} says so.
 */
@Privileged
class UserWiredTopologyTest {
    static final String VIP = "203.0.113.77";
    static final int BULK = 8 << 20;
    static final double TOLERANCE = 0.05;

    static WiredNet net;
    static Fleet fleet;

    static String ns(String role) {
        return net.ns(role);
    }

    static String ip(String role, String... args) {
        return net.ip(role, args);
    }

    static void link(String a, String aIf, String aAddr, String b, String bIf, String bAddr) {
        net.link(a, aIf, aAddr, b, bIf, bAddr);
    }

    @BeforeAll
    static void wire() {
        net = WiredNet.create("uw", "c", "far", "r", "lb", "b0", "b1", "b2");
        try {
            link("lb", "lb-c", "10.10.1.1", "c", "eth0", "10.10.1.2");
            ip("c", "route", "add", "203.0.113.0/24", "via", "10.10.1.1");
            link("lb", "lb-r", "10.10.2.1", "r", "eth0", "10.10.2.2");
            link("r", "eth1", "10.10.3.1", "far", "eth0", "10.10.3.2");
            ip("far", "route", "add", "default", "via", "10.10.3.1");
            ip("r", "route", "add", "203.0.113.0/24", "via", "10.10.2.1");
            ip("lb", "route", "add", "10.10.3.0/24", "via", "10.10.2.2");
            for (int i = 0; i < 3; i++) {
                link("lb", "lb-b" + i, "10.20." + i + ".1", "b" + i, "eth0", "10.20." + i + ".2");
                ip("b" + i, "route", "add", "default", "via", "10.20." + i + ".1");
            }
            net.forwarding("lb");
            net.forwarding("r");
            fleet = Fleet.startIn(List.of(ns("b0"), ns("b1"), ns("b2")));
        } catch (RuntimeException e) {
            teardown();
            throw e;
        }
    }

    @AfterAll
    static void teardown() {
        try {
            if (fleet != null) fleet.close();
        } finally {
            if (net != null) net.close();
        }
    }

    static DataplaneConfig config(AttachMode mode) {
        return config(mode, false);
    }

    static DataplaneConfig config(AttachMode mode, boolean force) {
        return DataplaneConfig.builder().networkNamespace(ns("lb"))
                .interfaces("lb-c", "lb-r", "lb-b0", "lb-b1", "lb-b2").attachMode(mode).forceAttachMode(force)
                .maxVips(4).maxBackends(64).flowTableSize(1 << 16).build();
    }

    static Backend tcp(int i) {
        return Backend.of("10.20." + i + ".2", Fleet.TCP_PORT);
    }

    static Backend udp(int i) {
        return Backend.of("10.20." + i + ".2", Fleet.UDP_PORT);
    }

    @ParameterizedTest
    @EnumSource(value = AttachMode.class, names = {"AUTO", "TC"})
    void balancesByWeightKeepsUdpStickyCarriesBulkAndHonoursAReshape(AttachMode mode) throws Exception {
        assertThat(Cmd.run("ip", "netns", "exec", ns("c"), "ethtool", "-k", "eth0")).as("kernel default offloads")
                .contains("tx-checksumming: on").contains("generic-receive-offload: off");
        ThreadFactory client = NetNamespace.threadFactory(ns("c"));
        ThreadFactory far = NetNamespace.threadFactory(ns("far"));
        Vip web = Vip.tcp(VIP, 80);
        Vip dns = Vip.udp(VIP, 53);
        InetSocketAddress webAt = new InetSocketAddress(web.address(), 80);
        InetSocketAddress dnsAt = new InetSocketAddress(dns.address(), 53);
        try (Dataplane dp = Dataplane.open(config(mode))) {
            assertThat(dp.attachments()).hasSize(5).extracting(InterfaceAttachment::mode).containsOnly(AttachMode.TC);
            dp.route(web).to(tcp(0), tcp(1), tcp(2).weight(2));
            dp.route(dns).to(udp(0), udp(1), udp(2));

            List<Exchange> ex = Traffic.connections(client, webAt, 2000, 8, i -> ("conn-" + i).getBytes());
            Expect.allIntact(ex);
            splitByWeight("client, 1:1:2", ex, Map.of("backend-0", 1, "backend-1", 1, "backend-2", 2));

            List<UdpFlow> flows = Traffic.udpFlows(client, dnsAt, 100, 5, 8);
            assertSticky(flows, dnsAt);

            assertThat(bulkEcho(client, webAt, BULK, 1)).as("8 MiB echo from the client").isEqualTo(BULK);

            // reshape: backend-1 removed, weights now 3:1
            dp.route(web).to(tcp(0).weight(3), tcp(2));
            List<Exchange> after = Traffic.connections(client, webAt, 1000, 8, i -> ("after-" + i).getBytes());
            Expect.allIntact(after);
            splitByWeight("client after the reshape, 3:0:1", after, Map.of("backend-0", 3, "backend-2", 1));

            // two hops away, behind the router namespace
            List<Exchange> remote = Traffic.connections(far, webAt, 1000, 8, i -> ("far-" + i).getBytes());
            Expect.allIntact(remote);
            splitByWeight("far client, 3:0:1", remote, Map.of("backend-0", 3, "backend-2", 1));
            assertSticky(Traffic.udpFlows(far, dnsAt, 100, 5, 8), dnsAt);
            assertThat(bulkEcho(far, webAt, BULK, 2)).as("8 MiB echo from two hops away").isEqualTo(BULK);

            assertThat(dp.stats(web).newFlows()).isEqualTo(2000 + 1000 + 1000 + 2);
            // what left, per egress interface, on the defaults (tc: no interface is an XDP-redirect target)
            var g = dp.globalStats();
            List<dev.blixt.EgressStats> egress = dp.egressStats();
            assertThat(egress.stream().mapToLong(dev.blixt.EgressStats::packets).sum()).as("per-egress packets " + egress)
                    .isEqualTo(g.transmitted() + g.redirected()).isPositive();
            assertThat(egress).allMatch(e -> !e.interfaceName().isEmpty() && !e.xdpRedirect());
            System.out.println("user-wired " + mode + ": " + Traffic.byBackend(ex) + " then " + Traffic.byBackend(after)
                    + ", far " + Traffic.byBackend(remote) + "; " + dp.globalStats());
        }
    }

    @ParameterizedTest
    @EnumSource(value = AttachMode.class, names = {"XDP_NATIVE", "XDP_GENERIC", "XDP_AUTO"})
    void explicitXdpModesAreRefusedWithTheReason(AttachMode mode) {
        assertThatThrownBy(() -> Dataplane.open(config(mode))).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("AttachMode." + mode + " cannot be correct on lb-c")
                .hasMessageContaining("AttachMode.TC").hasMessageContaining("forceAttachMode(true)");
        assertThat(Cmd.run("ip", "-n", ns("lb"), "link", "show")).as("nothing attached").doesNotContain("xdp");
    }

    /**
     * With {@code forceAttachMode(true)} the user gets the XDP mode asked for (no traffic is asserted:
     * operations.md's "Which mode where" says what it does to traffic here), and closing detaches it.
     */
    @ParameterizedTest
    @EnumSource(value = AttachMode.class, names = {"XDP_NATIVE", "XDP_GENERIC"})
    void explicitXdpModesAttachWhenForced(AttachMode mode) {
        try (Dataplane dp = Dataplane.open(config(mode, true))) {
            assertThat(dp.attachments()).hasSize(5).extracting(InterfaceAttachment::mode).containsOnly(mode);
            String links = Cmd.run("ip", "-n", ns("lb"), "link", "show");
            if (mode == AttachMode.XDP_GENERIC) assertThat(links).contains("xdpgeneric");
            else assertThat(links).contains(" xdp ").doesNotContain("xdpgeneric");
        }
        assertThat(Cmd.run("ip", "-n", ns("lb"), "link", "show")).as("detached on close").doesNotContain("xdp");
    }

    /** Every backend's share of {@code ex} is its weight's share within {@link #TOLERANCE}; others get none. */
    static void splitByWeight(String what, List<Exchange> ex, Map<String, Integer> weights) {
        Map<String, Long> by = Traffic.byBackend(ex);
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(by.keySet()).as(what + ": " + by).isSubsetOf(weights.keySet());
        for (Map.Entry<String, Integer> w : weights.entrySet()) {
            double share = by.getOrDefault(w.getKey(), 0L) / (double) ex.size();
            assertThat(share).as(what + ": share of " + w.getKey() + " in " + by)
                    .isBetween((double) w.getValue() / total - TOLERANCE, (double) w.getValue() / total + TOLERANCE);
        }
    }

    /** Every flow answered, all its datagrams by one backend, every reply from the VIP. */
    static void assertSticky(List<UdpFlow> flows, InetSocketAddress vip) {
        assertThat(flows).hasSize(100).allSatisfy(f -> {
            assertThat(f.error()).isNull();
            assertThat(f.backends()).hasSize(5);
            assertThat(f.backends().stream().distinct()).as("flow from port %d", f.localPort()).hasSize(1);
            assertThat(f.sources()).allMatch(vip::equals);
        });
        assertThat(flows.stream().map(f -> f.backends().getFirst()).distinct()).as("flows spread over backends")
                .hasSizeGreaterThan(1);
    }

    /**
     * One TCP connection from a thread of {@code client}: {@code bytes} seeded random bytes written while
     * the echo is read back; returns how many echoed bytes matched (SHA-256 of what was sent equals
     * SHA-256 of what came back, else -1). Bounded to 60 s.
     */
    static long bulkEcho(ThreadFactory client, InetSocketAddress vip, int bytes, long seed) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(client);
        try {
            Future<Long> f = pool.submit(() -> {
                try (Socket s = new Socket()) {
                    s.connect(vip, (int) Traffic.IO_TIMEOUT.toMillis());
                    s.setSoTimeout(10_000);
                    MessageDigest sent = MessageDigest.getInstance("SHA-256");
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        Random rnd = new Random(seed);
                        byte[] chunk = new byte[64 * 1024];
                        try {
                            OutputStream out = s.getOutputStream();
                            for (int left = bytes; left > 0; left -= chunk.length) {
                                rnd.nextBytes(chunk);
                                int n = Math.min(left, chunk.length);
                                sent.update(chunk, 0, n);
                                out.write(chunk, 0, n);
                            }
                            s.shutdownOutput();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }, Thread::startVirtualThread);
                    InputStream in = s.getInputStream();
                    StringBuilder id = new StringBuilder();
                    for (int c; (c = in.read()) != '\n'; ) {
                        if (c < 0 || id.length() > 64) throw new IOException("no identity line: " + id);
                        id.append((char) c);
                    }
                    MessageDigest got = MessageDigest.getInstance("SHA-256");
                    long n = 0;
                    byte[] buf = new byte[64 * 1024];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        got.update(buf, 0, r);
                        n += r;
                    }
                    writer.get(10, TimeUnit.SECONDS);
                    String a = HexFormat.of().formatHex(sent.digest());
                    String b = HexFormat.of().formatHex(got.digest());
                    System.out.println("bulk echo via " + id + ": " + n + " bytes, sha256 " + b);
                    return a.equals(b) ? n : -1L;
                }
            });
            return f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

}
