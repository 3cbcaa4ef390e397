package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.testing.TestNetns;
import dev.blixt.testing.TestPins;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public API on a real veth inside a network namespace the test creates. */
@Privileged
class DataplaneTest {
    static final Vip VIP = Vip.tcp("203.0.113.10", 80);
    static final Backend B1 = Backend.of("198.18.1.2", 8080);
    static final Backend B2 = Backend.of("198.18.1.3", 8080);
    static final Backend B3 = Backend.of("198.18.1.4", 8080);

    TestNetns net;

    @BeforeEach
    void setUp() {
        net = TestNetns.create();
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    private <T> T inNs(Callable<T> c) {
        return NetNamespace.callIn(net.nsA(), c);
    }

    private DataplaneConfig.Builder config() {
        return net.dataplaneConfig().kernelForwarding(true);
    }

    private static byte[] syn(String client, int port, Vip vip) {
        return Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                .ip(java.net.InetAddress.ofLiteral(client), vip.address()).tcp(port, vip.port()).syn().build();
    }

    @Test
    void aDsrRouteIsSimulatedToItsBackendInsideTheOuterHeader() {
        try (Dataplane dp = Dataplane.open(config().encapsulationSources("10.255.0.0/24").build())) {
            Route r = dp.route(VIP).mode(ForwardingMode.DSR_IPIP).to(Backend.of("198.18.1.2", 0));
            assertThat(r.mode()).isEqualTo(ForwardingMode.DSR_IPIP);
            assertThat(dp.routeOf(VIP).orElseThrow().mode()).isEqualTo(ForwardingMode.DSR_IPIP);
            Simulation sim = dp.simulate(syn("198.51.100.7", 40000, VIP));
            assertThat(sim.backend()).contains(Backend.of("198.18.1.2", 0));
            ParsedPacket out = Packet.parse(sim.output());
            assertThat(out.protocol()).isEqualTo(Packet.IPIP);
            assertThat(out.dst()).isEqualTo(java.net.InetAddress.ofLiteral("198.18.1.2"));
            assertThat(dp.globalStats().encapsulatedIpip()).isEqualTo(1);
        }
        // A pinned data plane keeps its VIPs' modes across a restart (adoption reads them back).
        try (TestPins pins = TestPins.create()) {
            DataplaneConfig pinned = config().encapsulationSources("10.255.0.0/24").pinPath(pins.dir()).build();
            try (Dataplane first = Dataplane.open(pinned)) {
                first.route(VIP).mode(ForwardingMode.DSR_GUE).to(Backend.of("198.18.1.2", 0));
            }
            try (Dataplane second = Dataplane.open(pinned)) {
                assertThat(second.routeOf(VIP).orElseThrow().mode()).isEqualTo(ForwardingMode.DSR_GUE);
                assertThat(second.adoption().orElseThrow().repairs()).isEmpty();
                second.destroy();
            }
        }
        // Without an encapsulation source a DSR route is refused, and says how to fix it.
        try (Dataplane dp = Dataplane.open(config().build())) {
            assertThatThrownBy(() -> dp.route(VIP).mode(ForwardingMode.DSR_GUE).to(Backend.of("198.18.1.2", 0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encapsulationSources");
            assertThat(dp.routes()).isEmpty();
        }
    }

    @Test
    void aFullNatRouteRewritesTheSourceAndItsTranslationsSurviveAPinnedRestart() {
        Vip vip = Vip.tcp("203.0.113.10", 80);
        byte[] synFrame = syn("198.51.100.7", 40000, vip);
        byte[] ack = Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                .ipv4("198.51.100.7", "203.0.113.10").tcp(40000, 80).ack().build();
        try (TestPins pins = TestPins.create()) {
            DataplaneConfig pinned = config().fullNatAddresses("198.18.0.1").fullNatPorts(20000, 20999)
                    .pinPath(pins.dir()).build();
            int port;
            try (Dataplane first = Dataplane.open(pinned)) {
                Route r = first.route(vip).mode(ForwardingMode.FULL_NAT).to(Backend.of("198.18.1.2", 8080));
                assertThat(r.mode()).isEqualTo(ForwardingMode.FULL_NAT);
                Simulation sim = first.simulate(synFrame);
                assertThat(sim.backend()).contains(Backend.of("198.18.1.2", 8080));
                ParsedPacket out = Packet.parse(sim.output());
                assertThat(out.src()).isEqualTo(java.net.InetAddress.ofLiteral("198.18.0.1"));
                port = out.srcPort();
                assertThat(port).isBetween(20000, 20999);
                assertThat(first.globalStats().fullNatFlows()).isEqualTo(1);
            }
            try (Dataplane second = Dataplane.open(pinned)) {
                assertThat(second.routeOf(vip).orElseThrow().mode()).isEqualTo(ForwardingMode.FULL_NAT);
                // The flow goes on with the address and port it had: its translation was pinned.
                ParsedPacket out = Packet.parse(second.simulate(ack).output());
                assertThat(out.srcPort()).isEqualTo(port);
                assertThat(second.globalStats().flowHits()).isEqualTo(1);
                second.destroy();
            }
        }
        try (Dataplane dp = Dataplane.open(config().build())) {
            assertThatThrownBy(() -> dp.route(vip).mode(ForwardingMode.FULL_NAT).to(Backend.of("198.18.1.2", 8080)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullNatAddresses");
        }
    }

    @Test
    void routesAreAppliedReadBackAndCounted() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            Route r = dp.route(VIP).to(B1, B2.weight(3));
            assertThat(r.backends()).containsExactly(B1, B2.weight(3));
            assertThat(dp.routes()).containsExactly(r);
            assertThat(dp.routeOf(VIP)).contains(r);
            assertThat(bpftoolNet()).contains("tcx/ingress blixt_tc");

            Simulation sim = dp.simulate(syn("198.51.100.7", 40000, VIP));
            assertThat(sim.verdict()).isEqualTo(Simulation.Verdict.PASS);
            // a frame to an address no VIP can have (broadcast) is simply not for a VIP
            byte[] broadcast = Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"),
                    MacAddress.parse("ff:ff:ff:ff:ff:ff")).ip(java.net.InetAddress.ofLiteral("198.51.100.7"),
                    java.net.InetAddress.ofLiteral("255.255.255.255")).udp(68, 67).build();
            assertThat(dp.simulate(broadcast).vip()).isEmpty();
            assertThat(sim.vip()).contains(VIP);
            assertThat(sim.backend()).isPresent();
            assertThat(dp.backendFor(VIP, Flow.of("198.51.100.7", 40000)).map(Backend::key))
                    .isEqualTo(sim.backend().map(Backend::key));
            assertThat(dp.stats(VIP).packets()).isEqualTo(1);
            assertThat(dp.stats(VIP).newFlows()).isEqualTo(1);
            assertThat(dp.backendStats(VIP).get(sim.backend().orElseThrow().endpoint()).packets()).isEqualTo(1);
            // Counters are keyed by address and port: found with a backend of any weight.
            assertThat(dp.backendStats(VIP)).containsOnlyKeys(B1.endpoint(), B2.endpoint());
            assertThat(dp.backendStats(VIP).get(B2.endpoint())).isEqualTo(dp.backendStats(VIP).get(B2.weight(7)
                    .endpoint()));
            assertThat(dp.backendStats(VIP).get(Endpoint.of(B2.address().getHostAddress(), B2.port()))).isNotNull();
            assertThat(dp.globalStats().packets()).isGreaterThanOrEqualTo(1);
            assertThat(dp.globalStats().flowMisses()).isEqualTo(1);

            assertThat(dp.remove(VIP)).isTrue();
            assertThat(dp.remove(VIP)).isFalse();
            assertThat(dp.routes()).isEmpty();
            assertThat(dp.simulate(syn("198.51.100.7", 40000, VIP)).vip()).isEmpty();
        }
        assertThat(TestNetns.ip(net.nsA(), "link", "show", net.vethA())).doesNotContain("xdp");
    }

    @Test
    void predictionEqualsTheKernelForTenThousandFlows() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            dp.route(VIP).to(B1, B2.weight(2), B3.weight(5));
            Vip v6 = Vip.tcp("2001:db8:f::10", 443);
            dp.route(v6).to(Backend.of("2001:db8:1::2", 8443), Backend.of("2001:db8:1::3", 8443));
            Random rnd = new Random(7);
            for (int i = 0; i < 10_000; i++) {
                boolean six = i % 5 == 0;
                Vip vip = six ? v6 : VIP;
                String client = six ? "2001:db8:c::" + Integer.toHexString(rnd.nextInt(65536))
                        : "198.51." + rnd.nextInt(256) + "." + rnd.nextInt(256);
                int port = 1024 + rnd.nextInt(64000);
                Simulation sim = dp.simulate(syn(client, port, vip));
                assertThat(sim.backend()).as("%s:%d -> %s", client, port, vip)
                        .isEqualTo(dp.backendFor(vip, Flow.of(client, port)));
            }
        }
    }

    @Test
    void invalidRoutesChangeNothingAndSayWhy() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            Route before = dp.route(VIP).to(B1, B2);
            assertThatThrownBy(() -> dp.route(VIP).to(B1, Backend.of("2001:db8::1", 80)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2001:db8");
            assertThatThrownBy(() -> dp.route(VIP).to(B1, B1.weight(2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
            assertThatThrownBy(() -> dp.route(Vip.tcp("203.0.113.20", 0)).to(B1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
            assertThatThrownBy(() -> dp.drain(VIP, B3)).hasMessageContaining("198.18.1.4:8080");
            // the load balancer's own address (veth-a's, in the namespace it was opened in): the host's
            assertThatThrownBy(() -> dp.route(Vip.tcp(net.addressA(), 80)).to(B1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(net.addressA() + " cannot be a VIP address")
                    .hasMessageContaining("interface " + net.vethA());
            assertThat(dp.routes()).containsExactly(before);
            for (int i = 0; i < 3; i++) dp.route(Vip.udp("203.0.113.3" + i, 53)).to(B1);
            assertThatThrownBy(() -> dp.route(Vip.udp("203.0.113.99", 53)).to(B1))
                    .isInstanceOf(CapacityException.class).hasMessageContaining("maxVips");
            assertThat(dp.routes()).hasSize(4);
        }
    }

    @Test
    void backendIdsRunOutClearlyAndAreReusedAfterRemoval() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            List<Backend> many = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) many.add(Backend.of("198.18.3." + (i + 1), 8080));
            dp.route(VIP).to(many);
            assertThatThrownBy(() -> dp.route(Vip.tcp("203.0.113.11", 80)).to(B1))
                    .isInstanceOf(CapacityException.class).hasMessageContaining("maxBackends");
            dp.remove(VIP);
            dp.route(Vip.tcp("203.0.113.11", 80)).to(many);
            assertThat(dp.routes().getFirst().backends()).hasSize(64);
        }
    }

    @Test
    void unknownInterfaceFailsClearly() {
        assertThatThrownBy(() -> inNs(() -> Dataplane.open(DataplaneConfig.builder().interfaces("nosuch0").build())))
                .isInstanceOf(DataplaneException.class).hasMessageContaining("nosuch0").hasMessageContaining("does not exist");
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        Dataplane dp = Dataplane.open(config().build());
        dp.close();
        dp.close();
        assertThatThrownBy(() -> dp.route(VIP)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /**
     * What the kernel says is attached to vethA's ingress (Debian 12's bpftool predates tcx, so the
     * kernel is asked directly: BPF_PROG_QUERY, XDP query, tc query), plus {@code ip link}'s XDP flags.
     */
    private String bpftoolNet() {
        StringBuilder out = new StringBuilder(TestNetns.ip(net.nsA(), "link", "show", net.vethA()));
        for (Hooks.Hooked h : inNs(() -> Hooks.ingress(Interfaces.requireExists(net.vethA()), 0xB1C5, 0xB1C))) {
            out.append('\n').append(h.kind() == Hooks.Kind.TCX ? "tcx/ingress" : h.kind().name()).append(' ')
                    .append(h.programName()).append(" prog_id ").append(h.programId()).append(' ');
        }
        return out.toString();
    }

    @Test
    void eachAttachModeAttachesAndAutoPicksTcOnVeth() {
        for (AttachMode mode : AttachMode.values()) {
            DataplaneConfig.Builder b = config().attachMode(mode);
            if (mode.name().startsWith("XDP")) b.forceAttachMode(true);
            try (Dataplane dp = Dataplane.open(b.build())) {
                dp.route(VIP).to(B1);
                InterfaceAttachment a = dp.attachments().getFirst();
                assertThat(a.interfaceName()).isEqualTo(net.vethA());
                AttachMode expected = switch (mode) {
                    case AUTO, TC -> AttachMode.TC;
                    case XDP_AUTO -> AttachMode.XDP_NATIVE;
                    default -> mode;
                };
                assertThat(a.mode()).as(mode.name()).isEqualTo(expected);
                String show = bpftoolNet();
                assertThat(show).as(mode.name()).contains("prog_id " + a.programId());
                if (expected == AttachMode.TC) {
                    assertThat(a.mechanism()).isEqualTo("tcx link");
                    assertThat(show).contains("tcx/ingress blixt_tc");
                    if (mode == AttachMode.AUTO) assertThat(a.reason()).contains("a veth device");
                    assertThat(dp.egressStats()).as("nothing sent yet, no XDP-redirect target").isEmpty();
                } else {
                    assertThat(show).contains(expected == AttachMode.XDP_GENERIC ? "XDP_GENERIC blixt_xdp" : "XDP_NATIVE blixt_xdp");
                    assertThat(dp.egressStats()).as("an interface running our XDP program takes XDP redirects")
                            .containsExactly(new EgressStats(net.vethA(), a.ifindex(), true, 0, 0));
                }
            }
            assertThat(bpftoolNet()).as("after close in " + mode).doesNotContain("blixt_");
        }
    }

    @Test
    void explicitXdpModesAreRefusedOnVethWithTheReasonAndWhatToUse() {
        for (AttachMode mode : List.of(AttachMode.XDP_NATIVE, AttachMode.XDP_AUTO, AttachMode.XDP_GENERIC)) {
            assertThatThrownBy(() -> Dataplane.open(config().attachMode(mode).build()))
                    .as(mode.name()).isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("AttachMode." + mode + " cannot be correct")
                    .hasMessageContaining("AttachMode.AUTO").hasMessageContaining("forceAttachMode(true)");
            assertThat(bpftoolNet()).doesNotContain("blixt_");
        }
    }

    @Test
    void aSecondDataplaneOnTheSameInterfaceIsRefusedNamingTheOwnerUnlessItTakesOverAndThenTheFirstIsTold() {
        try (Dataplane first = Dataplane.open(config().build())) {
            first.route(VIP).to(B1);
            int firstId = first.attachments().getFirst().programId();
            assertThatThrownBy(() -> Dataplane.open(config().build()))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("already served by another Blixt data plane")
                    .hasMessageContaining("program id " + firstId)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("takeOver(true)");
            assertThat(bpftoolNet()).contains("prog_id " + firstId);
            // Refused after its maps were pinned: a failed open leaves nothing under the pin path.
            try (TestPins pins = TestPins.create()) {
                java.nio.file.Path fresh = pins.dir().resolve("refused");
                assertThatThrownBy(() -> Dataplane.open(config().pinPath(fresh).build()))
                        .hasMessageContaining("already served by another Blixt data plane");
                assertThat(fresh).doesNotExist();
                assertThatThrownBy(() -> Dataplane.open(config().pinPath(pins.dir()).build()))
                        .hasMessageContaining("already served by another Blixt data plane");
                assertThat(pins.dir()).as("an empty pin directory the user made stays, empty").isEmptyDirectory();
            }
            try (Dataplane second = Dataplane.open(config().takeOver(true).build())) {
                int secondId = second.attachments().getFirst().programId();
                String show = bpftoolNet();
                assertThat(show).contains("prog_id " + secondId).doesNotContain("prog_id " + firstId + " ");
                // The first learns it on its next call, whatever the call; the second is unaffected.
                assertThatThrownBy(() -> first.route(VIP).to(B2)).isInstanceOf(DataplaneException.class)
                        .hasMessageContaining("taken over by process " + ProcessHandle.current().pid())
                        .hasMessageContaining(net.vethA()).hasMessageContaining("close()");
                assertThatThrownBy(first::routes).isInstanceOf(DataplaneException.class)
                        .hasMessageContaining("taken over");
                assertThat(second.routes()).isEmpty();
                second.route(VIP).to(B2);
                assertThat(second.routeOf(VIP).orElseThrow().backends()).containsExactly(B2);
            }
        }
        assertThat(bpftoolNet()).doesNotContain("blixt_");
    }

    @Test
    void aPinPathIsLockedByItsOpenDataplaneAndDestroyWorksAfterCloseInAnyEarlierMode() throws Exception {
        try (TestPins pins = TestPins.create()) {
            DataplaneConfig pinned = config().pinPath(pins.dir()).build();
            Dataplane first = Dataplane.open(pinned);
            first.route(VIP).to(B1);
            assertThatThrownBy(() -> Dataplane.open(pinned))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("is in use by another open data plane")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            first.close(); // pinned: the tcx link stays
            assertThat(bpftoolNet()).contains("tcx/ingress blixt_tc");
            // Reopen the same pins in another mode: the earlier mode's attachment goes.
            Dataplane second = Dataplane.open(pinned.toBuilder().attachMode(AttachMode.XDP_GENERIC)
                    .forceAttachMode(true).build());
            assertThat(second.routes()).hasSize(1);
            String show = bpftoolNet();
            assertThat(show).contains("xdpgeneric").doesNotContain("tcx/ingress blixt_tc");
            second.close();
            assertThat(bpftoolNet()).contains("xdpgeneric");
            second.destroy(); // after close
            assertThat(bpftoolNet()).doesNotContain("blixt_");
            assertThat(TestNetns.tc(net.nsA(), "filter", "show", "dev", net.vethA(), "ingress")).doesNotContain("blixt");
            assertThat(java.nio.file.Files.exists(pins.dir().resolve("maps"))).isFalse();
            first.destroy(); // the pins are gone: nothing to do, no error
        }
    }

    @Test
    void aNetworkNamespaceCanBeNamedInTheConfiguration() {
        // from this thread's namespace (the test's), as every test here does through TestNetns.dataplaneConfig()
        try (Dataplane dp = Dataplane.open(DataplaneConfig.builder().interfaces(net.vethA()).networkNamespace(net.nsA())
                .maxVips(2).maxBackends(4).ringSize(251).flowTableSize(1024).build())) {
            dp.route(VIP).to(B1);
            assertThat(dp.attachments().getFirst().interfaceName()).isEqualTo(net.vethA());
            assertThat(bpftoolNet()).contains("tcx/ingress blixt_tc");
            assertThat(dp.simulate(syn("198.51.100.7", 40000, VIP)).backend()).contains(B1);
        }
        assertThat(bpftoolNet()).doesNotContain("blixt_");
    }

    @Test
    void pinnedDataplaneKeepsForwardingAndIsAdoptedAfterRestart() {
        try (TestPins pins = TestPins.create()) {
            DataplaneConfig cfg = config().pinPath(pins.resolve("dp")).build();
            Dataplane first = Dataplane.open(cfg);
            Route r = first.route(VIP).to(B1, B2.weight(2));
            first.simulate(syn("198.51.100.7", 40001, VIP));
            first.close();
            // Still attached, maps still there while no Dataplane is open.
            assertThat(bpftoolNet()).contains("tcx/ingress blixt_tc");

            Dataplane second = Dataplane.open(cfg);
            try {
                assertThat(second.routes()).containsExactly(r);
                assertThat(second.stats(VIP).packets()).isEqualTo(1);
                // The flow table survived: the same flow keeps its backend.
                Simulation again = second.simulate(Packet.builder()
                        .ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                        .ipv4("198.51.100.7", "203.0.113.10").tcp(40001, 80).ack().build());
                assertThat(second.globalStats().flowHits()).isEqualTo(1);
                assertThat(again.backend()).isPresent();
                second.route(VIP).to(B2, B3); // the adopted state can be changed
                assertThat(second.routes().getFirst().backends()).containsExactly(B2, B3);
            } finally {
                second.destroy();
            }
            assertThat(bpftoolNet()).doesNotContain("blixt_");
            assertThat(java.nio.file.Files.exists(pins.resolve("dp"))).isFalse();
        }
    }

    @Test
    void adoptingWithOtherSizesOrSeedFailsClearly() {
        try (TestPins pins = TestPins.create()) {
            DataplaneConfig cfg = config().pinPath(pins.resolve("dp")).build();
            Dataplane first = Dataplane.open(cfg);
            first.route(VIP).to(B1, B2, B3);
            first.close();
            try {
                assertThatThrownBy(() -> Dataplane.open(cfg.toBuilder().maxBackends(128).build()))
                        .isInstanceOf(DataplaneException.class).hasMessageContaining("cannot adopt")
                        .hasMessageContaining("maxBackends");
                assertThatThrownBy(() -> Dataplane.open(cfg.toBuilder().hashSeed(99).build()))
                        .isInstanceOf(DataplaneException.class).hasMessageContaining("hashSeed");
            } finally {
                Dataplane.open(cfg).destroy();
            }
        }
    }
}
