package dev.blixt;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The code examples of the public javadoc ({@code {@snippet class=dev.blixt.Snippets region=...}}): compiled
 * with the tests, so the documentation cannot rot.
 */
final class Snippets {
    private Snippets() {}

    static void dataplane() {
        // @start region="dataplane"
        try (Dataplane dp = Dataplane.open(DataplaneConfig.builder().interfaces("veth0", "veth1").build())) {
            Vip web = Vip.tcp("203.0.113.10", 80);
            dp.route(web).to(Backend.of("198.18.1.2", 8080), Backend.of("198.18.1.3", 8080).weight(3));
            dp.drain(web, Backend.of("198.18.1.2", 8080)); // no new flows, existing flows continue
            TrafficStats stats = dp.stats(web);
            System.out.println(stats);
        }
        // @end
    }

    static void decapsulator() {
        // @start region="decapsulator"
        // On a backend: the VIP on lo (ip addr add 203.0.113.10/32 dev lo), then
        try (Decapsulator decap = Decapsulator.builder().guePort(6080).open("eth0")) {
            // ... serve; packets the load balancer encapsulated arrive at the VIP as if sent plain
            Decapsulator.Stats stats = decap.stats();
            System.out.println(stats.decapsulated() + " packets decapsulated, " + stats.refused() + " refused");
        }
        // @end
    }

    static void transaction(Dataplane dp) {
        // @start region="transaction"
        Vip webTcp = Vip.tcp("203.0.113.10", 443);
        Vip webUdp = Vip.udp("203.0.113.10", 443); // HTTP/3
        Vip old = Vip.tcp("203.0.113.11", 80);
        List<Backend> fleet = List.of(Backend.of("198.18.1.2", 8443), Backend.of("198.18.1.3", 8443));
        List<Route> applied = dp.update(tx -> {
            tx.route(webTcp).to(fleet);
            tx.route(webUdp).to(fleet);
            tx.drain(webUdp, Backend.of("198.18.1.3", 8443));
            tx.remove(old);
        }); // both VIPs changed, or neither (and `old` is still routed)
        // @end
        System.out.println(applied);
    }

    static void healthCheck(Dataplane dp) {
        // @start region="healthCheck"
        Vip web = Vip.tcp("203.0.113.10", 80);
        dp.route(web).to(Backend.of("198.18.1.2", 8080), Backend.of("198.18.1.3", 8080));
        dp.healthCheck(web, HealthCheck.http("/healthz")
                .expectStatus(200, 299)
                .interval(Duration.ofSeconds(1))
                .timeout(Duration.ofMillis(500))
                .rise(2)
                .fall(3)); // a backend failing 3 probes in a row is drained, 2 good ones bring it back
        dp.onHealthChange(e -> System.out.println(e.endpoint() + ": " + e.from() + " -> " + e.to() + ", " + e.reason()));
        VipHealth health = dp.health(web).orElseThrow();
        health.backends().forEach((endpoint, h) -> System.out.println(endpoint + " " + h.state()));
        // To change the route from what it is, start from the route as stated, not from routeOf(web):
        List<Backend> stated = new java.util.ArrayList<>(health.desired().backends());
        stated.add(Backend.of("198.18.1.4", 8080)); // new: UNKNOWN, serving until it fails 3 probes
        dp.route(web).to(stated);
        // @end
    }

    static DataplaneConfig config() {
        // @start region="config"
        DataplaneConfig config = DataplaneConfig.builder()
                .interfaces("veth0", "veth1")
                .attachMode(AttachMode.AUTO)
                .maxVips(16)
                .ringSize(65537)
                .hashSeed(0x5eed)
                .udpIdleTimeout(Duration.ofSeconds(30))
                .build();
        // @end
        return config;
    }

    static void values() {
        // @start region="vip"
        Vip web = Vip.tcp("203.0.113.10", 80);
        Vip dns = Vip.udp("2001:db8:f::53", 53);
        // @end
        // @start region="backend"
        Backend a = Backend.of("198.18.1.2", 8080);           // weight 1
        Backend b = Backend.of("198.18.1.3", 8080).weight(3); // three times a's share
        // @end
        System.out.println(web + " " + dns + " " + a + " " + b);
    }

    static void policy(Dataplane dp) {
        Backend a = Backend.of("198.18.1.2", 8080);
        Backend b = Backend.of("198.18.1.3", 8080);
        // @start region="sources"
        Vip admin = Vip.tcp("203.0.113.10", 22);
        // Only the office and the VPN, except one quarantined subnet of the VPN.
        dp.route(admin)
                .sourceRanges(SourceRanges.allowOnly("198.51.100.0/24", "10.8.0.0/16").deny("10.8.66.0/24"))
                .to(a, b);
        long refused = dp.stats(admin).refused(); // packets dropped by the ranges
        // @end
        // @start region="affinity"
        Vip shop = Vip.tcp("203.0.113.10", 443);
        // Every connection of one client address reaches the same backend while the set is unchanged.
        dp.route(shop).affinity(Affinity.CLIENT_IP).to(a, b);
        // @end
    }

    static void flows(Dataplane dp) {
        // @start region="flows"
        Vip web = Vip.tcp("203.0.113.10", 80);
        for (TrackedFlow f : dp.flows(web)) {
            System.out.println(f.client() + " -> " + f.backend().endpoint() + " (" + f.mode() + ")");
        }
        java.net.InetAddress client = java.net.InetAddress.ofLiteral("198.51.100.7");
        List<TrackedFlow> ofOneClient = dp.flows(web, f -> f.client().getAddress().equals(client));
        Map<Endpoint, Integer> perBackend = dp.flowCounts(web); // in route order
        // @end
        System.out.println(ofOneClient + " " + perBackend);
    }

    static void purge(Dataplane dp) {
        // @start region="purge"
        Vip web = Vip.tcp("203.0.113.10", 80);
        Backend sick = Backend.of("198.18.1.2", 8080);
        dp.drain(web, sick);             // no new flows for it
        int moved = dp.purge(web, sick); // its clients re-select now, on the other backends:
                                         // UDP flows move, TCP connections are reset there
        // @end
        System.out.println(moved + " flows moved");
    }
}
