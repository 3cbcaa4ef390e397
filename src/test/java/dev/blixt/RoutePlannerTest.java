package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.RoutePlan.Phase;
import dev.blixt.RoutePlanner.Change;
import dev.blixt.RoutePlanner.Drain;
import dev.blixt.RoutePlanner.Put;
import dev.blixt.RoutePlanner.Remove;
import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The planner and the writer without a kernel: id assignment and reuse, validation, the order of the
 * writes (checked after every single write against what a packet could see) and the undo of a batch
 * that fails before its commit.
 */
class RoutePlannerTest {
    static final int RING = 251;
    static final Vip WEB = Vip.tcp("203.0.113.10", 80);
    static final Vip DB = Vip.tcp("203.0.113.11", 5432);
    static final Vip DNS = Vip.udp("203.0.113.10", 53);
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);
    static final Backend B3 = Backend.of("198.18.1.4", 8080);

    /** The planner and writer over fake maps, as RouteEngine drives them. */
    static final class Harness {
        final FakeMaps maps;
        RouteState state;

        Harness(int maxVips, int maxBackends, int ring) {
            maps = new FakeMaps(ring);
            state = RouteState.empty(new RouteState.Sizing(maxVips, maxBackends, ring, 0x5eed));
        }

        Harness() {
            this(8, 64, RING);
        }

        RoutePlan apply(Change... changes) {
            RoutePlan plan = RoutePlanner.plan(state, List.of(changes));
            RouteWriter.write(plan, maps);
            state = plan.after();
            return plan;
        }

        Route route(Vip vip, Backend... backends) {
            return apply(new Put(vip, List.of(backends))).changed().getFirst();
        }

        int id(Vip vip, Backend b) {
            return state.vips().get(vip).slot(b.key()).id();
        }
    }

    /**
     * What a packet can see between any two writes: every live VIP has its marker, its id-to-key entry
     * and its address in the pre-filter; its live half names only valid backends of that VIP that have
     * a reply-path ref and a pre-filter bit; neither half names an id that is free or another VIP's.
     */
    static void dataPathInvariants(FakeMaps m) {
        m.vips.forEach((key, info) -> {
            if (key.protocol() == 0) return;
            String where = "after write " + m.writes + " (" + m.log.getLast() + "), VIP " + key;
            assertThat(m.vips).as(where + ": marker").containsKey(VipKey.marker(key.address()));
            assertThat(m.vipTable.get(info.id())).as(where + ": vip table").isEqualTo(key);
            assertThat(m.filterHas(0, key.address())).as(where + ": VIP pre-filter bit").isTrue();
            for (int half = 0; half < 2; half++) {
                for (int slot = 0; slot < m.ringSize; slot++) {
                    int id = m.ring(info.id(), half, slot);
                    if (id == 0) continue;
                    BackendEntry e = m.backend(id);
                    assertThat(e).as(where + ": half " + half + " slot " + slot + " names free id " + id)
                            .isNotSameAs(Datapath.FREE_BACKEND);
                    assertThat(e.vipId()).as(where + ": half " + half + " names id " + id + " of another VIP")
                            .isEqualTo(info.id());
                    if (half != info.active()) continue;
                    assertThat(e.flags() & BackendEntry.F_VALID).as(where + ": live half names invalid " + id).isNotZero();
                    var bk = new dev.blixt.internal.datapath.BackendKey(e.address(),
                            e.port() != 0 ? e.port() : key.port(), key.protocol());
                    assertThat(m.refs.getOrDefault(bk, List.of())).as(where + ": ref of " + id)
                            .contains(info.id() << 16 | id);
                    assertThat(m.filterHas(1, e.address())).as(where + ": backend pre-filter bit of " + id).isTrue();
                }
            }
        });
    }

    /** n backends 10.x.y.z with x.y.z counted under a two-octet prefix such as "10.5". */
    static List<Backend> backends(String prefix, int n) {
        List<Backend> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Backend.of(prefix + "." + (i / 250) + "." + (i % 250 + 1), 8080));
        return out;
    }

    // ---------------------------------------------------------------- ids

    @Test
    void keptBackendsKeepTheirIdsAndNewOnesTakeTheLowestFreeIds() {
        Harness h = new Harness();
        h.route(WEB, B1, B2);
        assertThat(h.id(WEB, B1)).isEqualTo(1);
        assertThat(h.id(WEB, B2)).isEqualTo(2);
        h.route(WEB, B2.weight(3), B3);
        assertThat(h.id(WEB, B2)).as("kept backend, new weight").isEqualTo(2);
        assertThat(h.id(WEB, B3)).as("B1's id is retired: the idle half still names it").isEqualTo(3);
        assertThat(h.state.retired()).containsOnlyKeys(1);
        h.route(DB, B1);
        assertThat(h.id(DB, B1)).isEqualTo(4);
    }

    @Test
    void aRemovedBackendsIdIsFreedOnlyOnceNoHalfNamesItThenAnotherVipMayTakeIt() {
        Harness h = new Harness();
        h.maps.check = RoutePlannerTest::dataPathInvariants;
        h.route(WEB, B1);
        int oldId = h.id(WEB, B1);
        h.route(WEB, B2);
        assertThat(h.state.retired()).as("named by the idle half").containsKey(oldId);
        h.route(WEB, B2);
        assertThat(h.state.retired()).as("the idle half was rewritten").isEmpty();
        h.route(DB, B3);
        assertThat(h.id(DB, B3)).as("the freed id goes to the other VIP").isEqualTo(oldId);
        assertThat(h.maps.backend(oldId).vipId()).isEqualTo(h.state.vips().get(DB).id());
    }

    @Test
    void removingAVipFreesItsIdsAndItsVipIdAfterTheUpdate() {
        Harness h = new Harness();
        h.route(WEB, B1, B2);
        h.route(WEB, B3);
        RoutePlan p = h.apply(new Remove(WEB));
        assertThat(p.removed()).containsExactly(WEB);
        assertThat(p.idsWritten(Phase.CLEANUP)).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(h.state.usedBackendIds().cardinality()).as("only id 0").isEqualTo(1);
        assertThat(h.maps.contents().backends()).isEmpty();
        assertThat(h.maps.contents().rings()).isEmpty();
        assertThat(h.maps.contents().vips()).isEmpty();
        assertThat(h.maps.contents().refs()).isEmpty();
        assertThat(h.maps.contents().filter()).as("the exact pre-filter is written after the removal").isEmpty();
        assertThat(h.apply(new Remove(WEB)).steps()).as("removing again writes nothing").isEmpty();
    }

    // ---------------------------------------------------------------- validation

    @Test
    void invalidRoutesAreRefusedWithTheReasonAndNothingIsPlanned() {
        Harness h = new Harness(4, 8, RING);
        h.route(WEB, B1, B2);
        RouteState before = h.state;
        int writes = h.maps.writes;
        assertThatThrownBy(() -> h.route(WEB, B1, Backend.of("2001:db8::1", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2001:db8")
                .hasMessageContaining("address family");
        assertThatThrownBy(() -> h.route(WEB, B1, B1.weight(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> h.route(Vip.tcp("203.0.113.20", 0), B1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
        assertThatThrownBy(() -> h.route(WEB, Backend.of("0.0.0.0", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a unicast address");
        assertThatThrownBy(() -> h.route(Vip.tcp("224.0.0.1", 80), B1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VIP address");
        assertThatThrownBy(() -> h.apply(new Drain(WEB, B3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("198.18.1.4:8080")
                .hasMessageContaining("[198.18.1.2:8080, 198.18.1.3:8080]");
        assertThatThrownBy(() -> h.apply(new Drain(DB, B1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no route for " + DB);
        assertThatThrownBy(() -> h.route(DB, backends("10.5", 7).toArray(Backend[]::new)))
                .isInstanceOf(CapacityException.class).hasMessageContaining("only 6 of 8 backend ids are free")
                .hasMessageContaining("maxBackends");
        for (int i = 0; i < 3; i++) h.route(Vip.udp("203.0.113.3" + i, 53), B1);
        assertThatThrownBy(() -> h.route(Vip.udp("203.0.113.99", 53), B1))
                .isInstanceOf(CapacityException.class).hasMessageContaining("all 4 VIPs are in use")
                .hasMessageContaining("maxVips");
        assertThat(h.state.routes()).hasSize(4);
        assertThat(h.state.vips().get(WEB)).isEqualTo(before.vips().get(WEB));
        assertThat(h.maps.writes - writes).as("refused changes write nothing").isPositive(); // the 3 UDP routes
    }

    @Test
    void aBatchWithAnInvalidChangeIsRefusedWholeBeforeAnyWrite() {
        Harness h = new Harness();
        h.route(WEB, B1);
        int writes = h.maps.writes;
        RouteState before = h.state;
        assertThatThrownBy(() -> h.apply(new Put(DB, List.of(B2)), new Put(DNS, List.of(B1, B1)), new Remove(WEB)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThat(h.maps.writes).isEqualTo(writes);
        assertThat(h.state).isSameAs(before);
    }

    @Test
    void aBatchThatRunsOutOfIdsMidwayIsRefusedWholeBeforeAnyWrite() {
        Harness h = new Harness(8, 10, RING);
        h.route(WEB, B1);
        int writes = h.maps.writes;
        assertThatThrownBy(() -> h.apply(new Put(DB, backends("10.5", 5)), new Put(DNS, backends("10.6", 5))))
                .isInstanceOf(CapacityException.class).hasMessageContaining("cannot add 5 backends to " + DNS)
                .hasMessageContaining("only 4 of 10");
        assertThat(h.maps.writes).isEqualTo(writes);
        assertThat(h.state.routes()).containsExactly(new Route(WEB, List.of(B1)));
    }

    @Test
    void changesOfABatchSeeTheEarlierOnes() {
        Harness h = new Harness();
        RoutePlan p = h.apply(new Put(WEB, List.of(B1, B2)), new Drain(WEB, B2), new Put(DB, List.of(B3)),
                new Remove(DB), new Put(DNS, List.of(B1)));
        assertThat(p.changed()).containsExactly(new Route(WEB, List.of(B1, B2.weight(0))), new Route(DNS, List.of(B1)));
        assertThat(h.state.routes()).containsExactly(new Route(WEB, List.of(B1, B2.weight(0))), new Route(DNS, List.of(B1)));
        assertThat(h.maps.vips).as("DB was added and removed in the batch: never written")
                .doesNotContainKey(RouteEngine.vipKey(DB));
    }

    // ---------------------------------------------------------------- write order

    @Test
    void nothingIsVisibleBeforeTheFlipAndNoHalfEverNamesAFreeOrForeignId() {
        Harness h = new Harness(8, 16, RING);
        h.maps.check = RoutePlannerTest::dataPathInvariants;
        h.route(WEB, B1, B2);
        h.route(WEB, B2.weight(2), B3);
        h.apply(new Put(DB, List.of(B1, B2)), new Put(DNS, List.of(B1)), new Drain(WEB, B3));
        h.route(DB, backends("10.7", 6).toArray(Backend[]::new));
        h.apply(new Remove(WEB), new Put(Vip.tcp("203.0.113.12", 0), List.of(Backend.of("198.18.8.1", 0))));
        // Ids are now short: the batch reclaims retired ids (idle halves rewritten first).
        RoutePlan reclaiming = h.apply(new Put(DB, backends("10.9", 5)), new Put(DNS, List.of(B2, B3)));
        assertThat(reclaiming.steps()).as("retired ids freed before the commit").anyMatch(st -> st.phase() == Phase.PREPARE
                && st.write() instanceof RoutePlan.PutBackend pb && pb.entry() == Datapath.FREE_BACKEND);
        h.apply(new Remove(DB), new Remove(DNS), new Put(WEB, List.of(B1)));
        assertThat(h.state.routes()).containsExactly(new Route(Vip.tcp("203.0.113.12", 0),
                List.of(Backend.of("198.18.8.1", 0))), new Route(WEB, List.of(B1)));
    }

    @Test
    void everyVipOfABatchIsPreparedBeforeTheFirstFlip() {
        Harness h = new Harness();
        h.route(WEB, B1);
        h.route(DB, B2);
        RoutePlan p = h.apply(new Put(WEB, List.of(B3)), new Put(DB, List.of(B1)), new Put(DNS, List.of(B2)));
        List<Phase> phases = p.steps().stream().map(RoutePlan.Step::phase).toList();
        assertThat(phases).isSortedAccordingTo(Enum::compareTo);
        List<RoutePlan.Write> commits = p.steps().stream().filter(s -> s.phase() == Phase.COMMIT)
                .map(RoutePlan.Step::write).toList();
        assertThat(commits).as("a marker for the new address, then one VIP entry per VIP")
                .hasSize(3).allMatch(w -> w instanceof RoutePlan.PutVip);
        assertThat(p.steps().stream().filter(s -> s.phase() != Phase.CLEANUP)).allMatch(s -> s.undo() != null
                || s.write() instanceof RoutePlan.ResetBackend || s.write() instanceof RoutePlan.ResetVip
                || s.write() instanceof RoutePlan.WriteRing);
    }

    // ---------------------------------------------------------------- undo

    @Test
    void aFailureAtAnyWriteBeforeTheCommitEndsLeaveTheMapsAsTheyWere() {
        Change[] batch = {new Put(WEB, List.of(B1.weight(5), B3)), new Put(DNS, List.of(B2)), new Remove(DB),
                new Drain(WEB, B3)};
        Harness probe = setUpForUndo();
        RoutePlan plan = RoutePlanner.plan(probe.state, List.of(batch));
        long beforeCleanup = plan.steps().stream().filter(s -> s.phase() != Phase.CLEANUP).count();
        assertThat(plan.steps()).as("the batch changes a weight").anyMatch(s -> s.write()
                instanceof RoutePlan.PutBackend pb && pb.entry().weight() == 5);
        for (int k = 1; k <= beforeCleanup; k++) {
            Harness h = setUpForUndo();
            FakeMaps.Contents before = h.maps.contents();
            RouteState state = h.state;
            h.maps.failAt = h.maps.writes + k;
            assertThatThrownBy(() -> h.apply(batch)).as("failing write " + k).isInstanceOf(RouteWriter.Undone.class)
                    .rootCause().hasMessageStartingWith("injected failure at write " + h.maps.failAt);
            assertThat(h.maps.contents()).as("after failing write " + k + " of " + beforeCleanup).isEqualTo(before);
            assertThat(h.state).isSameAs(state);
            h.maps.failAt = 0;
            h.apply(batch);
            assertThat(h.state.routes()).as("the same batch applies afterwards").containsExactly(
                    new Route(WEB, List.of(B1.weight(5), B3.weight(0))), new Route(DNS, List.of(B2)));
        }
    }

    private static Harness setUpForUndo() {
        Harness h = new Harness();
        h.route(WEB, B1, B2);
        h.route(DB, B3);
        return h;
    }

    @Test
    void aFailedFlipFlipsBackTheVipsAlreadyFlipped() {
        Harness h = setUpForUndo();
        int webActive = h.maps.vips.get(RouteEngine.vipKey(WEB)).active();
        RoutePlan plan = RoutePlanner.plan(h.state, List.of(new Put(WEB, List.of(B3)), new Put(DB, List.of(B1))));
        int lastCommit = 0;
        for (int i = 0; i < plan.steps().size(); i++) {
            if (plan.steps().get(i).phase() == Phase.COMMIT) lastCommit = i + 1;
        }
        h.maps.failAt = h.maps.writes + lastCommit; // DB's flip
        assertThatThrownBy(() -> RouteWriter.write(plan, h.maps)).isInstanceOf(RouteWriter.Undone.class);
        assertThat(h.maps.log).as("WEB flipped").anyMatch(l -> l.equals("vip " + RouteEngine.vipKey(WEB)));
        VipInfo web = h.maps.vips.get(RouteEngine.vipKey(WEB));
        assertThat(web.active()).as("and flipped back").isEqualTo(webActive);
        assertThat(h.maps.backend(h.id(WEB, B1)).flags() & BackendEntry.F_VALID).isNotZero();
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void repeatedDisjointReplacementsFitInWhatTheSizingSays() {
        Harness h = new Harness(4, 4096, 10007);
        for (int round = 0; round < 10; round++) {
            List<Backend> set = backends("10." + round, 1000);
            Vip udp = Vip.udp("203.0.113.10", 80);
            h.apply(new Put(WEB, set), new Put(udp, set));
            assertThat(h.state.vips().get(WEB).backends()).hasSize(1000);
        }
        assertThat(h.state.usedBackendIds().cardinality() - 1).as("ids in use (live and retired)")
                .isLessThanOrEqualTo(4096);
    }

    @Test
    void aCapacityRefusalCountsIdsThatOnlyRetiredBackendsHold() {
        Harness h = new Harness(4, 10, RING);
        h.route(WEB, backends("10.5", 5).toArray(Backend[]::new));
        h.route(WEB, backends("10.6", 5).toArray(Backend[]::new));
        assertThat(h.state.retired()).hasSize(5);
        h.route(WEB, backends("10.7", 5).toArray(Backend[]::new));
        assertThat(h.state.vips().get(WEB).backends()).hasSize(5);
        assertThatThrownBy(() -> h.route(DB, backends("10.8", 6).toArray(Backend[]::new)))
                .isInstanceOf(CapacityException.class).hasMessageContaining("only 5 of 10");
    }

    @Test
    void stateAfterARemovalOfEveryRouteIsEmpty() {
        Harness h = new Harness();
        h.route(WEB, B1);
        h.route(DNS, B2);
        h.apply(new Remove(WEB), new Remove(DNS));
        assertThat(h.state.vips()).isEmpty();
        assertThat(h.state.retired()).isEmpty();
        assertThat(h.maps.contents().backends()).isEmpty();
        assertThat(h.maps.contents().rings()).isEmpty();
        assertThat(h.maps.contents().vips()).isEqualTo(Map.of());
    }
}
