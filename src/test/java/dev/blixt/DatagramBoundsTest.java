package dev.blixt;

import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data path ends a packet where its IP datagram ends (IPv4 total length, IPv6 40 + payload
 * length), not where the frame ends: bytes after the datagram (Ethernet padding, trailers) are
 * never parsed, never rewritten and never folded into a checksum, and they leave as they came.
 * Every kind of packet the data path translates goes through both programs with trailers of
 * several lengths; the output must be the unpadded expected output followed by the same trailer,
 * with every checksum of the datagram verifying from scratch. A frame whose IP length exceeds the
 * frame is dropped as truncated; one whose IP length does not cover its headers as malformed.
 */
@Privileged
class DatagramBoundsTest {
    static final String CLIENT = "198.51.100.7";
    static final String ROUTER = "198.18.0.254";
    static final String VIP_ADDR = "203.0.113.10";
    static final Vip VIP = Vip.tcp(VIP_ADDR, 80);
    static final Vip UDP_VIP = Vip.udp(VIP_ADDR, 53);
    static final String B1_ADDR = "198.18.1.2";
    static final Backend B1 = Backend.of(B1_ADDR, 8080);

    static final String CLIENT6 = "2001:db8:c::7";
    static final String ROUTER6 = "2001:db8:ff::1";
    static final String VIP6_ADDR = "2001:db8:f::10";
    static final Vip VIP6 = Vip.tcp(VIP6_ADDR, 443);
    static final Vip UDP_VIP6 = Vip.udp(VIP6_ADDR, 53);
    static final String B6_ADDR = "2001:db8:1::2";
    static final Backend B6 = Backend.of(B6_ADDR, 8443);

    static final MacAddress BACKEND_MAC = MacAddress.parse("02:00:00:00:00:b1");
    static final byte[] DATA = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The trailers every frame is sent with: 12 zero bytes (the fuzzer's first finding), Ethernet
     * padding of a short frame, an odd-length non-zero pattern, and one long enough to hold a
     * whole TCP header (where a parser bounded by the frame would find one).
     */
    static final List<byte[]> TRAILERS = List.of(new byte[12], new byte[1], pattern(7), pattern(40));

    DatapathFixture f;

    @BeforeEach
    void open() {
        f = DatapathFixture.open();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (0xa5 ^ i * 29);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Sends {@code in} through both programs, unpadded and with every trailer, and asserts that the
     * output is {@code expected} followed by the same trailer, with valid checksums.
     */
    private void assertBounded(byte[] in, byte[] expected, XdpAction xdpVerdict, int tcVerdict) {
        assertThat(Packet.parse(expected).checksumErrors()).as("the expected frame itself").isEmpty();
        assertBounded(in, expected, xdpVerdict, tcVerdict, true);
    }

    /** As above; {@code parsable}: the output is a frame {@link Packet#parse} accepts (its checksums are checked). */
    private void assertBounded(byte[] in, byte[] expected, XdpAction xdpVerdict, int tcVerdict, boolean parsable) {
        for (byte[] trailer : concatWithNone()) {
            byte[] frame = concat(in, trailer);
            byte[] want = concat(expected, trailer);
            String what = trailer.length + "-byte trailer, input " + Packet.hex(frame);
            TestRun x = f.xdp(frame);
            assertThat(x.xdpAction()).as("XDP verdict, %s", what).isEqualTo(xdpVerdict);
            assertThat(x.output()).as(() -> "XDP, " + what + ": " + Packet.diff(want, x.output())).isEqualTo(want);
            TestRun t = f.tc(frame);
            assertThat(t.verdict()).as("tc verdict, %s", what).isEqualTo(tcVerdict);
            assertThat(t.output()).as(() -> "tc, " + what + ": " + Packet.diff(want, t.output())).isEqualTo(want);
            if (parsable) {
                ParsedPacket out = Packet.parse(x.output());
                assertThat(out.checksumErrors()).as("checksums of the output, %s", what).isEmpty();
            }
        }
    }

    private static List<byte[]> concatWithNone() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(new byte[0]), TRAILERS.stream()).toList();
    }

    private static PacketBuilder fromBackendSide() {
        return Packet.builder().ethernet(BACKEND_MAC, DatapathFixture.LB_MAC);
    }

    private static PacketBuilder ip(PacketBuilder b, String src, String dst) {
        return src.contains(":") ? b.ipv6(src, dst) : b.ipv4(src, dst);
    }

    private static byte[] tcpQuote(String src, int sport, String dst, int dport) {
        return ip(Packet.builder(), src, dst).ttl(63).tcp(sport, dport).ack().psh().seq(1001).ackNumber(5001)
                .payload(DATA).buildIp();
    }

    private static byte[] udpQuote(String src, int sport, String dst, int dport) {
        return ip(Packet.builder(), src, dst).ttl(63).udp(sport, dport).payload("query".getBytes(StandardCharsets.US_ASCII))
                .buildIp();
    }

    /** Opens client:port -> vip (TCP SYN or a UDP datagram) through XDP; the fixture's VIPs have one backend. */
    private void openFlow(String client, String vip, int port, int vipPort, boolean udp) {
        PacketBuilder b = ip(fromClient(), client, vip);
        b = udp ? b.udp(port, vipPort).payload(new byte[] {1}) : b.tcp(port, vipPort).syn();
        assertThat(f.xdp(b.build()).xdpAction()).isEqualTo(XdpAction.PASS);
    }

    // ---------------------------------------------------------------- client -> VIP

    @Test
    void tcpToAVipIsTranslatedAndItsTrailerKept() {
        f.route(VIP, B1);
        PacketBuilder in = fromClient().ipv4(CLIENT, VIP_ADDR).tcp(40000, 80).syn();
        assertBounded(in.build(), in.ipv4(CLIENT, B1_ADDR).tcp(40000, 8080).build(), XdpAction.PASS, TcAction.UNSPEC);
        PacketBuilder data = fromClient().vlan(7).ipv4(CLIENT, VIP_ADDR).ipv4Options(new byte[] {1, 1, 1, 0})
                .tcp(40000, 80).ack().payload(DATA);
        assertBounded(data.build(), data.ipv4(CLIENT, B1_ADDR).tcp(40000, 8080).build(), XdpAction.PASS,
                TcAction.UNSPEC);
    }

    @Test
    void udpToAVipIsTranslatedAndItsTrailerKept() {
        f.route(UDP_VIP, B1);
        PacketBuilder in = fromClient().ipv4(CLIENT, VIP_ADDR).udp(5000, 53).payload(new byte[] {9, 8, 7});
        assertBounded(in.build(), in.ipv4(CLIENT, B1_ADDR).udp(5000, 8080).build(), XdpAction.PASS, TcAction.UNSPEC);
        PacketBuilder none = fromClient().ipv4(CLIENT, VIP_ADDR).udp(5001, 53).udpChecksum(false).payload(new byte[2]);
        assertBounded(none.build(), none.ipv4(CLIENT, B1_ADDR).udp(5001, 8080).build(), XdpAction.PASS,
                TcAction.UNSPEC);
    }

    @Test
    void ipv6ToAVipIsTranslatedAndItsTrailerKept() {
        f.route(VIP6, B6);
        f.route(UDP_VIP6, Backend.of(B6_ADDR, 5353));
        PacketBuilder in = fromClient().ipv6(CLIENT6, VIP6_ADDR).tcp(40001, 443).syn();
        assertBounded(in.build(), in.ipv6(CLIENT6, B6_ADDR).tcp(40001, 8443).build(), XdpAction.PASS, TcAction.UNSPEC);
        PacketBuilder q = fromClient().ipv6(CLIENT6, VIP6_ADDR).udp(999, 53).payload(new byte[5]);
        assertBounded(q.build(), q.ipv6(CLIENT6, B6_ADDR).udp(999, 5353).build(), XdpAction.PASS, TcAction.UNSPEC);
    }

    // ---------------------------------------------------------------- backend -> client

    @Test
    void repliesAreTranslatedBackAndTheirTrailerKept() {
        f.route(VIP, B1);
        f.route(UDP_VIP, B1);
        f.route(VIP6, B6);
        f.route(UDP_VIP6, Backend.of(B6_ADDR, 5353));
        openFlow(CLIENT, VIP_ADDR, 40002, 80, false);
        openFlow(CLIENT, VIP_ADDR, 5002, 53, true);
        openFlow(CLIENT6, VIP6_ADDR, 40003, 443, false);
        openFlow(CLIENT6, VIP6_ADDR, 5003, 53, true);
        PacketBuilder tcp = fromBackendSide().ipv4(B1_ADDR, CLIENT).tcp(8080, 40002).syn().ack();
        assertBounded(tcp.build(), tcp.ipv4(VIP_ADDR, CLIENT).tcp(80, 40002).build(), XdpAction.PASS, TcAction.UNSPEC);
        PacketBuilder udp = fromBackendSide().ipv4(B1_ADDR, CLIENT).udp(8080, 5002).payload(new byte[] {4});
        assertBounded(udp.build(), udp.ipv4(VIP_ADDR, CLIENT).udp(53, 5002).build(), XdpAction.PASS, TcAction.UNSPEC);
        PacketBuilder v6 = fromBackendSide().ipv6(B6_ADDR, CLIENT6).tcp(8443, 40003).ack().payload(DATA);
        assertBounded(v6.build(), v6.ipv6(VIP6_ADDR, CLIENT6).tcp(443, 40003).build(), XdpAction.PASS,
                TcAction.UNSPEC);
        PacketBuilder u6 = fromBackendSide().ipv6(B6_ADDR, CLIENT6).udp(5353, 5003).payload(DATA);
        assertBounded(u6.build(), u6.ipv6(VIP6_ADDR, CLIENT6).udp(53, 5003).build(), XdpAction.PASS, TcAction.UNSPEC);
    }

    // ---------------------------------------------------------------- ICMP errors

    @Test
    void icmpErrorsAboutForwardedPacketsReachTheClientAndKeepTheirTrailer() {
        f.route(VIP, B1);
        f.route(UDP_VIP, B1);
        openFlow(CLIENT, VIP_ADDR, 40004, 80, false);
        openFlow(CLIENT, VIP_ADDR, 5004, 53, true);
        byte[] error = fromBackendSide().ipv4(B1_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40004, B1_ADDR, 8080)).build();
        byte[] expected = fromBackendSide().ipv4(VIP_ADDR, CLIENT)
                .icmpFragmentationNeeded(1400, tcpQuote(CLIENT, 40004, VIP_ADDR, 80)).build();
        assertBounded(error, expected, XdpAction.PASS, TcAction.UNSPEC);

        // The fuzzer's case: a quote cut after 8 TCP bytes, its checksum field would lie in the trailer.
        byte[] cut = Arrays.copyOf(tcpQuote(CLIENT, 40004, B1_ADDR, 8080), 28);
        byte[] cutWant = Arrays.copyOf(tcpQuote(CLIENT, 40004, VIP_ADDR, 80), 28);
        assertBounded(fromBackendSide().ipv4(ROUTER, CLIENT).icmpFragmentationNeeded(1400, cut).build(),
                fromBackendSide().ipv4(ROUTER, CLIENT).icmpFragmentationNeeded(1400, cutWant).build(),
                XdpAction.PASS, TcAction.UNSPEC);

        assertBounded(fromBackendSide().ipv4(B1_ADDR, CLIENT)
                        .icmpPortUnreachable(udpQuote(CLIENT, 5004, B1_ADDR, 8080)).build(),
                fromBackendSide().ipv4(VIP_ADDR, CLIENT).icmpPortUnreachable(udpQuote(CLIENT, 5004, VIP_ADDR, 53))
                        .build(),
                XdpAction.PASS, TcAction.UNSPEC);
    }

    @Test
    void icmpErrorsAboutRepliesReachTheBackendAndKeepTheirTrailer() {
        f.route(VIP, B1);
        openFlow(CLIENT, VIP_ADDR, 40005, 80, false);
        byte[] error = fromClient().ipv4(ROUTER, VIP_ADDR)
                .icmpFragmentationNeeded(1400, tcpQuote(VIP_ADDR, 80, CLIENT, 40005)).build();
        byte[] expected = fromClient().ipv4(ROUTER, B1_ADDR)
                .icmpFragmentationNeeded(1400, tcpQuote(B1_ADDR, 8080, CLIENT, 40005)).build();
        assertBounded(error, expected, XdpAction.PASS, TcAction.UNSPEC);
        byte[] cut = Arrays.copyOf(tcpQuote(VIP_ADDR, 80, CLIENT, 40005), 28);
        byte[] cutWant = Arrays.copyOf(tcpQuote(B1_ADDR, 8080, CLIENT, 40005), 28);
        assertBounded(fromClient().ipv4(CLIENT, VIP_ADDR).icmpPortUnreachable(cut).build(),
                fromClient().ipv4(CLIENT, B1_ADDR).icmpPortUnreachable(cutWant).build(), XdpAction.PASS,
                TcAction.UNSPEC);
    }

    @Test
    void icmpv6ErrorsBothWaysKeepTheirTrailer() {
        f.route(VIP6, B6);
        openFlow(CLIENT6, VIP6_ADDR, 40006, 443, false);
        assertBounded(fromBackendSide().ipv6(B6_ADDR, CLIENT6)
                        .icmpPacketTooBig(1280, tcpQuote(CLIENT6, 40006, B6_ADDR, 8443)).build(),
                fromBackendSide().ipv6(VIP6_ADDR, CLIENT6)
                        .icmpPacketTooBig(1280, tcpQuote(CLIENT6, 40006, VIP6_ADDR, 443)).build(),
                XdpAction.PASS, TcAction.UNSPEC);
        byte[] cut = Arrays.copyOf(tcpQuote(CLIENT6, 40006, B6_ADDR, 8443), 48);
        byte[] cutWant = Arrays.copyOf(tcpQuote(CLIENT6, 40006, VIP6_ADDR, 443), 48);
        assertBounded(fromBackendSide().ipv6(ROUTER6, CLIENT6).icmpPacketTooBig(1280, cut).build(),
                fromBackendSide().ipv6(ROUTER6, CLIENT6).icmpPacketTooBig(1280, cutWant).build(),
                XdpAction.PASS, TcAction.UNSPEC);
        assertBounded(fromClient().ipv6(ROUTER6, VIP6_ADDR)
                        .icmpPacketTooBig(1280, tcpQuote(VIP6_ADDR, 443, CLIENT6, 40006)).build(),
                fromClient().ipv6(ROUTER6, B6_ADDR).icmpPacketTooBig(1280, tcpQuote(B6_ADDR, 8443, CLIENT6, 40006))
                        .build(),
                XdpAction.PASS, TcAction.UNSPEC);
    }

    @Test
    void aQuoteThatOnlyReachesItsPortsInsideTheDatagramIsNotTranslated() {
        f.route(VIP, B1);
        openFlow(CLIENT, VIP_ADDR, 40007, 80, false);
        // IP header and 4 bytes of TCP: less than the 8 bytes a quote must hold. With a trailer a
        // parser bounded by the frame would take 4 trailer bytes as the rest of the quote.
        byte[] short4 = Arrays.copyOf(tcpQuote(CLIENT, 40007, B1_ADDR, 8080), 24);
        byte[] error = fromBackendSide().ipv4(ROUTER, CLIENT).icmpFragmentationNeeded(1400, short4).build();
        assertBounded(error, error, XdpAction.PASS, TcAction.UNSPEC, false);
        assertThat(f.counter(GlobalCounter.ICMP_TO_CLIENT)).isZero();
    }

    // ---------------------------------------------------------------- echo

    @Test
    void echoRequestsToAVipAreAnsweredWithTheirTrailer() {
        f.route(VIP, B1);
        f.route(VIP6, B6);
        PacketBuilder ping = fromClient().ipv4(CLIENT, VIP_ADDR).ttl(61).icmpEcho(7, 1).payload(new byte[] {1, 2});
        byte[] pong = Packet.builder().ethernet(DatapathFixture.LB_MAC, DatapathFixture.CLIENT_MAC)
                .ipv4(VIP_ADDR, CLIENT).ttl(64).icmpEchoReply(7, 1).payload(new byte[] {1, 2}).build();
        assertBounded(ping.build(), pong, XdpAction.TX, TcAction.REDIRECT);
        PacketBuilder ping6 = fromClient().ipv6(CLIENT6, VIP6_ADDR).ttl(61).icmpEcho(8, 2).payload(DATA);
        byte[] pong6 = Packet.builder().ethernet(DatapathFixture.LB_MAC, DatapathFixture.CLIENT_MAC)
                .ipv6(VIP6_ADDR, CLIENT6).ttl(64).icmpEchoReply(8, 2).payload(DATA).build();
        assertBounded(ping6.build(), pong6, XdpAction.TX, TcAction.REDIRECT);
    }

    // ---------------------------------------------------------------- lengths that lie

    /** Sends the frame through both programs: both must drop it and count it under {@code reason}. */
    private void assertDropped(byte[] frame, GlobalCounter reason) {
        long before = f.counter(reason);
        assertThat(f.xdp(frame).xdpAction()).as("XDP, %s", Packet.hex(frame)).isEqualTo(XdpAction.DROP);
        assertThat(f.tc(frame).verdict()).as("tc, %s", Packet.hex(frame)).isEqualTo(TcAction.SHOT);
        assertThat(f.counter(reason)).as(reason.name()).isEqualTo(before + 2);
    }

    private static byte[] withLength(byte[] frame, int l3, int value) {
        byte[] b = frame.clone();
        int field = (b[l3] & 0xf0) == 0x40 ? l3 + 2 : l3 + 4;
        b[field] = (byte) (value >>> 8);
        b[field + 1] = (byte) value;
        return b;
    }

    @Test
    void anIpLengthBeyondTheFrameIsDroppedAsTruncated() {
        f.route(VIP, B1);
        f.route(VIP6, B6);
        byte[] v4 = fromClient().ipv4(CLIENT, VIP_ADDR).tcp(40008, 80).syn().build();
        assertDropped(withLength(v4, 14, v4.length - 14 + 1), GlobalCounter.DROP_TRUNCATED);
        assertDropped(Arrays.copyOf(v4, v4.length - 1), GlobalCounter.DROP_TRUNCATED);
        byte[] v6 = fromClient().ipv6(CLIENT6, VIP6_ADDR).tcp(40008, 443).syn().build();
        assertDropped(withLength(v6, 14, v6.length - 14 - 40 + 1), GlobalCounter.DROP_TRUNCATED);
    }

    @Test
    void anIpLengthThatDoesNotCoverTheHeadersIsDroppedAsMalformed() {
        f.route(VIP, B1);
        f.route(UDP_VIP, B1);
        f.route(VIP6, B6);
        byte[] trailer = pattern(40);
        // IPv4: the total length ends inside the TCP header, inside the UDP header, before the options.
        byte[] v4 = fromClient().ipv4(CLIENT, VIP_ADDR).tcp(40009, 80).syn().build();
        assertDropped(concat(withLength(v4, 14, 20 + 19), trailer), GlobalCounter.DROP_MALFORMED);
        assertDropped(concat(withLength(v4, 14, 20), trailer), GlobalCounter.DROP_MALFORMED);
        byte[] udp = fromClient().ipv4(CLIENT, VIP_ADDR).udp(5009, 53).build();
        assertDropped(concat(withLength(udp, 14, 20 + 7), trailer), GlobalCounter.DROP_MALFORMED);
        byte[] opts = fromClient().ipv4(CLIENT, VIP_ADDR).ipv4Options(new byte[8]).tcp(40009, 80).syn().build();
        assertDropped(concat(withLength(opts, 14, 24), trailer), GlobalCounter.DROP_MALFORMED);
        // TCP data offset beyond the datagram (a 60-byte header in 20 bytes).
        byte[] doff = v4.clone();
        doff[14 + 20 + 12] = (byte) 0xf0;
        assertDropped(concat(doff, trailer), GlobalCounter.DROP_MALFORMED);
        // IPv6: payload length 0 with the TCP header in the trailer; an ICMPv6 header cut by the payload length.
        byte[] v6 = fromClient().ipv6(CLIENT6, VIP6_ADDR).tcp(40009, 443).syn().build();
        assertDropped(concat(withLength(v6, 14, 0), trailer), GlobalCounter.DROP_MALFORMED);
        assertDropped(concat(withLength(v6, 14, 19), trailer), GlobalCounter.DROP_MALFORMED);
        byte[] icmp6 = fromClient().ipv6(CLIENT6, VIP6_ADDR).icmpEcho(1, 1).build();
        assertDropped(concat(withLength(icmp6, 14, 4), trailer), GlobalCounter.DROP_MALFORMED);
    }

    /** The IPv6 frame with an 8-byte destination-options header (PadN) before its TCP/UDP header. */
    private static byte[] withDestinationOptions(byte[] v6) {
        byte[] ext = new byte[v6.length + 8];
        System.arraycopy(v6, 0, ext, 0, 54);
        ext[54] = v6[14 + 6]; // next header: the transport
        ext[55] = 0;          // 8 bytes in all
        ext[56] = 1;          // PadN with 4 bytes of padding
        ext[57] = 4;
        System.arraycopy(v6, 54, ext, 62, v6.length - 54);
        ext[14 + 6] = 60;     // IPv6 next header: destination options
        // The transport checksum's pseudo-header counts the upper-layer length, which is unchanged.
        return withLength(ext, 14, ext.length - 54);
    }

    @Test
    void anIpv6ExtensionHeaderBeyondThePayloadIsDroppedAsMalformed() {
        f.route(VIP6, B6);
        PacketBuilder in = fromClient().ipv6(CLIENT6, VIP6_ADDR).tcp(40010, 443).syn();
        byte[] ext = withDestinationOptions(in.build());
        assertThat(Packet.parse(ext).checksumErrors()).isEmpty();
        assertBounded(ext, withDestinationOptions(in.ipv6(CLIENT6, B6_ADDR).tcp(40010, 8443).build()),
                XdpAction.PASS, TcAction.UNSPEC);
        // The payload length ends inside the extension header, then right after it (TCP outside).
        assertDropped(concat(withLength(ext, 14, 1), pattern(60)), GlobalCounter.DROP_MALFORMED);
        assertDropped(concat(withLength(ext, 14, 8), pattern(60)), GlobalCounter.DROP_MALFORMED);
    }
}
