package dev.blixt.internal.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowHashTest {

    /** Known answers computed by a C program hashing the C struct layout given in FlowHash's javadoc. */
    @Test
    void matchesTheKnownAnswersComputedInC() throws UnknownHostException {
        InetAddress client4 = InetAddress.getByName("192.0.2.1");
        InetAddress vip4 = InetAddress.getByName("203.0.113.10");
        assertThat(FlowHash.hash(client4, vip4, 40000, 80, 6, 0)).isEqualTo(0xeeaace18);
        assertThat(FlowHash.hash(client4, vip4, 40000, 80, 6, 42)).isEqualTo(0x10187fe9);
        assertThat(FlowHash.hash(client4, vip4, 65535, 53, 17, 0x9747b28c)).isEqualTo(0x612cad5b);

        InetAddress client6 = InetAddress.getByName("2001:db8::1");
        InetAddress vip6 = InetAddress.getByName("2001:db8:1::10");
        assertThat(FlowHash.hash(client6, vip6, 12345, 443, 6, 0)).isEqualTo(0xb0660e3d);
        assertThat(FlowHash.hash(client6, vip6, 12345, 443, 6, 42)).isEqualTo(0x9d9679a4);
    }

    @Test
    void isMurmur3OverTheDocumentedByteString() {
        qt().withExamples(500)
                .forAll(booleans().all(), longs().all(), integers().between(0, 0xffff), integers().between(0, 0xffff))
                .checkAssert((ipv6, random, srcPort, dstPort) -> {
                    Random r = new Random(random);
                    byte[] src = new byte[ipv6 ? 16 : 4];
                    byte[] dst = new byte[src.length];
                    r.nextBytes(src);
                    r.nextBytes(dst);
                    int protocol = r.nextInt(256);
                    int seed = r.nextInt();
                    ByteBuffer key = ByteBuffer.allocate(2 * src.length + 8) // big-endian by default
                            .put(src).put(dst).putShort((short) (int) srcPort).putShort((short) (int) dstPort)
                            .put((byte) protocol).put(new byte[3]);
                    assertThat(key.position()).isEqualTo(ipv6 ? FlowHash.IPV6_KEY_LENGTH : FlowHash.IPV4_KEY_LENGTH);
                    assertThat(FlowHash.hash(src, dst, srcPort, dstPort, protocol, seed))
                            .isEqualTo(Murmur3.hash32(key.array(), seed));
                });
    }

    @Test
    void theInetAddressOverloadHashesTheAddressBytes() throws UnknownHostException {
        InetAddress a = InetAddress.getByName("198.51.100.7");
        InetAddress b = InetAddress.getByName("198.51.100.200");
        assertThat(FlowHash.hash(a, b, 1, 2, 17, 7))
                .isEqualTo(FlowHash.hash(a.getAddress(), b.getAddress(), 1, 2, 17, 7));
        InetAddress c = InetAddress.getByName("fe80::1");
        InetAddress d = InetAddress.getByName("fe80::2");
        assertThat(FlowHash.hash(c, d, 1, 2, 58, 7))
                .isEqualTo(FlowHash.hash(c.getAddress(), d.getAddress(), 1, 2, 58, 7));
    }

    @Test
    void mixedAddressFamiliesAreRejected() throws UnknownHostException {
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        assertThatThrownBy(() -> FlowHash.hash(v4, v6, 1, 2, 6, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 and 16 bytes");
        assertThatThrownBy(() -> FlowHash.hash(new byte[5], new byte[5], 1, 2, 6, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 and 5 bytes");
    }

    @Test
    void outOfRangePortsAndProtocolsAreRejected() {
        byte[] a = new byte[4];
        assertThatThrownBy(() -> FlowHash.hash(a, a, 65536, 2, 6, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("srcPort").hasMessageContaining("65536");
        assertThatThrownBy(() -> FlowHash.hash(a, a, 1, -1, 6, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dstPort").hasMessageContaining("-1");
        assertThatThrownBy(() -> FlowHash.hash(a, a, 1, 2, 256, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol").hasMessageContaining("256");
    }

    @Test
    void slotIsTheUnsignedRemainder() {
        qt().forAll(integers().all(), integers().between(1, Integer.MAX_VALUE)).checkAssert((hash, ringSize) -> {
            int slot = FlowHash.slot(hash, ringSize);
            assertThat(slot).isBetween(0, ringSize - 1).isEqualTo((int) ((hash & 0xffffffffL) % ringSize));
        });
        assertThat(FlowHash.slot(0xffffffff, 65537)).isEqualTo((int) (0xffffffffL % 65537));
    }

    @Test
    void slotRejectsAnEmptyRing() {
        assertThatThrownBy(() -> FlowHash.slot(1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
