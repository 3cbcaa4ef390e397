package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.AttachMode;
import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.EgressStats;
import dev.blixt.Endpoint;
import dev.blixt.DataplaneConfig;
import dev.blixt.Flow;
import dev.blixt.GlobalStats;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.Outcome;
import dev.blixt.e2e.Traffic.Stream;
import dev.blixt.e2e.Traffic.UdpFlow;
import dev.blixt.sandbox.Host;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TCP and UDP traffic through the load balancer in a sandbox: servers in four backend
 * namespaces, clients in the client namespace, the data plane attached in the LB namespace in the
 * default mode ({@code AUTO}: tc on veth), offloads as the kernel sets them, unless a test says
 * otherwise. Each test opens its own data plane.
 */
@Privileged
class EndToEndTest {
    static Sandbox sb;
    static Fleet fleet;
    Dataplane dp;

    @BeforeAll
    static void up() {
        sb = Sandbox.builder().backends(4).prefix("blixt-e2e").build();
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
    void closeDataplane() {
        if (dp != null) dp.close();
    }

    static DataplaneConfig.Builder config() {
        return sb.dataplaneConfig().maxVips(8).maxBackends(64).flowTableSize(1 << 16);
    }

    static InetSocketAddress at(Vip vip) {
        return new InetSocketAddress(vip.address(), vip.port());
    }

    @Test
    void tcpConnectionsFollowTheWeightsAndEchoIntactWithPortTranslation() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(10).getHostAddress(), 80); // backends listen on 8080 only
        dp.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2).weight(2));
        Random rnd = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            byte[] p = new byte[i % 200 == 0 ? 64 * 1024 : 1 + rnd.nextInt(3000)]; // some span many segments
            rnd.nextBytes(p);
            payloads.add(p);
        }

        List<Exchange> ex = Traffic.connections(sb, at(vip), payloads.size(), 8, payloads::get);

        Expect.allIntact(ex);
        Map<String, Long> counts = Traffic.byBackend(ex);
        System.out.println("4000 connections, weights 1:1:2: " + counts);
        assertThat(share(counts, "backend-0")).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.05));
        assertThat(share(counts, "backend-1")).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.05));
        assertThat(share(counts, "backend-2")).isCloseTo(0.50, org.assertj.core.data.Offset.offset(0.05));
        Expect.predicted(dp, fleet, vip, sb.client().ipv4(), ex);
        assertThat(dp.stats(vip).newFlows()).isEqualTo(4000);
        for (int i = 0; i < 3; i++) {
            assertThat(Expect.statsOf(dp.backendStats(vip), fleet.tcpBackend(i)).newFlows()).as("new flows of backend-" + i)
                    .isEqualTo(counts.get("backend-" + i));
        }
    }

    private static double share(Map<String, Long> counts, String id) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return counts.getOrDefault(id, 0L) / (double) total;
    }

    @Test
    void udpFlowsStickToOneBackendAndRepliesComeFromTheVip() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.udp(Sandbox.ipv4Vip(11).getHostAddress(), 53);
        dp.route(vip).to(fleet.backend(0, false, Fleet.UDP_PORT), fleet.backend(1, false, Fleet.UDP_PORT),
                fleet.backend(2, false, Fleet.UDP_PORT));

        List<UdpFlow> flows = Traffic.udpFlows(sb, at(vip), 200, 20, 8);

        assertThat(flows.stream().filter(f -> f.error() != null).limit(5).toList()).as("unanswered flows").isEmpty();
        for (UdpFlow f : flows) {
            assertThat(f.backends()).as("flow from port %d", f.localPort()).hasSize(20);
            assertThat(f.backends().stream().distinct().toList()).as("backends of flow from port %d", f.localPort())
                    .hasSize(1);
            assertThat(f.sources()).as("reply sources").allMatch(s -> s.equals(at(vip)));
            String predicted = dp.backendFor(vip, new Flow(sb.client().ipv4(), f.localPort(), 53))
                    .map(fleet::identity).orElseThrow();
            assertThat(f.backends().getFirst()).as("backend of flow from port %d", f.localPort()).isEqualTo(predicted);
        }
        Map<String, Long> perBackend = flows.stream()
                .collect(Collectors.groupingBy(f -> f.backends().getFirst(), Collectors.counting()));
        System.out.println("200 UDP flows: " + perBackend);
        assertThat(perBackend).containsOnlyKeys("backend-0", "backend-1", "backend-2");
        // a port closed by one flow may be reused by a later one: same 5-tuple, same tracked flow
        assertThat(dp.stats(vip).newFlows()).isEqualTo(flows.stream().mapToInt(UdpFlow::localPort).distinct().count());
    }

    @Test
    void drainedBackendGetsNoNewConnectionsWhileItsOpenOnesComplete() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(12).getHostAddress(), 80);
        dp.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));
        List<Stream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) streams.add(Stream.open(sb, at(vip), i).start(512, Duration.ofMillis(20)));
            Map<String, Long> perBackend = streams.stream()
                    .collect(Collectors.groupingBy(s -> s.backend, Collectors.counting()));
            String drainedId = perBackend.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            int drained = Integer.parseInt(drainedId.substring("backend-".length()));
            Expect.sleep(300);

            dp.drain(vip, fleet.tcpBackend(drained));
            long[] atDrain = streams.stream().mapToLong(Stream::received).toArray();

            assertThat(dp.routeOf(vip).orElseThrow().find(fleet.tcpBackend(drained)).orElseThrow().weight()).isZero();
            List<Exchange> ex = Traffic.connections(sb, at(vip), 300, 4, i -> ("drain-" + i).getBytes());
            Expect.allIntact(ex);
            assertThat(Traffic.byBackend(ex)).doesNotContainKey(drainedId);
            Expect.predicted(dp, fleet, vip, sb.client().ipv4(), ex);
            Expect.sleep(300);

            List<Outcome> outcomes = new ArrayList<>();
            for (Stream s : streams) outcomes.add(s.finish(Duration.ofSeconds(10)));
            assertThat(outcomes.stream().filter(o -> !o.clean()).toList()).as("streams broken by the drain").isEmpty();
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).backend().equals(drainedId)) {
                    assertThat(outcomes.get(i).received()).as("bytes echoed after the drain").isGreaterThan(atDrain[i]);
                }
            }
            System.out.println("drained " + drainedId + " with " + perBackend.get(drainedId) + " open streams; new: "
                    + Traffic.byBackend(ex));
        } finally {
            for (Stream s : streams) s.finish(Duration.ofSeconds(1));
        }
    }

    @Test
    void ipv6VipToIpv6Backends() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv6Vip(0x10).getHostAddress(), 80);
        dp.route(vip).to(fleet.backend(0, true, Fleet.TCP_PORT), fleet.backend(1, true, Fleet.TCP_PORT),
                fleet.backend(2, true, Fleet.TCP_PORT).weight(2));
        Random rnd = new Random(6);
        List<Exchange> ex = Traffic.connections(sb, at(vip), 600, 8, i -> {
            byte[] p = new byte[i % 100 == 0 ? 32 * 1024 : 1 + (i * 37) % 2000];
            rnd.nextBytes(p);
            return p;
        });
        Expect.allIntact(ex);
        assertThat(Traffic.byBackend(ex)).containsOnlyKeys("backend-0", "backend-1", "backend-2");
        Expect.predicted(dp, fleet, vip, sb.client().ipv6(), ex);

        Vip udp = Vip.udp(Sandbox.ipv6Vip(0x10).getHostAddress(), 53);
        dp.route(udp).to(fleet.backend(0, true, Fleet.UDP_PORT), fleet.backend(3, true, Fleet.UDP_PORT));
        List<UdpFlow> flows = Traffic.udpFlows(sb, at(udp), 40, 10, 4);
        for (UdpFlow f : flows) {
            assertThat(f.error()).isNull();
            assertThat(f.backends().stream().distinct().toList()).hasSize(1);
            assertThat(f.sources()).allMatch(s -> s.equals(at(udp)));
        }
        System.out.println("IPv6: TCP " + Traffic.byBackend(ex) + ", UDP " + flows.stream()
                .collect(Collectors.groupingBy(f -> f.backends().getFirst(), Collectors.counting())));
    }

    /**
     * Counters against the kernel's own SNMP counters of the sending namespaces. In native XDP
     * the veth peers of the attached interfaces lose GSO, so every packet a socket sends is one
     * wire packet and one packet for the program: packets match exactly, and so do IP bytes.
     * Native XDP on veth is only correct with the senders tuned for it, so this test builds its own
     * sandbox with {@link Sandbox.Builder#tuneForNativeXdp()} (the shared one keeps the kernel's
     * default offloads, where {@code AUTO} attaches tc and counts GSO packets as one).
     */
    @Test
    void countersMatchTheTrafficSent() {
        try (Sandbox sb = Sandbox.builder().backends(3).prefix("blixt-e2e").tuneForNativeXdp().build();
             Fleet fleet = Fleet.start(sb)) {
            try {
                dp = sb.lb().open(sb.dataplaneConfig().maxVips(8).maxBackends(64).flowTableSize(1 << 16)
                        .attachMode(AttachMode.XDP_NATIVE).forceAttachMode(true).build());
                Vip tcp = Vip.tcp(Sandbox.ipv4Vip(13).getHostAddress(), 80);
                Vip udp = Vip.udp(Sandbox.ipv4Vip(13).getHostAddress(), 53);
                dp.route(tcp).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));
                dp.route(udp).to(fleet.backend(0, false, Fleet.UDP_PORT), fleet.backend(1, false, Fleet.UDP_PORT),
                        fleet.backend(2, false, Fleet.UDP_PORT));
                List<Host> backends = sb.backends().subList(0, 3);
                Mib client0 = Mib.read(sb.client());
                List<Mib> backends0 = backends.stream().map(Mib::read).toList();

                List<Exchange> ex = Traffic.connections(sb, at(tcp), 300, 4, i -> new byte[i % 10 == 0 ? 5000 : 100 + i]);
                List<UdpFlow> flows = Traffic.udpFlows(sb, at(udp), 50, 10, 4);
                Expect.sleep(500); // let the last ACKs cross

                Mib client1 = Mib.read(sb.client());
                List<Mib> backends1 = backends.stream().map(Mib::read).toList();
                Expect.allIntact(ex);
                assertThat(flows).allMatch(f -> f.error() == null);
                TrafficStats t = dp.stats(tcp);
                TrafficStats u = dp.stats(udp);
                Map<Endpoint, TrafficStats> tb = dp.backendStats(tcp);
                Map<Endpoint, TrafficStats> ub = dp.backendStats(udp);
                GlobalStats g = dp.globalStats();
                System.out.println("TCP VIP " + t + "\nUDP VIP " + u + "\n" + g);

                // client -> VIP
                assertThat(t.newFlows()).isEqualTo(300);
                // A UDP flow is its 5-tuple: a later socket that gets a port an earlier one used (the kernel
                // picks ephemeral ports at random) continues that flow instead of creating one.
                assertThat(u.newFlows()).isEqualTo(flows.stream().mapToInt(UdpFlow::localPort).distinct().count());
                assertThat(t.packets()).as("TCP packets = client's Tcp.OutSegs").isEqualTo(client1.delta(client0, "Tcp.OutSegs"));
                long udpSent = flows.stream().mapToLong(UdpFlow::sent).sum();
                long udpBytes = flows.stream().mapToLong(f -> f.sentBytes() + 28L * f.sent()).sum();
                assertThat(u.packets()).as("UDP packets = datagrams sent").isEqualTo(udpSent)
                        .isEqualTo(client1.delta(client0, "Udp.OutDatagrams"));
                assertThat(u.bytes()).as("UDP bytes = IP bytes sent").isEqualTo(udpBytes);
                assertThat(t.bytes() + u.bytes()).as("all bytes = client's IpExt.OutOctets + GSO headers")
                        .isEqualTo(ipBytes(client0, client1));
                // backend -> client, per backend
                for (int i = 0; i < 3; i++) {
                    Mib b0 = backends0.get(i);
                    Mib b1 = backends1.get(i);
                    TrafficStats bt = Expect.statsOf(tb, fleet.tcpBackend(i));
                    TrafficStats bu = Expect.statsOf(ub, fleet.backend(i, false, Fleet.UDP_PORT));
                    assertThat(bt.replyPackets()).as("backend-%d TCP replies = its Tcp.OutSegs", i)
                            .isEqualTo(b1.delta(b0, "Tcp.OutSegs"));
                    assertThat(bu.replyPackets()).as("backend-%d UDP replies = its Udp.OutDatagrams", i)
                            .isEqualTo(b1.delta(b0, "Udp.OutDatagrams"));
                    assertThat(bt.replyBytes() + bu.replyBytes()).as("backend-%d reply bytes = its IpExt.OutOctets + GSO headers", i)
                            .isEqualTo(ipBytes(b0, b1));
                    // GRO on the backend's eth0 (on so that native XDP can redirect into the veth) merges
                    // back-to-back segments, which Tcp.InSegs then counts once: a lower bound only. The
                    // exact check of the forward direction is the client's Tcp.OutSegs against the VIP.
                    assertThat(bt.packets()).as("backend-%d TCP packets >= its Tcp.InSegs", i)
                            .isGreaterThanOrEqualTo(b1.delta(b0, "Tcp.InSegs"));
                    assertThat(bu.packets()).as("backend-%d UDP packets = its Udp.InDatagrams", i)
                            .isEqualTo(b1.delta(b0, "Udp.InDatagrams"));
                }
                // the VIP's counters are the sums of its backends'
                assertThat(sum(tb)).isEqualTo(t);
                assertThat(sum(ub)).isEqualTo(u);
                System.out.println("client: Ip.OutRequests " + client1.delta(client0, "Ip.OutRequests") + ", Ip.OutTransmits "
                        + client1.delta(client0, "Ip.OutTransmits") + ", Tcp.OutSegs " + client1.delta(client0, "Tcp.OutSegs"));
                assertThat(g.replies()).isEqualTo(t.replyPackets() + u.replyPackets());
                // static neighbours in the sandbox: every packet is forwarded by the program itself
                assertThat(g.redirected()).isEqualTo(t.packets() + u.packets() + t.replyPackets() + u.replyPackets());
                assertThat(g.toKernel()).isZero();
                assertThat(g.dropped()).isZero();
                // what left, per egress interface: every forwarded packet, counted where it left
                List<EgressStats> egress = dp.egressStats();
                assertThat(egress.stream().mapToLong(EgressStats::packets).sum()).as("per-egress packets " + egress)
                        .isEqualTo(g.transmitted() + g.redirected());
                assertThat(egress).allMatch(e -> !e.interfaceName().isEmpty());
            } finally {
                if (dp != null) dp.close();
                dp = null;
            }
        }
    }

    /**
     * The IP bytes a namespace put on the wire. {@code IpExt.OutOctets} counts a GSO packet once,
     * with one set of headers, before it is cut into segments (in software: the veth peer of an
     * XDP interface has no GSO feature); every further segment carries its own IP and TCP headers,
     * 52 bytes with the timestamp option Linux uses by default. Segments are
     * {@code Tcp.OutSegs + Udp.OutDatagrams}; packets before segmentation {@code Ip.OutTransmits}.
     */
    static long ipBytes(Mib before, Mib after) {
        long segments = after.delta(before, "Tcp.OutSegs") + after.delta(before, "Udp.OutDatagrams");
        long skbs = after.delta(before, "Ip.OutTransmits");
        return after.delta(before, "IpExt.OutOctets") + 52 * (segments - skbs);
    }

    private static TrafficStats sum(Map<Endpoint, TrafficStats> m) {
        return m.values().stream().reduce(TrafficStats.ZERO, (a, b) -> new TrafficStats(a.packets() + b.packets(),
                a.bytes() + b.bytes(), a.newFlows() + b.newFlows(), a.replyPackets() + b.replyPackets(),
                a.replyBytes() + b.replyBytes(), a.icmpErrors() + b.icmpErrors(), a.refused() + b.refused()));
    }
}
