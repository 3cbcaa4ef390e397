package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.TrackedFlow;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Outcome;
import dev.blixt.e2e.Traffic.Stream;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Dataplane#flows} and {@link Dataplane#purge} with real TCP connections through the data plane in a
 * sandbox (client, load balancer and backend namespaces joined by veth pairs, built and torn down by the test):
 * the flow table lists the connections with the backends that serve them, and purging a backend's flows
 * removes exactly those entries; connections whose flows were purged go on when the ring still picks their
 * backend, and break when it no longer does.
 */
@Privileged
class FlowControlEndToEndTest {
    static final int CONNECTIONS = 24;
    static Sandbox sb;
    static Fleet fleet;
    Dataplane dp;
    final List<Stream> streams = new ArrayList<>();

    @BeforeAll
    static void up() {
        sb = Sandbox.builder().backends(3).prefix("blixt-flowctl").build();
        fleet = Fleet.start(sb);
    }

    @AfterAll
    static void down() {
        try {
            if (fleet != null) fleet.close();
        } finally {
            if (sb != null) sb.close();
        }
    }

    @AfterEach
    void closeAll() {
        try {
            for (Stream s : streams) s.finish(Duration.ofSeconds(1));
        } finally {
            if (dp != null) dp.close();
        }
    }

    static DataplaneConfig.Builder config() {
        return sb.dataplaneConfig().maxVips(4).maxBackends(16).flowTableSize(1 << 14);
    }

    private Map<Integer, Stream> openStreams(Vip vip) {
        InetSocketAddress at = new InetSocketAddress(vip.address(), vip.port());
        for (int i = 0; i < CONNECTIONS; i++) streams.add(Stream.open(sb, at, i));
        return streams.stream().collect(Collectors.toMap(s -> s.localPort, Function.identity()));
    }

    /** The backend host serving the most streams. */
    private int busiest() {
        String id = streams.stream().collect(Collectors.groupingBy(s -> s.backend, Collectors.counting())).entrySet()
                .stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return Integer.parseInt(id.substring("backend-".length()));
    }

    private void assertListed(Vip vip, Map<Integer, Stream> byPort) {
        List<TrackedFlow> flows = dp.flows(vip);
        assertThat(flows).hasSize(CONNECTIONS);
        for (TrackedFlow f : flows) {
            assertThat(f.client().getAddress()).isEqualTo(sb.client().ipv4());
            Stream s = byPort.get(f.client().getPort());
            assertThat(s).as("a connection from port %d", f.client().getPort()).isNotNull();
            assertThat(fleet.identity(f.backend())).as("backend of port %d", s.localPort).isEqualTo(s.backend);
        }
    }

    @Test
    void purgedConnectionsGoOnWhileTheRingStillPicksTheirBackend() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(40).getHostAddress(), 80);
        dp.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));
        Map<Integer, Stream> byPort = openStreams(vip);
        assertListed(vip, byPort);
        assertThat(dp.flowCount(vip)).isEqualTo(CONNECTIONS);

        // Idle connections: purging one backend's flows removes exactly its entries.
        Backend x = fleet.tcpBackend(busiest());
        long ofX = streams.stream().filter(s -> s.backend.equals(fleet.identity(x))).count();
        assertThat(dp.flowCounts(vip).get(x.endpoint())).isEqualTo((int) ofX);
        assertThat(dp.purge(vip, x)).isEqualTo((int) ofX);
        assertThat(dp.flowCount(vip)).isEqualTo(CONNECTIONS - (int) ofX);
        assertThat(dp.flows(vip, x)).isEmpty();
        assertThat(dp.flows(vip)).noneMatch(f -> f.backend().endpoint().equals(x.endpoint()));

        // Their next segments re-select on the ring, which still picks x: every connection goes on intact.
        for (Stream s : streams) s.start(256, Duration.ofMillis(20));
        Expect.sleep(400);
        assertListed(vip, byPort);
        // And a purge of the whole VIP mid-stream breaks nothing either.
        assertThat(dp.purge(vip)).isBetween(1, CONNECTIONS);
        Expect.sleep(400);
        List<Outcome> outcomes = new ArrayList<>();
        for (Stream s : streams) outcomes.add(s.finish(Duration.ofSeconds(10)));
        assertThat(outcomes.stream().filter(o -> !o.clean()).toList()).as("connections broken by the purges").isEmpty();
    }

    @Test
    void purgingADrainedBackendMovesItsClientsAway() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(41).getHostAddress(), 80);
        dp.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));
        Map<Integer, Stream> byPort = openStreams(vip);
        assertListed(vip, byPort);
        Backend x = fleet.tcpBackend(busiest());
        String xId = fleet.identity(x);
        long ofX = streams.stream().filter(s -> s.backend.equals(xId)).count();

        dp.drain(vip, x);
        assertThat(dp.flows(vip, x)).as("a drained backend keeps its flows").hasSize((int) ofX);
        assertThat(dp.purge(vip, x)).isEqualTo((int) ofX);
        assertThat(dp.flowCount(vip)).isEqualTo(CONNECTIONS - (int) ofX);

        // x's connections now reach another backend, which knows nothing of them and resets them; the others go on.
        for (Stream s : streams) s.start(256, Duration.ofMillis(20));
        Expect.sleep(500);
        List<Outcome> outcomes = new ArrayList<>();
        for (Stream s : streams) outcomes.add(s.finish(Duration.ofSeconds(10)));
        assertThat(outcomes.stream().filter(o -> !o.backend().equals(xId) && !o.clean()).toList())
                .as("connections of other backends").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.backend().equals(xId) && o.clean()).toList())
                .as("connections of the purged backend that survived").isEmpty();
        assertThat(dp.flows(vip, x)).as("no flow went back to the drained backend").isEmpty();
    }
}
