package dev.blixt.e2e;

import static dev.blixt.e2e.UserWiredTopologyTest.assertSticky;
import static dev.blixt.e2e.UserWiredTopologyTest.bulkEcho;
import static dev.blixt.e2e.UserWiredTopologyTest.splitByWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.AttachMode;
import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.Decapsulator;
import dev.blixt.ForwardingMode;
import dev.blixt.GlobalStats;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.testing.Privileged;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Direct server return end to end, wired with plain {@code ip} commands and the kernel's defaults:
 * a client behind a router, the load balancer beside it, and two backends that each hold the VIP on
 * {@code lo}, decapsulate with the library's {@link Decapsulator} (this kernel has no tunnel drivers)
 * and answer the client straight through the router. The link from the load balancer to the backends
 * has the usual MTU of 1500, so full-size client segments are answered with fragmentation-needed and
 * the client's TCP adapts (the 8 MiB echo).
 *
 * <pre>
 *   client eth0 10.41.1.2 ── eth0 10.41.1.1 [ router ] r-lb 10.41.2.1 ── lb-r 10.41.2.2 [ lb ]
 *                                           [ router ] r-b0 10.41.10.1 ── eth1 10.41.10.2 [ b0 ] eth0 10.41.20.2 ── lb-b0 10.41.20.1 [ lb ]
 *                                           [ router ] r-b1 10.41.11.1 ── eth1 10.41.11.2 [ b1 ] eth0 10.41.21.2 ── lb-b1 10.41.21.1 [ lb ]
 * </pre>
 *
 * In every attach mode the library accepts there: TCP over IPIP (2000 connections split 1:1, then
 * 3:1 after a reshape, then all to one after a drain), UDP over GUE (100 flows, sticky), one 8 MiB
 * echo intact; the backends see the client's own address; the load balancer never sees a reply.
 * And over IPv6 (the same wiring in fd41::/16): TCP over ip6ip6, by weight, with an 8 MiB echo.
 */
@Privileged
class DsrEndToEndTest {
    static final String VIP = "203.0.113.99";
    static final String VIP6 = "2001:db8:99::99";
    static final int BULK = 8 << 20;

    static WiredNet net;
    static final List<Decapsulator> decapsulators = new ArrayList<>();
    static Fleet fleet;

    static String ns(String role) {
        return net.ns(role);
    }

    static void ip(String role, String... args) {
        net.ip(role, args);
    }

    @BeforeAll
    static void wire() {
        net = WiredNet.create("dsr", "c", "r", "lb", "b0", "b1");
        try {
            net.link("r", "eth0", "10.41.1.1", "c", "eth0", "10.41.1.2");
            ip("c", "route", "add", "default", "via", "10.41.1.1");
            net.link("r", "r-lb", "10.41.2.1", "lb", "lb-r", "10.41.2.2");
            ip("r", "route", "add", VIP + "/32", "via", "10.41.2.2");
            ip("lb", "route", "add", "default", "via", "10.41.2.1");
            for (int i = 0; i < 2; i++) {
                String b = "b" + i;
                net.link("r", "r-b" + i, "10.41.1" + i + ".1", b, "eth1", "10.41.1" + i + ".2");
                net.link("lb", "lb-b" + i, "10.41.2" + i + ".1", b, "eth0", "10.41.2" + i + ".2");
                ip(b, "route", "add", "default", "via", "10.41.1" + i + ".1");
                ip(b, "addr", "add", VIP + "/32", "dev", "lo");
            }
            net.forwarding("r");
            net.forwarding("lb");
            wireIpv6();
            for (int i = 0; i < 2; i++) {
                decapsulators.add(Decapsulator.builder().networkNamespace(ns("b" + i)).open("eth0"));
            }
            // UDP answers from the VIP only from a socket bound to it (operations.md, Forwarding modes).
            fleet = Fleet.startIn(List.of(ns("b0"), ns("b1")), InetAddress.ofLiteral(VIP));
        } catch (RuntimeException e) {
            teardown();
            throw e;
        }
    }

    /** The same topology in IPv6 (fd41:N::/64 where IPv4 has 10.41.N.0/24), the VIP6 on every backend's lo. */
    static void wireIpv6() {
        String[][] links = {{"r", "eth0", "c", "eth0", "1"}, {"r", "r-lb", "lb", "lb-r", "2"},
                {"r", "r-b0", "b0", "eth1", "10"}, {"r", "r-b1", "b1", "eth1", "11"},
                {"lb", "lb-b0", "b0", "eth0", "20"}, {"lb", "lb-b1", "b1", "eth0", "21"}};
        for (String[] l : links) {
            ip(l[0], "-6", "addr", "add", "fd41:" + l[4] + "::1/64", "dev", l[1], "nodad");
            ip(l[2], "-6", "addr", "add", "fd41:" + l[4] + "::2/64", "dev", l[3], "nodad");
        }
        ip("c", "-6", "route", "add", "default", "via", "fd41:1::1");
        ip("r", "-6", "route", "add", VIP6 + "/128", "via", "fd41:2::2");
        ip("lb", "-6", "route", "add", "default", "via", "fd41:2::1");
        for (int i = 0; i < 2; i++) {
            ip("b" + i, "-6", "route", "add", "default", "via", "fd41:1" + i + "::1");
            ip("b" + i, "-6", "addr", "add", VIP6 + "/128", "dev", "lo", "nodad");
        }
        net.forwarding6("r");
        net.forwarding6("lb");
    }

    @AfterAll
    static void teardown() {
        try {
            if (fleet != null) fleet.close();
            for (Decapsulator d : decapsulators) d.close();
            decapsulators.clear();
        } finally {
            if (net != null) net.close();
        }
    }

    /** The addresses of one family the backends accepted connections from. */
    static List<InetAddress> peers(Class<? extends InetAddress> family) {
        return fleet.peers.values().stream().flatMap(java.util.Set::stream).filter(family::isInstance).distinct()
                .toList();
    }

    static Backend backend(int i) {
        return Backend.of("10.41.2" + i + ".2", 0);
    }

    @ParameterizedTest
    @EnumSource(value = AttachMode.class, names = {"AUTO", "TC"})
    void repliesGoStraightToTheClientAndTheLoadBalancerNeverSeesOne(AttachMode mode) throws Exception {
        ThreadFactory client = NetNamespace.threadFactory(ns("c"));
        Vip web = Vip.tcp(VIP, Fleet.TCP_PORT);
        Vip dns = Vip.udp(VIP, Fleet.UDP_PORT);
        InetSocketAddress webAt = new InetSocketAddress(web.address(), web.port());
        InetSocketAddress dnsAt = new InetSocketAddress(dns.address(), dns.port());
        DataplaneConfig config = DataplaneConfig.builder().networkNamespace(ns("lb"))
                .interfaces("lb-r", "lb-b0", "lb-b1").attachMode(mode).maxVips(4).maxBackends(64)
                .flowTableSize(1 << 16).encapsulationSources("10.41.99.0/24").build();
        long decapsulatedBefore = decapsulators.stream().mapToLong(d -> d.stats().decapsulated()).sum();
        ip("c", "route", "flush", "cache"); // the path MTU the previous run taught the client
        try (Dataplane dp = Dataplane.open(config)) {
            dp.route(web).mode(ForwardingMode.DSR_IPIP).to(backend(0), backend(1));
            dp.route(dns).mode(ForwardingMode.DSR_GUE).to(backend(0), backend(1));

            List<Exchange> ex = Traffic.connections(client, webAt, 2000, 8, i -> ("conn-" + i).getBytes());
            Expect.allIntact(ex);
            splitByWeight("DSR over IPIP, 1:1", ex, Map.of("backend-0", 1, "backend-1", 1));
            assertSticky(Traffic.udpFlows(client, dnsAt, 100, 5, 8), dnsAt);
            assertThat(bulkEcho(client, webAt, BULK, 1)).as("8 MiB echo").isEqualTo(BULK);

            dp.route(web).to(backend(0).weight(3), backend(1));
            List<Exchange> after = Traffic.connections(client, webAt, 1000, 8, i -> ("after-" + i).getBytes());
            Expect.allIntact(after);
            splitByWeight("after the reshape, 3:1", after, Map.of("backend-0", 3, "backend-1", 1));

            dp.drain(web, backend(0));
            List<Exchange> drained = Traffic.connections(client, webAt, 200, 8, i -> ("drained-" + i).getBytes());
            Expect.allIntact(drained);
            splitByWeight("after draining backend-0", drained, Map.of("backend-1", 1));

            GlobalStats g = dp.globalStats();
            assertThat(g.replies()).as("replies through the load balancer").isZero();
            assertThat(dp.stats(web).replyPackets()).isZero();
            assertThat(g.encapsulatedIpip()).isPositive();
            assertThat(g.encapsulatedGue()).isGreaterThanOrEqualTo(500);
            // Full-size segments do not fit the 1500-byte path once encapsulated: they are answered with
            // fragmentation-needed (how many depends on the client's segmentation), never dropped.
            assertThat(g.droppedTooBig()).isZero();
            assertThat(g.droppedEncapsulation()).isZero();
            assertThat(dp.routeOf(web).orElseThrow().mode()).isEqualTo(ForwardingMode.DSR_IPIP);
            System.out.println("DSR " + mode + ": " + Traffic.byBackend(ex) + ", " + g);
        }
        assertThat(peers(java.net.Inet4Address.class)).as("the backends see the client's address")
                .containsExactly(InetAddress.ofLiteral("10.41.1.2"));
        assertThat(decapsulators.stream().mapToLong(d -> d.stats().decapsulated()).sum() - decapsulatedBefore)
                .isPositive();
    }

    /** ip6ip6: an IPv6 VIP over IPv6 backends, TCP by weight and an 8 MiB echo answered with packet-too-big. */
    @Test
    void ipv6TravelsInIp6ip6() throws Exception {
        ThreadFactory client = NetNamespace.threadFactory(ns("c"));
        Vip web = Vip.tcp(VIP6, Fleet.TCP_PORT);
        InetSocketAddress webAt = new InetSocketAddress(web.address(), web.port());
        DataplaneConfig config = DataplaneConfig.builder().networkNamespace(ns("lb"))
                .interfaces("lb-r", "lb-b0", "lb-b1").maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                .encapsulationSources("fd41:99::/96").build();
        try (Dataplane dp = Dataplane.open(config)) {
            dp.route(web).mode(ForwardingMode.DSR_IPIP).to(Backend.of("fd41:20::2", 0), Backend.of("fd41:21::2", 0));
            List<Exchange> ex = Traffic.connections(client, webAt, 1000, 8, i -> ("v6-" + i).getBytes());
            Expect.allIntact(ex);
            splitByWeight("DSR over ip6ip6, 1:1", ex, Map.of("backend-0", 1, "backend-1", 1));
            assertThat(bulkEcho(client, webAt, BULK, 3)).as("8 MiB echo over IPv6").isEqualTo(BULK);
            GlobalStats g = dp.globalStats();
            assertThat(g.replies()).isZero();
            assertThat(g.droppedTooBig()).isZero();
            assertThat(g.encapsulatedIpip()).isPositive();
            System.out.println("DSR IPv6: " + Traffic.byBackend(ex) + ", " + g);
        }
        assertThat(peers(java.net.Inet6Address.class)).containsExactly(InetAddress.ofLiteral("fd41:1::2"));
    }
}
