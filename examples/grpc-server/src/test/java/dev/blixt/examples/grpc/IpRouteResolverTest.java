package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetInterfaceIndex's lookup through iproute2. */
class IpRouteResolverTest {

    private static IpRouteResolver fakeIp(String script, Path sys) {
        return new IpRouteResolver(List.of("sh", "-c", script, "ip"), sys, Duration.ofSeconds(5));
    }

    @Test
    void theRouteToLoopbackLeavesByLo() throws Exception {
        int lo = NetworkInterface.getByName("lo").getIndex();

        assertThat(new IpRouteResolver().ifindexOf(InetAddress.ofLiteral("127.0.0.1"))).isEqualTo(lo);
    }

    @Test
    void theDeviceComesFromIpsJsonAndTheIndexFromSysfs(@TempDir Path sys) throws Exception {
        Files.createDirectories(sys.resolve("veth7"));
        Files.writeString(sys.resolve("veth7/ifindex"), "17\n");
        IpRouteResolver r = fakeIp("echo '[{\"dst\":\"10.244.1.5\",\"gateway\":\"10.0.0.1\",\"dev\":\"veth7\",\"prefsrc\":\"10.0.0.2\"}]'", sys);

        assertThat(r.ifindexOf(InetAddress.ofLiteral("10.244.1.5"))).isEqualTo(17);
    }

    @Test
    void ipsErrorIsTheReason(@TempDir Path sys) {
        IpRouteResolver r = fakeIp("echo 'RTNETLINK answers: Network is unreachable' >&2; exit 2", sys);

        assertThatThrownBy(() -> r.ifindexOf(InetAddress.ofLiteral("192.0.2.1")))
                .isInstanceOf(InterfaceResolver.LookupException.class)
                .hasMessage("RTNETLINK answers: Network is unreachable");
    }

    @Test
    void aMissingIpCommandSaysToInstallIproute2(@TempDir Path sys) {
        IpRouteResolver r = new IpRouteResolver(List.of("/nonexistent/ip"), sys, Duration.ofSeconds(5));

        assertThatThrownBy(() -> r.ifindexOf(InetAddress.ofLiteral("192.0.2.1")))
                .isInstanceOf(InterfaceResolver.LookupException.class)
                .hasMessageContaining("is iproute2 installed?");
    }

    @Test
    void aDeviceWithoutIndexIsAnError(@TempDir Path sys) {
        IpRouteResolver r = fakeIp("echo '[{\"dst\":\"10.0.0.1\",\"dev\":\"gone0\"}]'", sys);

        assertThatThrownBy(() -> r.ifindexOf(InetAddress.ofLiteral("10.0.0.1")))
                .isInstanceOf(InterfaceResolver.LookupException.class)
                .hasMessageContaining("the route leaves by gone0 but its index cannot be read");
    }

    @Test
    void aHangingIpIsStopped(@TempDir Path sys) {
        IpRouteResolver r = new IpRouteResolver(List.of("sh", "-c", "sleep 30", "ip"), sys, Duration.ofMillis(200));

        assertThatThrownBy(() -> r.ifindexOf(InetAddress.ofLiteral("10.0.0.1")))
                .isInstanceOf(InterfaceResolver.LookupException.class)
                .hasMessageContaining("did not finish within");
    }
}
