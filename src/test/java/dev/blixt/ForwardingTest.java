package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding with {@code bpf_fib_lookup}: the program is loaded without {@code OPT_NO_FIB} and run,
 * with the ingress interface in its context, from a thread inside a network namespace the test
 * builds. In that namespace ({@link TestNetns#nsA()}): {@code veth-a} (client side and one backend)
 * and {@code vc} (the other backend), both with fixed MACs, IPv4 and IPv6 forwarding on, and
 * permanent neighbour entries for the backends, so that the kernel's routing decides the verdict:
 * {@code XDP_TX} when the backend is reached through the ingress interface, {@code XDP_REDIRECT}
 * otherwise, the kernel (unrewritten) when the TTL would expire, the kernel (rewritten) when the
 * neighbour is unknown.
 */
@Privileged
class ForwardingTest {
    static final String CLIENT = "198.51.100.7";
    static final String VIP_ADDR = "203.0.113.10";
    static final Vip VIP = Vip.tcp(VIP_ADDR, 80);
    static final String CLIENT6 = "2001:db8:c1::7";
    static final String VIP6_ADDR = "2001:db8:f::10";
    static final Vip VIP6 = Vip.tcp(VIP6_ADDR, 443);

    static final MacAddress CLIENT_MAC = DatapathFixture.CLIENT_MAC;
    static final MacAddress VETH_A_MAC = MacAddress.parse("02:00:00:00:aa:01");
    static final MacAddress VC_MAC = MacAddress.parse("02:00:00:00:cc:01");
    static final MacAddress NEAR_BACKEND_MAC = MacAddress.parse("02:00:00:00:b0:09");
    static final MacAddress FAR_BACKEND_MAC = MacAddress.parse("02:00:00:00:b1:09");
    static final MacAddress GATEWAY_MAC = MacAddress.parse("02:00:00:00:00:fe");
    static final String VC = "vc";
    static final String VD = "vd";
    static final String NEAR6 = "2001:db8:a::9";
    static final String FAR6 = "2001:db8:b::9";

    static TestNetns net;
    static NetNamespace.Bound lb;
    static int vethA;
    static int vc;
    /** Backend on the client-side link (veth-a), with a permanent neighbour entry. */
    static String near;
    /** Backend behind vc, with a permanent neighbour entry. */
    static String far;
    /** On veth-a's subnet, but no neighbour entry. */
    static String unresolved;
    /** The router the clients are behind, on veth-a's link. */
    static String gateway;

    DatapathFixture f;

    @BeforeAll
    static void topology() {
        net = TestNetns.create();
        try {
            String ns = net.nsA();
            String a = net.addressA(); // 198.(18|19).x.1/24 on veth-a
            String[] o = a.split("\\.");
            String prefixA = o[0] + "." + o[1] + "." + o[2] + ".";
            String prefixC = o[0] + "." + (o[1].equals("18") ? "19" : "18") + "." + o[2] + ".";
            near = prefixA + "9";
            unresolved = prefixA + "77";
            far = prefixC + "9";

            TestNetns.ip(ns, "link", "set", net.vethA(), "address", VETH_A_MAC.toString());
            TestNetns.ip(ns, "link", "add", VC, "address", VC_MAC.toString(), "type", "veth", "peer", "name", VD,
                    "netns", net.nsB());
            TestNetns.ip(ns, "addr", "add", prefixC + "1/24", "dev", VC);
            TestNetns.ip(ns, "link", "set", VC, "up");
            TestNetns.ip(net.nsB(), "link", "set", VD, "up");
            TestNetns.ip(ns, "-6", "addr", "add", "2001:db8:a::1/64", "dev", net.vethA(), "nodad");
            TestNetns.ip(ns, "-6", "addr", "add", "2001:db8:b::1/64", "dev", VC, "nodad");
            Cmd.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Cmd.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            TestNetns.ip(ns, "neigh", "replace", near, "lladdr", NEAR_BACKEND_MAC.toString(), "dev", net.vethA(),
                    "nud", "permanent");
            TestNetns.ip(ns, "neigh", "replace", far, "lladdr", FAR_BACKEND_MAC.toString(), "dev", VC, "nud",
                    "permanent");
            TestNetns.ip(ns, "-6", "neigh", "replace", NEAR6, "lladdr", NEAR_BACKEND_MAC.toString(), "dev",
                    net.vethA(), "nud", "permanent");
            TestNetns.ip(ns, "-6", "neigh", "replace", FAR6, "lladdr", FAR_BACKEND_MAC.toString(), "dev", VC, "nud",
                    "permanent");
            // Clients live behind a gateway on veth-a's link.
            gateway = prefixA + "254";
            TestNetns.ip(ns, "neigh", "replace", gateway, "lladdr", GATEWAY_MAC.toString(), "dev", net.vethA(), "nud",
                    "permanent");
            TestNetns.ip(ns, "route", "add", "198.51.100.0/24", "via", gateway, "dev", net.vethA());
            vethA = ifindex(ns, net.vethA());
            vc = ifindex(ns, VC);
            lb = NetNamespace.enter(ns);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @AfterAll
    static void teardown() {
        try {
            if (lb != null) lb.close();
        } finally {
            if (net != null) net.close();
        }
    }

    @BeforeEach
    void open() {
        // Loaded from the namespace's thread, WITHOUT OPT_NO_FIB: verdicts come from the kernel's routing.
        f = lb.call(() -> new DatapathFixture(Datapath.OPT_ICMP_ECHO, 30_000_000_000L));
        markXdpSafe(f);
    }

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    /** Both LB interfaces deliver XDP redirects and XDP_TX in these tests: say so to the data path. */
    private static void markXdpSafe(DatapathFixture fixture) {
        assertThat(fixture.dp.markXdpSafe(vethA, true)).isTrue();
        assertThat(fixture.dp.markXdpSafe(vc, true)).isTrue();
    }

    static int ifindex(String ns, String dev) {
        String out = TestNetns.ip(ns, "-o", "link", "show", "dev", dev);
        Matcher m = Pattern.compile("^(\\d+):").matcher(out);
        assertThat(m.find()).as("ifindex of %s in %s: %s", dev, ns, out).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * {@code struct xdp_md} for a test run: data 0, data_end the frame's length, no metadata, the
     * ingress interface, queue 0, no egress interface. data_end is the length of the linear part:
     * with 0 the program would see an empty frame (the rest goes to fragments) and simply pass it.
     */
    static byte[] xdpCtx(int ingressIfindex, int frameLength) {
        return ByteBuffer.allocate(24).order(ByteOrder.nativeOrder())
                .putInt(0).putInt(frameLength).putInt(0).putInt(ingressIfindex).putInt(0).putInt(0).array();
    }

    /** The start of {@code struct __sk_buff} up to and including {@code ifindex} (offset 40). */
    static byte[] skbCtx(int ifindex) {
        return ByteBuffer.allocate(44).order(ByteOrder.nativeOrder()).putInt(40, ifindex).array();
    }

    private TestRun xdp(byte[] frame, int ingress) {
        return lb.call(() -> f.dp.xdp().testRun(frame, xdpCtx(ingress, frame.length), 1));
    }

    private TestRun tc(byte[] frame, int ingress) {
        return lb.call(() -> f.dp.tc().testRun(frame, skbCtx(ingress), 1));
    }

    private static PacketBuilder syn(int port) {
        return Packet.builder().ethernet(CLIENT_MAC, VETH_A_MAC).ipv4(CLIENT, VIP_ADDR).ttl(64).tcp(port, 80).syn()
                .seq(77).payload(new byte[] {1, 2, 3, 4});
    }

    private static void assertTc(TestRun run, int verdict, byte[] expected) {
        assertThat(run.verdict()).as("tc verdict %s", TcAction.name(run.verdict())).isEqualTo(verdict);
        assertThat(run.output()).as(() -> Packet.diff(expected, run.output())).isEqualTo(expected);
        assertThat(Packet.parse(run.output()).checksumErrors()).isEmpty();
    }

    // ---------------------------------------------------------------- next-hop cache

    @Test
    void aBackendsNextHopIsCachedForTheConfiguredTimeOnly() {
        MacAddress moved = MacAddress.parse("02:00:00:00:b0:77");
        f.close();
        f = lb.call(() -> new DatapathFixture(new Datapath.Sizing(8, 64, DatapathFixture.RING, 4096,
                DatapathFixture.SEED, 30_000_000_000L, Datapath.OPT_ICMP_ECHO, 60_000_000_000L)));
        markXdpSafe(f);
        f.route(VIP, Backend.of(near, 8080));
        // The cache is per CPU and a test run runs on the calling thread's CPU: keep that thread on one CPU.
        String tid = lb.call(() -> java.nio.file.Path.of("/proc/thread-self").toRealPath().getFileName().toString());
        taskset("0", tid);
        try {
            assertThat(Packet.parse(xdp(syn(40100).build(), vethA).output()).dstMac()).isEqualTo(NEAR_BACKEND_MAC);
            TestNetns.ip(net.nsA(), "neigh", "replace", near, "lladdr", moved.toString(), "dev", net.vethA(), "nud",
                    "permanent");
            // Within the cache time the cached next hop is used: no FIB lookup per packet.
            assertThat(Packet.parse(xdp(syn(40101).build(), vethA).output()).dstMac()).isEqualTo(NEAR_BACKEND_MAC);

            // Without a cache, every packet sees the neighbour change at once.
            DatapathFixture uncached = lb.call(() -> new DatapathFixture(new Datapath.Sizing(8, 64,
                    DatapathFixture.RING, 4096, DatapathFixture.SEED, 30_000_000_000L, Datapath.OPT_ICMP_ECHO, 0)));
            try {
                markXdpSafe(uncached);
                uncached.route(VIP, Backend.of(near, 8080));
                byte[] frame = syn(40102).build();
                TestRun run = lb.call(() -> uncached.dp.xdp().testRun(frame, xdpCtx(vethA, frame.length), 1));
                assertThat(Packet.parse(run.output()).dstMac()).isEqualTo(moved);
            } finally {
                uncached.close();
            }
        } finally {
            taskset("0-" + (Runtime.getRuntime().availableProcessors() - 1), tid);
            TestNetns.ip(net.nsA(), "neigh", "replace", near, "lladdr", NEAR_BACKEND_MAC.toString(), "dev",
                    net.vethA(), "nud", "permanent");
        }
    }

    @Test
    void aClientsNextHopIsCachedForTheConfiguredTimeOnly() {
        MacAddress moved = MacAddress.parse("02:00:00:00:fe:77");
        f.close();
        f = lb.call(() -> new DatapathFixture(new Datapath.Sizing(8, 64, DatapathFixture.RING, 4096,
                DatapathFixture.SEED, 30_000_000_000L, Datapath.OPT_ICMP_ECHO, 60_000_000_000L)));
        markXdpSafe(f);
        f.route(VIP, Backend.of(far, 8080));
        PacketBuilder reply = Packet.builder().ethernet(FAR_BACKEND_MAC, VC_MAC).ipv4(far, CLIENT).tcp(8080, 40110).ack();
        xdp(syn(40110).build(), vethA);
        try {
            assertThat(Packet.parse(xdp(reply.build(), vc).output()).dstMac()).isEqualTo(GATEWAY_MAC);
            assertThat(f.dp.clientNexthops.size()).as("one entry for the client").isEqualTo(1);
            TestNetns.ip(net.nsA(), "neigh", "replace", gateway, "lladdr", moved.toString(), "dev", net.vethA(), "nud",
                    "permanent");
            // Within the cache time the cached next hop is used (the cache is shared by the CPUs that have the
            // client in their LRU list: no pinning needed), and the reply is still translated.
            var out = Packet.parse(xdp(reply.build(), vc).output());
            assertThat(out.dstMac()).isEqualTo(GATEWAY_MAC);
            assertThat(out.src().getHostAddress()).isEqualTo(VIP_ADDR);

            // Without a cache, every reply sees the neighbour change at once, and nothing is cached.
            DatapathFixture uncached = lb.call(() -> new DatapathFixture(new Datapath.Sizing(8, 64,
                    DatapathFixture.RING, 4096, DatapathFixture.SEED, 30_000_000_000L, Datapath.OPT_ICMP_ECHO, 0)));
            try {
                markXdpSafe(uncached);
                uncached.route(VIP, Backend.of(far, 8080));
                byte[] syn = syn(40111).build();
                lb.call(() -> uncached.dp.xdp().testRun(syn, xdpCtx(vethA, syn.length), 1));
                byte[] frame = reply.tcp(8080, 40111).build();
                TestRun run = lb.call(() -> uncached.dp.xdp().testRun(frame, xdpCtx(vc, frame.length), 1));
                assertThat(Packet.parse(run.output()).dstMac()).isEqualTo(moved);
                assertThat(uncached.dp.clientNexthops.size()).isZero();
            } finally {
                uncached.close();
            }
        } finally {
            TestNetns.ip(net.nsA(), "neigh", "replace", gateway, "lladdr", GATEWAY_MAC.toString(), "dev", net.vethA(),
                    "nud", "permanent");
        }
    }

    private static void taskset(String cpus, String tid) {
        try {
            Process p = new ProcessBuilder("taskset", "-pc", cpus, tid).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("taskset -pc %s %s: %s", cpus, tid, out).isZero();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("taskset failed", e);
        }
    }

    // ---------------------------------------------------------------- XDP

    @Test
    void backendOnTheIngressLinkIsReachedWithXdpTx() {
        f.route(VIP, Backend.of(near, 8080));
        PacketBuilder in = syn(40000);
        byte[] expected = in.ethernet(VETH_A_MAC, NEAR_BACKEND_MAC).ipv4(CLIENT, near).ttl(63).tcp(40000, 8080)
                .build();
        var out = DatapathFixture.assertOutput(xdp(in.build(), vethA), XdpAction.TX, expected);
        assertThat(out.ttl()).isEqualTo(63);
        assertThat(f.counter(GlobalCounter.TX)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TO_STACK)).isZero();
    }

    @Test
    void aTrailerLeavesWithTheForwardedFrameUntouched() {
        // Ethernet padding and a trailer: MACs and TTL change, the route is looked up with the IP length.
        f.route(VIP, Backend.of(near, 8080));
        f.route(VIP6, Backend.of(FAR6, 8443));
        byte[] trailer = {0, 0, 0, 0, 0, 0, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x5a};
        PacketBuilder in = syn(40010);
        byte[] expected = in.ethernet(VETH_A_MAC, NEAR_BACKEND_MAC).ipv4(CLIENT, near).ttl(63).tcp(40010, 8080)
                .build();
        byte[] frame = DatagramBoundsTest.concat(in.build(), trailer);
        DatapathFixture.assertOutput(xdp(frame, vethA), XdpAction.TX, DatagramBoundsTest.concat(expected, trailer));
        assertTc(tc(frame, vethA), TcAction.REDIRECT, DatagramBoundsTest.concat(expected, trailer));
        PacketBuilder in6 = Packet.builder().ethernet(CLIENT_MAC, VETH_A_MAC).ipv6(CLIENT6, VIP6_ADDR).ttl(64)
                .tcp(40011, 443).syn();
        byte[] expected6 = in6.ethernet(VC_MAC, FAR_BACKEND_MAC).ipv6(CLIENT6, FAR6).ttl(63)
                .tcp(40011, 8443).build();
        byte[] frame6 = DatagramBoundsTest.concat(in6.build(), trailer);
        DatapathFixture.assertOutput(xdp(frame6, vethA), XdpAction.REDIRECT,
                DatagramBoundsTest.concat(expected6, trailer));
        assertTc(tc(frame6, vethA), TcAction.REDIRECT, DatagramBoundsTest.concat(expected6, trailer));
    }

    @Test
    void backendBehindAnotherInterfaceIsReachedWithXdpRedirect() {
        f.route(VIP, Backend.of(far, 8080));
        PacketBuilder in = syn(40001);
        byte[] expected = in.ethernet(VC_MAC, FAR_BACKEND_MAC).ipv4(CLIENT, far).ttl(63).tcp(40001, 8080).build();
        DatapathFixture.assertOutput(xdp(in.build(), vethA), XdpAction.REDIRECT, expected);
        assertThat(f.counter(GlobalCounter.REDIRECT)).isEqualTo(1);

        // The established flow keeps going the same way.
        PacketBuilder ack = in.flags().ack();
        byte[] ackExpected = ack.ethernet(VC_MAC, FAR_BACKEND_MAC).ipv4(CLIENT, far).ttl(63).tcp(40001, 8080).build();
        DatapathFixture.assertOutput(xdp(ack.build(), vethA), XdpAction.REDIRECT, ackExpected);
        assertThat(f.counter(GlobalCounter.REDIRECT)).isEqualTo(2);
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(1);
    }

    @Test
    void replyIsTranslatedAndRedirectedTowardsTheClientsGateway() {
        f.route(VIP, Backend.of(far, 8080));
        xdp(syn(40002).build(), vethA);
        PacketBuilder reply = Packet.builder().ethernet(FAR_BACKEND_MAC, VC_MAC).ipv4(far, CLIENT).ttl(64)
                .tcp(8080, 40002).syn().ack().seq(900).ackNumber(78);
        byte[] expected = reply.ethernet(VETH_A_MAC, GATEWAY_MAC).ipv4(VIP_ADDR, CLIENT).ttl(63).tcp(80, 40002).build();
        DatapathFixture.assertOutput(xdp(reply.build(), vc), XdpAction.REDIRECT, expected);
        assertThat(f.counter(GlobalCounter.REPLY)).isEqualTo(1);
    }

    @Test
    void anEgressNotMarkedXdpSafeGetsTheRewrittenPacketThroughTheKernel() {
        f.route(VIP, Backend.of(far, 8080));
        assertThat(f.dp.markXdpSafe(vc, false)).isTrue();
        PacketBuilder in = syn(40005);
        // As for an unresolved neighbour: addresses and port rewritten, TTL and MACs as they came.
        byte[] expected = in.ipv4(CLIENT, far).tcp(40005, 8080).build();
        DatapathFixture.assertOutput(xdp(syn(40005).build(), vethA), XdpAction.PASS, expected);
        assertThat(f.counter(GlobalCounter.EGRESS_UNSAFE)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TO_STACK)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.REDIRECT)).isZero();
        assertThat(f.dp.egress(vc).packets()).isZero();

        // Marked: redirected, and counted as having left through vc.
        assertThat(f.dp.markXdpSafe(vc, true)).isTrue();
        byte[] frame = syn(40006).build();
        assertThat(xdp(frame, vethA).xdpAction()).isEqualTo(XdpAction.REDIRECT);
        assertThat(f.dp.egress(vc).packets()).isEqualTo(1);
        assertThat(f.dp.egress(vc).bytes()).isEqualTo(frame.length - 14);
        assertThat(f.dp.egress(vc).xdpSafe()).isTrue();
    }

    @Test
    void xdpTxOutOfAnIngressNotMarkedXdpSafeGoesThroughTheKernel() {
        f.route(VIP, Backend.of(near, 8080));
        assertThat(f.dp.markXdpSafe(vethA, false)).isTrue();
        PacketBuilder in = syn(40007);
        byte[] expected = in.ipv4(CLIENT, near).tcp(40007, 8080).build();
        DatapathFixture.assertOutput(xdp(syn(40007).build(), vethA), XdpAction.PASS, expected);
        assertThat(f.counter(GlobalCounter.EGRESS_UNSAFE)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TX)).isZero();
    }

    @Test
    void tcIgnoresTheXdpSafeMarkButCountsWhatLeft() {
        f.route(VIP, Backend.of(far, 8080));
        assertThat(f.dp.markXdpSafe(vc, false)).isTrue();
        byte[] frame = syn(40008).build();
        assertThat(tc(frame, vethA).verdict()).isEqualTo(TcAction.REDIRECT);
        assertThat(f.counter(GlobalCounter.EGRESS_UNSAFE)).isZero();
        assertThat(f.dp.egress(vc).packets()).isEqualTo(1);
    }

    @Test
    void ttlOneGoesToTheKernelUnrewritten() {
        f.route(VIP, Backend.of(near, 8080));
        byte[] in = syn(40003).ttl(1).build();
        DatapathFixture.assertOutput(xdp(in, vethA), XdpAction.PASS, in);
        assertThat(f.counter(GlobalCounter.TTL_EXCEEDED)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TX)).isZero();
        assertThat(f.counter(GlobalCounter.TO_STACK)).isZero();
    }

    @Test
    void unresolvedNeighbourGoesToTheKernelRewritten() {
        f.route(VIP, Backend.of(unresolved, 8080));
        PacketBuilder in = syn(40004);
        // Rewritten for the kernel to forward: addresses and port, but TTL and MACs as they came.
        byte[] expected = in.ipv4(CLIENT, unresolved).tcp(40004, 8080).build();
        DatapathFixture.assertOutput(xdp(in.build(), vethA), XdpAction.PASS, expected);
        assertThat(f.counter(GlobalCounter.TO_STACK)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TX)).isZero();
    }

    @Test
    void ipv6HopLimitIsDecrementedOnTxAndRedirect() {
        f.route(VIP6, Backend.of(NEAR6, 8443));
        PacketBuilder in = Packet.builder().ethernet(CLIENT_MAC, VETH_A_MAC).ipv6(CLIENT6, VIP6_ADDR).ttl(64)
                .tcp(40005, 443).syn();
        byte[] expected = in.ethernet(VETH_A_MAC, NEAR_BACKEND_MAC).ipv6(CLIENT6, NEAR6).ttl(63).tcp(40005, 8443)
                .build();
        DatapathFixture.assertOutput(xdp(in.build(), vethA), XdpAction.TX, expected);

        f.route(VIP6, Backend.of(FAR6, 8443));
        PacketBuilder in2 = in.tcp(40006, 443);
        byte[] expected2 = in2.ethernet(VC_MAC, FAR_BACKEND_MAC).ipv6(CLIENT6, FAR6).ttl(63).tcp(40006, 8443).build();
        DatapathFixture.assertOutput(xdp(in2.build(), vethA), XdpAction.REDIRECT, expected2);

        byte[] hopLimitOne = in.tcp(40007, 443).ttl(1).build();
        DatapathFixture.assertOutput(xdp(hopLimitOne, vethA), XdpAction.PASS, hopLimitOne);
        assertThat(f.counter(GlobalCounter.TTL_EXCEEDED)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- tc

    @Test
    void tcRedirectsOutOfTheIngressInterfaceAndOutOfAnother() {
        f.route(VIP, Backend.of(near, 8080));
        PacketBuilder in = syn(40010);
        byte[] expected = in.ethernet(VETH_A_MAC, NEAR_BACKEND_MAC).ipv4(CLIENT, near).ttl(63).tcp(40010, 8080)
                .build();
        assertTc(tc(in.build(), vethA), TcAction.REDIRECT, expected);
        assertThat(f.counter(GlobalCounter.TX)).isEqualTo(1);

        f.route(VIP, Backend.of(far, 8080));
        PacketBuilder in2 = syn(40011);
        byte[] expected2 = in2.ethernet(VC_MAC, FAR_BACKEND_MAC).ipv4(CLIENT, far).ttl(63).tcp(40011, 8080).build();
        assertTc(tc(in2.build(), vethA), TcAction.REDIRECT, expected2);
        assertThat(f.counter(GlobalCounter.REDIRECT)).isEqualTo(1);
    }

    @Test
    void tcWithoutANeighbourRedirectsThroughTheKernelsNeighbourResolution() {
        f.route(VIP, Backend.of(unresolved, 8080));
        PacketBuilder in = syn(40012);
        // bpf_redirect_neigh fills the MACs on the way out; the TTL is already decremented.
        byte[] expected = in.ipv4(CLIENT, unresolved).ttl(63).tcp(40012, 8080).build();
        assertTc(tc(in.build(), vethA), TcAction.REDIRECT, expected);
        assertThat(f.counter(GlobalCounter.REDIRECT)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TO_STACK)).isZero();
    }

    @Test
    void tcTtlOneGoesToTheKernelUnrewritten() {
        f.route(VIP, Backend.of(far, 8080));
        byte[] in = syn(40013).ttl(1).build();
        assertTc(tc(in, vethA), TcAction.UNSPEC, in);
        assertThat(f.counter(GlobalCounter.TTL_EXCEEDED)).isEqualTo(1);
    }
}
