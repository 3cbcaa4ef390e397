package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of the API's value types and of the configuration builder. */
class ValueTypesTest {
    @Test
    void vipsParseLiteralsOnlyAndValidatePorts() {
        assertThat(Vip.tcp("203.0.113.10", 80)).isEqualTo(Vip.of(InetAddress.ofLiteral("203.0.113.10"), 80, Protocol.TCP));
        assertThat(Vip.udp("2001:db8:f::1", 53).isIpv6()).isTrue();
        assertThat(Vip.tcp("203.0.113.10", 80)).hasToString("tcp://203.0.113.10:80");
        assertThat(Vip.udp("2001:db8:f::1", 53)).hasToString("udp://[2001:db8:f:0:0:0:0:1]:53");
        assertThatThrownBy(() -> Vip.tcp("example.com", 80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'example.com'");
        assertThatThrownBy(() -> Vip.tcp("203.0.113.10", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> Vip.tcp("203.0.113.10", -1)).hasMessageContaining("-1");
        // addresses whose packets never arrive from the network, or that are no one host's
        for (String a : List.of("127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "255.255.255.255", "224.0.0.1",
                "ff02::1")) {
            assertThatThrownBy(() -> Vip.udp(a, 53)).as(a).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be a VIP address").hasMessageContaining("unicast address routed");
        }
        assertThatThrownBy(() -> Vip.tcp("127.0.0.1", 80)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> Vip.tcp("255.255.255.255", 80)).hasMessageContaining("broadcast");
    }

    @Test
    void backendsHaveAnIdentityAndAWeight() {
        Backend b = Backend.of("198.18.1.2", 8080);
        assertThat(b.weight()).isEqualTo(1);
        assertThat(b.weight(3).key()).isEqualTo(b.key()).isEqualTo("198.18.1.2:8080");
        assertThat(b.weight(3)).isNotEqualTo(b);
        assertThatThrownBy(() -> b.weight(-1)).hasMessageContaining("-1").hasMessageContaining("198.18.1.2:8080");
        assertThatThrownBy(() -> b.weight(65536)).hasMessageContaining("65536");
        assertThat(Backend.of("2001:db8::2", 80).key()).isEqualTo("[2001:db8:0:0:0:0:0:2]:80");
    }

    @Test
    void endpointsAreABackendWithoutItsWeight() {
        Backend b = Backend.of("198.18.1.2", 8080);
        assertThat(b.weight(3).endpoint()).isEqualTo(b.endpoint()).isEqualTo(Endpoint.of("198.18.1.2", 8080));
        assertThat(b.endpoint()).hasToString(b.key());
        assertThat(Endpoint.of("2001:db8::2", 0)).hasToString("[2001:db8:0:0:0:0:0:2]:0");
        assertThatThrownBy(() -> Endpoint.of("198.18.1.2", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> Endpoint.of("example.com", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routesCopyTheirBackendsAndFindByIdentity() {
        Backend b = Backend.of("198.18.1.2", 8080).weight(0);
        var list = new java.util.ArrayList<>(java.util.List.of(b));
        Route r = new Route(Vip.tcp("203.0.113.10", 80), list);
        list.clear();
        assertThat(r.backends()).containsExactly(b);
        assertThat(r.find(Backend.of("198.18.1.2", 8080))).contains(b);
        assertThat(r.find(Backend.of("198.18.1.3", 8080))).isEmpty();
    }

    @Test
    void configDefaultsAreDocumented() {
        DataplaneConfig c = DataplaneConfig.defaults();
        assertThat(c.interfaces()).isEmpty();
        assertThat(c.attachMode()).isEqualTo(AttachMode.AUTO);
        assertThat(c.maxVips()).isEqualTo(DataplaneConfig.DEFAULT_MAX_VIPS);
        assertThat(c.ringSize()).isEqualTo(65537);
        assertThat(c.udpIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.pinPath()).isEmpty();
        assertThat(c.icmpEcho()).isTrue();
        assertThat(c.fragmentPolicy()).isEqualTo(DataplaneConfig.FragmentPolicy.DROP);
    }

    @Test
    void configBuilderValidatesEagerlyAndRefusesSettingTwice() {
        DataplaneConfig.Builder b = DataplaneConfig.builder().maxVips(16);
        assertThatThrownBy(() -> b.maxVips(32)).isInstanceOf(IllegalStateException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> DataplaneConfig.builder().ringSize(65536))
                .hasMessageContaining("65536").hasMessageContaining("65537");
        assertThatThrownBy(() -> DataplaneConfig.builder().interfaces("eth0", "eth0")).hasMessageContaining("repeated");
        assertThatThrownBy(() -> DataplaneConfig.builder().interfaces("bad name")).hasMessageContaining("bad name");
        assertThatThrownBy(() -> DataplaneConfig.builder().pinPath(Path.of("relative"))).hasMessageContaining("relative");
        assertThatThrownBy(() -> DataplaneConfig.builder().udpIdleTimeout(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> DataplaneConfig.builder().maxVips(65536).ringSize(65537).build())
                .hasMessageContaining("ring slots");
        DataplaneConfig c = DataplaneConfig.builder().interfaces("veth0", "veth1").hashSeed(7).build();
        assertThat(c.toBuilder().hashSeed(8).build().hashSeed()).isEqualTo(8);
        assertThat(c.toBuilder().build().interfaces()).containsExactly("veth0", "veth1");
    }

    @Test
    void filterBucketMatchesTheCDefinition() {
        // fold = 0xA0B1C2D3 read little-endian from bytes d3 c2 b1 a0; bucket = (fold * 0x9E3779B1) >>> 16.
        InetAddress a = InetAddress.ofLiteral("211.194.177.160");
        int fold = 0xA0B1C2D3;
        assertThat(RouteEngine.filterBucket(a)).isEqualTo((fold * 0x9E3779B1) >>> 16);
        assertThat(RouteEngine.filterBucket(InetAddress.ofLiteral("::"))).isZero();
    }
}
