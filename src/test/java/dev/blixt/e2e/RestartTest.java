package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.Outcome;
import dev.blixt.e2e.Traffic.Stream;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pinned data plane survives its JVM-side owner: closed without detaching, the kernel keeps
 * forwarding, and a new {@code open} with the same pin path adopts routes and flows.
 */
@Privileged
class RestartTest {

    @Test
    void closingAPinnedDataplaneKeepsTrafficFlowingAndReopeningAdoptsTheRoutes() {
        try (TestPins pins = TestPins.create();
             Sandbox sb = Sandbox.builder().backends(3).prefix("blixt-e2e").build();
             Fleet fleet = Fleet.start(sb)) {
            DataplaneConfig config = sb.dataplaneConfig().maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                    .pinPath(pins.dir()).build();
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(40).getHostAddress(), 80);
            Vip udp = Vip.udp(Sandbox.ipv4Vip(40).getHostAddress(), 53);
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            List<Stream> streams = new ArrayList<>();
            Dataplane first = sb.lb().open(config);
            Dataplane second = null;
            try {
                first.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1).weight(2), fleet.tcpBackend(2));
                first.route(udp).to(fleet.backend(0, false, Fleet.UDP_PORT));
                List<Route> routes = first.routes();
                for (int i = 0; i < 40; i++) streams.add(Stream.open(sb, at, i).start(256, Duration.ofMillis(20)));
                Expect.sleep(200);

                first.close(); // pinned: nothing is detached
                // The default (AUTO) attaches tc on the sandbox's veths through a tcx link, pinned beside the maps.
                assertThat(Files.exists(pins.dir().resolve("links").resolve("tcx-veth-client"))).isTrue();
                assertThat(Files.exists(pins.dir().resolve("maps").resolve("vips"))).isTrue();
                long[] atClose = streams.stream().mapToLong(Stream::received).toArray();
                List<Exchange> whileDown = Traffic.connections(sb, at, 200, 4, i -> ("down-" + i).getBytes());
                Expect.allIntact(whileDown);
                Expect.sleep(300);
                for (int i = 0; i < streams.size(); i++) {
                    assertThat(streams.get(i).received()).as("stream %d echoed while no JVM owned the data plane", i)
                            .isGreaterThan(atClose[i]);
                }

                second = sb.lb().open(config);
                assertThat(second.routes()).as("routes read back from the pinned maps")
                        .containsExactlyInAnyOrderElementsOf(routes);
                TrafficStats stats = second.stats(vip);
                assertThat(stats.newFlows()).as("counters kept across the restart").isGreaterThanOrEqualTo(240);
                List<Exchange> after = Traffic.connections(sb, at, 200, 4, i -> ("after-" + i).getBytes());
                Expect.allIntact(after);
                Expect.predicted(second, fleet, vip, sb.client().ipv4(), after);
                second.route(vip).to(fleet.tcpBackend(0), fleet.tcpBackend(1), fleet.tcpBackend(2).weight(3));
                Expect.sleep(200);

                List<Outcome> outcomes = new ArrayList<>();
                for (Stream s : streams) outcomes.add(s.finish(Duration.ofSeconds(10)));
                assertThat(outcomes.stream().filter(o -> !o.clean()).toList()).as("streams broken by the restart")
                        .isEmpty();
                System.out.println("restart: " + outcomes.size() + " streams intact, "
                        + outcomes.stream().mapToLong(Outcome::received).sum() + " bytes; " + second.stats(vip));

                second.destroy();
                assertThat(sb.lb().exec("ip", "link", "show")).doesNotContain("xdp");
                assertThat(Files.exists(pins.dir())).as("pins removed by destroy()").isFalse();
            } finally {
                for (Stream s : streams) s.finish(Duration.ofSeconds(1));
                if (second != null) second.close();
                first.close();
            }
        }
    }

    @Test
    void aSigkilledOwnerLeavesTheKernelForwardingAndTheNextProcessAdoptsIt() throws Exception {
        try (TestPins pins = TestPins.create();
             Sandbox sb = Sandbox.builder().backends(2).prefix("blixt-e2e").build();
             Fleet fleet = Fleet.start(sb)) {
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(41).getHostAddress(), 80);
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), PinnedChild.class.getName(),
                    sb.lb().namespace(), pins.dir().toString(), String.join(",", sb.lbInterfaces()), vip.address().getHostAddress(), "80"));
            cmd.add(sb.backend(0).ipv4().getHostAddress() + "," + Fleet.TCP_PORT + ",1");
            cmd.add(sb.backend(1).ipv4().getHostAddress() + "," + Fleet.TCP_PORT + ",1");
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<Stream> streams = new ArrayList<>();
            Dataplane adopted = null;
            try {
                awaitReady(child);
                for (int i = 0; i < 20; i++) streams.add(Stream.open(sb, at, i).start(256, Duration.ofMillis(20)));
                Expect.sleep(200);

                child.destroyForcibly(); // SIGKILL: no close, no shutdown hook
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long[] atKill = streams.stream().mapToLong(Stream::received).toArray();
                Expect.allIntact(Traffic.connections(sb, at, 100, 4, i -> ("orphaned-" + i).getBytes()));
                Expect.sleep(300);
                for (int i = 0; i < streams.size(); i++) {
                    assertThat(streams.get(i).received()).as("stream %d after SIGKILL", i).isGreaterThan(atKill[i]);
                }

                adopted = sb.lb().open(sb.dataplaneConfig().maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                        .pinPath(pins.dir()).build());
                assertThat(adopted.routeOf(vip)).map(Route::backends).contains(List.of(fleet.tcpBackend(0),
                        fleet.tcpBackend(1)));
                List<Outcome> outcomes = new ArrayList<>();
                for (Stream s : streams) outcomes.add(s.finish(Duration.ofSeconds(10)));
                assertThat(outcomes.stream().filter(o -> !o.clean()).toList()).isEmpty();
                adopted.destroy();
                assertThat(Files.exists(pins.dir())).isFalse();
            } finally {
                child.destroyForcibly();
                for (Stream s : streams) s.finish(Duration.ofSeconds(1));
                if (adopted != null) adopted.close();
            }
        }
    }

    /** The library's classes and this test's, wherever the build put them. */
    private static String classPath() throws URISyntaxException {
        return Path.of(Dataplane.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                + Path.of(PinnedChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("ready")) return "ready";
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                seen.append(e);
            }
            return seen.toString();
        });
        assertThat(ready.get(60, TimeUnit.SECONDS)).as("the child JVM's output").isEqualTo("ready");
        Thread.ofVirtual().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the child is gone
            }
        });
    }
}
