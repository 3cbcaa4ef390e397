package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Affinity;
import dev.blixt.Cidr;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.SourceRanges;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.Outcome;
import dev.blixt.e2e.Traffic.Stream;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traffic policy with real TCP connections through the data plane at its defaults (sandbox namespaces,
 * default attach mode): client-IP affinity keeps every connection of one client on one backend, and source
 * ranges admit, refuse and cut off clients, the cut taking effect on established connections too.
 */
@Privileged
class TrafficPolicyEndToEndTest {
    static Sandbox sb;
    static Fleet fleet;
    Dataplane dp;

    @BeforeAll
    static void up() {
        sb = Sandbox.builder().backends(3).prefix("blixt-policy").build();
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
    void close() {
        if (dp != null) dp.close();
    }

    static DataplaneConfig.Builder config() {
        return sb.dataplaneConfig().maxVips(4).maxBackends(16).flowTableSize(1 << 14);
    }

    private static List<Exchange> connect(Vip vip, int n) {
        return Traffic.connections(sb, new InetSocketAddress(vip.address(), vip.port()), n, 4,
                i -> ("hello " + i).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void clientIpAffinityKeepsEveryConnectionOfOneClientOnOneBackend() {
        dp = sb.lb().open(config().build());
        Vip sticky = Vip.tcp(Sandbox.ipv4Vip(50).getHostAddress(), 80);
        Vip spread = Vip.tcp(Sandbox.ipv4Vip(51).getHostAddress(), 80);
        dp.route(sticky).affinity(Affinity.CLIENT_IP).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));
        dp.route(spread).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2));

        Map<String, Long> sticks = Traffic.byBackend(connect(sticky, 100));
        assertThat(sticks).as("100 connections from one client, each from another port").hasSize(1);
        assertThat(sticks.values()).containsExactly(100L);
        assertThat(Traffic.byBackend(connect(spread, 100))).as("without affinity").hasSize(3).doesNotContainKey("failed");
    }

    @Test
    void sourceRangesAdmitRefuseAndCutOffEstablishedConnections() {
        dp = sb.lb().open(config().build());
        Vip vip = Vip.tcp(Sandbox.ipv4Vip(52).getHostAddress(), 80);
        String client = sb.client().ipv4().getHostAddress();
        dp.route(vip).sourceRanges(SourceRanges.allowOnly(client + "/32")).to(fleet.tcpBackend(0), fleet.tcpBackend(1));
        assertThat(connect(vip, 10)).allMatch(Exchange::ok);

        Stream open = Stream.open(sb, new InetSocketAddress(vip.address(), vip.port()), 7);
        open.start(256, Duration.ofMillis(20));
        Expect.sleep(300);

        // Deny the client: the established connection is cut (its flow removed, its next segment refused).
        dp.route(vip).sourceRanges(SourceRanges.denyOnly(Cidr.parse(client).toString())).to(fleet.tcpBackend(0),
                fleet.tcpBackend(1));
        Expect.sleep(500);
        long refusedBefore = dp.stats(vip).refused();
        assertThat(refusedBefore).as("segments of the established connection refused").isPositive();
        Outcome cut = open.finish(Duration.ofSeconds(2));
        assertThat(cut.clean()).as("the cut-off connection").isFalse();
        Exchange refused = connect(vip, 1).getFirst();
        assertThat(refused.ok()).as("a new connection of a denied client").isFalse();
        assertThat(dp.globalStats().droppedSourceDenied()).isPositive();
        assertThat(dp.flows(vip)).isEmpty();

        // Lift the ranges: the client is served again.
        dp.route(vip).sourceRanges(SourceRanges.ANY).to(fleet.tcpBackend(0), fleet.tcpBackend(1));
        assertThat(connect(vip, 10)).allMatch(Exchange::ok);
    }
}
