package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import dev.blixt.testing.TestPins;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Source ranges and client-IP affinity on the real program (frames through BPF_PROG_TEST_RUN): which
 * clients get a backend, what is counted, atomic replacement, the purge of refused flows, adoption.
 */
@Privileged
class TrafficPolicyTest {
    static final Vip VIP = Vip.tcp("203.0.113.10", 80);
    static final Vip VIP6 = Vip.tcp("2001:db8:10::10", 80);
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);
    static final Backend B3 = Backend.of("198.18.1.4", 8080);
    static final Backend B61 = Backend.of("2001:db8:18::2", 8080);

    TestNetns net;

    @BeforeEach
    void setUp() {
        net = TestNetns.create();
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    private DataplaneConfig.Builder config() {
        return net.dataplaneConfig().kernelForwarding(true);
    }

    static byte[] syn(String client, int port, Vip vip) {
        return Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                .ip(InetAddress.ofLiteral(client), vip.address()).tcp(port, vip.port()).syn().build();
    }

    static byte[] ack(String client, int port, Vip vip) {
        return Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                .ip(InetAddress.ofLiteral(client), vip.address()).tcp(port, vip.port()).ack().build();
    }

    private static boolean admitted(Dataplane dp, String client, int port, Vip vip) {
        Simulation s = dp.simulate(syn(client, port, vip));
        return s.backend().isPresent() && s.verdict() != Simulation.Verdict.DROP;
    }

    @Test
    void anAllowListAdmitsOnlyItsPrefixesAndADenyInsideItWins() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            Route r = dp.route(VIP).sourceRanges(SourceRanges.allowOnly("198.51.100.0/24", "192.0.2.0/25")
                    .deny("198.51.100.128/26")).to(B1, B2);
            assertThat(r.policy().sources().allow()).hasSize(2);
            assertThat(admitted(dp, "198.51.100.7", 40000, VIP)).isTrue();
            assertThat(admitted(dp, "192.0.2.100", 40001, VIP)).isTrue();
            assertThat(admitted(dp, "198.51.100.130", 40002, VIP)).as("denied inside allowed").isFalse();
            assertThat(admitted(dp, "192.0.2.200", 40003, VIP)).as("in no allowed prefix").isFalse();
            assertThat(admitted(dp, "10.1.1.1", 40004, VIP)).isFalse();

            GlobalStats g = dp.globalStats();
            assertThat(g.droppedSourceDenied()).isEqualTo(1);
            assertThat(g.droppedSourceNotAllowed()).isEqualTo(2);
            assertThat(dp.stats(VIP).refused()).isEqualTo(3);
            assertThat(dp.stats(VIP).newFlows()).isEqualTo(2);
            assertThat(dp.flows(VIP)).hasSize(2).as("no flow state for refused clients");
        }
    }

    @Test
    void anAllowedPrefixInsideADeniedOneIsStillRefused() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            dp.route(VIP).sourceRanges(SourceRanges.allowOnly("10.1.2.0/24").deny("10.0.0.0/8")).to(B1);
            assertThat(admitted(dp, "10.1.2.3", 40000, VIP)).as("deny wins over a longer allow").isFalse();
            assertThat(dp.globalStats().droppedSourceDenied()).isEqualTo(1);
        }
    }

    @Test
    void aDenyListOnIpv6RefusesItsPrefixesOnlyAndOtherVipsAreUnaffected() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            dp.route(VIP6).sourceRanges(SourceRanges.denyOnly("2001:db8:bad::/48")).to(B61);
            dp.route(VIP).to(B1);
            assertThat(admitted(dp, "2001:db8:bad::7", 40000, VIP6)).isFalse();
            assertThat(admitted(dp, "2001:db8:900d::7", 40001, VIP6)).isTrue();
            assertThat(admitted(dp, "198.51.100.7", 40002, VIP)).isTrue();
            assertThat(dp.stats(VIP6).refused()).isEqualTo(1);
            assertThat(dp.stats(VIP).refused()).isZero();
        }
    }

    @Test
    void changingTheRangesRefusesEstablishedFlowsOfNowRefusedClientsAndKeepsTheOthers() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            dp.route(VIP).to(B1, B2);
            assertThat(admitted(dp, "198.51.100.7", 40000, VIP)).isTrue();
            assertThat(admitted(dp, "203.0.113.77", 40001, VIP)).isTrue();
            assertThat(dp.flows(VIP)).hasSize(2);

            Route r = dp.route(VIP).sourceRanges(SourceRanges.allowOnly("198.51.100.0/24")).to(B1, B2);
            assertThat(r.policy().sources().allow()).containsExactly(Cidr.parse("198.51.100.0/24"));
            assertThat(dp.flows(VIP)).extracting(f -> f.client().getAddress())
                    .containsExactly(InetAddress.ofLiteral("198.51.100.7"));
            Simulation refused = dp.simulate(ack("203.0.113.77", 40001, VIP));
            assertThat(refused.verdict()).isEqualTo(Simulation.Verdict.DROP);
            assertThat(dp.simulate(ack("198.51.100.7", 40000, VIP)).backend()).isPresent();

            // A later update that does not name the ranges keeps them; ANY lifts them.
            assertThat(dp.route(VIP).to(B1).policy().sources()).isEqualTo(r.policy().sources());
            assertThat(admitted(dp, "203.0.113.77", 40002, VIP)).isFalse();
            dp.route(VIP).sourceRanges(SourceRanges.ANY).to(B1);
            assertThat(admitted(dp, "203.0.113.77", 40003, VIP)).isTrue();
        }
    }

    @Test
    void prefixesOfTheOtherFamilyAreRefusedAndCapacityIsChecked() {
        try (Dataplane dp = Dataplane.open(config().maxSourceRanges(10).build())) {
            assertThatThrownBy(() -> dp.route(VIP).sourceRanges(SourceRanges.allowOnly("2001:db8::/32")).to(B1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2001:db8::/32")
                    .hasMessageContaining("IPv6");
            assertThat(dp.routes()).isEmpty();
            String[] six = {"10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"};
            dp.route(VIP).sourceRanges(SourceRanges.allowOnly(six)).to(B1);
            // Replacing six with six needs twelve at the peak.
            assertThatThrownBy(() -> dp.route(VIP).sourceRanges(SourceRanges.denyOnly(six)).to(B1))
                    .isInstanceOf(CapacityException.class).hasMessageContaining("maxSourceRanges");
            assertThat(dp.routeOf(VIP).orElseThrow().policy().sources().allow()).hasSize(6);
            assertThat(admitted(dp, "10.9.9.9", 40000, VIP)).isTrue();
        }
    }

    @Test
    void aLargeListIsReplacedAtomicallyAndItsOldGenerationIsDeleted() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                first.add("10." + (i >> 8) + "." + (i & 255) + ".0/24");
                second.add("172." + (16 + (i >> 12)) + "." + ((i >> 4) & 255) + "." + ((i & 15) << 4) + "/28");
            }
            long t0 = System.nanoTime();
            dp.route(VIP).sourceRanges(SourceRanges.allowOnly(first.toArray(String[]::new))).to(B1);
            long t1 = System.nanoTime();
            assertThat(admitted(dp, "10.5.7.9", 40000, VIP)).isTrue();
            assertThat(admitted(dp, "172.16.0.1", 40001, VIP)).isFalse();
            dp.route(VIP).sourceRanges(SourceRanges.allowOnly(second.toArray(String[]::new))).to(B1);
            long t2 = System.nanoTime();
            assertThat(admitted(dp, "10.5.7.9", 40002, VIP)).isFalse();
            assertThat(admitted(dp, "172.16.0.1", 40003, VIP)).isTrue();
            System.out.printf("20000 prefixes: first write %d ms, replacement %d ms%n", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000);
            dp.remove(VIP);
        }
    }

    @Test
    void rangesAndAffinitySurviveAPinnedRestart() {
        try (TestPins tp = TestPins.create()) {
            rangesAndAffinitySurvive(tp.dir());
        }
    }

    private void rangesAndAffinitySurvive(java.nio.file.Path pins) {
        try (Dataplane dp = Dataplane.open(config().pinPath(pins).build())) {
            dp.route(VIP).affinity(Affinity.CLIENT_IP).sourceRanges(SourceRanges.allowOnly("198.51.100.0/24")
                    .deny("198.51.100.128/25")).to(B1, B2);
            dp.route(VIP).sourceRanges(SourceRanges.allowOnly("198.51.100.0/24")).to(B1, B2);
        }
        try (Dataplane dp = Dataplane.open(config().pinPath(pins).build())) {
            Route r = dp.routeOf(VIP).orElseThrow();
            assertThat(r.policy().affinity()).isEqualTo(Affinity.CLIENT_IP);
            assertThat(r.policy().sources()).isEqualTo(SourceRanges.allowOnly("198.51.100.0/24"));
            assertThat(dp.adoption().orElseThrow().repairs()).isEmpty();
            assertThat(admitted(dp, "198.51.100.200", 40000, VIP)).isTrue();
            assertThat(admitted(dp, "192.0.2.1", 40001, VIP)).isFalse();
            dp.destroy();
        }
    }

    @Test
    void clientIpAffinitySendsEveryPortOfOneClientToOneBackendAndSpreadsClients() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            Route r = dp.route(VIP).affinity(Affinity.CLIENT_IP).to(B1, B2, B3.weight(2));
            assertThat(r.policy().affinity()).isEqualTo(Affinity.CLIENT_IP);
            Random rnd = new Random(42);
            Set<Backend> seen = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                seen.add(dp.simulate(syn("198.51.100.7", 1024 + rnd.nextInt(60000), VIP)).backend().orElseThrow());
            }
            assertThat(seen).as("1000 connections of one client").hasSize(1);

            Map<Backend, Integer> spread = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                String client = "10." + (i >> 8) + "." + (i & 255) + ".1";
                spread.merge(dp.simulate(syn(client, 40000, VIP)).backend().orElseThrow().endpoint().equals(B3.endpoint())
                        ? B3 : B1, 1, Integer::sum);
            }
            // B3 has half the weight: about 500 of 1000 clients.
            assertThat(spread.get(B3)).isBetween(400, 600);

            // Without affinity, one client's ports spread.
            dp.route(VIP).affinity(Affinity.NONE).to(B1, B2, B3.weight(2));
            Set<Backend> spreadPorts = new HashSet<>();
            for (int i = 0; i < 200; i++) spreadPorts.add(dp.simulate(syn("198.51.100.9", 20000 + i, VIP)).backend().orElseThrow());
            assertThat(spreadPorts).hasSize(3);
        }
    }

    @Test
    void globalCounterIndexesMatchTheStatsRecord() {
        long[] c = new long[GlobalCounter.values().length];
        c[GlobalCounter.DROP_SOURCE_DENIED.ordinal()] = 5;
        c[GlobalCounter.DROP_SOURCE_NOT_ALLOWED.ordinal()] = 7;
        GlobalStats g = GlobalStats.of(c);
        assertThat(g.droppedSourceDenied()).isEqualTo(5);
        assertThat(g.droppedSourceNotAllowed()).isEqualTo(7);
        assertThat(g.dropped()).isEqualTo(12);
    }
}
