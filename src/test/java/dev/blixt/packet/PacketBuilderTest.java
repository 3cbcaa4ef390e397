package dev.blixt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketBuilderTest {
    private static final PacketBuilder V4 = Packet.builder().ipv4("192.0.2.1", "192.0.2.2");
    private static final PacketBuilder V6 = Packet.builder().ipv6("2001:db8::1", "2001:db8::2");

    @Test
    void everyCallReturnsANewBuilderAndLeavesTheTemplateUnchanged() {
        PacketBuilder template = V4.tcp(1000, 80);
        byte[] before = template.build();
        PacketBuilder syn = template.syn();
        PacketBuilder other = template.ttl(1).payload(new byte[] {1, 2, 3});
        assertThat(template.build()).isEqualTo(before);
        assertThat(Packet.parse(syn.build()).tcpFlags()).containsExactly(TcpFlag.SYN);
        assertThat(Packet.parse(other.build()).ttl()).isEqualTo(1);
        assertThat(Packet.parse(template.build()).tcpFlags()).isEmpty();
    }

    @Test
    void appliesTheDocumentedDefaults() {
        ParsedPacket p = Packet.parse(V4.tcp(1, 2).build());
        assertThat(p.srcMac()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
        assertThat(p.dstMac()).isEqualTo(MacAddress.parse("02:00:00:00:00:02"));
        assertThat(p.vlanId()).isEmpty();
        assertThat(p.ttl()).isEqualTo(64);
        assertThat(p.tos()).isZero();
        assertThat(p.identification()).isZero();
        assertThat(p.dontFragment()).isFalse();
        assertThat(p.window()).isEqualTo(65535);
        assertThat(p.seq()).isZero();
        assertThat(p.ackNumber()).isZero();
        assertThat(p.payload()).isEmpty();
    }

    @Test
    void flagsReplacesWhileShortcutsAdd() {
        PacketBuilder b = V4.tcp(1, 2).syn().flags(TcpFlag.FIN, TcpFlag.PSH).ack().rst();
        assertThat(Packet.parse(b.build()).tcpFlags())
                .containsExactlyInAnyOrder(TcpFlag.FIN, TcpFlag.PSH, TcpFlag.ACK, TcpFlag.RST);
    }

    @Test
    void buildIpOmitsEthernet() {
        byte[] ip = V4.udp(1, 2).buildIp();
        byte[] frame = V4.udp(1, 2).build();
        assertThat(frame).hasSize(ip.length + 14);
        assertThat(Arrays.copyOfRange(frame, 14, frame.length)).isEqualTo(ip);
        assertThat(Packet.parseIp(ip).hasEthernet()).isFalse();
    }

    @Test
    void ipv4UdpWithoutChecksumSendsZeroWhichVerifies() {
        ParsedPacket p = Packet.parse(V4.udp(1, 2).udpChecksum(false).payload(new byte[] {9}).build());
        assertThat(p.l4Checksum()).isZero();
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void ipv6UdpChecksumZeroIsAnError() {
        ParsedPacket good = Packet.parse(V6.udp(1, 2).build());
        ParsedPacket p = Packet.parse(V6.udp(1, 2).l4Checksum(0).build());
        assertThat(p.checksumErrors()).containsExactly(
                new ChecksumError(ChecksumError.Kind.UDP, 0, 54 + 6, 0, good.l4Checksum()));
    }

    @Test
    void badChecksumKnobsAreDetectedWithTheCorrectExpectedValue() {
        ParsedPacket good = Packet.parse(V4.tcp(1, 2).build());
        ParsedPacket bad = Packet.parse(V4.tcp(1, 2).badIpv4Checksum().badL4Checksum().build());
        int goodIp = Checksums.ipv4Header(good.bytes(), 14);
        assertThat(bad.checksumErrors()).containsExactly(
                new ChecksumError(ChecksumError.Kind.IPV4_HEADER, 0, 24, goodIp ^ 0x5555, goodIp),
                new ChecksumError(ChecksumError.Kind.TCP, 0, 50, good.l4Checksum() ^ 0x5555, good.l4Checksum()));
        assertThat(Packet.parse(V4.icmpEcho(1, 1).badL4Checksum().build()).checksumErrors())
                .extracting(ChecksumError::kind).containsExactly(ChecksumError.Kind.ICMPV4);
        assertThat(Packet.parse(V6.icmpEcho(1, 1).badL4Checksum().build()).checksumErrors())
                .extracting(ChecksumError::kind).containsExactly(ChecksumError.Kind.ICMPV6);
        assertThat(Packet.parse(V4.ipv4Checksum(0x1234).udp(1, 2).build()).checksumErrors())
                .extracting(ChecksumError::found).containsExactly(0x1234);
    }

    @Test
    void echoRepliesAndPortUnreachableUseEachVersionsNumbers() {
        assertThat(Packet.parse(V4.icmpEchoReply(7, 8).build()).icmpType()).isZero();
        ParsedPacket reply6 = Packet.parse(V6.icmpEchoReply(7, 8).build());
        assertThat(reply6.icmpType()).isEqualTo(129);
        assertThat(reply6.icmpId()).isEqualTo(7);
        assertThat(reply6.icmpSeq()).isEqualTo(8);

        byte[] q4 = Packet.builder().ipv4("192.0.2.2", "192.0.2.1").udp(5, 6).buildIp();
        ParsedPacket unreachable4 = Packet.parse(V4.icmpPortUnreachable(q4).build());
        assertThat(unreachable4.icmpType()).isEqualTo(3);
        assertThat(unreachable4.icmpCode()).isEqualTo(3);
        byte[] q6 = Packet.builder().ipv6("2001:db8::2", "2001:db8::1").udp(5, 6).buildIp();
        ParsedPacket unreachable6 = Packet.parse(V6.icmpPortUnreachable(q6).build());
        assertThat(unreachable6.icmpType()).isEqualTo(1);
        assertThat(unreachable6.icmpCode()).isEqualTo(4);
        assertThat(unreachable6.inner().orElseThrow().dstPort()).isEqualTo(6);
    }

    @Test
    void genericIcmpCarriesTypeCodeRestAndBody() {
        ParsedPacket p = Packet.parse(V4.icmp(13, 0, 0xdeadbeef).payload(new byte[12]).build());
        assertThat(p.icmpType()).isEqualTo(13);
        assertThat(p.icmpRestOfHeader()).isEqualTo(0xdeadbeef);
        assertThat(p.payload()).hasSize(12);
        assertThat(p.inner()).isEmpty();
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void anIcmpErrorPayloadFollowsTheQuote() {
        byte[] quote = Packet.builder().ipv4("192.0.2.2", "192.0.2.1").udp(5, 6).buildIp();
        ParsedPacket p = Packet.parse(V4.icmpError(11, 0, quote).payload(new byte[] {1, 2}).build());
        assertThat(p.payload()).hasSize(quote.length + 2);
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void aNonFirstFragmentCarriesNoTransportHeader() {
        byte[] data = new byte[16];
        Arrays.fill(data, (byte) 7);
        ParsedPacket p = Packet.parse(V4.identification(99).fragment(1480, true).udp(1, 2).payload(data).build());
        assertThat(p.protocol()).isEqualTo(Packet.UDP);
        assertThat(p.fragmentOffset()).isEqualTo(1480);
        assertThat(p.moreFragments()).isTrue();
        assertThat(p.isFragment()).isTrue();
        assertThat(p.payloadOffset()).isEqualTo(34);
        assertThat(p.payload()).isEqualTo(data);
        assertThatThrownBy(p::l4Offset).isInstanceOf(IllegalStateException.class).hasMessageContaining("fragment");
        assertThatThrownBy(p::srcPort).isInstanceOf(IllegalStateException.class);
        assertThat(p.checksumsValid()).isTrue();

        ParsedPacket v6 = Packet.parse(V6.fragment(8, false).identification(5).tcp(1, 2).payload(data).build());
        assertThat(v6.protocol()).isEqualTo(Packet.TCP);
        assertThat(v6.fragmentOffset()).isEqualTo(8);
        assertThat(v6.identification()).isEqualTo(5);
        assertThat(v6.payload()).isEqualTo(data);
    }

    @Test
    void ipInIpCarriesAnInnerPacketThatParses() {
        byte[] inner = Packet.builder().ipv4("198.51.100.7", "203.0.113.10").tcp(40000, 80).syn().buildIp();
        ParsedPacket p = Packet.parse(Packet.builder().ipv4("10.0.0.1", "10.1.0.2").protocol(Packet.IPIP)
                .payload(inner).build());
        assertThat(p.protocol()).isEqualTo(Packet.IPIP);
        ParsedPacket q = p.inner().orElseThrow();
        assertThat(q.l3Offset()).isEqualTo(34);
        assertThat(q.dst()).isEqualTo(InetAddress.ofLiteral("203.0.113.10"));
        assertThat(q.dstPort()).isEqualTo(80);
        assertThat(p.checksumsValid()).isTrue();

        byte[] inner6 = Packet.builder().ipv6("2001:db8::7", "2001:db8::10").udp(1, 2).buildIp();
        ParsedPacket p6 = Packet.parse(V6.protocol(Packet.IPV6_IN_IP).payload(inner6).build());
        assertThat(p6.inner().orElseThrow().dstPort()).isEqualTo(2);
    }

    @Test
    void aFrameWithoutIpCarriesThePayloadAfterTheEtherType() {
        byte[] frame = Packet.builder().vlan(7).etherType(0x0806).payload(new byte[28]).build();
        ParsedPacket p = Packet.parse(frame);
        assertThat(p.etherType()).isEqualTo(0x0806);
        assertThat(p.vlanId()).hasValue(7);
        assertThat(p.ipVersion()).isZero();
        assertThat(p.payloadOffset()).isEqualTo(18);
        assertThat(p.payload()).hasSize(28);
        assertThatThrownBy(p::src).isInstanceOf(IllegalStateException.class).hasMessageContaining("not an IP packet");
    }

    @Test
    void addressesKeepTheirFamily() {
        ParsedPacket mapped = Packet.parse(Packet.builder().ipv6("::ffff:192.0.2.1", "2001:db8::1").udp(1, 2).build());
        assertThat(mapped.ipVersion()).isEqualTo(6);
        assertThat(mapped.src()).isInstanceOf(Inet6Address.class);
        assertThat(mapped.src().getAddress()).hasSize(16);
        ParsedPacket viaInet = Packet.parse(Packet.builder()
                .ip(InetAddress.ofLiteral("2001:db8::1"), InetAddress.ofLiteral("2001:db8::2")).udp(1, 2).build());
        assertThat(viaInet.dst()).isEqualTo(InetAddress.ofLiteral("2001:db8::2"));
    }

    @Test
    void argumentsAreCheckedWhenGivenWithMessagesNamingTheValue() {
        PacketBuilder b = Packet.builder();
        assertThatThrownBy(() -> b.vlan(4096)).hasMessageContaining("VLAN id").hasMessageContaining("4096");
        assertThatThrownBy(() -> b.tcp(65536, 1)).hasMessageContaining("source port").hasMessageContaining("65536");
        assertThatThrownBy(() -> b.udp(1, -1)).hasMessageContaining("destination port");
        assertThatThrownBy(() -> b.ttl(256)).hasMessageContaining("TTL");
        assertThatThrownBy(() -> b.fragment(7, false)).hasMessageContaining("multiple of 8");
        assertThatThrownBy(() -> b.ipv4Options(new byte[3])).hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> b.tcpOptions(new byte[44])).hasMessageContaining("44");
        assertThatThrownBy(() -> b.seq(1L << 32)).hasMessageContaining("sequence number");
        assertThatThrownBy(() -> b.icmpEcho(70000, 1)).hasMessageContaining("identifier");
        assertThatThrownBy(() -> b.ipv4("2001:db8::1", "192.0.2.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.ip(InetAddress.ofLiteral("192.0.2.1"), InetAddress.ofLiteral("2001:db8::1")))
                .hasMessageContaining("same family");
    }

    @Test
    void conflictingSettingsFailAtBuildNamingTheConflict() {
        assertThatThrownBy(() -> V4.flowLabel(1).udp(1, 2).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flow label");
        assertThatThrownBy(() -> V6.ipv4Options(new byte[4]).udp(1, 2).build()).hasMessageContaining("IPv4 options");
        assertThatThrownBy(() -> V6.dontFragment().udp(1, 2).build()).hasMessageContaining("Don't Fragment");
        assertThatThrownBy(() -> V4.udp(1, 2).syn().build()).hasMessageContaining("TCP flags");
        assertThatThrownBy(() -> V6.udp(1, 2).udpChecksum(false).build()).hasMessageContaining("IPv6 UDP");
        assertThatThrownBy(() -> V4.tcp(1, 2).udpChecksum(false).build()).hasMessageContaining("udpChecksum");
        assertThatThrownBy(() -> V6.icmpFragmentationNeeded(1400, new byte[0]).build())
                .hasMessageContaining("fragmentation needed").hasMessageContaining("IPv6");
        assertThatThrownBy(() -> V4.icmpPacketTooBig(1280, new byte[0]).build()).hasMessageContaining("packet too big");
        assertThatThrownBy(() -> V4.identification(70000).udp(1, 2).build()).hasMessageContaining("70000");
        assertThatThrownBy(V4::build).hasMessageContaining("no transport");
        assertThatThrownBy(() -> Packet.builder().udp(1, 2).buildIp()).hasMessageContaining("no IP addresses");
        assertThatThrownBy(() -> Packet.builder().build()).hasMessageContaining("EtherType");
        assertThatThrownBy(() -> V4.udp(1, 2).payload(new byte[65600]).build()).hasMessageContaining("65535");
    }

    @Test
    void anExplicitEtherTypeOverridesTheOneTheIpVersionImplies() {
        byte[] frame = V4.udp(1, 2).etherType(0x86dd).build();
        assertThat(frame[12]).isEqualTo((byte) 0x86);
        assertThatThrownBy(() -> Packet.parse(frame)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("IP version at offset 14");
    }
}
