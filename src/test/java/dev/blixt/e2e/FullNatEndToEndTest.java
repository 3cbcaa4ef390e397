package dev.blixt.e2e;

import static dev.blixt.e2e.UserWiredTopologyTest.assertSticky;
import static dev.blixt.e2e.UserWiredTopologyTest.bulkEcho;
import static dev.blixt.e2e.UserWiredTopologyTest.splitByWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.AttachMode;
import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.ForwardingMode;
import dev.blixt.GlobalStats;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.UdpFlow;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Full NAT end to end, wired with plain {@code ip} commands and the kernel's defaults: a client behind
 * a router, the load balancer behind the router, and two backends behind the load balancer on their
 * own links whose only routes are their connected subnet and the full-NAT address (the load balancer's
 * own, on its {@code lo}) via the load balancer: no default route, no route to the client at all.
 *
 * <pre>
 *   client eth0 10.42.1.2 ── eth0 10.42.1.1 [ router ] r-lb 10.42.2.1 ── lb-r 10.42.2.2 [ lb ] lo 10.42.99.1 (full NAT)
 *                                                                             [ lb ] lb-b0 10.42.20.1 ── eth0 10.42.20.2 [ b0 ]
 *                                                                             [ lb ] lb-b1 10.42.21.1 ── eth0 10.42.21.2 [ b1 ]
 *   b0: 10.42.20.0/24 dev eth0, 10.42.99.1 via 10.42.20.1 (b1 likewise), nothing else
 * </pre>
 *
 * The VIP's ports differ from the backends' (TCP 80 to 8080, UDP 53 to 5353), so ports are translated
 * too. In every attach mode the library accepts there: TCP (2000 connections split 1:1, then 3:1 after
 * a reshape, then all to one after a drain), UDP (100 flows, sticky, every reply from the VIP), one
 * 8 MiB echo intact; the backends see only the full-NAT address as their peer; every reply goes back
 * through the load balancer and nothing is dropped or left to the kernel. And over IPv6 (the same
 * wiring in fd42::/16, the full-NAT address fd42:99::1): TCP by weight, with an 8 MiB echo (there the few
 * packets left to the kernel are all forwarded by it). The kernel's loss and recovery counters of every
 * namespace are printed with the load balancer's.
 */
@Privileged
class FullNatEndToEndTest {
    static final String VIP = "203.0.113.42";
    static final String VIP6 = "2001:db8:42::42";
    static final String CLIENT = "10.42.1.2";
    static final String CLIENT6 = "fd42:1::2";
    static final String FNAT = "10.42.99.1";
    static final String FNAT6 = "fd42:99::1";
    static final int BULK = 8 << 20;

    static WiredNet net;
    static Fleet fleet;

    static String ns(String role) {
        return net.ns(role);
    }

    static void ip(String role, String... args) {
        net.ip(role, args);
    }

    @BeforeAll
    static void wire() {
        net = WiredNet.create("fnat", "c", "r", "lb", "b0", "b1");
        try {
            net.link("r", "eth0", "10.42.1.1", "c", "eth0", CLIENT);
            ip("c", "route", "add", "default", "via", "10.42.1.1");
            net.link("r", "r-lb", "10.42.2.1", "lb", "lb-r", "10.42.2.2");
            ip("r", "route", "add", VIP + "/32", "via", "10.42.2.2");
            ip("lb", "route", "add", "default", "via", "10.42.2.1");
            ip("lb", "addr", "add", FNAT + "/32", "dev", "lo");
            for (int i = 0; i < 2; i++) {
                String b = "b" + i;
                net.link("lb", "lb-b" + i, "10.42.2" + i + ".1", b, "eth0", "10.42.2" + i + ".2");
                // The backends route the full-NAT address to the load balancer, and nothing else.
                ip(b, "route", "add", FNAT + "/32", "via", "10.42.2" + i + ".1");
            }
            net.forwarding("r");
            net.forwarding("lb");
            wireIpv6();
            fleet = Fleet.startIn(List.of(ns("b0"), ns("b1")));
        } catch (RuntimeException e) {
            teardown();
            throw e;
        }
    }

    /** The same topology in IPv6 (fd42:N::/64 where IPv4 has 10.42.N.0/24), FNAT6 on the load balancer's lo. */
    static void wireIpv6() {
        String[][] links = {{"r", "eth0", "c", "eth0", "1"}, {"r", "r-lb", "lb", "lb-r", "2"},
                {"lb", "lb-b0", "b0", "eth0", "20"}, {"lb", "lb-b1", "b1", "eth0", "21"}};
        for (String[] l : links) {
            ip(l[0], "-6", "addr", "add", "fd42:" + l[4] + "::1/64", "dev", l[1], "nodad");
            ip(l[2], "-6", "addr", "add", "fd42:" + l[4] + "::2/64", "dev", l[3], "nodad");
        }
        ip("c", "-6", "route", "add", "default", "via", "fd42:1::1");
        ip("r", "-6", "route", "add", VIP6 + "/128", "via", "fd42:2::2");
        ip("lb", "-6", "route", "add", "default", "via", "fd42:2::1");
        ip("lb", "-6", "addr", "add", FNAT6 + "/128", "dev", "lo", "nodad");
        for (int i = 0; i < 2; i++) {
            ip("b" + i, "-6", "route", "add", FNAT6 + "/128", "via", "fd42:2" + i + "::1");
        }
        net.forwarding6("r");
        net.forwarding6("lb");
    }

    @AfterAll
    static void teardown() {
        try {
            if (fleet != null) fleet.close();
        } finally {
            if (net != null) net.close();
        }
    }

    static DataplaneConfig config(AttachMode mode) {
        return DataplaneConfig.builder().networkNamespace(ns("lb")).interfaces("lb-r", "lb-b0", "lb-b1")
                .attachMode(mode).maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                .fullNatAddresses(FNAT, FNAT6).build();
    }

    /** The addresses of one family the backends accepted connections from. */
    static List<InetAddress> peers(Class<? extends InetAddress> family) {
        return fleet.peers.values().stream().flatMap(Set::stream).filter(family::isInstance).distinct().toList();
    }

    static final List<String> ROLES = List.of("c", "r", "lb", "b0", "b1");

    /** The kernel's SNMP counters of every namespace. */
    static Map<String, Mib> mibs() {
        Map<String, Mib> m = new LinkedHashMap<>();
        for (String role : ROLES) m.put(role, Mib.read(ns(role)));
        return m;
    }

    /** The counters of loss and recovery (drops, discards, overflows, retransmissions) that changed, per namespace. */
    static Map<String, Map<String, Long>> kernelLosses(Map<String, Mib> before, Map<String, Mib> after) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (String role : ROLES) {
            for (Map.Entry<String, Long> e : after.get(role).values().entrySet()) {
                long d = e.getValue() - before.get(role).values().getOrDefault(e.getKey(), 0L);
                if (d != 0 && e.getKey().matches("(?i).*(drop|discard|overflow|retrans|noroute|fail|timeout|err|challenge).*")) {
                    out.computeIfAbsent(role, k -> new TreeMap<>()).put(e.getKey(), d);
                }
            }
        }
        return out;
    }

    static Backend tcp(int i) {
        return Backend.of("10.42.2" + i + ".2", Fleet.TCP_PORT);
    }

    static Backend udp(int i) {
        return Backend.of("10.42.2" + i + ".2", Fleet.UDP_PORT);
    }

    /** What connecting from {@code role} to {@code address} ended with (the exception's message, or "connected"). */
    static String connectFrom(String role, String address) {
        return NetNamespace.callIn(ns(role), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.ofLiteral(address), 9), 2000);
                return "connected";
            } catch (IOException e) {
                return String.valueOf(e.getMessage());
            }
        });
    }

    /** The backends have no route to the client, in either family: only the full-NAT address can reach them. */
    @Test
    void backendsHaveNoRouteToTheClient() {
        for (String b : List.of("b0", "b1")) {
            for (String client : List.of(CLIENT, CLIENT6)) {
                Cmd.Result r = Cmd.exec("ip", "-n", ns(b), "route", "get", client);
                assertThat(r.ok()).as(b + ": ip route get " + client + " -> " + r.stdout()).isFalse();
                assertThat(r.stderr()).as(b + ": ip route get " + client).contains("Network is unreachable");
                assertThat(connectFrom(b, client)).as(b + ": connect to " + client).contains("Network is unreachable");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = AttachMode.class, names = {"AUTO", "TC"})
    void backendsWithoutARouteToTheClientServeItThroughTheFullNatAddress(AttachMode mode) throws Exception {
        ThreadFactory client = NetNamespace.threadFactory(ns("c"));
        Vip web = Vip.tcp(VIP, 80);
        Vip dns = Vip.udp(VIP, 53);
        InetSocketAddress webAt = new InetSocketAddress(web.address(), web.port());
        InetSocketAddress dnsAt = new InetSocketAddress(dns.address(), dns.port());
        Map<String, Mib> before = mibs();
        try (Dataplane dp = Dataplane.open(config(mode))) {
            dp.route(web).mode(ForwardingMode.FULL_NAT).to(tcp(0), tcp(1));
            dp.route(dns).mode(ForwardingMode.FULL_NAT).to(udp(0), udp(1));

            List<Exchange> ex = Traffic.connections(client, webAt, 2000, 8, i -> ("conn-" + i).getBytes());
            Expect.allIntact(ex);
            splitByWeight("full NAT, 1:1", ex, Map.of("backend-0", 1, "backend-1", 1));
            List<UdpFlow> flows = Traffic.udpFlows(client, dnsAt, 100, 5, 8);
            assertSticky(flows, dnsAt);
            assertThat(bulkEcho(client, webAt, BULK, 1)).as("8 MiB echo").isEqualTo(BULK);

            dp.route(web).to(tcp(0).weight(3), tcp(1));
            List<Exchange> after = Traffic.connections(client, webAt, 2000, 8, i -> ("after-" + i).getBytes());
            Expect.allIntact(after);
            splitByWeight("after the reshape, 3:1", after, Map.of("backend-0", 3, "backend-1", 1));

            dp.drain(web, tcp(0));
            List<Exchange> drained = Traffic.connections(client, webAt, 500, 8, i -> ("drained-" + i).getBytes());
            Expect.allIntact(drained);
            splitByWeight("after draining backend-0", drained, Map.of("backend-1", 1));

            GlobalStats g = dp.globalStats();
            TrafficStats w = dp.stats(web);
            TrafficStats d = dp.stats(dns);
            Map<String, Mib> now = mibs();
            long synRetrans = now.get("c").delta(before.get("c"), "TcpExt.TCPSynRetrans");
            System.out.println("full NAT " + mode + ": " + Traffic.byBackend(ex) + " then " + Traffic.byBackend(after)
                    + " then " + Traffic.byBackend(drained) + "; web " + w + ", dns " + d + "; " + g
                    + "; kernel " + kernelLosses(before, now));
            long connections = 2000 + 2000 + 500 + 1;
            // Every SYN selects afresh and claims (its own) address and port again, a re-sent one too.
            assertThat(w.newFlows()).as("TCP flows (the client re-sent %d SYNs)", synRetrans)
                    .isBetween(connections, connections + synRetrans);
            // A UDP flow whose client port an earlier, closed flow had is that flow again (same 5-tuple).
            long udpPorts = flows.stream().map(UdpFlow::localPort).distinct().count();
            assertThat(d.newFlows()).as("UDP flows, one per client port").isEqualTo(udpPorts);
            assertThat(w.replyPackets()).as("TCP replies through the load balancer").isPositive();
            assertThat(d.replyPackets()).as("UDP replies through the load balancer").isGreaterThanOrEqualTo(500);
            assertThat(g.replies()).as("replies through the load balancer").isPositive()
                    .isEqualTo(w.replyPackets() + d.replyPackets());
            assertThat(g.fullNatFlows()).as("flows that claimed a full-NAT address and port")
                    .isEqualTo(w.newFlows() + d.newFlows());
            assertThat(g.fullNatExhausted()).isZero();
            assertThat(g.dropped()).as("dropped").isZero();
            assertThat(g.toKernel()).as("left to the kernel (which drops a packet from its own address)").isZero();
            assertThat(g.untrackedReplies()).as("packets to the full-NAT address without a translation").isZero();
            assertThat(dp.routeOf(web).orElseThrow().mode()).isEqualTo(ForwardingMode.FULL_NAT);
        }
        assertThat(peers(Inet4Address.class)).as("the backends see the full-NAT address, not the client's")
                .containsExactly(InetAddress.ofLiteral(FNAT));
    }

    /** An IPv6 VIP over IPv6 backends through fd42:99::1: TCP by weight and an 8 MiB echo. */
    @Test
    void ipv6() throws Exception {
        ThreadFactory client = NetNamespace.threadFactory(ns("c"));
        Vip web = Vip.tcp(VIP6, 80);
        InetSocketAddress webAt = new InetSocketAddress(web.address(), web.port());
        Map<String, Mib> before = mibs();
        try (Dataplane dp = Dataplane.open(config(AttachMode.AUTO))) {
            dp.route(web).mode(ForwardingMode.FULL_NAT)
                    .to(Backend.of("fd42:20::2", Fleet.TCP_PORT), Backend.of("fd42:21::2", Fleet.TCP_PORT));
            List<Exchange> ex = Traffic.connections(client, webAt, 1000, 8, i -> ("v6-" + i).getBytes());
            Expect.allIntact(ex);
            splitByWeight("full NAT over IPv6, 1:1", ex, Map.of("backend-0", 1, "backend-1", 1));
            assertThat(bulkEcho(client, webAt, BULK, 3)).as("8 MiB echo over IPv6").isEqualTo(BULK);
            GlobalStats g = dp.globalStats();
            TrafficStats w = dp.stats(web);
            Map<String, Mib> now = mibs();
            long synRetrans = now.get("c").delta(before.get("c"), "TcpExt.TCPSynRetrans");
            System.out.println("full NAT IPv6: " + Traffic.byBackend(ex) + "; web " + w + "; " + g + "; kernel "
                    + kernelLosses(before, now));
            assertThat(w.newFlows()).as("TCP flows (the client re-sent %d SYNs)", synRetrans)
                    .isBetween(1000L + 1, 1000L + 1 + synRetrans);
            assertThat(g.replies()).isPositive().isEqualTo(w.replyPackets());
            assertThat(g.fullNatFlows()).isEqualTo(w.newFlows());
            assertThat(g.fullNatExhausted()).isZero();
            assertThat(g.dropped()).isZero();
            // During the 8 MiB echo a few translated packets (0 to 8 a run) are left to the kernel; it forwards
            // every one of them (none is dropped: the echo is intact and the count is the kernel's own).
            assertThat(g.toKernel()).as("left to the kernel, all forwarded by it")
                    .isEqualTo(now.get("lb").delta(before.get("lb"), "Ip6.OutForwDatagrams"));
            assertThat(g.untrackedReplies()).isZero();
        }
        assertThat(peers(Inet6Address.class)).as("the backends see the full-NAT address, not the client's")
                .containsExactly(InetAddress.ofLiteral(FNAT6));
    }
}
