package dev.blixt.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Frames whose bytes, checksums included, were produced independently by Scapy 2.5 (Debian's
 * python3-scapy), for instance
 * {@code Ether(src=M1, dst=M2)/IP(src="192.0.2.1", dst="192.0.2.2", ttl=64, id=0, flags=0)
 * /ICMP(type=8, id=0x1234, seq=1)/Raw(b"ping")}; the builder must produce the same bytes and the parser
 * must read the same fields back. {@code src/test/resources/dev/blixt/packet/known_answers.py} regenerates
 * them ({@code /usr/bin/python3 known_answers.py} with python3-scapy installed).
 */
class KnownAnswerTest {
    static final MacAddress M1 = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress M2 = MacAddress.parse("02:00:00:00:00:02");

    static final String IPV4_TCP = "020000000002020000000001080046100035123440004006bf38c6336407cb00710a010101009c40"
            + "0050000003e8000007d0601272104d0d0000020405b4474554202f";
    static final String IPV4_UDP_VLAN = "02000000000202000000000181000064080045000021000000003f1167ca0a0000010a000002"
            + "14e90035000d92e168656c6c6f";
    static final String IPV6_UDP = "02000000000202000000000186dd62012345000e114020010db80000000000000000000000072001"
            + "0db80000000000000000000000109c400035000ec3cb68656c6c6f36";
    static final String ICMP4_ECHO = "020000000002020000000001080045000020000000004001f6d9c0000201c0000202080006fa12"
            + "34000170696e67";
    static final String ICMP6_ECHO = "02000000000202000000000186dd60000000000c3a4020010db8000000000000000000000001"
            + "20010db80000000000000000000000028000333e1234000170696e67";
    static final String INNER4 = "45000028000040004011d47fcb00710ac633640700359c4000142a38787878787878787878787878";
    static final String ICMP4_FRAG_NEEDED = "0200000000020200000000010800450000440000000040017bb0c00002fecb00710a0304"
            + "5def00000578" + INNER4;
    static final String INNER6 = "60000000001c064020010db800000000000000000000001020010db8000000000000000000000007"
            + "00509c4000000001000000015010ffffd1cb00007979797979797979";
    static final String ICMP6_PTB = "02000000000202000000000186dd60000000004c3a4020010db80000000000000000000000fe2001"
            + "0db8000000000000000000000010020035bf00000500" + INNER6;
    static final String IPV6_FRAGMENT_UDP = "02000000000202000000000186dd6000000000182c4020010db8000000000000000000"
            + "00000720010db800000000000000000000001011000001abcdef0103e807d0001006f86162636465666768";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static PacketBuilder eth() {
        return Packet.builder().ethernet(M1, M2);
    }

    static void assertSameBytes(byte[] actual, String expectedHex) {
        byte[] expected = hex(expectedHex);
        assertThat(actual).as(() -> Packet.diff(expected, actual)).isEqualTo(expected);
    }

    @Test
    void ipv4TcpWithOptionsMatchesScapy() throws Exception {
        byte[] frame = eth().ipv4("198.51.100.7", "203.0.113.10").identification(0x1234).tos(0x10).dontFragment()
                .ipv4Options(new byte[] {1, 1, 1, 0})
                .tcp(40000, 80).syn().ack().seq(1000).ackNumber(2000).window(29200)
                .tcpOptions(hex("020405b4")).payload("GET /".getBytes())
                .build();
        assertSameBytes(frame, IPV4_TCP);

        ParsedPacket p = Packet.parse(hex(IPV4_TCP));
        assertThat(p.srcMac()).isEqualTo(M1);
        assertThat(p.dstMac()).isEqualTo(M2);
        assertThat(p.etherType()).isEqualTo(0x0800);
        assertThat(p.vlanId()).isEmpty();
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.l3Offset()).isEqualTo(14);
        assertThat(p.ipHeaderLength()).isEqualTo(24);
        assertThat(p.ipv4Options()).containsExactly(1, 1, 1, 0);
        assertThat(p.src()).isEqualTo(InetAddress.ofLiteral("198.51.100.7"));
        assertThat(p.dst()).isEqualTo(InetAddress.ofLiteral("203.0.113.10"));
        assertThat(p.identification()).isEqualTo(0x1234);
        assertThat(p.tos()).isEqualTo(0x10);
        assertThat(p.dontFragment()).isTrue();
        assertThat(p.isFragment()).isFalse();
        assertThat(p.protocol()).isEqualTo(Packet.TCP);
        assertThat(p.l4Offset()).isEqualTo(38);
        assertThat(p.srcPort()).isEqualTo(40000);
        assertThat(p.dstPort()).isEqualTo(80);
        assertThat(p.seq()).isEqualTo(1000);
        assertThat(p.ackNumber()).isEqualTo(2000);
        assertThat(p.tcpFlags()).containsExactlyInAnyOrder(TcpFlag.SYN, TcpFlag.ACK);
        assertThat(p.window()).isEqualTo(29200);
        assertThat(p.tcpOptions()).isEqualTo(hex("020405b4"));
        assertThat(p.l4Checksum()).isEqualTo(0x4d0d);
        assertThat(p.payloadOffset()).isEqualTo(62);
        assertThat(p.payload()).isEqualTo("GET /".getBytes());
        assertThat(p.checksumErrors()).isEmpty();
    }

    @Test
    void ipv4UdpWithVlanMatchesScapy() {
        byte[] frame = eth().vlan(100).ipv4("10.0.0.1", "10.0.0.2").ttl(63).udp(5353, 53)
                .payload("hello".getBytes()).build();
        assertSameBytes(frame, IPV4_UDP_VLAN);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.vlanId()).hasValue(100);
        assertThat(p.etherType()).isEqualTo(0x0800);
        assertThat(p.l3Offset()).isEqualTo(18);
        assertThat(p.ttl()).isEqualTo(63);
        assertThat(p.protocol()).isEqualTo(Packet.UDP);
        assertThat(p.srcPort()).isEqualTo(5353);
        assertThat(p.dstPort()).isEqualTo(53);
        assertThat(p.udpLength()).isEqualTo(13);
        assertThat(p.l4Checksum()).isEqualTo(0x92e1);
        assertThat(p.payload()).isEqualTo("hello".getBytes());
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void ipv6UdpMatchesScapy() {
        byte[] frame = eth().ipv6("2001:db8::7", "2001:db8::10").tos(0x20).flowLabel(0x12345).udp(40000, 53)
                .payload("hello6".getBytes()).build();
        assertSameBytes(frame, IPV6_UDP);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.etherType()).isEqualTo(0x86dd);
        assertThat(p.ipVersion()).isEqualTo(6);
        assertThat(p.src()).isEqualTo(InetAddress.ofLiteral("2001:db8::7"));
        assertThat(p.dst()).isEqualTo(InetAddress.ofLiteral("2001:db8::10"));
        assertThat(p.tos()).isEqualTo(0x20);
        assertThat(p.flowLabel()).isEqualTo(0x12345);
        assertThat(p.ttl()).isEqualTo(64);
        assertThat(p.hasFragmentHeader()).isFalse();
        assertThat(p.l4Offset()).isEqualTo(54);
        assertThat(p.l4Checksum()).isEqualTo(0xc3cb);
        assertThat(p.payload()).isEqualTo("hello6".getBytes());
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void icmpv4EchoMatchesScapy() {
        byte[] frame = eth().ipv4("192.0.2.1", "192.0.2.2").icmpEcho(0x1234, 1).payload("ping".getBytes()).build();
        assertSameBytes(frame, ICMP4_ECHO);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.protocol()).isEqualTo(Packet.ICMP);
        assertThat(p.icmpType()).isEqualTo(8);
        assertThat(p.icmpCode()).isZero();
        assertThat(p.icmpId()).isEqualTo(0x1234);
        assertThat(p.icmpSeq()).isEqualTo(1);
        assertThat(p.l4Checksum()).isEqualTo(0x06fa);
        assertThat(p.payload()).isEqualTo("ping".getBytes());
        assertThat(p.inner()).isEmpty();
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void icmpv6EchoMatchesScapy() {
        byte[] frame = eth().ipv6("2001:db8::1", "2001:db8::2").icmpEcho(0x1234, 1).payload("ping".getBytes()).build();
        assertSameBytes(frame, ICMP6_ECHO);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.protocol()).isEqualTo(Packet.ICMPV6);
        assertThat(p.icmpType()).isEqualTo(128);
        assertThat(p.icmpId()).isEqualTo(0x1234);
        assertThat(p.icmpSeq()).isEqualTo(1);
        assertThat(p.l4Checksum()).isEqualTo(0x333e);
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void icmpv4FragmentationNeededMatchesScapyAndQuotesTheInnerTuple() {
        byte[] inner = Packet.builder().ipv4("203.0.113.10", "198.51.100.7").dontFragment().udp(53, 40000)
                .payload("xxxxxxxxxxxx".getBytes()).buildIp();
        assertSameBytes(inner, INNER4);
        byte[] frame = eth().ipv4("192.0.2.254", "203.0.113.10").icmpFragmentationNeeded(1400, inner).build();
        assertSameBytes(frame, ICMP4_FRAG_NEEDED);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.icmpType()).isEqualTo(3);
        assertThat(p.icmpCode()).isEqualTo(4);
        assertThat(p.icmpMtu()).isEqualTo(1400);
        assertThat(p.payloadOffset()).isEqualTo(42);
        ParsedPacket q = p.inner().orElseThrow();
        assertThat(q.hasEthernet()).isFalse();
        assertThat(q.l3Offset()).isEqualTo(42);
        assertThat(q.src()).isEqualTo(InetAddress.ofLiteral("203.0.113.10"));
        assertThat(q.dst()).isEqualTo(InetAddress.ofLiteral("198.51.100.7"));
        assertThat(q.protocol()).isEqualTo(Packet.UDP);
        assertThat(q.srcPort()).isEqualTo(53);
        assertThat(q.dstPort()).isEqualTo(40000);
        assertThat(q.l4Offset()).isEqualTo(62);
        assertThat(q.truncated()).isFalse();
        assertThat(p.checksumErrors()).isEmpty();
    }

    @Test
    void icmpv6PacketTooBigMatchesScapyAndQuotesTheInnerTuple() {
        byte[] inner = Packet.builder().ipv6("2001:db8::10", "2001:db8::7").tcp(80, 40000).ack().seq(1).ackNumber(1)
                .payload("yyyyyyyy".getBytes()).buildIp();
        assertSameBytes(inner, INNER6);
        byte[] frame = eth().ipv6("2001:db8::fe", "2001:db8::10").icmpPacketTooBig(1280, inner).build();
        assertSameBytes(frame, ICMP6_PTB);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.icmpType()).isEqualTo(2);
        assertThat(p.icmpMtu()).isEqualTo(1280);
        ParsedPacket q = p.inner().orElseThrow();
        assertThat(q.ipVersion()).isEqualTo(6);
        assertThat(q.src()).isEqualTo(InetAddress.ofLiteral("2001:db8::10"));
        assertThat(q.srcPort()).isEqualTo(80);
        assertThat(q.dstPort()).isEqualTo(40000);
        assertThat(q.tcpFlags()).containsExactly(TcpFlag.ACK);
        assertThat(p.checksumErrors()).isEmpty();
    }

    @Test
    void ipv6FirstFragmentMatchesScapy() {
        byte[] frame = eth().ipv6("2001:db8::7", "2001:db8::10").fragment(0, true).identification(0xabcdef01L)
                .udp(1000, 2000).payload("abcdefgh".getBytes()).build();
        assertSameBytes(frame, IPV6_FRAGMENT_UDP);

        ParsedPacket p = Packet.parse(frame);
        assertThat(p.hasFragmentHeader()).isTrue();
        assertThat(p.identification()).isEqualTo(0xabcdef01L);
        assertThat(p.moreFragments()).isTrue();
        assertThat(p.fragmentOffset()).isZero();
        assertThat(p.isFragment()).isTrue();
        assertThat(p.ipHeaderLength()).isEqualTo(48);
        assertThat(p.protocol()).isEqualTo(Packet.UDP);
        assertThat(p.srcPort()).isEqualTo(1000);
        assertThat(p.checksumsValid()).isTrue();
    }
}
