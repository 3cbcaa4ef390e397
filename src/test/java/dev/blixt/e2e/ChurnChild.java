package dev.blixt.e2e;

import dev.blixt.AdoptionReport;
import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.error.DataplaneException;
import dev.blixt.Protocol;
import dev.blixt.Route;
import dev.blixt.Simulation;
import dev.blixt.Vip;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The main of a child JVM for {@link CrashRestartTest}: started ahead of time, it waits for a line
 * on stdin, then opens (adopts) the pinned data plane, prints {@code adopted <n>} (the number of
 * repairs, or {@code -1} when there was nothing to adopt) and {@code ready}, and changes the
 * routes of its VIPs without pause until it is killed: replacements, weight changes, drains,
 * removals and re-adds. Before it churns it sends a few new flows to every adopted VIP through the
 * program and prints {@code check FAIL ...} for each that does not reach a backend of its route.
 * Arguments: namespace, pin path, interfaces (comma-separated), ring size, random seed, VIPs
 * ({@code tcp|udp:address:port}, comma-separated), TCP backends and UDP backends ({@code address:port},
 * comma-separated), the number of this child (varies the simulated flows).
 */
public final class ChurnChild {
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    private ChurnChild() {}

    public static void main(String[] args) throws Exception {
        // Everything before the go line runs while the previous child churns: the JVM is warm when told.
        DataplaneConfig config = config(List.of(args[2].split(",")), Path.of(args[1]), Integer.parseInt(args[3]));
        // Classes load while the previous child churns. (Loading the program ahead would not help: the
        // kernel verifies it at every load, and that is most of what open costs.)
        Class.forName("dev.blixt.internal.datapath.Datapath");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) return; // the parent went away
        long t0 = System.nanoTime();
        Dataplane dp = NetNamespace.callIn(args[0], () -> Dataplane.open(config)); // never closed: killed
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        Optional<AdoptionReport> report = dp.adoption();
        System.out.println("opened in " + openMs + " ms");
        System.out.println("adopted " + report.map(r -> r.repairs().size()).orElse(-1));
        for (String line : report.map(AdoptionReport::repairs).orElse(List.of())) System.out.println("repair: " + line);
        for (Route r : dp.routes()) {
            String problem = simulatedProblem(dp, r, 20000 + 4 * Integer.parseInt(args[8]));
            if (problem != null) System.out.println("check FAIL " + problem);
        }
        System.out.println("ready");
        System.out.flush();
        Random rnd = new Random(Long.parseLong(args[4]));
        List<Vip> vips = new ArrayList<>();
        for (String v : args[5].split(",")) {
            String[] f = v.split(":");
            vips.add(f[0].equals("tcp") ? Vip.tcp(f[1], Integer.parseInt(f[2])) : Vip.udp(f[1], Integer.parseInt(f[2])));
        }
        List<Backend> tcp = backends(args[6]);
        List<Backend> udp = backends(args[7]);
        for (long n = 0; ; n++) {
            Vip vip = vips.get(rnd.nextInt(vips.size()));
            List<Backend> pool = vip.protocol() == Protocol.TCP ? tcp : udp;
            Optional<Route> now = dp.routeOf(vip);
            int op = rnd.nextInt(10);
            try {
                if (now.isEmpty() || op < 4) {
                    dp.route(vip).to(randomSet(rnd, pool)); // a new VIP, a re-add or a replacement
                } else if (op < 6) {
                    List<Backend> next = new ArrayList<>(now.get().backends()); // one weight changes
                    if (next.isEmpty()) continue;
                    int i = rnd.nextInt(next.size());
                    next.set(i, next.get(i).weight(1 + rnd.nextInt(4)));
                    dp.route(vip).to(next);
                } else if (op < 8) {
                    List<Backend> bs = now.get().backends();
                    if (!bs.isEmpty()) dp.drain(vip, bs.get(rnd.nextInt(bs.size())));
                } else {
                    dp.remove(vip);
                }
            } catch (DataplaneException | IllegalArgumentException e) {
                System.out.println("refused: " + e.getMessage()); // e.g. capacity; the loop goes on
            }
        }
    }

    /**
     * New flows from a few clients reach a backend of the adopted route, through the real program
     * (BPF_PROG_TEST_RUN): null, or what went wrong. Also used by the parent test.
     */
    static @org.jspecify.annotations.Nullable String simulatedProblem(Dataplane dp, Route r, int firstPort) {
        Vip v = r.vip();
        boolean any = r.backends().stream().anyMatch(b -> b.weight() > 0);
        for (int i = 0; i < 4; i++) {
            PacketBuilder b = Packet.builder().ethernet(MAC, MAC).ipv4("198.51.100." + (20 + i), v.address().getHostAddress());
            int port = firstPort + i; // never used before: a UDP flow that exists keeps a drained backend
            byte[] frame = v.protocol() == Protocol.TCP ? b.tcp(port, v.port()).syn().build()
                    : b.udp(port, v.port()).payload(new byte[16]).build();
            Simulation sim = dp.simulate(frame);
            if (any && (sim.backend().isEmpty() || sim.backend().get().weight() == 0)) {
                return "no backend of its route " + r.backends() + " chosen for a new flow to " + v + ": " + sim;
            }
            if (!any && sim.verdict() != Simulation.Verdict.DROP) {
                return "a new flow to " + v + ", whose backends are all drained, was not dropped: " + sim;
            }
        }
        return null;
    }

    /** The configuration the churning children and the adopting parent share. */
    static DataplaneConfig config(List<String> interfaces, Path pins, int ringSize) {
        return DataplaneConfig.builder().interfaces(interfaces).pinPath(pins).maxVips(8).maxBackends(64)
                .ringSize(ringSize).flowTableSize(1 << 14).build();
    }

    private static List<Backend> randomSet(Random rnd, List<Backend> pool) {
        List<Backend> out = new ArrayList<>();
        for (Backend b : pool) {
            if (rnd.nextInt(3) > 0) out.add(b.weight(1 + rnd.nextInt(3)));
        }
        if (out.isEmpty()) out.add(pool.get(rnd.nextInt(pool.size())));
        return out;
    }

    private static List<Backend> backends(String spec) {
        List<Backend> out = new ArrayList<>();
        for (String b : spec.split(",")) {
            int colon = b.lastIndexOf(':');
            out.add(Backend.of(b.substring(0, colon), Integer.parseInt(b.substring(colon + 1))));
        }
        return out;
    }
}
