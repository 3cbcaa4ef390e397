package dev.blixt;

import static dev.blixt.DatapathFixture.CLIENT_MAC;
import static dev.blixt.DatapathFixture.LB_MAC;
import static dev.blixt.DatapathFixture.assertOutput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.EncapConfig;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.FlowValue;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Direct server return, packet by packet: the client's packet leaves byte for byte unchanged inside
 * the outer header (IPIP, IPv4-in-IPv6, ip6ip6, GUE over either family), whose fields are built here
 * independently (outer source, checksum, lengths, DF, TTL, traffic class, GUE port and flow label
 * from the flow hash); flows keep the mode they started in; a DSR backend's own packets are never
 * taken for replies; ICMP errors about a DSR reply reach the backend encapsulated.
 */
@Privileged
class DsrTest {
    static final String CLIENT = "198.51.100.7";
    static final String CLIENT6 = "2001:db8:c::7";
    static final String VIP_ADDR = "203.0.113.10";
    static final String VIP6_ADDR = "2001:db8:f::10";
    static final String SRC4 = "10.255.0.9";
    static final String SRC6 = "fd00:ffff::9";
    static final Backend B1 = Backend.of("198.18.1.2", 0);
    static final Backend B1_6 = Backend.of("2001:db8:b::2", 0);

    DatapathFixture f;

    @BeforeEach
    void open() {
        f = fixture(SRC4 + "/32", SRC6 + "/128");
    }

    @AfterEach
    void close() {
        f.close();
    }

    static DatapathFixture fixture(String cidr4, String cidr6) {
        EncapConfig.Prefix p4 = EncapConfig.parse(cidr4);
        EncapConfig.Prefix p6 = EncapConfig.parse(cidr6);
        EncapConfig encap = new EncapConfig(p4.address(), p4.length(), p6.address(), p6.length(),
                EncapConfig.DEFAULT_GUE_PORT);
        return new DatapathFixture(new Datapath.Sizing(8, 64, DatapathFixture.RING, 4096, DatapathFixture.SEED,
                30_000_000_000L, Datapath.OPT_ICMP_ECHO | Datapath.OPT_NO_FIB, 1_000_000_000L, encap));
    }

    private void route(Vip vip, ForwardingMode mode, Backend... backends) {
        f.engine.apply(vip, List.of(backends), mode);
    }

    /** The data path's flow hash for the outer header (blixt_encap.h encap_source), mirrored. */
    static int encapHash(String client, int sport, int dport) {
        ByteBuffer a = ByteBuffer.wrap(InetAddress.ofLiteral(client).getAddress()).order(ByteOrder.LITTLE_ENDIAN);
        int sp = Short.toUnsignedInt(Short.reverseBytes((short) sport));
        int dp = Short.toUnsignedInt(Short.reverseBytes((short) dport));
        int h = a.getInt(0) ^ ((sp << 16) | dp);
        if (a.capacity() == 16) h ^= a.getInt(4) ^ a.getInt(8) ^ a.getInt(12);
        return dev.blixt.internal.hash.Murmur3.fmix32(h);
    }

    private static PacketBuilder tcp(String client, String vip, int sport) {
        PacketBuilder b = Packet.builder().ethernet(CLIENT_MAC, LB_MAC);
        b = client.contains(":") ? b.ipv6(client, vip) : b.ipv4(client, vip);
        return b.tos(0x28).tcp(sport, 80).seq(1000).payload(new byte[] {1, 2, 3});
    }

    /** The frame DSR makes of {@code inner}: the same Ethernet header, then the outer header, then it. */
    private static byte[] ipip(byte[] innerIp, String src, String backend, int tos, int flowLabel) {
        PacketBuilder outer = Packet.builder().ethernet(CLIENT_MAC, LB_MAC);
        boolean innerV4 = (innerIp[0] >> 4) == 4;
        if (backend.contains(":")) {
            outer = outer.ipv6(src, backend).flowLabel(flowLabel);
        } else {
            outer = outer.ipv4(src, backend).dontFragment().identification(0);
        }
        return outer.tos(tos).ttl(64).protocol(innerV4 ? Packet.IPIP : Packet.IPV6_IN_IP).payload(innerIp).build();
    }

    private static byte[] gue(byte[] innerIp, String src, String backend, int tos, int h) {
        PacketBuilder outer = Packet.builder().ethernet(CLIENT_MAC, LB_MAC);
        outer = backend.contains(":") ? outer.ipv6(src, backend).flowLabel(h & 0xfffff)
                : outer.ipv4(src, backend).dontFragment().identification(0);
        outer = outer.tos(tos).ttl(64).udp(0x8000 | (h & 0x7fff), EncapConfig.DEFAULT_GUE_PORT).payload(innerIp);
        // UDP checksum 0 in both families (RFC 6935 allows it for tunnels over IPv6).
        return backend.contains(":") ? outer.l4Checksum(0).build() : outer.udpChecksum(false).build();
    }

    private static byte[] ip(byte[] frame) {
        return java.util.Arrays.copyOfRange(frame, 14, frame.length);
    }

    private FlowValue flow(String client, int sport, Vip vip) {
        return f.dp.flows.get(new FlowKey(InetAddress.ofLiteral(client), vip.address(), sport, vip.port(),
                vip.protocol().number())).orElseThrow();
    }

    @Test
    void ipipCarriesTheClientsPacketUnchangedInXdpAndTc() {
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        route(vip, ForwardingMode.DSR_IPIP, B1);
        byte[] syn = tcp(CLIENT, VIP_ADDR, 40000).syn().build();
        byte[] expected = ipip(ip(syn), SRC4, "198.18.1.2", 0x28, 0);
        assertOutput(f.xdp(syn), XdpAction.PASS, expected);
        assertThat(flow(CLIENT, 40000, vip).mode()).isEqualTo(VipInfo.MODE_DSR_IPIP);
        TestRun tc = f.tc(tcp(CLIENT, VIP_ADDR, 40000).ack().build());
        assertThat(tc.verdict()).isEqualTo(TcAction.UNSPEC);
        byte[] ack = tcp(CLIENT, VIP_ADDR, 40000).ack().build();
        assertThat(tc.output()).as(() -> Packet.diff(ipip(ip(ack), SRC4, "198.18.1.2", 0x28, 0), tc.output()))
                .isEqualTo(ipip(ip(ack), SRC4, "198.18.1.2", 0x28, 0));
        assertThat(f.counter(GlobalCounter.ENCAP_IPIP)).isEqualTo(2);
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.TO_STACK)).as("no FIB in the fixture: encapsulated, then the kernel's")
                .isEqualTo(2);
        Counters c = f.dp.vipStats.sum(f.engine.vipId(vip).orElseThrow(), Counters::plus);
        assertThat(c.packets()).isEqualTo(2);
        assertThat(c.newFlows()).isEqualTo(1);
    }

    @Test
    void ip6ip6AndIpv4InIpv6() {
        Vip vip6 = Vip.tcp(VIP6_ADDR, 80);
        route(vip6, ForwardingMode.DSR_IPIP, B1_6);
        byte[] syn6 = tcp(CLIENT6, VIP6_ADDR, 40001).syn().build();
        int h6 = encapHash(CLIENT6, 40001, 80);
        assertOutput(f.xdp(syn6), XdpAction.PASS, ipip(ip(syn6), SRC6, "2001:db8:b::2", 0x28, h6 & 0xfffff));

        Vip vip4 = Vip.tcp(VIP_ADDR, 80);
        route(vip4, ForwardingMode.DSR_IPIP, B1_6);
        byte[] syn4 = tcp(CLIENT, VIP_ADDR, 40002).syn().build();
        int h4 = encapHash(CLIENT, 40002, 80);
        byte[] expected = ipip(ip(syn4), SRC6, "2001:db8:b::2", 0x28, h4 & 0xfffff);
        assertOutput(f.xdp(syn4), XdpAction.PASS, expected);
        TestRun tc = f.tc(syn4);
        assertThat(tc.output()).as(() -> Packet.diff(expected, tc.output())).isEqualTo(expected);
    }

    @Test
    void gueOverIpv4AndIpv6TakesItsSourcePortFromTheFlow() {
        Vip udp = Vip.udp(VIP_ADDR, 53);
        route(udp, ForwardingMode.DSR_GUE, B1);
        PacketBuilder q = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4(CLIENT, VIP_ADDR).udp(41000, 53)
                .payload("query".getBytes());
        byte[] in = q.build();
        int h = encapHash(CLIENT, 41000, 53);
        assertOutput(f.xdp(in), XdpAction.PASS, gue(ip(in), SRC4, "198.18.1.2", 0, h));
        TestRun tc = f.tc(in);
        assertThat(tc.output()).isEqualTo(gue(ip(in), SRC4, "198.18.1.2", 0, h));
        assertThat(f.counter(GlobalCounter.ENCAP_GUE)).isEqualTo(2);

        Vip udp6 = Vip.udp(VIP6_ADDR, 53);
        route(udp6, ForwardingMode.DSR_GUE, B1_6);
        byte[] in6 = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv6(CLIENT6, VIP6_ADDR).udp(41001, 53)
                .payload("query".getBytes()).build();
        int h6 = encapHash(CLIENT6, 41001, 53);
        TestRun run6 = f.xdp(in6);
        assertThat(run6.xdpAction()).isEqualTo(XdpAction.PASS);
        assertThat(run6.output()).as(() -> Packet.diff(gue(ip(in6), SRC6, "2001:db8:b::2", 0, h6), run6.output()))
                .isEqualTo(gue(ip(in6), SRC6, "2001:db8:b::2", 0, h6));
    }

    @Test
    void theOuterSourceSpreadsFlowsOverThePrefix() {
        f.close();
        f = fixture("10.255.7.0/24", "fd00:ffff::/96");
        route(Vip.tcp(VIP_ADDR, 80), ForwardingMode.DSR_IPIP, B1);
        Set<InetAddress> sources = new HashSet<>();
        for (int port = 42000; port < 42064; port++) {
            ParsedPacket out = Packet.parse(f.xdp(tcp(CLIENT, VIP_ADDR, port).syn().build()).output());
            byte[] src = out.src().getAddress();
            assertThat(new byte[] {src[0], src[1], src[2]}).as("inside 10.255.7.0/24").containsExactly(10, -1, 7);
            sources.add(out.src());
        }
        assertThat(sources).as("distinct outer sources of 64 flows").hasSizeGreaterThan(32);
    }

    @Test
    void aVlanTagStaysInFrontOfTheOuterHeaderInXdp() {
        route(Vip.tcp(VIP_ADDR, 80), ForwardingMode.DSR_IPIP, B1);
        PacketBuilder in = tcp(CLIENT, VIP_ADDR, 40003).vlan(42).syn();
        byte[] inner = tcp(CLIENT, VIP_ADDR, 40003).syn().buildIp();
        byte[] expected = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).vlan(42).ipv4(SRC4, "198.18.1.2")
                .dontFragment().identification(0).tos(0x28).ttl(64).protocol(Packet.IPIP).payload(inner).build();
        assertOutput(f.xdp(in.build()), XdpAction.PASS, expected);
    }

    @Test
    void flowsFinishInTheModeTheyStartedIn() {
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        Backend nat = Backend.of("198.18.1.2", 80);
        f.engine.apply(vip, List.of(nat), null);
        byte[] natSyn = tcp(CLIENT, VIP_ADDR, 40100).syn().build();
        f.xdp(natSyn);
        route(vip, ForwardingMode.DSR_IPIP, nat);
        assertThat(f.engine.routes().getFirst().mode()).isEqualTo(ForwardingMode.DSR_IPIP);

        // The NAT flow goes on rewritten; a new flow is encapsulated.
        ParsedPacket natAck = Packet.parse(f.xdp(tcp(CLIENT, VIP_ADDR, 40100).ack().build()).output());
        assertThat(natAck.dst()).isEqualTo(nat.address());
        assertThat(natAck.protocol()).isEqualTo(Packet.TCP);
        ParsedPacket dsrSyn = Packet.parse(f.xdp(tcp(CLIENT, VIP_ADDR, 40101).syn().build()).output());
        assertThat(dsrSyn.protocol()).isEqualTo(Packet.IPIP);
        // Its replies still come back through us and are translated.
        byte[] reply = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4("198.18.1.2", CLIENT).tcp(80, 40100).ack()
                .build();
        assertThat(Packet.parse(f.xdp(reply).output()).src()).isEqualTo(InetAddress.ofLiteral(VIP_ADDR));

        // Back to NAT: the DSR flow stays encapsulated; a route without mode() keeps the mode.
        f.engine.apply(vip, List.of(nat), ForwardingMode.NAT);
        assertThat(Packet.parse(f.xdp(tcp(CLIENT, VIP_ADDR, 40101).ack().build()).output()).protocol())
                .isEqualTo(Packet.IPIP);
        f.engine.apply(vip, List.of(nat), null);
        assertThat(f.engine.routes().getFirst().mode()).isEqualTo(ForwardingMode.NAT);
    }

    @Test
    void aDsrBackendsOwnPacketsAreNeverTakenForReplies() {
        // One backend serving one VIP: NAT would translate its untracked packets statelessly.
        route(Vip.tcp(VIP_ADDR, 80), ForwardingMode.DSR_IPIP, Backend.of("198.18.1.2", 80));
        byte[] own = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4("198.18.1.2", CLIENT).tcp(80, 40200).ack()
                .build();
        assertOutput(f.xdp(own), XdpAction.PASS, own);
        assertThat(f.counter(GlobalCounter.REPLY_STATELESS)).isZero();
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isEqualTo(1);
        // Nor when the flow exists (a DSR flow's replies never come through the load balancer).
        f.xdp(tcp(CLIENT, VIP_ADDR, 40200).syn().build());
        assertOutput(f.xdp(own), XdpAction.PASS, own);
        assertThat(f.counter(GlobalCounter.REPLY)).isZero();
    }

    @Test
    void anIcmpErrorAboutADsrReplyGoesToTheBackendEncapsulated() {
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        route(vip, ForwardingMode.DSR_IPIP, B1);
        f.xdp(tcp(CLIENT, VIP_ADDR, 40300).syn().build());
        // The backend answered from the VIP; a router on the way back says the reply was too big.
        byte[] quoted = Packet.builder().ipv4(VIP_ADDR, CLIENT).tcp(80, 40300).ack().payload(new byte[64]).buildIp();
        byte[] error = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4("192.0.2.1", VIP_ADDR)
                .icmpFragmentationNeeded(1400, quoted).build();
        TestRun run = f.xdp(error);
        assertThat(run.xdpAction()).isEqualTo(XdpAction.PASS);
        ParsedPacket out = Packet.parse(run.output());
        assertThat(out.protocol()).isEqualTo(Packet.IPIP);
        assertThat(out.dst()).isEqualTo(B1.address());
        assertThat(java.util.Arrays.copyOfRange(run.output(), 34, run.output().length)).as("the error, unchanged")
                .isEqualTo(ip(error));
        assertThat(f.counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
    }
}
