package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TcAction;
import dev.blixt.bpf.TestRun;
import dev.blixt.internal.datapath.DecapPath;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decapsulator's tc program through BPF_PROG_TEST_RUN, byte for byte: each kind of outer header
 * (IPIP, 4in6, ip6ip6, 6in4, GUE over IPv4 and IPv6) around TCP and UDP, what passes untouched, what is
 * dropped, and the counters.
 */
@Privileged
class DecapProgramTest {
    static final String HOST4 = "198.18.0.2";
    static final String HOST6 = "2001:db8::2";
    static final String VIP4 = "203.0.113.10";
    static final String VIP6 = "2001:db8:f::10";
    static final String CLIENT4 = "192.0.2.7";
    static final String CLIENT6 = "2001:db8:c::7";
    static final String LB4 = "198.18.0.1";
    static final String LB6 = "2001:db8::1";

    DecapPath decap;

    @BeforeEach
    void load() throws Exception {
        decap = DecapPath.load(Decapsulator.DEFAULT_GUE_PORT);
        for (String a : List.of(HOST4, HOST6, VIP4, VIP6)) decap.addresses.put(DecapPath.key(InetAddress.getByName(a)), 1);
    }

    @AfterEach
    void close() {
        decap.close();
    }

    /** The inner packet: TCP or UDP from the client to the VIP of the family, with a payload. */
    static byte[] inner(boolean v6, boolean tcp, String dst) {
        PacketBuilder b = v6 ? Packet.builder().ipv6(CLIENT6, dst) : Packet.builder().ipv4(CLIENT4, dst);
        b = tcp ? b.tcp(40000, 80).ack().seq(7) : b.udp(40000, 53);
        return b.payload("hello, backend".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).buildIp();
    }

    static byte[] inner(boolean v6, boolean tcp) {
        return inner(v6, tcp, v6 ? VIP6 : VIP4);
    }

    /** An outer IP header of the family around {@code payload} (protocol {@code proto}) to this host. */
    static PacketBuilder outer(boolean v6) {
        return v6 ? Packet.builder().ipv6(LB6, HOST6) : Packet.builder().ipv4(LB4, HOST4);
    }

    static byte[] ipInIp(boolean outer6, byte[] inner) {
        return outer(outer6).protocol((inner[0] >> 4) == 4 ? Packet.IPIP : Packet.IPV6_IN_IP).payload(inner).build();
    }

    static byte[] gue(boolean outer6, byte[] inner, int port) {
        // checksum 0, as the load balancer sends it (RFC 6935 allows it for tunnels over IPv6 too)
        PacketBuilder b = outer(outer6).udp(51234, port);
        return (outer6 ? b.l4Checksum(0) : b.udpChecksum(false)).payload(inner).build();
    }

    /** What the stack must see: the frame's MAC addresses, the inner family's EtherType, the inner packet. */
    static byte[] plain(byte[] frame, byte[] inner) {
        byte[] out = Arrays.copyOf(frame, 14 + inner.length);
        int type = (inner[0] >> 4) == 4 ? 0x0800 : 0x86DD;
        out[12] = (byte) (type >> 8);
        out[13] = (byte) type;
        System.arraycopy(inner, 0, out, 14, inner.length);
        return out;
    }

    TestRun run(byte[] frame) {
        return decap.program().testRun(frame, 1);
    }

    void assertDecapsulated(byte[] frame, byte[] inner) {
        TestRun r = run(frame);
        assertThat(TcAction.name(r.verdict())).isEqualTo("UNSPEC");
        assertThat(r.output()).as("the frame as if it had arrived plain").isEqualTo(plain(frame, inner));
    }

    void assertUntouched(byte[] frame) {
        TestRun r = run(frame);
        assertThat(TcAction.name(r.verdict())).isEqualTo("UNSPEC");
        assertThat(r.output()).isEqualTo(frame);
    }

    Decapsulator.Stats stats() {
        return Decapsulator.Stats.of(decap.counters());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyKindOfOuterHeaderIsStrippedToTheInnerPacket(boolean tcp) {
        long bytes = 0;
        for (boolean outer6 : new boolean[] {false, true}) {
            for (boolean inner6 : new boolean[] {false, true}) {
                byte[] in = inner(inner6, tcp);
                assertDecapsulated(ipInIp(outer6, in), in);
                assertDecapsulated(gue(outer6, in, 6080), in);
                bytes += 2L * in.length;
            }
        }
        Decapsulator.Stats s = stats();
        assertThat(s).isEqualTo(new Decapsulator.Stats(1, 1, 1, 1, 4, bytes, 0, 0, 0, 0));
        assertThat(s.decapsulated()).isEqualTo(8);
    }

    @Test
    void anInnerDestinationThatIsNotAcceptedPassesUntouched() {
        for (boolean outer6 : new boolean[] {false, true}) {
            assertUntouched(ipInIp(outer6, inner(false, true, "203.0.113.99")));
            assertUntouched(gue(outer6, inner(true, false, "2001:db8:f::99"), 6080));
        }
        assertThat(stats()).isEqualTo(new Decapsulator.Stats(0, 0, 0, 0, 0, 0, 0, 4, 0, 0));
    }

    @Test
    void otherTrafficPassesUntouched() {
        byte[] in = inner(false, false);
        assertUntouched(gue(false, in, 6081)); // another port
        assertUntouched(gue(true, in, 53));
        assertUntouched(outer(false).protocol(47).payload(in).build()); // GRE
        assertUntouched(outer(false).tcp(1, 6080).payload(in).build()); // TCP to the GUE port
        assertUntouched(Packet.builder().ipv4(LB4, "198.18.0.3").protocol(Packet.IPIP).payload(in).build()); // not to us
        assertUntouched(Packet.builder().ipv6(LB6, "2001:db8::3").udp(1, 6080).payload(in).build());
        assertUntouched(Packet.builder().ipv4(CLIENT4, VIP4).tcp(1, 80).build()); // plain
        assertUntouched(outer(false).fragment(0, true).protocol(Packet.IPIP).payload(in).build()); // an outer fragment
        byte[] variant0 = in.clone();
        variant0[0] = 0x00; // GUE variant 0: a GUE header, not an IP packet
        assertUntouched(gue(false, variant0, 6080));
        // IPv6 with a hop-by-hop header (next header 0) before the inner packet: extension headers are not walked
        byte[] hopByHop = new byte[8 + in.length];
        hopByHop[0] = Packet.IPIP;
        hopByHop[2] = 1; // PadN
        hopByHop[3] = 4;
        System.arraycopy(in, 0, hopByHop, 8, in.length);
        assertUntouched(outer(true).protocol(0).payload(hopByHop).build());
        // ARP
        assertUntouched(Packet.builder().etherType(0x0806).payload(new byte[28]).build());
        assertThat(stats()).isEqualTo(new Decapsulator.Stats(0, 0, 0, 0, 0, 0, 11, 0, 0, 0));
    }

    @Test
    void aTruncatedOrMalformedInnerPacketIsDropped() {
        byte[] in = inner(false, true);
        byte[] cut = Arrays.copyOf(in, in.length - 5); // its total length says 5 bytes more
        byte[] in6 = inner(true, false);
        byte[] cut6 = Arrays.copyOf(in6, in6.length - 1);
        byte[] shortHeader = Arrays.copyOf(in, 12); // not even an IPv4 header
        byte[] badIhl = in.clone();
        badIhl[0] = 0x44;
        byte[] versionMismatch = in6.clone();
        versionMismatch[0] = 0x45; // next header 41 says IPv6
        List<byte[]> frames = List.of(ipInIp(false, cut), ipInIp(true, cut6), gue(false, cut6, 6080), gue(true, cut, 6080),
                outer(false).protocol(Packet.IPIP).payload(shortHeader).build(),
                outer(false).protocol(Packet.IPIP).payload(badIhl).build(),
                outer(false).protocol(Packet.IPV6_IN_IP).payload(versionMismatch).build());
        for (byte[] f : frames) {
            assertThat(TcAction.name(run(f).verdict())).isEqualTo("SHOT");
        }
        assertThat(stats()).isEqualTo(new Decapsulator.Stats(0, 0, 0, 0, 0, 0, 0, 0, frames.size(), 0));
    }

    @Test
    void outerIpv4OptionsAndTrailersAreHandled() {
        byte[] in = inner(false, true);
        byte[] withOptions = outer(false).ipv4Options(new byte[] {1, 1, 1, 0}).protocol(Packet.IPIP).payload(in).build();
        assertDecapsulated(withOptions, in);
        // Ethernet padding after the outer datagram stays after the inner packet, as the kernel expects it
        byte[] small = Packet.builder().ipv4(CLIENT4, VIP4).udp(1, 53).buildIp();
        byte[] frame = ipInIp(false, small);
        byte[] padded = Arrays.copyOf(frame, frame.length + 6);
        TestRun r = run(padded);
        byte[] want = Arrays.copyOf(plain(frame, small), 14 + small.length + 6);
        assertThat(r.output()).isEqualTo(want);
        assertThat(stats().ipip()).isEqualTo(2);
    }

    @Test
    void aVlanTaggedFrameIsDecapsulatedAndKeepsItsTagOutsideTheFrame() {
        byte[] in = inner(true, true);
        byte[] tagged = Packet.builder().vlan(100).ipv4(LB4, HOST4).protocol(Packet.IPV6_IN_IP).payload(in).build();
        TestRun r = run(tagged);
        assertThat(TcAction.name(r.verdict())).isEqualTo("UNSPEC");
        // the tag leaves the frame for the skb's VLAN tag, as the kernel's receive path puts it before tc
        byte[] untagged = Packet.builder().ipv4(LB4, HOST4).protocol(Packet.IPV6_IN_IP).payload(in).build();
        assertThat(r.output()).isEqualTo(plain(untagged, in));
        assertThat(stats().ipv6InIpv4()).isEqualTo(1);
    }
}
