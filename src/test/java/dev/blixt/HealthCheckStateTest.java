package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The health state machine and the desired-versus-applied routes, with in-memory routes (the real planner on a
 * state without maps), no prober and a fixed clock: probe results are fed by hand.
 */
class HealthCheckStateTest {
    static final Vip WEB = Vip.tcp("203.0.113.10", 80);
    static final Backend A = Backend.of("198.18.1.2", 8080);
    static final Backend B = Backend.of("198.18.1.3", 8080).weight(3);
    static final Backend C = Backend.of("198.18.1.4", 8080);

    /** Routes planned by the real planner, kept in memory; counts the updates. */
    static final class MemoryRoutes implements HealthMonitor.Routes {
        RouteState state = RouteState.empty(new RouteState.Sizing(16, 64, 13, 0));
        final AtomicInteger updates = new AtomicInteger();
        boolean fail;

        @Override
        public RoutePlan update(List<RoutePlanner.Change> changes) {
            if (fail) throw new IllegalStateException("kernel says no");
            RoutePlan plan = RoutePlanner.plan(state, changes);
            state = plan.after();
            updates.incrementAndGet();
            return plan;
        }

        @Override
        public Optional<Route> route(Vip vip) {
            return Optional.ofNullable(state.vips().get(vip)).map(RouteState.VipState::route);
        }

        List<Backend> backends(Vip vip) {
            return route(vip).orElseThrow().backends();
        }
    }

    final MemoryRoutes routes = new MemoryRoutes();
    final List<HealthMonitor.Tracker> started = new ArrayList<>();
    final List<HealthEvent> events = new ArrayList<>();
    final HealthMonitor monitor = new HealthMonitor(routes, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")),
            started::add);

    {
        monitor.listen(events::add);
    }

    HealthCheck check() {
        return HealthCheck.tcp().interval(Duration.ofMillis(100)).rise(2).fall(3);
    }

    void fail(Backend b, int times) {
        HealthMonitor.Tracker t = monitor.tracker(WEB, b.endpoint()).orElseThrow();
        for (int i = 0; i < times; i++) monitor.record(t, "connection refused");
    }

    void succeed(Backend b, int times) {
        HealthMonitor.Tracker t = monitor.tracker(WEB, b.endpoint()).orElseThrow();
        for (int i = 0; i < times; i++) monitor.record(t, null);
    }

    HealthState state(Backend b) {
        return monitor.health(WEB).orElseThrow().backends().get(b.endpoint()).state();
    }

    void route(Backend... bs) {
        monitor.update(List.of(new RoutePlanner.Put(WEB, List.of(bs), null)));
    }

    @Test
    void fallDrainsAndRiseRestoresTheWeight() {
        route(A, B, C);
        monitor.attach(WEB, check());
        assertThat(started).hasSize(3);
        assertThat(state(A)).isEqualTo(HealthState.UNKNOWN);

        fail(B, 2);
        assertThat(routes.backends(WEB)).containsExactly(A, B, C);
        assertThat(state(B)).isEqualTo(HealthState.UNKNOWN);
        fail(B, 1);
        assertThat(state(B)).isEqualTo(HealthState.UNHEALTHY);
        assertThat(routes.backends(WEB)).containsExactly(A, B.weight(0), C);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.endpoint()).isEqualTo(B.endpoint());
            assertThat(e.from()).isEqualTo(HealthState.UNKNOWN);
            assertThat(e.to()).isEqualTo(HealthState.UNHEALTHY);
            assertThat(e.reason()).contains("3 consecutive failed probes", "connection refused", "drained");
        });
        BackendHealth h = monitor.health(WEB).orElseThrow().backends().get(B.endpoint());
        assertThat(h.failures()).isEqualTo(3);
        assertThat(h.lastError()).contains("connection refused");
        assertThat(monitor.health(WEB).orElseThrow().desired().backends()).containsExactly(A, B, C);

        succeed(B, 1);
        assertThat(routes.backends(WEB)).containsExactly(A, B.weight(0), C);
        succeed(B, 1);
        assertThat(state(B)).isEqualTo(HealthState.HEALTHY);
        assertThat(routes.backends(WEB)).containsExactly(A, B, C);
        assertThat(events.getLast().reason()).contains("back in service");
    }

    @Test
    void alternatingResultsNeverChangeTheStateWithRiseAndFallTwo() {
        route(A, B);
        monitor.attach(WEB, check().rise(2).fall(2));
        int updates = routes.updates.get();
        for (int i = 0; i < 1000; i++) {
            fail(A, 1);
            succeed(A, 1);
        }
        assertThat(state(A)).isEqualTo(HealthState.UNKNOWN);
        assertThat(events).isEmpty();
        assertThat(routes.updates.get()).isEqualTo(updates);
        // and once healthy, flapping keeps it healthy
        succeed(A, 2);
        for (int i = 0; i < 1000; i++) {
            fail(A, 1);
            succeed(A, 1);
        }
        assertThat(state(A)).isEqualTo(HealthState.HEALTHY);
        assertThat(events).hasSize(1);
        assertThat(routes.updates.get()).isEqualTo(updates);
    }

    @Test
    void removeActionLeavesTheBackendOutAndPutsItBackInPlace() {
        route(A, B, C);
        monitor.attach(WEB, check().onFailure(HealthCheck.Action.REMOVE));
        fail(B, 3);
        assertThat(routes.backends(WEB)).containsExactly(A, C);
        succeed(B, 2);
        assertThat(routes.backends(WEB)).containsExactly(A, B, C);
    }

    @Test
    void allDownKeepsTheLastServingBackendsAndReportsIt() {
        route(A, B);
        monitor.attach(WEB, check());
        fail(A, 3);
        assertThat(routes.backends(WEB)).containsExactly(A.weight(0), B);
        fail(B, 3);
        assertThat(state(B)).isEqualTo(HealthState.UNHEALTHY);
        assertThat(routes.backends(WEB)).as("the last serving backend keeps serving").containsExactly(A.weight(0), B);
        assertThat(events.getLast().reason()).contains("kept serving");
        assertThat(monitor.health(WEB).orElseThrow().backends().get(B.endpoint()).keptServing()).isTrue();
        assertThat(monitor.health(WEB).orElseThrow().backends().get(A.endpoint()).keptServing()).isFalse();

        succeed(A, 2); // A is back: B (still down) is drained now
        assertThat(routes.backends(WEB)).containsExactly(A, B.weight(0));
        assertThat(monitor.health(WEB).orElseThrow().backends().get(B.endpoint()).keptServing()).isFalse();
    }

    @Test
    void allDownWhenAllowedDrainsEverything() {
        route(A, B);
        monitor.attach(WEB, check().allowAllDown(true));
        fail(A, 3);
        fail(B, 3);
        assertThat(routes.backends(WEB)).containsExactly(A.weight(0), B.weight(0));
    }

    @Test
    void restatingTheRouteKeepsTheOverrideAndNewBackendsStartUnknownAndServing() {
        route(A, B);
        monitor.attach(WEB, check());
        fail(B, 3);
        route(A, B, C); // the user re-states the route with B at full weight
        assertThat(routes.backends(WEB)).containsExactly(A, B.weight(0), C);
        assertThat(state(C)).isEqualTo(HealthState.UNKNOWN);
        assertThat(started).hasSize(3);
        assertThat(monitor.health(WEB).orElseThrow().desired().backends()).containsExactly(A, B, C);
        succeed(B, 2);
        assertThat(routes.backends(WEB)).containsExactly(A, B, C);

        route(A, C); // B leaves: its tracker stops, its late results are ignored
        HealthMonitor.Tracker gone = started.get(1);
        assertThat(gone.active).isFalse();
        monitor.record(gone, "late");
        assertThat(monitor.health(WEB).orElseThrow().backends()).containsOnlyKeys(A.endpoint(), C.endpoint());
    }

    @Test
    void aUserDrainIsStatedOnTheDesiredRouteAndSurvivesARise() {
        route(A, B, C);
        monitor.attach(WEB, check().onFailure(HealthCheck.Action.REMOVE));
        fail(B, 3); // removed from the applied route
        monitor.update(List.of(new RoutePlanner.Drain(WEB, B))); // valid: B is part of the desired route
        succeed(B, 2);
        assertThat(routes.backends(WEB)).containsExactly(A, B.weight(0), C);
        assertThat(monitor.health(WEB).orElseThrow().desired().backends()).containsExactly(A, B.weight(0), C);
        assertThatThrownBy(() -> monitor.update(List.of(new RoutePlanner.Drain(WEB, Backend.of("198.18.1.9", 1)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedUpdateChangesNeitherTheDesiredRouteNorTheTrackers() {
        route(A, B);
        monitor.attach(WEB, check());
        assertThatThrownBy(() -> monitor.update(List.of(new RoutePlanner.Put(WEB, List.of(A, C), null),
                new RoutePlanner.Put(Vip.tcp("203.0.113.11", 80), List.of(Backend.of("2001:db8::1", 80)), null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(monitor.health(WEB).orElseThrow().desired().backends()).containsExactly(A, B);
        assertThat(started).hasSize(2);
        assertThatThrownBy(() -> route(A, A.weight(2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingTheVipRemovesItsCheck() {
        route(A, B);
        monitor.attach(WEB, check());
        monitor.update(List.of(new RoutePlanner.Remove(WEB)));
        assertThat(monitor.health(WEB)).isEmpty();
        assertThat(started).allMatch(t -> !t.active);
        route(A, B);
        assertThat(monitor.health(WEB)).isEmpty();
    }

    @Test
    void detachRestoresTheDesiredRoute() {
        route(A, B);
        monitor.attach(WEB, check());
        fail(A, 3);
        assertThat(monitor.detach(WEB)).isTrue();
        assertThat(routes.backends(WEB)).containsExactly(A, B);
        assertThat(monitor.detach(WEB)).isFalse();
        assertThat(started).allMatch(t -> !t.active);
    }

    @Test
    void replacingTheCheckKeepsStatesAndAppliesTheNewAction() {
        route(A, B);
        monitor.attach(WEB, check());
        fail(A, 3);
        monitor.attach(WEB, check().onFailure(HealthCheck.Action.REMOVE));
        assertThat(routes.backends(WEB)).containsExactly(B);
        assertThat(state(A)).isEqualTo(HealthState.UNHEALTHY);
        assertThat(started).hasSize(4);
        assertThat(started.subList(0, 2)).allMatch(t -> !t.active);
    }

    @Test
    void attachRefusesAnUnroutedVipAndAMissingPort() {
        assertThatThrownBy(() -> monitor.attach(WEB, check())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no route for");
        Vip all = Vip.tcp("203.0.113.12", 0);
        monitor.update(List.of(new RoutePlanner.Put(all, List.of(Backend.of("198.18.1.2", 0)), null)));
        assertThatThrownBy(() -> monitor.attach(all, check())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set HealthCheck.port");
        monitor.attach(all, check().port(9000));
        assertThat(started.getFirst().target.getPort()).isEqualTo(9000);
    }

    @Test
    void aFailedApplyIsReportedAndRetried() {
        route(A, B);
        monitor.attach(WEB, check());
        routes.fail = true;
        fail(A, 3);
        assertThat(events.getLast().reason()).contains("applying the route failed");
        assertThat(routes.backends(WEB)).containsExactly(A, B);
        routes.fail = false;
        fail(A, 1);
        assertThat(routes.backends(WEB)).containsExactly(A.weight(0), B);
    }

    @Test
    void closeIgnoresLaterResults() {
        route(A, B);
        monitor.attach(WEB, check().fall(1));
        HealthMonitor.Tracker t = monitor.tracker(WEB, A.endpoint()).orElseThrow();
        monitor.close();
        monitor.record(t, "down");
        assertThat(routes.backends(WEB)).containsExactly(A, B);
        assertThatThrownBy(() -> monitor.attach(WEB, check())).isInstanceOf(IllegalStateException.class);
    }
}
