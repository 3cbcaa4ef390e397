package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.HealthCheck;
import dev.blixt.HealthEvent;
import dev.blixt.HealthState;
import dev.blixt.Route;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.Outcome;
import dev.blixt.e2e.Traffic.Stream;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health checks against real servers in backend namespaces, probed from the load balancer's namespace
 * while the data plane runs on its interfaces at the defaults: a backend whose server stops accepting is
 * drained within fall × interval while its accepted connection goes on, and comes back within rise ×
 * interval of its server's return; a VIP whose backends all fail keeps serving and says so.
 */
@Privileged
class HealthCheckEndToEndTest {
    static final Duration INTERVAL = Duration.ofMillis(150);
    static Sandbox sb;
    static Fleet fleet;
    Dataplane dp;

    @BeforeAll
    static void up() {
        sb = Sandbox.builder().backends(3).prefix("blixt-health").build();
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
    void close() {
        if (dp != null) dp.close();
    }

    static DataplaneConfig.Builder config() {
        return sb.dataplaneConfig().maxVips(4).maxBackends(16).flowTableSize(1 << 14);
    }

    private static List<Exchange> connect(Vip vip, int n) {
        return Traffic.connections(sb, new InetSocketAddress(vip.address(), vip.port()), n, 4,
                i -> ("hello " + i).getBytes(StandardCharsets.US_ASCII));
    }

    /** Waits (bounded) for a condition; returns how long it took. */
    private static Duration await(String what, Duration limit, BooleanSupplier done) {
        long t0 = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - t0 > limit.toNanos()) throw new AssertionError("not within " + limit + ": " + what);
            Expect.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private HealthState state(Vip vip, Backend b) {
        return dp.health(vip).orElseThrow().backends().get(b.endpoint()).state();
    }

    @Test
    void aBackendThatStopsAcceptingIsDrainedItsConnectionGoesOnAndItReturns() {
        dp = sb.lb().open(config().build());
        List<HealthEvent> events = new CopyOnWriteArrayList<>();
        dp.onHealthChange(events::add);
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(60).getHostAddress(), 80);
        List<Backend> all = List.of(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));
        dp.route(vip).to(all);
        dp.healthCheck(vip, HealthCheck.tcp().interval(INTERVAL).timeout(Duration.ofMillis(300)).rise(2).fall(2));
        await("every backend healthy", Duration.ofSeconds(5),
                () -> all.stream().allMatch(b -> state(vip, b) == HealthState.HEALTHY));

        Stream open = Stream.open(sb, new InetSocketAddress(vip.address(), vip.port()), 3);
        int x = Integer.parseInt(open.backend.substring("backend-".length()));
        Backend bx = fleet.tcpBackend(x);
        open.start(256, Duration.ofMillis(20));

        fleet.stopListening(x);
        Duration drained = await(bx + " drained", Duration.ofSeconds(3), () -> dp.routeOf(vip).orElseThrow()
                .find(bx).orElseThrow().weight() == 0);
        System.out.printf("drained %d ms after its listener closed (fall 2 x interval %d ms)%n", drained.toMillis(),
                INTERVAL.toMillis());
        assertThat(state(vip, bx)).isEqualTo(HealthState.UNHEALTHY);
        assertThat(dp.health(vip).orElseThrow().desired().find(bx).orElseThrow().weight()).as("stated weight").isEqualTo(1);
        assertThat(events).anyMatch(e -> e.endpoint().equals(bx.endpoint()) && e.to() == HealthState.UNHEALTHY);

        Map<String, Long> during = Traffic.byBackend(connect(vip, 30));
        assertThat(during).as("new connections while it is down").doesNotContainKey(open.backend)
                .doesNotContainKey("failed");

        fleet.listenAgain(x);
        Duration back = await(bx + " back", Duration.ofSeconds(3), () -> dp.routeOf(vip).orElseThrow()
                .find(bx).orElseThrow().weight() == 1);
        System.out.printf("back %d ms after its listener reopened (rise 2 x interval %d ms)%n", back.toMillis(),
                INTERVAL.toMillis());
        Outcome o = open.finish(Duration.ofSeconds(10));
        assertThat(o.clean()).as("the connection accepted before the listener closed: %s", o).isTrue();
        assertThat(Traffic.byBackend(connect(vip, 60))).as("after its return").containsKey(open.backend);
    }

    @Test
    void whenEveryBackendFailsTheLastOnesKeepServingAndSaySo() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(61).getHostAddress(), 80);
        // Probe a port nothing listens on: every probe fails, the VIP's traffic still flows.
        dp.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1));
        dp.healthCheck(vip, HealthCheck.tcp().port(9).interval(INTERVAL).timeout(Duration.ofMillis(300)).rise(2).fall(2));
        await("both unhealthy", Duration.ofSeconds(3), () -> state(vip, fleet.tcpBackend(0)) == HealthState.UNHEALTHY
                && state(vip, fleet.tcpBackend(1)) == HealthState.UNHEALTHY);
        Route r = dp.routeOf(vip).orElseThrow();
        assertThat(r.backends()).anyMatch(b -> b.weight() > 0);
        assertThat(dp.health(vip).orElseThrow().backends().values()).anyMatch(h -> h.keptServing());
        assertThat(connect(vip, 10)).allMatch(Exchange::ok);
    }
}
