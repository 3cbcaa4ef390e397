package dev.blixt;

import static dev.blixt.DatapathFixture.assertOutput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICMP and ICMPv6 errors about tracked flows, through the loaded program: an error about a packet
 * the load balancer forwarded (inner client → backend) goes to the client with the quote translated
 * back to the VIP; an error about a reply the load balancer translated (inner VIP → client, sent to
 * the VIP) goes to the flow's backend with the quote translated to the backend. Every output is
 * compared byte for byte with a frame built independently with full checksums, and re-verified
 * from scratch: outer IPv4 header, ICMP (ICMPv6 with its pseudo-header), inner IPv4 header and
 * inner TCP/UDP checksum when the quote holds the whole packet.
 */
@Privileged
class IcmpErrorTest {
    static final String CLIENT = "198.51.100.7";
    static final String ROUTER = "198.18.0.254";
    static final String VIP_ADDR = "203.0.113.10";
    static final Vip VIP = Vip.tcp(VIP_ADDR, 80);
    static final Vip UDP_VIP = Vip.udp(VIP_ADDR, 53);
    static final String B1_ADDR = "198.18.1.2";
    static final Backend B1 = Backend.of(B1_ADDR, 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);

    static final String CLIENT6 = "2001:db8:c::7";
    static final String ROUTER6 = "2001:db8:ff::1";
    static final String VIP6_ADDR = "2001:db8:f::10";
    static final Vip VIP6 = Vip.tcp(VIP6_ADDR, 443);
    static final Vip UDP_VIP6 = Vip.udp(VIP6_ADDR, 53);
    static final String B6_ADDR = "2001:db8:1::2";
    static final Backend B6 = Backend.of(B6_ADDR, 8443);

    static final MacAddress BACKEND_MAC = MacAddress.parse("02:00:00:00:00:b1");
    static final byte[] DATA = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    DatapathFixture f;

    @BeforeEach
    void open() {
        f = DatapathFixture.open();
    }

    @AfterEach
    void close() {
        f.close();
    }

    // ---------------------------------------------------------------- helpers

    /** A frame arriving at the load balancer from the backend side. */
    private static PacketBuilder fromBackendSide() {
        return Packet.builder().ethernet(BACKEND_MAC, DatapathFixture.LB_MAC);
    }

    /** A TCP segment as a quote: the whole IP packet (so that its L4 checksum is quoted too). */
    static byte[] tcpQuote(String src, int sport, String dst, int dport, boolean v6) {
        PacketBuilder b = Packet.builder();
        b = v6 ? b.ipv6(src, dst) : b.ipv4(src, dst);
        return b.ttl(63).identification(v6 ? 0 : 0x1234).tcp(sport, dport).ack().psh().seq(1001).ackNumber(5001)
                .payload(DATA).buildIp();
    }

    private static byte[] udpQuote(String src, int sport, String dst, int dport, boolean v6) {
        PacketBuilder b = Packet.builder();
        b = v6 ? b.ipv6(src, dst) : b.ipv4(src, dst);
        return b.ttl(63).udp(sport, dport).payload("query".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .buildIp();
    }

    /** Opens a TCP flow client:port -> vip through the program; returns the backend's address it went to. */
    private InetAddress openTcpFlow(String client, String vipAddr, int clientPort, int vipPort, boolean v6) {
        PacketBuilder b = DatapathFixture.fromClient();
        b = v6 ? b.ipv6(client, vipAddr) : b.ipv4(client, vipAddr);
        TestRun run = f.xdp(b.tcp(clientPort, vipPort).syn().build());
        assertThat(run.xdpAction()).isEqualTo(XdpAction.PASS);
        return Packet.parse(run.output()).dst();
    }

    private InetAddress openUdpFlow(String client, String vipAddr, int clientPort, int vipPort, boolean v6) {
        PacketBuilder b = DatapathFixture.fromClient();
        b = v6 ? b.ipv6(client, vipAddr) : b.ipv4(client, vipAddr);
        TestRun run = f.xdp(b.udp(clientPort, vipPort).payload(new byte[] {1, 2, 3}).build());
        assertThat(run.xdpAction()).isEqualTo(XdpAction.PASS);
        return Packet.parse(run.output()).dst();
    }

    /** Checks that the output's quote was verified whole (inner L4 checksum included). */
    private static void assertWholeQuote(ParsedPacket out) {
        ParsedPacket inner = out.inner().orElseThrow();
        assertThat(inner.truncated()).as("quote holds the whole inner packet").isFalse();
        assertThat(out.checksumErrors()).isEmpty();
    }

    private Counters vipCounters(Vip vip) {
        return f.dp.vipStats.sum(f.engine.vipId(vip).orElseThrow(), Counters::plus);
    }

    private Counters backendCounters(Vip vip, Backend b) {
        return f.dp.backendStats.sum(f.engine.backendIds(vip).get(b), Counters::plus);
    }

    private long counter(GlobalCounter c) {
        return f.counter(c);
    }

    // ---------------------------------------------------------------- IPv4: errors about forwarded packets

    @Test
    void portUnreachableFromTheBackendReachesTheClientFromTheVip() {
        f.route(UDP_VIP, B1.weight(1));
        assertThat(openUdpFlow(CLIENT, VIP_ADDR, 5000, 53, false)).isEqualTo(InetAddress.ofLiteral(B1_ADDR));

        byte[] error = fromBackendSide().ipv4(B1_ADDR, CLIENT).ttl(64)
                .icmpPortUnreachable(udpQuote(CLIENT, 5000, B1_ADDR, 8080, false)).build();
        byte[] expected = fromBackendSide().ipv4(VIP_ADDR, CLIENT).ttl(64)
                .icmpPortUnreachable(udpQuote(CLIENT, 5000, VIP_ADDR, 53, false)).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.src()).as("outer source: the backend itself sent it").isEqualTo(UDP_VIP.address());
        assertThat(out.inner().orElseThrow().dst()).isEqualTo(UDP_VIP.address());
        assertThat(out.inner().orElseThrow().dstPort()).isEqualTo(53);

        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isZero();
        assertThat(vipCounters(UDP_VIP).icmp()).isEqualTo(1);
        assertThat(backendCounters(UDP_VIP, B1.weight(1)).icmp()).isEqualTo(1);
        // An ICMP error is not a reply packet.
        assertThat(vipCounters(UDP_VIP).replyPackets()).isZero();
    }

    @Test
    void fragmentationNeededFromTheBackendCarriesItsMtuAndIsTranslated() {
        f.route(VIP, B1);
        openTcpFlow(CLIENT, VIP_ADDR, 40000, 80, false);

        byte[] error = fromBackendSide().ipv4(B1_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40000, B1_ADDR, 8080, false)).build();
        byte[] expected = fromBackendSide().ipv4(VIP_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40000, VIP_ADDR, 80, false)).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.icmpType()).isEqualTo(3);
        assertThat(out.icmpCode()).isEqualTo(4);
        assertThat(out.icmpMtu()).isEqualTo(1400);
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
        assertThat(vipCounters(VIP).icmp()).isEqualTo(1);
    }

    @Test
    void fragmentationNeededFromARouterKeepsTheRoutersAddress() {
        f.route(VIP, B1);
        openTcpFlow(CLIENT, VIP_ADDR, 40001, 80, false);

        // A router between the load balancer and the backend: only the quote is translated.
        byte[] error = fromBackendSide().ipv4(ROUTER, CLIENT).ttl(255)
                .icmpFragmentationNeeded(1280, tcpQuote(CLIENT, 40001, B1_ADDR, 8080, false)).build();
        byte[] expected = fromBackendSide().ipv4(ROUTER, CLIENT).ttl(255)
                .icmpFragmentationNeeded(1280, tcpQuote(CLIENT, 40001, VIP_ADDR, 80, false)).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.src()).isEqualTo(InetAddress.ofLiteral(ROUTER));
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
        assertThat(backendCounters(VIP, B1).icmp()).isEqualTo(1);
    }

    @Test
    void aQuoteCutAfterEightTransportBytesIsTranslatedWithoutItsL4Checksum() {
        f.route(VIP, B1);
        openTcpFlow(CLIENT, VIP_ADDR, 40002, 80, false);

        // RFC 792: the IP header and the first 8 bytes of the datagram (ports and sequence number).
        byte[] quote = Arrays.copyOf(tcpQuote(CLIENT, 40002, B1_ADDR, 8080, false), 28);
        byte[] want = Arrays.copyOf(tcpQuote(CLIENT, 40002, VIP_ADDR, 80, false), 28);
        byte[] error = fromBackendSide().ipv4(ROUTER, CLIENT).icmpFragmentationNeeded(1400, quote).build();
        byte[] expected = fromBackendSide().ipv4(ROUTER, CLIENT).icmpFragmentationNeeded(1400, want).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertThat(out.inner().orElseThrow().truncated()).isTrue();
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
    }

    @Test
    void aQuotedFirstFragmentIsTranslatedALaterOneIsNot() {
        f.route(VIP, B1);
        openTcpFlow(CLIENT, VIP_ADDR, 40006, 80, false);
        // The first fragment holds the TCP header: translated like a whole packet.
        PacketBuilder first = Packet.builder().ttl(63).fragment(0, true).tcp(40006, 8080).ack().payload(DATA);
        byte[] error = fromBackendSide().ipv4(B1_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, first.ipv4(CLIENT, B1_ADDR).buildIp()).build();
        byte[] expected = fromBackendSide().ipv4(VIP_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, first.ipv4(CLIENT, VIP_ADDR).tcp(40006, 80).buildIp()).build();
        assertOutput(f.xdp(error), XdpAction.PASS, expected);
        // A later fragment carries data where the ports would be (found by DatapathFuzzTest: its first
        // bytes were rewritten as if they were the flow's ports): not the flow's, passed untouched.
        byte[] data = new byte[24];
        data[0] = (byte) 0x9c; // 40006 and 8080, the flow's ports, as the fragment's first data bytes
        data[1] = 0x46;
        data[2] = 0x1f;
        data[3] = (byte) 0x90;
        byte[] later = Packet.builder().ipv4(CLIENT, B1_ADDR).ttl(63).fragment(1480, false).protocol(Packet.TCP)
                .payload(data).buildIp();
        byte[] error2 = fromBackendSide().ipv4(B1_ADDR, CLIENT).icmpFragmentationNeeded(1400, later).build();
        assertOutput(f.xdp(error2), XdpAction.PASS, error2);
        TestRun tc = f.tc(error2);
        assertThat(tc.verdict()).isEqualTo(TcAction.UNSPEC);
        assertThat(tc.output()).isEqualTo(error2);
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
    }

    @Test
    void aZeroUdpChecksumInTheQuoteStaysZero() {
        f.route(UDP_VIP, B1);
        openUdpFlow(CLIENT, VIP_ADDR, 5001, 53, false);
        PacketBuilder quoted = Packet.builder().ttl(63).udp(5001, 8080).udpChecksum(false).payload(new byte[] {7, 7});
        byte[] error = fromBackendSide().ipv4(B1_ADDR, CLIENT)
                .icmpPortUnreachable(quoted.ipv4(CLIENT, B1_ADDR).buildIp()).build();
        byte[] expected = fromBackendSide().ipv4(VIP_ADDR, CLIENT)
                .icmpPortUnreachable(quoted.ipv4(CLIENT, VIP_ADDR).udp(5001, 53).buildIp()).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertThat(out.inner().orElseThrow().l4Checksum()).isZero();
    }

    // ---------------------------------------------------------------- IPv4: errors about replies

    @Test
    void errorAboutAReplyIsDeliveredToTheFlowsBackend() {
        f.route(VIP, B1);
        openTcpFlow(CLIENT, VIP_ADDR, 40003, 80, false);

        // The client (or a router on its side) could not take a reply VIP:80 -> client:40003.
        byte[] error = DatapathFixture.fromClient().ipv4(ROUTER, VIP_ADDR).ttl(250)
                .icmpFragmentationNeeded(1400, tcpQuote(VIP_ADDR, 80, CLIENT, 40003, false)).build();
        byte[] expected = DatapathFixture.fromClient().ipv4(ROUTER, B1_ADDR).ttl(250)
                .icmpFragmentationNeeded(1400, tcpQuote(B1_ADDR, 8080, CLIENT, 40003, false)).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.dst()).isEqualTo(B1.address());
        assertThat(out.inner().orElseThrow().src()).isEqualTo(B1.address());
        assertThat(out.inner().orElseThrow().srcPort()).isEqualTo(8080);

        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isZero();
        assertThat(vipCounters(VIP).icmp()).isEqualTo(1);
        assertThat(backendCounters(VIP, B1).icmp()).isEqualTo(1);
    }

    @Test
    void portUnreachableFromTheClientAboutAReplyGoesToTheRightBackendOfSeveral() {
        f.route(UDP_VIP, B1, B2);
        InetAddress chosen = openUdpFlow(CLIENT, VIP_ADDR, 5002, 53, false);
        String backend = chosen.getHostAddress();

        byte[] error = DatapathFixture.fromClient().ipv4(CLIENT, VIP_ADDR)
                .icmpPortUnreachable(udpQuote(VIP_ADDR, 53, CLIENT, 5002, false)).build();
        byte[] expected = DatapathFixture.fromClient().ipv4(CLIENT, backend)
                .icmpPortUnreachable(udpQuote(backend, 8080, CLIENT, 5002, false)).build();
        assertWholeQuote(assertOutput(f.xdp(error), XdpAction.PASS, expected));
        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
        Backend b = chosen.equals(B1.address()) ? B1 : B2;
        Backend other = b == B1 ? B2 : B1;
        assertThat(backendCounters(UDP_VIP, b).icmp()).isEqualTo(1);
        assertThat(backendCounters(UDP_VIP, other).icmp()).isZero();
    }

    @Test
    void tcTranslatesErrorsLikeXdp() {
        f.route(VIP, B1);
        openTcpFlow(CLIENT, VIP_ADDR, 40004, 80, false);
        byte[] error = fromBackendSide().ipv4(B1_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40004, B1_ADDR, 8080, false)).build();
        byte[] expected = fromBackendSide().ipv4(VIP_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40004, VIP_ADDR, 80, false)).build();
        TestRun run = f.tc(error);
        assertThat(run.verdict()).as("TC_ACT_UNSPEC (next program, then the stack)").isEqualTo(TcAction.UNSPEC);
        assertThat(run.output()).as(() -> Packet.diff(expected, run.output())).isEqualTo(expected);
        assertWholeQuote(Packet.parse(run.output()));

        byte[] toVip = DatapathFixture.fromClient().ipv4(CLIENT, VIP_ADDR)
                .icmpPortUnreachable(tcpQuote(VIP_ADDR, 80, CLIENT, 40004, false)).build();
        byte[] toBackend = DatapathFixture.fromClient().ipv4(CLIENT, B1_ADDR)
                .icmpPortUnreachable(tcpQuote(B1_ADDR, 8080, CLIENT, 40004, false)).build();
        TestRun run2 = f.tc(toVip);
        assertThat(run2.verdict()).isEqualTo(TcAction.UNSPEC);
        assertThat(run2.output()).as(() -> Packet.diff(toBackend, run2.output())).isEqualTo(toBackend);
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- untracked quotes

    @Test
    void errorsQuotingNoTrackedFlowPassUntouched() {
        f.route(VIP, B1, B2);
        InetAddress chosen = openTcpFlow(CLIENT, VIP_ADDR, 40005, 80, false);
        String notChosen = chosen.equals(B1.address()) ? B2.address().getHostAddress() : B1_ADDR;

        // (A client port without a flow, from a backend that serves one VIP, is translated statelessly: see
        // StatelessReplyTest.)
        byte[][] untracked = {
            // the flow exists but uses the other backend
            fromBackendSide().ipv4(notChosen, CLIENT)
                    .icmpPortUnreachable(tcpQuote(CLIENT, 40005, notChosen, 8080, false)).build(),
            // the backend's other port
            fromBackendSide().ipv4(B1_ADDR, CLIENT)
                    .icmpPortUnreachable(tcpQuote(CLIENT, 40005, B1_ADDR, 9090, false)).build(),
            // about a reply to a client port without a flow
            DatapathFixture.fromClient().ipv4(CLIENT, VIP_ADDR)
                    .icmpPortUnreachable(tcpQuote(VIP_ADDR, 80, CLIENT, 40099, false)).build(),
            // about a packet from the VIP's address but another port (not a VIP)
            DatapathFixture.fromClient().ipv4(CLIENT, VIP_ADDR)
                    .icmpPortUnreachable(tcpQuote(VIP_ADDR, 81, CLIENT, 40005, false)).build(),
            // about something that has nothing to do with the load balancer
            DatapathFixture.fromClient().ipv4(ROUTER, CLIENT)
                    .icmpPortUnreachable(udpQuote(CLIENT, 40005, "192.0.2.1", 53, false)).build(),
        };
        for (byte[] error : untracked) {
            assertOutput(f.xdp(error), XdpAction.PASS, error);
        }
        assertThat(counter(GlobalCounter.PASS)).isEqualTo(untracked.length);
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isZero();
        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isZero();
        assertThat(vipCounters(VIP).icmp()).isZero();
    }

    // ---------------------------------------------------------------- IPv6

    @Test
    void packetTooBigFromTheBackendReachesTheClientFromTheVip() {
        f.route(VIP6, B6);
        openTcpFlow(CLIENT6, VIP6_ADDR, 40010, 443, true);

        byte[] error = fromBackendSide().ipv6(B6_ADDR, CLIENT6)
                .icmpPacketTooBig(1280, tcpQuote(CLIENT6, 40010, B6_ADDR, 8443, true)).build();
        byte[] expected = fromBackendSide().ipv6(VIP6_ADDR, CLIENT6)
                .icmpPacketTooBig(1280, tcpQuote(CLIENT6, 40010, VIP6_ADDR, 443, true)).build();
        // The ICMPv6 checksum covers the pseudo-header: the translated outer source must be folded in.
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.icmpType()).isEqualTo(2);
        assertThat(out.icmpMtu()).isEqualTo(1280);
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
        assertThat(vipCounters(VIP6).icmp()).isEqualTo(1);
        assertThat(backendCounters(VIP6, B6).icmp()).isEqualTo(1);
    }

    @Test
    void packetTooBigFromARouterKeepsTheRoutersAddress() {
        f.route(VIP6, B6);
        openTcpFlow(CLIENT6, VIP6_ADDR, 40011, 443, true);
        byte[] error = fromBackendSide().ipv6(ROUTER6, CLIENT6)
                .icmpPacketTooBig(1400, tcpQuote(CLIENT6, 40011, B6_ADDR, 8443, true)).build();
        byte[] expected = fromBackendSide().ipv6(ROUTER6, CLIENT6)
                .icmpPacketTooBig(1400, tcpQuote(CLIENT6, 40011, VIP6_ADDR, 443, true)).build();
        assertWholeQuote(assertOutput(f.xdp(error), XdpAction.PASS, expected));
        assertThat(counter(GlobalCounter.ICMP_TO_CLIENT)).isEqualTo(1);
    }

    @Test
    void ipv6PortUnreachableFromTheBackendIsTranslated() {
        f.route(UDP_VIP6, Backend.of(B6_ADDR, 5353));
        openUdpFlow(CLIENT6, VIP6_ADDR, 6000, 53, true);
        byte[] error = fromBackendSide().ipv6(B6_ADDR, CLIENT6)
                .icmpPortUnreachable(udpQuote(CLIENT6, 6000, B6_ADDR, 5353, true)).build();
        byte[] expected = fromBackendSide().ipv6(VIP6_ADDR, CLIENT6)
                .icmpPortUnreachable(udpQuote(CLIENT6, 6000, VIP6_ADDR, 53, true)).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.icmpType()).isEqualTo(1);
        assertThat(out.icmpCode()).isEqualTo(4);
    }

    @Test
    void ipv6ErrorAboutAReplyIsDeliveredToTheFlowsBackend() {
        f.route(VIP6, B6);
        openTcpFlow(CLIENT6, VIP6_ADDR, 40012, 443, true);
        byte[] error = DatapathFixture.fromClient().ipv6(ROUTER6, VIP6_ADDR)
                .icmpPacketTooBig(1280, tcpQuote(VIP6_ADDR, 443, CLIENT6, 40012, true)).build();
        byte[] expected = DatapathFixture.fromClient().ipv6(ROUTER6, B6_ADDR)
                .icmpPacketTooBig(1280, tcpQuote(B6_ADDR, 8443, CLIENT6, 40012, true)).build();
        ParsedPacket out = assertOutput(f.xdp(error), XdpAction.PASS, expected);
        assertWholeQuote(out);
        assertThat(out.dst()).isEqualTo(B6.address());
        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
        assertThat(vipCounters(VIP6).icmp()).isEqualTo(1);
        assertThat(backendCounters(VIP6, B6).icmp()).isEqualTo(1);

        byte[] untracked = DatapathFixture.fromClient().ipv6(ROUTER6, VIP6_ADDR)
                .icmpPacketTooBig(1280, tcpQuote(VIP6_ADDR, 443, CLIENT6, 40099, true)).build();
        assertOutput(f.xdp(untracked), XdpAction.PASS, untracked);
        assertThat(counter(GlobalCounter.ICMP_TO_BACKEND)).isEqualTo(1);
    }
}
