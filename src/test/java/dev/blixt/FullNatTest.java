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
import dev.blixt.internal.datapath.FullNat;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.internal.datapath.NatEntry;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Full NAT, packet by packet: a client's packet leaves with the full-NAT address and the port its
 * flow claimed as source and the backend as destination, every checksum right (XDP and tc, TCP and
 * UDP, IPv4 and IPv6, byte for byte against frames built here); the backend's reply to that address
 * and port goes back as VIP -> client; the choice of address and port is the one {@link FullNat}
 * reproduces; under pressure no address and port is handed to two flows of one backend port, and
 * exhaustion is counted and dropped; the reclaimer frees what no flow uses and keeps what one does.
 */
@Privileged
class FullNatTest {
    static final String CLIENT = "198.51.100.7";
    static final String CLIENT6 = "2001:db8:c::7";
    static final String VIP_ADDR = "203.0.113.10";
    static final String VIP6_ADDR = "2001:db8:f::10";
    static final String FNAT4 = "198.18.0.1";
    static final String FNAT6 = "2001:db8:ff::1";
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);
    static final Backend B1_6 = Backend.of("2001:db8:b::2", 8080);

    DatapathFixture f;
    FullNat nat;

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    private void open(int low, int high, String... addresses) {
        nat = FullNat.NONE.withAddresses(addresses);
        nat = new FullNat(nat.v4(), nat.v6(), low, high);
        f = new DatapathFixture(new Datapath.Sizing(8, 64, DatapathFixture.RING, 4096, DatapathFixture.SEED,
                30_000_000_000L, Datapath.OPT_ICMP_ECHO | Datapath.OPT_NO_FIB, 1_000_000_000L, EncapConfig.NONE, nat));
    }

    private void open() {
        open(FullNat.DEFAULT_PORT_LOW, FullNat.DEFAULT_PORT_HIGH, FNAT4, FNAT6);
    }

    private void route(Vip vip, Backend... backends) {
        f.engine.apply(vip, List.of(backends), ForwardingMode.FULL_NAT);
    }

    private static FlowKey key(String client, int sport, Vip vip) {
        return new FlowKey(InetAddress.ofLiteral(client), vip.address(), sport, vip.port(), vip.protocol().number());
    }

    /** Where probe k of the flow translates to. */
    private InetSocketAddress slot(String client, int sport, Vip vip, int k) {
        return nat.slot(FullNat.hash(key(client, sport, vip), DatapathFixture.SEED), k, client.contains(":"));
    }

    private static PacketBuilder tcp(String src, String dst, int sport, int dport) {
        PacketBuilder b = Packet.builder().ethernet(CLIENT_MAC, LB_MAC);
        b = src.contains(":") ? b.ipv6(src, dst) : b.ipv4(src, dst);
        return b.tcp(sport, dport).seq(1000).payload(new byte[] {1, 2, 3, 4, 5});
    }

    private static PacketBuilder udp(String src, String dst, int sport, int dport, boolean checksum) {
        PacketBuilder b = Packet.builder().ethernet(CLIENT_MAC, LB_MAC);
        b = src.contains(":") ? b.ipv6(src, dst) : b.ipv4(src, dst);
        return b.udp(sport, dport).udpChecksum(checksum).payload(new byte[] {9, 8, 7});
    }

    private static String host(InetSocketAddress a) {
        return a.getAddress().getHostAddress();
    }

    @Test
    void tcpForwardAndReplyAreTranslatedBothWaysInXdpAndTc() {
        open();
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        route(vip, B1);
        InetSocketAddress s = slot(CLIENT, 40000, vip, 0);
        assertThat(s.getPort()).isBetween(FullNat.DEFAULT_PORT_LOW, FullNat.DEFAULT_PORT_HIGH);
        assertOutput(f.xdp(tcp(CLIENT, VIP_ADDR, 40000, 80).syn().build()), XdpAction.PASS,
                tcp(host(s), "198.18.1.2", s.getPort(), 8080).syn().build());
        FlowValue fv = f.dp.flows.get(key(CLIENT, 40000, vip)).orElseThrow();
        assertThat(fv.mode()).isEqualTo(VipInfo.MODE_FULL_NAT);
        assertThat(fv.nat()).isZero();
        FlowKey reply = new FlowKey(B1.address(), InetAddress.ofLiteral(host(s)), 8080, s.getPort(), 6);
        NatEntry ne = f.dp.natPorts.get(reply).orElseThrow();
        assertThat(ne.flow()).isEqualTo(key(CLIENT, 40000, vip));
        assertThat(ne.backendId()).isEqualTo(fv.backendId());

        // The backend's answer to the full-NAT address: VIP -> client, in XDP and in tc.
        byte[] answer = tcp("198.18.1.2", host(s), 8080, s.getPort()).syn().ack().build();
        byte[] expected = tcp(VIP_ADDR, CLIENT, 80, 40000).syn().ack().build();
        assertOutput(f.xdp(answer), XdpAction.PASS, expected);
        TestRun tc = f.tc(answer);
        assertThat(tc.verdict()).isEqualTo(TcAction.UNSPEC);
        assertThat(tc.output()).as(() -> Packet.diff(expected, tc.output())).isEqualTo(expected);

        // The next client segment, in tc: the established flow, the same translation.
        TestRun ack = f.tc(tcp(CLIENT, VIP_ADDR, 40000, 80).ack().build());
        byte[] ackOut = tcp(host(s), "198.18.1.2", s.getPort(), 8080).ack().build();
        assertThat(ack.output()).as(() -> Packet.diff(ackOut, ack.output())).isEqualTo(ackOut);
        assertThat(f.counter(GlobalCounter.FLOW_HIT)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.FNAT_NEW)).isEqualTo(1);
        assertThat(f.counter(GlobalCounter.REPLY)).isEqualTo(2);
        Counters c = f.dp.vipStats.sum(f.engine.vipId(vip).orElseThrow(), Counters::plus);
        assertThat(c.packets()).isEqualTo(2);
        assertThat(c.replyPackets()).isEqualTo(2);
        assertThat(c.newFlows()).isEqualTo(1);
    }

    @Test
    void ipv6AndUdpWithAndWithoutChecksum() {
        open();
        Vip vip6 = Vip.udp(VIP6_ADDR, 53);
        route(vip6, B1_6);
        InetSocketAddress s6 = slot(CLIENT6, 5353, vip6, 0);
        assertThat(host(s6)).isEqualTo(InetAddress.ofLiteral(FNAT6).getHostAddress());
        assertOutput(f.xdp(udp(CLIENT6, VIP6_ADDR, 5353, 53, true).build()), XdpAction.PASS,
                udp(host(s6), "2001:db8:b::2", s6.getPort(), 8080, true).build());
        byte[] expected6 = udp(VIP6_ADDR, CLIENT6, 53, 5353, true).build();
        TestRun tc6 = f.tc(udp("2001:db8:b::2", host(s6), 8080, s6.getPort(), true).build());
        assertThat(tc6.output()).as(() -> Packet.diff(expected6, tc6.output())).isEqualTo(expected6);
        assertThat(Packet.parse(tc6.output()).checksumErrors()).isEmpty();

        Vip vip = Vip.udp(VIP_ADDR, 53);
        route(vip, B1);
        InetSocketAddress s = slot(CLIENT, 5353, vip, 0);
        // IPv4 UDP without a checksum keeps none (0), in both programs.
        assertOutput(f.xdp(udp(CLIENT, VIP_ADDR, 5353, 53, false).build()), XdpAction.PASS,
                udp(host(s), "198.18.1.2", s.getPort(), 8080, false).build());
        byte[] expected = udp(VIP_ADDR, CLIENT, 53, 5353, false).build();
        TestRun tc = f.tc(udp("198.18.1.2", host(s), 8080, s.getPort(), false).build());
        assertThat(tc.output()).as(() -> Packet.diff(expected, tc.output())).isEqualTo(expected);
        byte[] withSum = udp(VIP_ADDR, CLIENT, 53, 5353, true).build();
        assertOutput(f.xdp(udp("198.18.1.2", host(s), 8080, s.getPort(), true).build()), XdpAction.PASS, withSum);
    }

    @Test
    void aResentSynTakesItsOwnTranslationAgainAndAStrangerIsPassed() {
        open();
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        route(vip, B1);
        byte[] syn = tcp(CLIENT, VIP_ADDR, 40001, 80).syn().build();
        byte[] first = f.xdp(syn).output();
        byte[] again = f.xdp(syn).output();
        assertThat(again).isEqualTo(first);
        assertThat(f.counter(GlobalCounter.FNAT_NEW)).as("the second SYN reused the flow's translation").isEqualTo(2);
        assertThat(f.dp.natPorts.size()).isEqualTo(1);
        // A packet to the full-NAT address that no translation explains is not ours.
        TestRun stray = f.xdp(tcp("198.18.1.2", FNAT4, 8080, 9).ack().build());
        assertThat(stray.xdpAction()).isEqualTo(XdpAction.PASS);
        assertThat(stray.output()).isEqualTo(tcp("198.18.1.2", FNAT4, 8080, 9).ack().build());
        assertThat(f.counter(GlobalCounter.REPLY_UNTRACKED)).isEqualTo(1);
    }

    @Test
    void underPressureNoTranslationServesTwoFlowsAndExhaustionIsCountedAndDropped() {
        open(20000, 20007, FNAT4); // 8 ports
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        route(vip, B1);
        Set<Integer> ports = new HashSet<>();
        int dropped = 0;
        for (int i = 0; i < 40; i++) {
            TestRun r = f.xdp(tcp(CLIENT, VIP_ADDR, 30000 + i, 80).syn().build());
            if (r.xdpAction() == XdpAction.DROP) {
                dropped++;
                continue;
            }
            ParsedPacket out = Packet.parse(r.output());
            assertThat(out.checksumErrors()).isEmpty();
            assertThat(ports.add(out.srcPort())).as("port %d handed out twice", out.srcPort()).isTrue();
            FlowValue fv = f.dp.flows.get(key(CLIENT, 30000 + i, vip)).orElseThrow();
            assertThat(slot(CLIENT, 30000 + i, vip, fv.nat()).getPort()).isEqualTo(out.srcPort());
        }
        assertThat(ports).hasSizeLessThanOrEqualTo(8).hasSizeGreaterThanOrEqualTo(6).allMatch(p -> p >= 20000 && p <= 20007);
        assertThat(dropped).isEqualTo(40 - ports.size());
        assertThat(f.counter(GlobalCounter.FNAT_EXHAUSTED)).isEqualTo(dropped);
        assertThat(f.counter(GlobalCounter.FNAT_NEW)).isEqualTo(ports.size());
        Map<FlowKey, NatEntry> table = f.dp.natPorts.getAll();
        assertThat(table).hasSize(ports.size());
        assertThat(table.keySet().stream().map(FlowKey::dstPort).distinct().count()).isEqualTo(ports.size());
        assertThat(table.values().stream().map(NatEntry::flow).distinct().count()).isEqualTo(ports.size());

        // Another backend port is another 5-tuple: the same ports serve flows to B2 as well.
        route(vip, B2);
        TestRun other = f.xdp(tcp(CLIENT, VIP_ADDR, 31000, 80).syn().build());
        assertThat(other.xdpAction()).isEqualTo(XdpAction.PASS);
        assertThat(Packet.parse(other.output()).dst()).isEqualTo(B2.address());
    }

    @Test
    void theReclaimerFreesWhatNoFlowNamesAndWhatIsIdleAndKeepsTheRest() {
        open();
        Vip vip = Vip.udp(VIP_ADDR, 53);
        route(vip, B1);
        for (int i = 0; i < 3; i++) f.xdp(udp(CLIENT, VIP_ADDR, 6000 + i, 53, true).build());
        assertThat(f.dp.natPorts.size()).isEqualTo(3);
        NatReclaimer r = new NatReclaimer(f.dp);
        long now = System.nanoTime();
        assertThat(r.sweep(now)).as("all named and fresh").isZero();
        f.dp.flows.delete(key(CLIENT, 6000, vip)); // evicted: no flow names its translation
        assertThat(r.sweep(now)).as("within the grace").isZero();
        assertThat(r.sweep(now + NatReclaimer.GRACE.toNanos() + 1_000_000_000L)).isEqualTo(1);
        List<FlowKey> left = new ArrayList<>(f.dp.natPorts.getAll().keySet());
        assertThat(left).hasSize(2);
        // Idle past the UDP timeout (30 s here): translation and flow entry go.
        assertThat(r.sweep(now + 31_000_000_000L)).isEqualTo(2);
        assertThat(f.dp.natPorts.size()).isZero();
        assertThat(f.dp.flows.get(key(CLIENT, 6001, vip))).isEmpty();
        // The flow's next datagram claims again, the same address and port first.
        InetSocketAddress s = slot(CLIENT, 6001, vip, 0);
        assertOutput(f.xdp(udp(CLIENT, VIP_ADDR, 6001, 53, true).build()), XdpAction.PASS,
                udp(host(s), "198.18.1.2", s.getPort(), 8080, true).build());
        assertThat(r.reclaimed()).isEqualTo(3);
    }

    @Test
    void fullNatNeedsAnAddressOfTheBackendsFamily() {
        open(FullNat.DEFAULT_PORT_LOW, FullNat.DEFAULT_PORT_HIGH, FNAT4);
        Vip vip6 = Vip.tcp(VIP6_ADDR, 443);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> route(vip6, B1_6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullNatAddresses");
    }

    /** A TCP segment as an ICMP error's quote: the whole IP packet, so that its checksum is quoted too. */
    private static byte[] tcpQuote(String src, int sport, String dst, int dport) {
        return IcmpErrorTest.tcpQuote(src, sport, dst, dport, src.contains(":"));
    }

    @Test
    void icmpErrorsAboutFullNatFlowsAreTranslatedBothWays() {
        open();
        Vip vip = Vip.tcp(VIP_ADDR, 80);
        route(vip, B1);
        f.xdp(tcp(CLIENT, VIP_ADDR, 40000, 80).syn().build());
        InetSocketAddress s = slot(CLIENT, 40000, vip, 0);

        // The backend says our packet (full-NAT address -> backend) was too big: to the client, from the VIP.
        byte[] tooBig = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4("198.18.1.2", host(s))
                .icmpFragmentationNeeded(1400, tcpQuote(host(s), s.getPort(), "198.18.1.2", 8080)).build();
        byte[] toClient = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4(VIP_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40000, VIP_ADDR, 80)).build();
        ParsedPacket out = assertOutput(f.xdp(tooBig), XdpAction.PASS, toClient);
        assertThat(out.inner().orElseThrow().truncated()).isFalse();
        // From a router on the backends' side: the outer source stays the router's.
        byte[] viaRouter = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4("198.18.9.9", host(s))
                .icmpFragmentationNeeded(1400, tcpQuote(host(s), s.getPort(), "198.18.1.2", 8080)).build();
        assertOutput(f.xdp(viaRouter), XdpAction.PASS, Packet.builder().ethernet(CLIENT_MAC, LB_MAC)
                .ipv4("198.18.9.9", CLIENT).icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40000, VIP_ADDR, 80)).build());
        assertThat(f.counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(2);

        // The client side says a reply (VIP -> client) could not be delivered: to the backend, about its
        // own packet to the full-NAT address, from that address (the backend has no route to the client).
        byte[] unreachable = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4(CLIENT, VIP_ADDR)
                .icmpError(3, 3, tcpQuote(VIP_ADDR, 80, CLIENT, 40000)).build();
        byte[] toBackend = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv4(host(s), "198.18.1.2")
                .icmpError(3, 3, tcpQuote("198.18.1.2", 8080, host(s), s.getPort())).build();
        assertOutput(f.xdp(unreachable), XdpAction.PASS, toBackend);
        assertThat(f.counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
        Counters c = f.dp.vipStats.sum(f.engine.vipId(vip).orElseThrow(), Counters::plus);
        assertThat(c.icmp()).isEqualTo(3);
    }

    @Test
    void icmpv6PacketTooBigAboutAFullNatFlow() {
        open();
        Vip vip = Vip.tcp(VIP6_ADDR, 443);
        route(vip, B1_6);
        f.xdp(tcp(CLIENT6, VIP6_ADDR, 40000, 443).syn().build());
        InetSocketAddress s = slot(CLIENT6, 40000, vip, 0);
        byte[] ptb = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv6("2001:db8:b::2", host(s))
                .icmpPacketTooBig(1280, tcpQuote(host(s), s.getPort(), "2001:db8:b::2", 8080)).build();
        byte[] expected = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv6(VIP6_ADDR, CLIENT6)
                .icmpPacketTooBig(1280, tcpQuote(CLIENT6, 40000, VIP6_ADDR, 443)).build();
        assertOutput(f.xdp(ptb), XdpAction.PASS, expected);
        TestRun tc = f.tc(Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv6(CLIENT6, VIP6_ADDR)
                .icmpError(1, 4, tcpQuote(VIP6_ADDR, 443, CLIENT6, 40000)).build());
        byte[] toBackend = Packet.builder().ethernet(CLIENT_MAC, LB_MAC).ipv6(host(s), "2001:db8:b::2")
                .icmpError(1, 4, tcpQuote("2001:db8:b::2", 8080, host(s), s.getPort())).build();
        assertThat(tc.output()).as(() -> Packet.diff(toBackend, tc.output())).isEqualTo(toBackend);
    }
}
