package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Blixt's IPv4 wire form and the text forms. */
class AddressesTest {

    @Test
    void theWireNumberIsTheBigEndianDottedQuad() {
        assertThat(Addresses.fromWire(0x0A60000A).getHostAddress()).isEqualTo("10.96.0.10");
        assertThat(Addresses.fromWire(0xC0A80001).getHostAddress()).isEqualTo("192.168.0.1");
        assertThat(Addresses.toWire(InetAddress.ofLiteral("255.255.255.254"))).isEqualTo(0xFFFFFFFE);
        assertThat(Addresses.wireText(0xC0A80001)).isEqualTo("192.168.0.1");
    }

    @Test
    void everyWireNumberRoundTripsAndPrintsAsTheJdkDoes() {
        qt().forAll(integers().all()).check(n -> Addresses.toWire(Addresses.fromWire(n)) == n
                && Addresses.wireText(n).equals(Addresses.fromWire(n).getHostAddress()));
    }

    @Test
    void ipv6IsNotBlixtWire() {
        assertThatThrownBy(() -> Addresses.toWire(InetAddress.ofLiteral("2001:db8::1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2001:db8::1 is not an IPv4 address");
    }

    @Test
    void ipv6TextIsTheRfc5952Form() {
        assertThat(Addresses.text(InetAddress.ofLiteral("2001:DB8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
        assertThat(Addresses.text(InetAddress.ofLiteral("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Addresses.text(InetAddress.ofLiteral("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.text(InetAddress.ofLiteral("2001:db8:1:1:1:1:0:1"))).isEqualTo("2001:db8:1:1:1:1:0:1");
        assertThat(Addresses.text(InetAddress.ofLiteral("::"))).isEqualTo("::");
        assertThat(Addresses.text(InetAddress.ofLiteral("::1"))).isEqualTo("::1");
        assertThat(Addresses.text(InetAddress.ofLiteral("fe80::"))).isEqualTo("fe80::");
        assertThat(Addresses.text(InetAddress.ofLiteral("2001:db8::1"), 443)).isEqualTo("[2001:db8::1]:443");
    }

    @Test
    void ipv6TextParsesBackToTheSameAddress() {
        qt().forAll(integers().all(), integers().all(), integers().between(0, 7), integers().between(0, 8))
                .check((hi, lo, zeroStart, zeroLen) -> {
                    byte[] b = new byte[16];
                    for (int i = 0; i < 4; i++) {
                        b[i] = (byte) (hi >>> (8 * i));
                        b[15 - i] = (byte) (lo >>> (8 * i));
                    }
                    for (int g = zeroStart; g < Math.min(8, zeroStart + zeroLen); g++) {
                        b[2 * g] = 0;
                        b[2 * g + 1] = 0;
                    }
                    try {
                        InetAddress a = InetAddress.getByAddress(b);
                        return InetAddress.ofLiteral(Addresses.text(a)).equals(a);
                    } catch (java.net.UnknownHostException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void parsingAcceptsLiteralsOnlyAndNamesTheField() {
        assertThat(Addresses.parse("[2001:db8::1]", "x").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThatThrownBy(() -> Addresses.parse("localhost", "vip.address"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vip.address 'localhost' is not an IPv4 or IPv6 literal");
    }
}
