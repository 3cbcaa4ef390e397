package dev.blixt.packet;

import static dev.blixt.packet.KnownAnswerTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {
    private static final List<String> FRAMES = List.of(KnownAnswerTest.IPV4_TCP, KnownAnswerTest.IPV4_UDP_VLAN,
            KnownAnswerTest.IPV6_UDP, KnownAnswerTest.ICMP4_ECHO, KnownAnswerTest.ICMP6_ECHO,
            KnownAnswerTest.ICMP4_FRAG_NEEDED, KnownAnswerTest.ICMP6_PTB, KnownAnswerTest.IPV6_FRAGMENT_UDP);

    @Test
    void truncationAtEveryLengthThrowsTheDocumentedException() {
        for (String h : FRAMES) {
            byte[] frame = hex(h);
            for (int n = 0; n < frame.length; n++) {
                byte[] prefix = Arrays.copyOf(frame, n);
                assertThatThrownBy(() -> Packet.parse(prefix)).as("%s cut at %d", h, n)
                        .isInstanceOf(MalformedPacketException.class).hasMessageContaining(" at offset ");
            }
            int l3 = Packet.parse(frame).l3Offset();
            for (int n = 0; n < frame.length - l3; n++) {
                byte[] prefix = Arrays.copyOfRange(frame, l3, l3 + n);
                assertThatThrownBy(() -> Packet.parseIp(prefix)).as("%s IP cut at %d", h, n)
                        .isInstanceOf(MalformedPacketException.class);
            }
        }
    }

    @Test
    void theExceptionNamesTheFieldAndItsOffset() {
        byte[] frame = hex(KnownAnswerTest.IPV4_TCP);
        MalformedPacketException e = catchMalformed(Arrays.copyOf(frame, 50));
        assertThat(e.field()).isEqualTo("IPv4 total length");
        assertThat(e.offset()).isEqualTo(16);
        assertThat(e).hasMessage("IPv4 total length at offset 16: says 53 bytes from offset 14, only 36 present");

        byte[] shortTcp = Packet.builder().ipv4("192.0.2.1", "192.0.2.2").protocol(Packet.TCP).payload(new byte[12]).build();
        assertThat(catchMalformed(shortTcp)).hasMessage("TCP header at offset 34: needs 20 bytes, only 12 present");
    }

    private static MalformedPacketException catchMalformed(byte[] frame) {
        try {
            Packet.parse(frame);
        } catch (MalformedPacketException e) {
            return e;
        }
        return fail("parsed without error: " + Packet.hex(frame));
    }

    @Test
    void inconsistentHeadersAreRejected() {
        byte[] ihl = hex(KnownAnswerTest.ICMP4_ECHO);
        ihl[14] = 0x44;
        assertThat(catchMalformed(ihl).field()).isEqualTo("IPv4 IHL");

        byte[] version = hex(KnownAnswerTest.ICMP4_ECHO);
        version[14] = 0x55;
        assertThat(catchMalformed(version).field()).isEqualTo("IP version");

        byte[] totalLength = hex(KnownAnswerTest.ICMP4_ECHO);
        totalLength[17] = 10;
        assertThat(catchMalformed(totalLength).field()).isEqualTo("IPv4 total length");

        byte[] udpLength = hex(KnownAnswerTest.IPV4_UDP_VLAN);
        udpLength[18 + 20 + 5] = 60;
        assertThat(catchMalformed(udpLength).field()).isEqualTo("UDP length");
        udpLength[18 + 20 + 5] = 7;
        assertThat(catchMalformed(udpLength).field()).isEqualTo("UDP length");

        byte[] dataOffset = hex(KnownAnswerTest.IPV4_TCP);
        dataOffset[38 + 12] = 0x40;
        assertThat(catchMalformed(dataOffset).field()).isEqualTo("TCP data offset");
        dataOffset[38 + 12] = (byte) 0xf0;
        assertThat(catchMalformed(dataOffset).field()).isEqualTo("TCP header with options");

        byte[] ipv6Length = hex(KnownAnswerTest.IPV6_UDP);
        ipv6Length[19] = 0x20;
        assertThat(catchMalformed(ipv6Length).field()).isEqualTo("IPv6 payload length");
    }

    @Test
    void ethernetPaddingAfterTheIpPacketIsIgnored() {
        byte[] frame = Packet.builder().ipv4("192.0.2.1", "192.0.2.2").udp(1, 2).payload(new byte[] {5}).build();
        byte[] padded = Arrays.copyOf(frame, 60);
        Arrays.fill(padded, frame.length, 60, (byte) 0xee);
        ParsedPacket p = Packet.parse(padded);
        assertThat(p.payload()).containsExactly(5);
        assertThat(p.checksumsValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {KnownAnswerTest.IPV4_TCP, KnownAnswerTest.IPV4_UDP_VLAN, KnownAnswerTest.ICMP4_ECHO,
            KnownAnswerTest.ICMP4_FRAG_NEEDED})
    void corruptingAnyIpv4HeaderOrTransportByteInvalidatesAChecksum(String h) {
        byte[] frame = hex(h);
        int l3 = Packet.parse(frame).l3Offset();
        assertCorruptionDetected(frame, IntStream.range(l3, frame.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {KnownAnswerTest.IPV6_UDP, KnownAnswerTest.ICMP6_ECHO, KnownAnswerTest.ICMP6_PTB})
    void corruptingAnyIpv6ByteCoveredByThePseudoHeaderOrTransportInvalidatesAChecksum(String h) {
        byte[] frame = hex(h);
        // Payload length, addresses and everything after the IPv6 header. IPv6 has no header checksum: version,
        // traffic class, flow label and hop limit are covered by none, and a next header changed to a protocol
        // without checksum (17 -> 16) leaves nothing to verify.
        IntStream covered = IntStream.concat(IntStream.of(18, 19), IntStream.range(22, frame.length));
        assertCorruptionDetected(frame, covered);
    }

    private static void assertCorruptionDetected(byte[] frame, IntStream offsets) {
        offsets.forEach(i -> {
            for (int flip : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = frame.clone();
                bad[i] ^= (byte) flip;
                boolean detected;
                try {
                    detected = !Packet.parse(bad).checksumsValid();
                } catch (MalformedPacketException e) {
                    detected = true;
                }
                assertThat(detected).as("byte %d xor 0x%02x in\n%s", i, flip, Packet.hex(frame)).isTrue();
            }
        });
    }

    @Test
    void aQuoteCutToTheRfc792MinimumStillYieldsTheInnerTuple() {
        byte[] inner = Packet.builder().ipv4("203.0.113.10", "198.51.100.7").tcp(80, 40000).ack().seq(7)
                .payload(new byte[100]).buildIp();
        byte[] quote = Arrays.copyOf(inner, 28);
        ParsedPacket p = Packet.parse(Packet.builder().ipv4("192.0.2.254", "203.0.113.10")
                .icmpError(3, 3, quote).build());
        assertThat(p.icmpCode()).isEqualTo(3);
        assertThatThrownBy(p::icmpMtu).isInstanceOf(IllegalStateException.class);
        ParsedPacket q = p.inner().orElseThrow();
        assertThat(q.truncated()).isTrue();
        assertThat(q.ipTotalLength()).isEqualTo(inner.length);
        assertThat(q.src()).isEqualTo(InetAddress.ofLiteral("203.0.113.10"));
        assertThat(q.srcPort()).isEqualTo(80);
        assertThat(q.dstPort()).isEqualTo(40000);
        assertThat(q.seq()).isEqualTo(7);
        assertThatThrownBy(q::tcpFlags).isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
        assertThatThrownBy(q::l4Checksum).isInstanceOf(IllegalStateException.class);
        assertThat(q.payload()).isEmpty();
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void innerChecksumErrorsAreReportedWithTheirDepth() {
        byte[] inner = Packet.builder().ipv4("203.0.113.10", "198.51.100.7").udp(53, 40000).badL4Checksum()
                .payload(new byte[4]).buildIp();
        byte[] frame = Packet.builder().ipv4("192.0.2.254", "203.0.113.10").icmpFragmentationNeeded(1400, inner).build();
        List<ChecksumError> errors = Packet.parse(frame).checksumErrors();
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().kind()).isEqualTo(ChecksumError.Kind.UDP);
        assertThat(errors.getFirst().depth()).isEqualTo(1);
        assertThat(errors.getFirst().offset()).isEqualTo(14 + 20 + 8 + 20 + 6);
        assertThat(errors.getFirst()).hasToString(String.format("inner(1) UDP checksum at offset 68: found 0x%04x,"
                + " expected 0x%04x", errors.getFirst().found(), errors.getFirst().expected()));

        byte[] truncatedBadHeader = Arrays.copyOf(Packet.builder().ipv4("203.0.113.10", "198.51.100.7")
                .badIpv4Checksum().udp(53, 40000).buildIp(), 28);
        assertThat(Packet.parse(Packet.builder().ipv4("192.0.2.254", "203.0.113.10")
                .icmpPortUnreachable(truncatedBadHeader).build()).checksumErrors())
                .extracting(ChecksumError::kind, ChecksumError::depth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ChecksumError.Kind.IPV4_HEADER, 1));
    }

    @Test
    void aQuoteShorterThanItsIpHeaderIsMalformed() {
        byte[] inner = Packet.builder().ipv6("2001:db8::10", "2001:db8::7").udp(1, 2).buildIp();
        byte[] frame = Packet.builder().ipv6("2001:db8::fe", "2001:db8::10")
                .icmpPacketTooBig(1280, Arrays.copyOf(inner, 30)).build();
        MalformedPacketException e = catchMalformed(frame);
        assertThat(e.field()).isEqualTo("inner IPv6 header");
        assertThat(e.offset()).isEqualTo(14 + 40 + 8);
    }

    @Test
    void ipv6ExtensionHeadersBeforeTheTransportAreSkipped() {
        byte[] udp = Packet.builder().ipv6("2001:db8::1", "2001:db8::2").udp(1, 2).payload(new byte[] {1, 2, 3}).buildIp();
        byte[] withHopByHop = new byte[udp.length + 8];
        System.arraycopy(udp, 0, withHopByHop, 0, 40);
        System.arraycopy(udp, 40, withHopByHop, 48, udp.length - 40);
        withHopByHop[6] = 0; // next header: hop-by-hop options
        withHopByHop[40] = Packet.UDP;
        withHopByHop[42] = 1; // PadN option filling the 8 bytes
        withHopByHop[43] = 4;
        withHopByHop[5] = (byte) (withHopByHop[5] + 8);
        ParsedPacket p = Packet.parseIp(withHopByHop);
        assertThat(p.protocol()).isEqualTo(Packet.UDP);
        assertThat(p.ipHeaderLength()).isEqualTo(48);
        assertThat(p.l4Offset()).isEqualTo(48);
        assertThat(p.payload()).containsExactly(1, 2, 3);
        assertThat(p.checksumsValid()).isTrue();
    }

    @Test
    void accessorsForAbsentFieldsThrowIllegalState() {
        ParsedPacket icmp = Packet.parseIp(Packet.builder().ipv4("192.0.2.1", "192.0.2.2").icmpEcho(1, 2).buildIp());
        assertThatThrownBy(icmp::srcPort).isInstanceOf(IllegalStateException.class).hasMessageContaining("source port");
        assertThatThrownBy(icmp::srcMac).isInstanceOf(IllegalStateException.class).hasMessageContaining("Ethernet");
        assertThatThrownBy(icmp::udpLength).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(icmp::flowLabel).isInstanceOf(IllegalStateException.class);
        ParsedPacket udp = Packet.parseIp(Packet.builder().ipv6("2001:db8::1", "2001:db8::2").udp(1, 2).buildIp());
        assertThatThrownBy(udp::icmpType).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(udp::seq).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(udp::identification).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(udp::ipv4Options).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringSummarizesThePacket() {
        ParsedPacket p = Packet.parse(Packet.builder().vlan(5).ipv4("198.51.100.7", "203.0.113.10").tcp(40000, 80).syn()
                .build());
        assertThat(p).hasToString(
                "02:00:00:00:00:01 > 02:00:00:00:00:02 vlan 5 IPv4 198.51.100.7:40000 > 203.0.113.10:80 TCP [SYN] ttl 64");
    }

    @Test
    void hexAndDiffFormatBytesForFailureMessages() {
        byte[] a = new byte[20];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i;
        }
        assertThat(Packet.hex(a)).isEqualTo(
                "0000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f\n0010  10 11 12 13");
        assertThat(Packet.diff(a, a.clone())).isEqualTo("identical");
        byte[] b = a.clone();
        b[17] = 0x7f;
        assertThat(Packet.diff(a, b)).startsWith("first difference at offset 17 (0x0011): expected 11, actual 7f;");
        assertThat(Packet.diff(a, Arrays.copyOf(a, 10))).startsWith("one is a prefix of the other; lengths 20 and 10");
    }
}
