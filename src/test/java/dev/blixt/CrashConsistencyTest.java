package dev.blixt;

import dev.blixt.error.DataplaneException;
import static dev.blixt.DatapathFixture.fromClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.fault.MapWriteFault;
import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.packet.Packet;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash consistency, exhaustively for one update: for every k, the maps as an owner leaves them when
 * it dies after the k-th map write of an update (simulated with {@link MapWriteFault}, which fails
 * every write after the k-th without running any rollback) are adopted by a new engine on the same
 * maps, which must end in the configuration before or after the update, repaired to a fixed point
 * (a second adoption repairs nothing), forwarding every VIP to a backend of its adopted route, and
 * able to take further updates.
 */
@Privileged
class CrashConsistencyTest {
    static final int RING = 251;
    static final Datapath.Sizing SIZING = new Datapath.Sizing(8, 64, RING, 4096, 0x5eed, 30_000_000_000L,
            Datapath.OPT_NO_FIB);

    static final Backend A = Backend.of("198.18.1.1", 8080);
    static final Backend B = Backend.of("198.18.1.2", 8080);
    static final Backend C = Backend.of("198.18.1.3", 8080);
    static final Backend D = Backend.of("198.18.1.4", 8080);
    static final Backend E = Backend.of("198.18.1.5", 8080);
    static final Vip WEB = Vip.tcp("203.0.113.10", 80);
    static final Vip DNS = Vip.udp("203.0.113.10", 53);
    static final Vip API = Vip.tcp("203.0.113.11", 443);
    /** Four more VIPs that A serves too: A's reply index overflows its inline refs. */
    static final List<Vip> MORE = List.of(Vip.tcp("203.0.113.12", 81), Vip.tcp("203.0.113.12", 82),
            Vip.tcp("203.0.113.12", 83), Vip.tcp("203.0.113.12", 84));

    private final List<Datapath> open = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        MapWriteFault.disarm();
        for (Datapath d : open) d.close();
    }

    private static void setUp(RouteEngine e) {
        e.apply(WEB, List.of(A, B.weight(2), C));
        e.apply(DNS, List.of(B, C));
        e.apply(API, List.of(D, E));
        for (Vip v : MORE) e.apply(v, List.of(A, E));
        e.apply(API, List.of(D, E.weight(3))); // both halves hold a table
    }

    @Test
    void aReshapeDiesAfterAnyWriteAndIsAdoptedBeforeOrAfter() {
        // A weight change, a drain, a removal and an addition in one update.
        everyCrashPoint(e -> e.apply(WEB, List.of(A.weight(3), B.weight(0), D)));
    }

    @Test
    void anUpdateOfEveryWeightDiesAfterAnyWriteAndIsAdoptedBeforeOrAfter() {
        // No backend keeps its weight: the weights the ring was built with have no reference entry, so
        // they are read back up to a common factor (1:2:1 may read as 2:4:2; the ring is the same).
        everyCrashPoint(e -> e.apply(WEB, List.of(A.weight(2), B.weight(1), C.weight(3))), true);
    }

    @Test
    void aReplacementDiesAfterAnyWriteAndIsAdoptedBeforeOrAfter() {
        everyCrashPoint(e -> e.apply(DNS, List.of(D, E)));
    }

    @Test
    void aNewVipDiesAfterAnyWriteAndIsAdoptedAbsentOrComplete() {
        everyCrashPoint(e -> e.apply(Vip.udp("203.0.113.13", 5353), List.of(A, B, E)));
    }

    @Test
    void aRemovalDiesAfterAnyWriteAndIsAdoptedPresentOrGone() {
        everyCrashPoint(e -> e.remove(MORE.get(0))); // moves A's last overflow ref
        everyCrashPoint(e -> e.remove(API)); // the last VIP of its address: the marker goes
    }

    @Test
    void aCleanRestartRepairsNothing() {
        Datapath dp = load();
        RouteEngine first = new RouteEngine(dp);
        setUp(first);
        RouteEngine second = new RouteEngine(dp);
        second.adopt();
        assertThat(second.adoption()).isNotNull();
        assertThat(second.adoption().repairs()).isEmpty();
        assertThat(routes(second)).isEqualTo(routes(first));
    }

    @Test
    void aRingFromAnotherHashSeedIsRefusedWithTheReason() {
        Datapath dp = load();
        new RouteEngine(dp).apply(WEB, List.of(A, B, C));
        // The same maps read by an engine that builds its tables with another seed.
        Datapath other = load(new Datapath.Sizing(8, 64, RING, 4096, 0x1234, 30_000_000_000L, Datapath.OPT_NO_FIB));
        copyRoutingMaps(dp, other);
        assertThatThrownBy(() -> new RouteEngine(other).adopt()).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("does not match this configuration").hasMessageContaining("hashSeed");
    }

    // ---------------------------------------------------------------- the walk over crash points

    private void everyCrashPoint(Consumer<RouteEngine> update) {
        everyCrashPoint(update, false);
    }

    private void everyCrashPoint(Consumer<RouteEngine> update, boolean upToScale) {
        // The configurations before and after, and the number of writes the update makes.
        Datapath probe = load();
        RouteEngine e0 = new RouteEngine(probe);
        setUp(e0);
        Map<Vip, Set<Backend>> before = routes(e0);
        MapWriteFault.count();
        update.accept(e0);
        long writes = MapWriteFault.writes();
        MapWriteFault.disarm();
        Map<Vip, Set<Backend>> after = routes(e0);
        assertThat(writes).as("map writes of the update").isGreaterThan(2);

        int sawBefore = 0;
        int sawAfter = 0;
        Datapath dp = probe;
        for (long k = 0; k <= writes; k++) {
            reset(dp);
            RouteEngine dying = new RouteEngine(dp);
            setUp(dying);
            MapWriteFault.arm(k);
            try {
                update.accept(dying);
                assertThat(k).as("only the full budget lets the update finish").isEqualTo(writes);
            } catch (MapWriteFault.Crash expected) {
                assertThat(k).isLessThan(writes);
            } finally {
                MapWriteFault.disarm();
            }

            RouteEngine adopted = new RouteEngine(dp);
            adopted.adopt();
            Map<Vip, Set<Backend>> got = routes(adopted);
            String at = "after " + k + " of " + writes + " writes; repairs " + adopted.adoption().repairs();
            if (upToScale) {
                assertThat(reduced(got)).as("adopted routes (weights reduced) " + at).isIn(reduced(before), reduced(after));
            } else {
                assertThat(got).as("adopted routes " + at).isIn(before, after);
            }
            if (reduced(got).equals(reduced(before))) sawBefore++;
            else sawAfter++;
            if (k == writes) assertThat(adopted.adoption().repairs()).as("a finished update needs no repair").isEmpty();
            assertForwards(dp, adopted, at);

            RouteEngine again = new RouteEngine(dp);
            again.adopt();
            assertThat(again.adoption().repairs()).as("a second adoption " + at).isEmpty();
            assertThat(routes(again)).isEqualTo(got);

            // The adopted engine's view of the rings is right: its next updates leave consistent maps.
            Vip changed = got.keySet().iterator().next();
            adopted.apply(changed, List.of(C, D.weight(2)));
            adopted.apply(changed, List.of(C.weight(2), D, E));
            RouteEngine third = new RouteEngine(dp);
            third.adopt();
            assertThat(third.adoption().repairs()).as("adoption after two more updates " + at).isEmpty();
            assertThat(routes(third)).isEqualTo(routes(adopted));
            assertForwards(dp, third, at + ", then two updates");
        }
        assertThat(sawBefore).as("crash points adopted as before the update").isPositive();
        assertThat(sawAfter).as("crash points adopted as after the update").isPositive();
    }

    /** A few new flows to every VIP go to a backend of its route (or are dropped when it has none). */
    private static void assertForwards(Datapath dp, RouteEngine engine, String at) {
        for (Route r : engine.routes()) {
            Vip v = r.vip();
            Set<String> backends = new HashSet<>();
            boolean any = false;
            for (Backend b : r.backends()) {
                backends.add(b.address().getHostAddress() + ":" + (b.port() == 0 ? v.port() : b.port()));
                any |= b.weight() > 0;
            }
            for (int i = 0; i < 8; i++) {
                var frame = fromClient().ipv4("198.51.100." + (7 + i), v.address().getHostAddress());
                byte[] bytes = v.protocol() == Protocol.TCP ? frame.tcp(40000 + i, v.port()).syn().build()
                        : frame.udp(40000 + i, v.port()).payload(new byte[8]).build();
                TestRun run = dp.xdp().testRun(bytes, 1);
                if (!any) {
                    assertThat(run.xdpAction()).as(v + " without backends " + at).isEqualTo(XdpAction.DROP);
                    continue;
                }
                assertThat(run.xdpAction()).as(v + " " + at).isEqualTo(XdpAction.PASS);
                ParsedPacket p = Packet.parse(run.output());
                assertThat(p.dst().getHostAddress() + ":" + p.dstPort()).as("backend of " + v + " " + at)
                        .isIn(backends);
            }
        }
    }

    /** Empties every map the engine writes, as a fresh load would leave them (much faster than loading). */
    private static void reset(Datapath dp) {
        dp.vips.deleteAll(dp.vips.keys());
        dp.backendVips.deleteAll(dp.backendVips.keys());
        dp.backendRefs.deleteAll(dp.backendRefs.keys());
        dp.flows.deleteAll(dp.flows.keys());
        Map<Integer, Integer> ring = new HashMap<>();
        for (int i = 0; i < dp.rings.maxEntries(); i++) ring.put(i, 0);
        dp.rings.putAll(ring);
        Map<Integer, BackendEntry> free = new HashMap<>();
        for (int i = 0; i < dp.backends.maxEntries(); i++) free.put(i, Datapath.FREE_BACKEND);
        dp.backends.putAll(free);
        Map<Integer, dev.blixt.internal.datapath.VipKey> noVip = new HashMap<>();
        for (int i = 0; i < dp.vipTable.maxEntries(); i++) {
            noVip.put(i, new dev.blixt.internal.datapath.VipKey(java.net.InetAddress.ofLiteral("::"), 0, 0));
        }
        dp.vipTable.putAll(noVip);
        Map<Integer, Long> zero = new HashMap<>();
        for (int i = 0; i < dp.addrFilter.maxEntries(); i++) zero.put(i, 0L);
        dp.addrFilter.putAll(zero);
        dp.config.put(0, 0L);
        assertThat(dp.vips.keys()).isEmpty();
    }

    /** The routes with each VIP's weights divided by their greatest common divisor. */
    private static Map<Vip, Set<Backend>> reduced(Map<Vip, Set<Backend>> routes) {
        Map<Vip, Set<Backend>> out = new HashMap<>();
        routes.forEach((vip, backends) -> {
            int g = 0;
            for (Backend b : backends) g = java.math.BigInteger.valueOf(g).gcd(java.math.BigInteger.valueOf(b.weight())).intValue();
            int d = Math.max(g, 1);
            Set<Backend> set = new HashSet<>();
            for (Backend b : backends) set.add(b.weight(b.weight() / d));
            out.put(vip, set);
        });
        return out;
    }

    private static Map<Vip, Set<Backend>> routes(RouteEngine e) {
        Map<Vip, Set<Backend>> out = new HashMap<>();
        for (Route r : e.routes()) out.put(r.vip(), new HashSet<>(r.backends()));
        return out;
    }

    private Datapath load() {
        return load(SIZING);
    }

    private Datapath load(Datapath.Sizing sizing) {
        Datapath dp = Datapath.load(sizing, null);
        open.add(dp);
        return dp;
    }

    private static void copyRoutingMaps(Datapath from, Datapath to) {
        to.vips.putAll(from.vips.getAll());
        to.vipTable.putAll(from.vipTable.getAll());
        to.backends.putAll(from.backends.getAll());
        to.backendVips.putAll(from.backendVips.getAll());
        Map<Integer, Integer> ring = new HashMap<>();
        for (int half = 0; half < 2; half++) {
            for (int s = 0; s < RING; s++) {
                int i = from.ringIndex(0, half, s);
                ring.put(i, from.rings.get(i).orElse(0));
            }
        }
        to.rings.putAll(ring);
        assertThat(to.backends.get(1)).map(BackendEntry::flags).contains(BackendEntry.F_VALID);
    }
}
