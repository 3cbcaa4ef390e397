package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dataplane#flows}, {@link Dataplane#flowCount}, {@link Dataplane#flowCounts} and {@link Dataplane#purge}
 * on the real program: flows are inserted by frames run through it (BPF_PROG_TEST_RUN), then listed, counted,
 * searched and purged.
 */
@Privileged
class FlowIntrospectionTest {
    static final Vip TCP4 = Vip.tcp("203.0.113.10", 80);
    static final Vip OTHER = Vip.tcp("203.0.113.10", 81);
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

    private DataplaneConfig.Builder config() {
        return net.dataplaneConfig().kernelForwarding(true);
    }

    private static PacketBuilder frame(String client, Vip vip) {
        return Packet.builder().ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
                .ip(InetAddress.ofLiteral(client), vip.address());
    }

    private static byte[] syn(String client, int port, Vip vip) {
        return frame(client, vip).tcp(port, vip.port()).syn().build();
    }

    /** Opens {@code n} TCP flows from two clients; returns the backend the program chose for each, by client. */
    private static Map<InetSocketAddress, Backend> open(Dataplane dp, Vip vip, int n) {
        Map<InetSocketAddress, Backend> chosen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String client = i % 2 == 0 ? "198.51.100.7" : "198.51.100.8";
            int port = 40000 + i;
            Simulation sim = dp.simulate(syn(client, port, vip));
            chosen.put(new InetSocketAddress(InetAddress.ofLiteral(client), port), sim.backend().orElseThrow());
        }
        return chosen;
    }

    @Test
    void tcpFlowsAreListedCountedSearchedAndPurgedPerBackend() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            dp.route(TCP4).to(B1, B2, B3);
            dp.route(OTHER).to(B1);
            Map<InetSocketAddress, Backend> chosen = open(dp, TCP4, 60);
            open(dp, OTHER, 5);

            List<TrackedFlow> flows = dp.flows(TCP4);
            assertThat(flows).hasSize(60);
            for (TrackedFlow f : flows) {
                assertThat(f.vip()).isEqualTo(TCP4);
                assertThat(f.protocol()).isEqualTo(Protocol.TCP);
                assertThat(f.destinationPort()).isEqualTo(80);
                assertThat(f.mode()).isEqualTo(ForwardingMode.NAT);
                assertThat(f.idle()).isEmpty();
                assertThat(f.translatedSource()).isEmpty();
                assertThat(f.backend()).as("backend of %s", f.client()).isEqualTo(chosen.get(f.client()));
                assertThat(dp.backendFor(TCP4, f.flow())).contains(f.backend());
            }
            assertThat(flows.stream().map(TrackedFlow::client).distinct()).hasSize(60);
            assertThat(dp.flowCount(TCP4)).isEqualTo(60);
            assertThat(dp.flowCount(OTHER)).isEqualTo(5);

            Map<Endpoint, Integer> counts = dp.flowCounts(TCP4);
            assertThat(counts.keySet()).containsExactly(B1.endpoint(), B2.endpoint(), B3.endpoint());
            for (Backend b : List.of(B1, B2, B3)) {
                long expected = chosen.values().stream().filter(b::equals).count();
                assertThat(counts.get(b.endpoint())).as("flows of %s", b).isEqualTo((int) expected).isPositive();
                assertThat(dp.flows(TCP4, b)).hasSize((int) expected).allMatch(f -> f.backend().equals(b));
                assertThat(dp.flows(TCP4, b.weight(7))).as("matched whatever the weight").hasSize((int) expected);
            }
            InetAddress one = InetAddress.ofLiteral("198.51.100.7");
            assertThat(dp.flows(TCP4, f -> f.client().getAddress().equals(one))).hasSize(30)
                    .allMatch(f -> f.client().getAddress().equals(one));

            // A drained backend keeps its flows, listed with its weight now.
            dp.drain(TCP4, B2);
            assertThat(dp.flows(TCP4, B2)).hasSize(counts.get(B2.endpoint())).allMatch(f -> f.backend().weight() == 0);

            int b2 = counts.get(B2.endpoint());
            assertThat(dp.purge(TCP4, B2)).isEqualTo(b2);
            assertThat(dp.flows(TCP4, B2)).isEmpty();
            assertThat(dp.flowCount(TCP4)).isEqualTo(60 - b2);
            assertThat(dp.flowCounts(TCP4).get(B2.endpoint())).isZero();
            assertThat(dp.flowCount(OTHER)).as("another VIP's flows stay").isEqualTo(5);
            assertThat(dp.purge(TCP4, B2)).as("nothing left to purge").isZero();

            // A purged flow's next segment re-selects on the ring (B2 is drained: another backend) and is tracked again.
            InetSocketAddress moved = chosen.entrySet().stream().filter(e -> e.getValue().equals(B2)).findFirst()
                    .orElseThrow().getKey();
            long lostBefore = dp.globalStats().flowsLost();
            long newBefore = dp.stats(TCP4).newFlows();
            Simulation again = dp.simulate(frame(moved.getAddress().getHostAddress(), TCP4)
                    .tcp(moved.getPort(), 80).ack().build());
            assertThat(again.backend()).isPresent().isNotEqualTo(Optional.of(B2));
            assertThat(dp.globalStats().flowsLost()).isEqualTo(lostBefore + 1);
            assertThat(dp.stats(TCP4).newFlows()).as("a re-selected flow counts as new").isEqualTo(newBefore + 1);
            assertThat(dp.flows(TCP4, f -> f.client().equals(moved))).singleElement()
                    .satisfies(f -> assertThat(f.backend()).isEqualTo(again.backend().orElseThrow()));

            assertThat(dp.purge(TCP4)).isEqualTo(60 - b2 + 1);
            assertThat(dp.flows(TCP4)).isEmpty();
            assertThat(dp.flowCount(TCP4)).isZero();
            assertThat(dp.flowCount(OTHER)).isEqualTo(5);

            assertThatThrownBy(() -> dp.purge(TCP4, Backend.of("198.18.1.9", 8080)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a backend of");
            assertThatThrownBy(() -> dp.flows(Vip.tcp("203.0.113.99", 80)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no route");
            assertThatThrownBy(() -> dp.purge(Vip.tcp("203.0.113.99", 80)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no route");
            dp.close();
            assertThatThrownBy(() -> dp.flows(TCP4)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> dp.purge(TCP4)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void flowsOfARemovedBackendAreStaleNotListedButPurged() {
        try (Dataplane dp = Dataplane.open(config().build())) {
            dp.route(TCP4).to(B1, B2, B3);
            Map<InetSocketAddress, Backend> chosen = open(dp, TCP4, 40);
            long ofB2 = chosen.values().stream().filter(B2::equals).count();
            assertThat(ofB2).isPositive();

            dp.route(TCP4).to(B1, B3); // B2's entries stay in the table, and re-select on their next packet

            assertThat(dp.flows(TCP4)).hasSize(40 - (int) ofB2).noneMatch(f -> f.backend().endpoint().equals(B2.endpoint()));
            assertThat(dp.flowCount(TCP4)).isEqualTo(40 - (int) ofB2);
            assertThat(dp.flowCounts(TCP4)).containsOnlyKeys(B1.endpoint(), B3.endpoint());
            assertThatThrownBy(() -> dp.purge(TCP4, B2)).isInstanceOf(IllegalArgumentException.class);
            assertThat(dp.purge(TCP4)).as("stale entries are deleted too").isEqualTo(40);
            assertThat(dp.purge(TCP4)).isZero();
        }
    }

    @Test
    void udpFlowsOverIpv6ShowTheirIdleTime() {
        Vip dns = Vip.udp("2001:db8:f::53", 53);
        Backend d1 = Backend.of("2001:db8:1::2", 5353);
        Backend d2 = Backend.of("2001:db8:1::3", 5353);
        try (Dataplane dp = Dataplane.open(config().udpIdleTimeout(Duration.ofSeconds(30)).build())) {
            dp.route(dns).to(d1, d2);
            Map<Integer, Backend> chosen = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                chosen.put(50000 + i, dp.simulate(frame("2001:db8:c::7", dns).udp(50000 + i, 53).build())
                        .backend().orElseThrow());
            }
            List<TrackedFlow> flows = dp.flows(dns);
            assertThat(flows).hasSize(20);
            for (TrackedFlow f : flows) {
                assertThat(f.protocol()).isEqualTo(Protocol.UDP);
                assertThat(f.client().getAddress()).isEqualTo(InetAddress.ofLiteral("2001:db8:c::7"));
                assertThat(f.backend()).isEqualTo(chosen.get(f.client().getPort()));
                assertThat(f.idle()).isPresent().get().satisfies(d -> assertThat(d).isLessThan(Duration.ofSeconds(5)));
            }
            Map<Endpoint, Integer> counts = dp.flowCounts(dns);
            assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
            int ofD1 = counts.get(d1.endpoint());
            assertThat(dp.purge(dns, d1)).isEqualTo(ofD1);
            assertThat(dp.flows(dns)).hasSize(20 - ofD1).allMatch(f -> f.backend().equals(d2));
        }
    }

    @Test
    void aFullNatFlowShowsItsTranslatedSource() {
        Vip vip = Vip.tcp("203.0.113.10", 80);
        try (Dataplane dp = Dataplane.open(config().fullNatAddresses("198.18.0.1").fullNatPorts(20000, 20999).build())) {
            dp.route(vip).mode(ForwardingMode.FULL_NAT).to(B1);
            ParsedPacket out = Packet.parse(dp.simulate(syn("198.51.100.7", 40000, vip)).output());
            TrackedFlow f = dp.flows(vip).getFirst();
            assertThat(f.mode()).isEqualTo(ForwardingMode.FULL_NAT);
            assertThat(f.backend()).isEqualTo(B1);
            assertThat(f.translatedSource()).contains(new InetSocketAddress(out.src(), out.srcPort()));
            assertThat(dp.purge(vip, B1)).isEqualTo(1);
            // Its translation stays for the reclaimer: the flow re-selecting the same backend takes it back.
            ParsedPacket again = Packet.parse(dp.simulate(frame("198.51.100.7", vip).tcp(40000, 80).ack().build()).output());
            assertThat(new InetSocketAddress(again.src(), again.srcPort())).isEqualTo(f.translatedSource().orElseThrow());
            assertThat(dp.flows(vip)).singleElement().satisfies(g -> assertThat(g.translatedSource())
                    .isEqualTo(f.translatedSource()));
        }
    }
}
