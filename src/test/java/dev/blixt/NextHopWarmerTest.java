package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.internal.libbpf.Rtnetlink;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The next hops of full-NAT backends are resolved by the kernel when asked: the route lookup finds the
 * interface and the neighbour (the backend itself on its link, the gateway behind it), and the
 * neighbour entry appears and resolves, with nothing else sent there by the test.
 */
@Privileged
class NextHopWarmerTest {
    TestNetns net;

    @BeforeEach
    void topology() {
        net = TestNetns.create();
    }

    @AfterEach
    void close() {
        net.close();
    }

    private String neighbours() {
        return TestNetns.ip(net.nsA(), "neigh", "show", "dev", net.vethA());
    }

    @Test
    void aBackendOnTheLinkAndOneBehindAGatewayGetTheirNeighbourResolved() throws Exception {
        String[] o = net.addressB().split("\\.");
        String far = "10.77." + o[2] + ".9";
        TestNetns.ip(net.nsA(), "route", "add", far + "/32", "via", net.addressB());
        int ifindex = Integer.parseInt(TestNetns.ip(net.nsA(), "-o", "link", "show", net.vethA()).split(":")[0].trim());
        Optional<Rtnetlink.NextHop> onLink = NetNamespace.callIn(net.nsA(),
                () -> Rtnetlink.routeTo(InetAddress.ofLiteral(net.addressB()).getAddress()));
        assertThat(onLink).map(Rtnetlink.NextHop::ifindex).contains(ifindex);
        assertThat(InetAddress.getByAddress(onLink.orElseThrow().address())).isEqualTo(InetAddress.ofLiteral(net.addressB()));
        Optional<Rtnetlink.NextHop> viaGateway = NetNamespace.callIn(net.nsA(),
                () -> Rtnetlink.routeTo(InetAddress.ofLiteral(far).getAddress()));
        assertThat(InetAddress.getByAddress(viaGateway.orElseThrow().address()))
                .as("the gateway, not the far address").isEqualTo(InetAddress.ofLiteral(net.addressB()));
        assertThat(NetNamespace.callIn(net.nsA(), () -> Rtnetlink.routeTo(InetAddress.ofLiteral("2001:db8:77::1")
                .getAddress()))).as("no IPv6 route at all").isEmpty();

        assertThat(neighbours()).doesNotContain(net.addressB());
        NetNamespace.callIn(net.nsA(), () -> {
            Rtnetlink.useNeighbour(viaGateway.orElseThrow());
            return null;
        });
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!neighbours().contains("REACHABLE") && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(neighbours()).contains(net.addressB()).contains("REACHABLE");
    }
}
