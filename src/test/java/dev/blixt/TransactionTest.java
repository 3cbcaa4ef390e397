package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@link Dataplane#update}: several routes changed all or nothing, on a real data plane. */
@Privileged
class TransactionTest {
    static final Vip TCP = Vip.tcp("203.0.113.10", 80);
    static final Vip UDP = Vip.udp("203.0.113.10", 80);
    static final Vip OTHER = Vip.tcp("203.0.113.11", 80);
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);
    static final Backend B3 = Backend.of("198.18.1.4", 8080);

    @AutoClose final TestNetns net = TestNetns.create();

    private Dataplane open() {
        return Dataplane.open(net.dataplaneConfig().maxBackends(16).kernelForwarding(true).build());
    }

    private static byte[] syn(Vip vip, int port) {
        return Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                .ip(java.net.InetAddress.ofLiteral("198.51.100.7"), vip.address()).tcp(port, vip.port()).syn().build();
    }

    private static List<Backend> many(int n) {
        List<Backend> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Backend.of("198.18.5." + (i + 1), 8080));
        return out;
    }

    @Test
    void everyChangeOfATransactionIsAppliedAndTheChangedRoutesAreReturned() {
        try (Dataplane dp = open()) {
            dp.route(OTHER).to(B3);
            List<Route> applied = dp.update(tx -> {
                tx.route(TCP).to(B1, B2);
                tx.route(UDP).to(B1, B2);
                tx.drain(UDP, B2);
                tx.remove(OTHER);
            });
            assertThat(applied).containsExactly(new Route(TCP, List.of(B1, B2)), new Route(UDP, List.of(B1, B2.weight(0))));
            assertThat(dp.routes()).containsExactly(applied.get(0), applied.get(1));
            assertThat(dp.simulate(syn(TCP, 40000)).backend()).isPresent();
            assertThat(dp.simulate(syn(OTHER, 40000)).vip()).as("removed").isEmpty();
        }
    }

    @Test
    void aTransactionWhoseSecondRouteIsInvalidChangesNothing() {
        try (Dataplane dp = open()) {
            dp.route(TCP).to(B1);
            dp.route(UDP).to(B1);
            List<Route> before = dp.routes();
            assertThatThrownBy(() -> dp.update(tx -> {
                tx.route(TCP).to(B2, B3);
                tx.route(UDP).to(B2, B2.weight(2));
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice for " + UDP);
            assertThat(dp.routes()).isEqualTo(before);
            assertThat(dp.simulate(syn(TCP, 40000)).backend()).as("TCP still on its old set").contains(B1);
            // a new VIP on the load balancer's own address refuses the whole transaction
            assertThatThrownBy(() -> dp.update(tx -> {
                tx.route(TCP).to(B2);
                tx.route(Vip.tcp(net.addressA(), 443)).to(B1);
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(net.addressA() + " cannot be a VIP");
            assertThat(dp.routes()).isEqualTo(before);
        }
    }

    @Test
    void aTransactionThatRunsOutOfBackendIdsMidwayChangesNothing() {
        try (Dataplane dp = open()) {
            dp.route(OTHER).to(B3);
            List<Route> before = dp.routes();
            assertThatThrownBy(() -> dp.update(tx -> {
                tx.remove(OTHER);
                tx.route(TCP).to(many(8));
                tx.route(UDP).to(many(8));
            })).isInstanceOf(CapacityException.class).hasMessageContaining("cannot add 8 backends to " + UDP)
                    .hasMessageContaining("only 7 of 16 backend ids are free");
            assertThat(dp.routes()).isEqualTo(before);
            assertThat(dp.simulate(syn(TCP, 40000)).vip()).as("TCP was not created").isEmpty();
            assertThat(dp.simulate(syn(OTHER, 40000)).backend()).as("OTHER was not removed").contains(B3);
        }
    }
}
