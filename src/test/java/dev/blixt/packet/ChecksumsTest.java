package dev.blixt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void sumMatchesTheWorkedExampleOfRfc1071() {
        // RFC 1071 section 3: 0001 + f203 + f4f5 + f6f7 = 2ddf0, folded ddf2.
        assertThat(Checksums.sum(hex("0001f203f4f5f6f7"), 0, 8)).isEqualTo(0xddf2);
    }

    @Test
    void sumPadsAnOddLastByteWithZero() {
        assertThat(Checksums.sum(hex("0001f203f4f5f6"), 0, 7)).isEqualTo(Checksums.sum(hex("0001f203f4f5f600"), 0, 8));
        assertThat(Checksums.sum(hex("ab"), 0, 1)).isEqualTo(0xab00);
    }

    @Test
    void sumOfAnEmptyRangeIsZero() {
        assertThat(Checksums.sum(new byte[4], 2, 0)).isZero();
    }

    @Test
    void addCarriesAroundTheEnd() {
        assertThat(Checksums.add(0xffff, 0x0001)).isEqualTo(0x0001);
        assertThat(Checksums.add(0x8000, 0x8000)).isEqualTo(0x0001);
        assertThat(Checksums.add(0x1234, 0x0000)).isEqualTo(0x1234);
    }

    @Test
    void ipv4HeaderChecksumIgnoresTheStoredValue() {
        // Header of the Scapy-built IPv4/UDP frame of KnownAnswerTest, checksum 0x67ca.
        byte[] header = hex("45000021000000003f1167ca0a0000010a000002");
        assertThat(Checksums.ipv4Header(header, 0)).isEqualTo(0x67ca);
        header[10] = 0x12;
        header[11] = 0x34;
        assertThat(Checksums.ipv4Header(header, 0)).isEqualTo(0x67ca);
    }

    @Test
    void ipv4HeaderRejectsAnIhlBelowFive() {
        assertThatThrownBy(() -> Checksums.ipv4Header(hex("44000000"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IHL");
    }

    @Test
    void transportMatchesTheScapyUdpChecksum() {
        byte[] udp = hex("14e90035000d0000" + "68656c6c6f");
        int checksum = Checksums.transport(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("10.0.0.2"),
                Packet.UDP, udp, 0, udp.length);
        assertThat(checksum).isEqualTo(0x92e1);
    }

    @Test
    void transportSendsAZeroUdpChecksumAs0xffff() {
        // Pick the payload word so that the sum without the checksum is 0xffff: ~sum would be 0.
        InetAddress a = InetAddress.ofLiteral("10.0.0.1");
        InetAddress b = InetAddress.ofLiteral("10.0.0.2");
        byte[] udp = hex("00010002000a00000000");
        int partial = Checksums.add(Checksums.pseudoHeaderSum(a, b, Packet.UDP, udp.length),
                Checksums.sum(udp, 0, udp.length));
        int word = 0xffff - partial;
        udp[8] = (byte) (word >>> 8);
        udp[9] = (byte) word;
        assertThat(Checksums.transport(a, b, Packet.UDP, udp, 0, udp.length)).isEqualTo(0xffff);
    }

    @Test
    void ipv6PseudoHeaderCarriesA32BitLength() {
        InetAddress a = InetAddress.ofLiteral("2001:db8::1");
        InetAddress b = InetAddress.ofLiteral("2001:db8::2");
        int small = Checksums.pseudoHeaderSum(a, b, Packet.UDP, 0x0001);
        int large = Checksums.pseudoHeaderSum(a, b, Packet.UDP, 0x10000);
        assertThat(large).isEqualTo(small);
    }

    @Test
    void transportRejectsIcmpv4AndMixedFamilies() {
        InetAddress v4 = InetAddress.ofLiteral("10.0.0.1");
        InetAddress v6 = InetAddress.ofLiteral("2001:db8::1");
        assertThatThrownBy(() -> Checksums.transport(v4, v4, Packet.ICMP, new byte[8], 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol 1");
        assertThatThrownBy(() -> Checksums.transport(v4, v6, Packet.UDP, new byte[8], 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4");
    }

    @Test
    void storingTheComputedChecksumMakesTheSumNegativeZero() {
        qt().forAll(integers().between(8, 200), integers().all()).checkAssert((length, seed) -> {
            byte[] msg = new byte[length];
            new java.util.Random(seed).nextBytes(msg);
            int checksum = Checksums.icmpv4(msg, 0, length);
            msg[2] = (byte) (checksum >>> 8);
            msg[3] = (byte) checksum;
            assertThat(Checksums.sum(msg, 0, length)).isEqualTo(0xffff);
        });
    }
}
