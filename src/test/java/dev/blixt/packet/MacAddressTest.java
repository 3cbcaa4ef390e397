package dev.blixt.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void parsesAndPrintsTheColonForm() {
        MacAddress mac = MacAddress.parse("02:00:0A:bc:00:01");
        assertThat(mac.value()).isEqualTo(0x02000abc0001L);
        assertThat(mac).hasToString("02:00:0a:bc:00:01");
        assertThat(mac.bytes()).containsExactly(0x02, 0x00, 0x0a, 0xbc, 0x00, 0x01);
        assertThat(MacAddress.parse("02-00-0a-bc-00-01")).isEqualTo(mac);
    }

    @Test
    void roundTripsThroughTextAndBytes() {
        qt().forAll(longs().between(0, 0xffff_ffff_ffffL)).checkAssert(v -> {
            MacAddress mac = new MacAddress(v);
            assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
            assertThat(MacAddress.of(mac.bytes())).isEqualTo(mac);
        });
    }

    @Test
    void rejectsMalformedInputNamingIt() {
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:01")).hasMessageContaining("02:00:00:00:01");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00:1g")).hasMessageContaining("1g");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00:+1")).hasMessageContaining("+1");
        assertThatThrownBy(() -> MacAddress.of(new byte[5])).hasMessageContaining("5");
        assertThatThrownBy(() -> new MacAddress(1L << 48)).hasMessageContaining("0x1000000000000");
        assertThatThrownBy(() -> new MacAddress(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
