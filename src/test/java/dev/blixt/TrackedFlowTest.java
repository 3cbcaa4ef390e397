package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link TrackedFlow}'s validation and derived values (no kernel needed). */
class TrackedFlowTest {
    static final Vip VIP = Vip.udp("203.0.113.10", 53);
    static final Backend B = Backend.of("198.18.1.2", 5353);
    static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.ofLiteral("198.51.100.7"), 40000);

    @Test
    void derivesItsProtocolAndFlow() {
        TrackedFlow f = new TrackedFlow(VIP, CLIENT, 53, B, ForwardingMode.NAT, Optional.of(Duration.ofSeconds(1)),
                Optional.empty());
        assertThat(f.protocol()).isEqualTo(Protocol.UDP);
        assertThat(f.flow()).isEqualTo(new Flow(CLIENT.getAddress(), 40000, 53));
    }

    @Test
    void refusesInconsistentFields() {
        assertThatThrownBy(() -> new TrackedFlow(VIP, new InetSocketAddress(InetAddress.ofLiteral("2001:db8::7"), 1), 53, B,
                ForwardingMode.NAT, Optional.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("family");
        assertThatThrownBy(() -> new TrackedFlow(VIP, InetSocketAddress.createUnresolved("client.example", 1), 53, B,
                ForwardingMode.NAT, Optional.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unresolved");
        assertThatThrownBy(() -> new TrackedFlow(VIP, CLIENT, 70000, B, ForwardingMode.NAT, Optional.empty(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrackedFlow(VIP, CLIENT, 53, B, ForwardingMode.NAT,
                Optional.of(Duration.ofSeconds(-1)), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrackedFlow(VIP, CLIENT, 53, null, ForwardingMode.NAT, Optional.empty(),
                Optional.empty())).isInstanceOf(NullPointerException.class);
    }
}
