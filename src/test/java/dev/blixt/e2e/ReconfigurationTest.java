package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.Flow;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.Outcome;
import dev.blixt.e2e.Traffic.Stream;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reconfiguration under load: 200 long-lived TCP connections stream through the load balancer
 * while a backend is added, the weights change and a backend is removed.
 */
@Privileged
class ReconfigurationTest {

    @Test
    void connectionsWhoseBackendStaysSurviveEveryChangeAndNewOnesFollowTheNewWeights() {
        try (Sandbox sb = Sandbox.builder().backends(4).prefix("blixt-e2e").build();
             Fleet fleet = Fleet.start(sb);
             Dataplane dp = sb.lb().open(sb.dataplaneConfig().maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                     .build())) {
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(20).getHostAddress(), 80);
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            Backend b0 = fleet.tcpBackend(0);
            Backend b1 = fleet.tcpBackend(1);
            Backend b2 = fleet.tcpBackend(2);
            Backend b3 = fleet.tcpBackend(3);
            dp.route(vip).to(b0, b1, b2);

            List<Stream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) streams.add(Stream.open(sb, at, i).start(256, Duration.ofMillis(25)));
                System.out.println("200 streams: " + streams.stream()
                        .collect(Collectors.groupingBy(s -> s.backend, TreeMap::new, Collectors.counting())));
                Expect.sleep(300);

                dp.route(vip).to(b0, b1, b2, b3); // add a backend
                checkNewConnections(sb, dp, vip, fleet, Set.of("backend-0", "backend-1", "backend-2", "backend-3"));
                dp.route(vip).to(b0.weight(1), b1.weight(3), b2.weight(1), b3.weight(2)); // reweight
                Map<String, Long> reweighted = checkNewConnections(sb, dp, vip, fleet,
                        Set.of("backend-0", "backend-1", "backend-2", "backend-3"));
                assertThat(reweighted.get("backend-1")).as("weight 3 vs weight 1").isGreaterThan(reweighted.get("backend-0"));
                dp.route(vip).to(b0.weight(1), b1.weight(3), b3.weight(2)); // remove backend-2
                checkNewConnections(sb, dp, vip, fleet, Set.of("backend-0", "backend-1", "backend-3"));
                Expect.sleep(300);

                List<Outcome> outcomes = new ArrayList<>();
                for (Stream s : streams) outcomes.add(s.finish(Duration.ofSeconds(10)));
                List<Outcome> stayed = outcomes.stream().filter(o -> !o.backend().equals("backend-2")).toList();
                List<Outcome> moved = outcomes.stream().filter(o -> o.backend().equals("backend-2")).toList();
                System.out.println("streams on remaining backends: " + stayed.size() + ", clean: "
                        + stayed.stream().filter(Outcome::clean).count() + ", bytes echoed: "
                        + stayed.stream().mapToLong(Outcome::received).sum() + "; on the removed backend: "
                        + moved.size() + ", e.g. " + moved.stream().findFirst().map(Outcome::error).orElse("-"));
                assertThat(stayed.stream().filter(o -> !o.clean()).toList())
                        .as("streams whose backend stayed: no reset, no lost or corrupted byte").isEmpty();
                // A removed backend's flows select a remaining backend, which does not know the
                // connection and resets it: the client learns at once rather than hanging.
                assertThat(moved).as("streams of the removed backend").allSatisfy(o -> {
                    assertThat(o.corrupted()).isFalse();
                    assertThat(o.error()).containsAnyOf("reset", "Broken pipe");
                });
            } finally {
                for (Stream s : streams) s.finish(Duration.ofSeconds(1));
            }
        }
    }

    /** 300 new connections: all intact, each on the backend Java predicts, only on {@code allowed}. */
    private static Map<String, Long> checkNewConnections(Sandbox sb, Dataplane dp, Vip vip, Fleet fleet,
            Set<String> allowed) {
        List<Exchange> ex = Traffic.connections(sb, new InetSocketAddress(vip.address(), 80), 300, 4,
                i -> ("new-" + i).getBytes());
        Expect.allIntact(ex);
        Map<String, Long> counts = Traffic.byBackend(ex);
        System.out.println("  new connections after " + dp.routeOf(vip).orElseThrow().backends() + ": " + counts);
        assertThat(allowed).containsAll(counts.keySet());
        for (Exchange e : ex) {
            assertThat(dp.backendFor(vip, new Flow(sb.client().ipv4(), e.localPort(), 80)).map(fleet::identity))
                    .contains(e.backend());
        }
        return counts;
    }
}
