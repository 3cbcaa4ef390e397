package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.AdoptionReport;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.Protocol;
import dev.blixt.Route;
import dev.blixt.Vip;
import dev.blixt.e2e.Traffic.Exchange;
import dev.blixt.e2e.Traffic.UdpFlow;
import dev.blixt.sandbox.Host;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Crash consistency under churn: a child JVM changes the routes of several TCP and UDP VIPs
 * without pause on a pinned data plane and is killed with SIGKILL at a random instant, over and
 * over. After every kill the pins are adopted: by the next child, which must succeed and send new
 * flows to every VIP to a backend of its adopted route through the program (BPF_PROG_TEST_RUN)
 * before it churns on; after every tenth kill by this JVM, which checks the same and sends real
 * TCP connections and UDP datagrams through the sandbox to every VIP, and the child after it must
 * then find nothing to repair.
 */
@Privileged
class CrashRestartTest {
    static final int KILLS = Integer.getInteger("blixt.crash.kills", 100);
    static final int RING = 4093;

    @Test
    void aChurningOwnerKilledAtRandomInstantsLeavesPinsTheNextOwnerAdopts() throws Exception {
        try (TestPins pins = TestPins.create();
             Sandbox sb = Sandbox.builder().backends(3).prefix("blixt-e2e").build();
             Fleet fleet = Fleet.start(sb)) {
            List<Vip> vips = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                vips.add(Vip.tcp(Sandbox.ipv4Vip(60 + i).getHostAddress(), 80));
                vips.add(Vip.udp(Sandbox.ipv4Vip(60 + i).getHostAddress(), 53));
            }
            Map<String, String> roleOf = new HashMap<>(); // backend address -> the identity its servers send
            List<String> tcp = new ArrayList<>();
            List<String> udp = new ArrayList<>();
            for (Host b : sb.backends()) {
                roleOf.put(b.ipv4().getHostAddress(), b.role());
                tcp.add(b.ipv4().getHostAddress() + ":" + Fleet.TCP_PORT);
                udp.add(b.ipv4().getHostAddress() + ":" + Fleet.UDP_PORT);
            }
            DataplaneConfig config = ChurnChild.config(sb.lbInterfaces(), pins.dir(), RING);
            List<String> base = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                    "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %5$s%n", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", classPath(), ChurnChild.class.getName(), sb.lb().namespace(), pins.dir().toString(),
                    String.join(",", sb.lbInterfaces()), Integer.toString(RING));
            String vipSpec = vips.stream().map(v -> v.protocol().name().toLowerCase() + ":"
                    + v.address().getHostAddress() + ":" + v.port()).collect(Collectors.joining(","));
            Random rnd = new Random(0xC0FFEE);
            Deque<Child> children = new ArrayDeque<>();
            int repaired = 0;
            int repairs = 0;
            int trafficChecks = 0;
            long goMs = 0;
            long openMs = 0;
            long start = System.nanoTime();
            try {
                children.add(Child.spawn(base, rnd.nextLong(), vipSpec, tcp, udp, 0));
                boolean parentAdopted = false;
                for (int kill = 0; kill < KILLS; kill++) {
                    Child child = children.removeFirst();
                    children.add(Child.spawn(base, rnd.nextLong(), vipSpec, tcp, udp, kill + 1)); // warms up meanwhile
                    long t0 = System.nanoTime();
                    int childRepairs = child.go();
                    goMs += (System.nanoTime() - t0) / 1_000_000;
                    openMs += child.openMs();
                    if (Boolean.getBoolean("blixt.crash.verbose")) System.out.println("child " + kill + ":\n" + child.tail());
                    // The child adopted what the previous kill left: it must have succeeded, and forwarded.
                    assertThat(child.tail()).as("the child's checks of its adoption (kill %d)", kill)
                            .doesNotContain("check FAIL");
                    if (childRepairs > 0) {
                        repaired++;
                        repairs += childRepairs;
                    }
                    if (parentAdopted) {
                        assertThat(childRepairs).as("repairs the child found after this JVM's adoption (kill %d;"
                                + " its output: %s)", kill, child.tail()).isZero();
                    }
                    Thread.sleep(5 + rnd.nextInt(200)); // a random instant of the update loop
                    child.kill();

                    parentAdopted = kill % 10 == 9 || kill == KILLS - 1;
                    if (!parentAdopted) continue; // the next child adopts and checks
                    try (Dataplane dp = sb.lb().open(config)) {
                        AdoptionReport report = dp.adoption().orElseThrow();
                        if (report.repaired()) {
                            repaired++;
                            repairs += report.repairs().size();
                        }
                        for (Route r : dp.routes()) {
                            assertThat(ChurnChild.simulatedProblem(dp, r, 40000 + 4 * kill)).as("after kill %d, repairs %s", kill,
                                    report.repairs()).isNull();
                        }
                        checkTraffic(sb, dp, roleOf, kill);
                        trafficChecks++;
                    }
                }
            } finally {
                for (Child c : children) c.kill();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("crash-restart: " + KILLS + " kills in " + ms + " ms, " + repaired
                    + " adoptions repaired something (" + repairs + " repairs), " + trafficChecks + " traffic checks; a child"
                    + " took " + goMs / KILLS + " ms on average from go to churning, " + openMs / KILLS + " ms of it in open");
            assertThat(repaired).as("kills that fell inside an update (else the test proves little)").isPositive();
            Dataplane last = sb.lb().open(config);
            last.destroy();
            assertThat(Files.exists(pins.dir())).isFalse();
        }
    }

    /** A few real TCP connections and UDP flows to each VIP with a backend reach one of its route. */
    private static void checkTraffic(Sandbox sb, Dataplane dp, Map<String, String> roleOf, int kill) {
        for (Route r : dp.routes()) {
            if (r.backends().stream().noneMatch(b -> b.weight() > 0)) continue;
            List<String> roles = r.backends().stream().map(b -> roleOf.get(b.address().getHostAddress())).toList();
            InetSocketAddress at = new InetSocketAddress(r.vip().address(), r.vip().port());
            String as = r.vip() + " after kill " + kill + " (route " + r.backends() + ")";
            if (r.vip().protocol() == Protocol.TCP) {
                List<Exchange> ex = Traffic.connections(sb, at, 3, 3, i -> ("crash-" + kill + "-" + i).getBytes());
                for (Exchange e : ex) {
                    assertThat(e.ok()).as("connection to " + as + ": " + e).isTrue();
                    assertThat(e.backend()).as(as).isIn(roles);
                }
            } else {
                List<UdpFlow> flows = Traffic.udpFlows(sb, at, 2, 2, 2);
                for (UdpFlow f : flows) {
                    assertThat(f.error()).as("UDP flow to " + as).isNull();
                    assertThat(roles).as(as).containsAll(f.backends());
                }
            }
        }
    }

    /** A churning child JVM, started ahead of the moment it is told to open the data plane. */
    private static final class Child {
        final Process process;
        final BufferedReader out;
        final Deque<String> tail = new ArrayDeque<>();

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Child spawn(List<String> base, long seed, String vips, List<String> tcp, List<String> udp, int n)
                throws IOException {
            List<String> cmd = new ArrayList<>(base);
            cmd.add(Long.toString(seed));
            cmd.add(vips);
            cmd.add(String.join(",", tcp));
            cmd.add(String.join(",", udp));
            cmd.add(Integer.toString(n));
            return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        /** Tells the child to adopt and churn; returns the number of repairs its adoption made (-1: none). */
        int go() throws Exception {
            OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
            CompletableFuture<Integer> adopted = CompletableFuture.supplyAsync(() -> {
                int repairs = Integer.MIN_VALUE;
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        remember(line);
                        if (line.startsWith("adopted ")) repairs = Integer.parseInt(line.substring(8).trim());
                        if (line.equals("ready")) return repairs;
                    }
                } catch (IOException e) {
                    remember(e.toString());
                }
                return Integer.MIN_VALUE;
            });
            int repairs = adopted.get(60, TimeUnit.SECONDS);
            assertThat(repairs).as("the child adopted and started churning; its output: %s", tail()).isNotEqualTo(Integer.MIN_VALUE);
            Thread.ofVirtual().start(() -> { // drain the rest, so that the child never blocks on its output
                try {
                    for (String line; (line = out.readLine()) != null; ) remember(line);
                } catch (IOException ignored) {
                    // killed
                }
            });
            return repairs;
        }

        private void remember(String line) {
            synchronized (tail) {
                tail.add(line);
                while (tail.size() > 20) tail.removeFirst();
            }
        }

        long openMs() {
            synchronized (tail) {
                for (String line : tail) {
                    if (line.startsWith("opened in ")) return Long.parseLong(line.substring(10, line.indexOf(" ms")));
                }
            }
            return 0;
        }

        String tail() {
            synchronized (tail) {
                return String.join("\n", tail);
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("the child survived SIGKILL");
        }
    }

    private static String classPath() throws URISyntaxException {
        return Path.of(Dataplane.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                + Path.of(ChurnChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
