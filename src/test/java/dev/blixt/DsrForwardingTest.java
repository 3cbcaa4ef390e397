package dev.blixt;

import static dev.blixt.ForwardingTest.ifindex;
import static dev.blixt.ForwardingTest.skbCtx;
import static dev.blixt.ForwardingTest.xdpCtx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.EncapConfig;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DSR with the kernel's routing ({@code bpf_fib_lookup}) deciding, in a namespace this test builds:
 * the encapsulated packet leaves with the next hop's MACs, and a packet that would exceed the egress
 * MTU once encapsulated is answered to the client with ICMP fragmentation-needed / packet-too-big
 * carrying the MTU it may use, byte for byte as built here; one without DF is dropped and counted.
 *
 * <pre>
 *   client side ── veth-a [ lb ] vc (MTU 1400) ── far backend (IPv4 and IPv6, permanent neighbours)
 * </pre>
 */
@Privileged
class DsrForwardingTest {
    static final String CLIENT = "198.51.100.7";
    static final String CLIENT6 = "2001:db8:c1::7";
    static final String VIP_ADDR = "203.0.113.10";
    static final String VIP6_ADDR = "2001:db8:f::10";
    static final String SRC4 = "10.255.0.9";
    static final String SRC6 = "fd00:ffff::9";
    static final String FAR6 = "2001:db8:b::9";
    static final MacAddress CLIENT_MAC = DatapathFixture.CLIENT_MAC;
    static final MacAddress VETH_A_MAC = MacAddress.parse("02:00:00:00:aa:01");
    static final MacAddress VC_MAC = MacAddress.parse("02:00:00:00:cc:01");
    static final MacAddress FAR_MAC = MacAddress.parse("02:00:00:00:b1:09");
    static final MacAddress GATEWAY_MAC = MacAddress.parse("02:00:00:00:00:fe");
    static final int MTU = 1400;

    static TestNetns net;
    static NetNamespace.Bound lb;
    static int vethA;
    static int vc;
    static String far;

    DatapathFixture f;

    @BeforeAll
    static void topology() {
        net = TestNetns.create();
        try {
            String ns = net.nsA();
            String[] o = net.addressA().split("\\.");
            String prefixA = o[0] + "." + o[1] + "." + o[2] + ".";
            String prefixC = o[0] + "." + (o[1].equals("18") ? "19" : "18") + "." + o[2] + ".";
            far = prefixC + "9";
            TestNetns.ip(ns, "link", "set", net.vethA(), "address", VETH_A_MAC.toString());
            TestNetns.ip(ns, "link", "add", "vc", "address", VC_MAC.toString(), "mtu", Integer.toString(MTU), "type",
                    "veth", "peer", "name", "vd", "netns", net.nsB());
            TestNetns.ip(ns, "addr", "add", prefixC + "1/24", "dev", "vc");
            TestNetns.ip(ns, "-6", "addr", "add", "2001:db8:b::1/64", "dev", "vc", "nodad");
            TestNetns.ip(ns, "-6", "addr", "add", "2001:db8:a::1/64", "dev", net.vethA(), "nodad");
            TestNetns.ip(ns, "link", "set", "vc", "up");
            TestNetns.ip(net.nsB(), "link", "set", "vd", "up");
            Cmd.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Cmd.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            TestNetns.ip(ns, "neigh", "replace", far, "lladdr", FAR_MAC.toString(), "dev", "vc", "nud", "permanent");
            TestNetns.ip(ns, "-6", "neigh", "replace", FAR6, "lladdr", FAR_MAC.toString(), "dev", "vc", "nud",
                    "permanent");
            String gateway = prefixA + "254";
            TestNetns.ip(ns, "neigh", "replace", gateway, "lladdr", GATEWAY_MAC.toString(), "dev", net.vethA(), "nud",
                    "permanent");
            TestNetns.ip(ns, "route", "add", "198.51.100.0/24", "via", gateway, "dev", net.vethA());
            vethA = ifindex(ns, net.vethA());
            vc = ifindex(ns, "vc");
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
        EncapConfig encap = EncapConfig.of(List.of(EncapConfig.parse(SRC4), EncapConfig.parse(SRC6)),
                EncapConfig.DEFAULT_GUE_PORT);
        f = lb.call(() -> new DatapathFixture(new Datapath.Sizing(8, 64, DatapathFixture.RING, 4096,
                DatapathFixture.SEED, 30_000_000_000L, Datapath.OPT_ICMP_ECHO, 1_000_000_000L, encap)));
        assertThat(f.dp.markXdpSafe(vethA, true)).isTrue();
        assertThat(f.dp.markXdpSafe(vc, true)).isTrue();
        f.engine.apply(Vip.tcp(VIP_ADDR, 80), List.of(Backend.of(far, 0)), ForwardingMode.DSR_IPIP);
        f.engine.apply(Vip.tcp(VIP6_ADDR, 80), List.of(Backend.of(FAR6, 0)), ForwardingMode.DSR_IPIP);
    }

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private TestRun xdp(byte[] frame) {
        return lb.call(() -> f.dp.xdp().testRun(frame, xdpCtx(vethA, frame.length), 1));
    }

    private TestRun tc(byte[] frame) {
        return lb.call(() -> f.dp.tc().testRun(frame, skbCtx(vethA), 1));
    }

    private static PacketBuilder tcp(String client, String vip, int size) {
        PacketBuilder b = Packet.builder().ethernet(CLIENT_MAC, VETH_A_MAC);
        b = client.contains(":") ? b.ipv6(client, vip) : b.ipv4(client, vip).dontFragment();
        return b.tcp(40000, 80).ack().seq(1000).payload(new byte[size]);
    }

    @Test
    void aRoutedDsrPacketLeavesWithTheNextHopsMacs() {
        byte[] in = tcp(CLIENT, VIP_ADDR, 100).syn().build();
        byte[] expected = Packet.builder().ethernet(VC_MAC, FAR_MAC).ipv4(SRC4, far).dontFragment().identification(0)
                .ttl(64).protocol(Packet.IPIP).payload(Arrays.copyOfRange(in, 14, in.length)).build();
        TestRun run = xdp(in);
        assertThat(run.xdpAction()).isEqualTo(XdpAction.REDIRECT);
        assertThat(run.output()).as(() -> Packet.diff(expected, run.output())).isEqualTo(expected);
        TestRun t = tc(in);
        assertThat(t.verdict()).isEqualTo(TcAction.REDIRECT);
        assertThat(t.output()).isEqualTo(expected);
    }

    @Test
    void tooBigOnceEncapsulatedIsAnsweredWithFragmentationNeeded() {
        // 1381 bytes of IP fit the egress MTU of 1400; with 20 bytes of IPIP they do not.
        byte[] in = tcp(CLIENT, VIP_ADDR, MTU - 20 - 40 + 1).build();
        byte[] quoted = Arrays.copyOfRange(in, 14, 14 + 20 + 8);
        byte[] expected = Packet.builder().ethernet(VETH_A_MAC, CLIENT_MAC).ipv4(VIP_ADDR, CLIENT).identification(0)
                .ttl(64).icmpFragmentationNeeded(MTU - 20, quoted).build();
        TestRun run = xdp(in);
        DatapathFixture.assertOutput(run, XdpAction.TX, expected);
        TestRun t = tc(in);
        assertThat(t.verdict()).isEqualTo(TcAction.REDIRECT);
        assertThat(t.output()).as(() -> Packet.diff(expected, t.output())).isEqualTo(expected);
        assertThat(f.counter(GlobalCounter.ICMP_TOO_BIG)).isEqualTo(2);
        // One byte less fits.
        assertThat(xdp(tcp(CLIENT, VIP_ADDR, MTU - 20 - 40).build()).xdpAction()).isEqualTo(XdpAction.REDIRECT);
    }

    @Test
    void tooBigOverIpv6IsAnsweredWithPacketTooBig() {
        byte[] in = tcp(CLIENT6, VIP6_ADDR, MTU - 60).build();
        byte[] quoted = Arrays.copyOfRange(in, 14, 14 + 40 + 8);
        byte[] expected = Packet.builder().ethernet(VETH_A_MAC, CLIENT_MAC).ipv6(VIP6_ADDR, CLIENT6).ttl(64)
                .icmpPacketTooBig(MTU - 40, quoted).build();
        DatapathFixture.assertOutput(xdp(in), XdpAction.TX, expected);
    }

    @Test
    void tooBigWithoutDontFragmentIsDroppedAndCounted() {
        byte[] in = Packet.builder().ethernet(CLIENT_MAC, VETH_A_MAC).ipv4(CLIENT, VIP_ADDR).tcp(40000, 80).ack()
                .payload(new byte[MTU - 40]).build();
        assertThat(xdp(in).xdpAction()).isEqualTo(XdpAction.DROP);
        assertThat(f.counter(GlobalCounter.DROP_TOO_BIG)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.ICMP_TOO_BIG)).isZero();
    }
}
