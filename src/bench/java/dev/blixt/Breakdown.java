package dev.blixt;

import static dev.blixt.DatapathBench.CLIENT;
import static dev.blixt.DatapathBench.CLIENT6;
import static dev.blixt.DatapathBench.EST_PORT;
import static dev.blixt.DatapathBench.SYN_PORT;
import static dev.blixt.DatapathBench.TCP_VIP;
import static dev.blixt.DatapathBench.V6_VIP;
import static dev.blixt.DatapathBench.fromClient;
import static dev.blixt.DatapathBench.host;

import dev.blixt.bpf.BpfObject;
import dev.blixt.bpf.BpfProgram;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cost breakdown of {@link DatapathBench}: programs of src/bench/c/breakdown.bpf.c that run growing
 * prefixes of the established-TCP and new-flow paths on the data path's own maps, through the harness.
 */
final class Breakdown {

    private Breakdown() {
    }

    /** Loads breakdown.bpf.o on the data path's own maps (same constants), so its stages see the same state. */
    private static BpfObject load(Datapath dp) {
        try (var obj = BpfObject.open(Harness.resource("/bench-bpf/breakdown.bpf.o"), "breakdown")) {
            Datapath.Sizing s = dp.sizing();
            obj.setConstant("RING_SIZE", s.ringSize());
            obj.setConstant("HASH_SEED", s.hashSeed());
            obj.setConstant("UDP_TIMEOUT_NS", s.udpTimeoutNs());
            obj.setConstant("OPTIONS", s.options());
            for (var e : Map.of("vips", dp.vips, "vip_table", dp.vipTable, "rings", dp.rings, "backends", dp.backends,
                    "backend_vips", dp.backendVips, "flows", dp.flows, "addr_filter", dp.addrFilter, "config",
                    dp.config).entrySet()) {
                obj.setMaxEntries(e.getKey(), e.getValue().maxEntries());
                obj.reuseMap(e.getKey(), e.getValue());
            }
            for (var e : Map.of("vip_stats", dp.vipStats, "backend_stats", dp.backendStats, "global_stats",
                    dp.globalStats, "egress", dp.egress).entrySet()) {
                obj.setMaxEntries(e.getKey(), e.getValue().maxEntries());
                obj.reuseMap(e.getKey(), e.getValue());
            }
            return obj.load();
        }
    }

    private record Stage(String program, String label, boolean v6, boolean vary, XdpAction verdict) {}

    /**
     * Measures each stage prefix {@code batches} times (after one warm-up round) and prints the table.
     *
     * @param out where the report's lines go
     */
    static void run(DatapathBench.Group g, BenchNetns ns, Harness h, Datapath dp, int batches, Consumer<String> out) {
        List<Stage> stages = List.of(
                new Stage("null", "null program through the harness", false, false, XdpAction.DROP),
                new Stage("est_1", "parse + global counters", false, false, XdpAction.DROP),
                new Stage("est_2", "+ address pre-filter (array lookup)", false, false, XdpAction.DROP),
                new Stage("est_3", "+ VIP lookup (hash, 20-byte key)", false, false, XdpAction.DROP),
                new Stage("est_4", "+ flow-table lookup (LRU hash, 40-byte key, hit)", false, false, XdpAction.DROP),
                new Stage("est_5", "+ backend lookup (array)", false, false, XdpAction.DROP),
                new Stage("est_6", "+ per-VIP and per-backend counters (2 per-CPU array lookups)", false, false,
                        XdpAction.DROP),
                new Stage("est_7", "+ bpf_fib_lookup (IPv4)", false, false, XdpAction.DROP),
                new Stage("est_8", "+ forward tail: TTL, XDP-safe egress + its counters, MACs, NAT rewrite + checksums, bpf_redirect", false,
                        false, XdpAction.REDIRECT),
                new Stage("syn_1", "SYN: parse, counters, filter, VIP (= est_3)", false, true, XdpAction.DROP),
                new Stage("syn_2", "SYN: + flow hash (MurmurHash3, 16 B), ring lookup, backend lookup", false, true,
                        XdpAction.DROP),
                new Stage("syn_3", "SYN: + flow-table insert (LRU hash update, table full)", false, true,
                        XdpAction.DROP),
                new Stage("ktime", "parse + bpf_ktime_get_coarse_ns", false, false, XdpAction.DROP),
                new Stage("fib6", "parse (IPv6) + bpf_fib_lookup (IPv6)", true, false, XdpAction.DROP));
        byte[] est = fromClient(ns).ipv4(CLIENT, host(TCP_VIP)).tcp(EST_PORT, 80).ack().seq(1001).ackNumber(5001)
                .build();
        byte[] syn = fromClient(ns).ipv4(CLIENT, host(TCP_VIP)).tcp(SYN_PORT, 80).syn().seq(1000).build();
        byte[] v6 = fromClient(ns).ipv6(CLIENT6, host(V6_VIP)).tcp(EST_PORT, 80).ack().seq(1001).ackNumber(5001)
                .build();
        Map<String, List<Double>> kernel = new LinkedHashMap<>();
        for (Stage st : stages) kernel.put(st.program(), new ArrayList<>());
        try (BpfObject obj = load(dp)) {
            for (int round = 0; round <= batches; round++) {
                DatapathBench.prime(g, ns, dp, null);
                for (Stage st : stages) {
                    BpfProgram p = st.program().equals("null") ? h.nullTarget : obj.program(st.program());
                    byte[] frame = st.v6() ? v6 : st.vary() ? syn : est;
                    h.target(p);
                    h.frame(frame, st.vary() ? Harness.NEW_FLOW : Harness.SAME);
                    TestRun r = h.run(frame, BenchNetns.xdpContext(frame.length, ns.clientIfindex), g.repeat());
                    if (r.xdpAction() != st.verdict()) {
                        throw new DatapathBench.BenchFailure("breakdown stage " + st.program() + " (" + st.label() + "): verdict "
                                + r.xdpAction() + ", want " + st.verdict() + " (XDP_ABORTED: a stage failed)");
                    }
                    if (round > 0) kernel.get(st.program()).add((double) r.durationNanos());
                }
            }
        }
        double nullK = Stats.median(kernel.get("null"));
        out.accept("");
        out.accept("**Cost breakdown** (" + g.label() + "): programs that run growing prefixes of the established-TCP and"
                + " new-flow paths, built from the same inline functions (src/bench/c/breakdown.bpf.c) on the data"
                + " path's own maps, through the harness; net = median − null; step = difference to the previous row"
                + " of the same path.");
        out.accept("");
        out.accept(Stats.header("program", "stage", "net ns", "step ns"));
        double prev = Double.NaN;
        for (Stage st : stages) {
            if (st.program().equals("null")) continue;
            double net = Stats.median(kernel.get(st.program())) - nullK;
            boolean chained = st.program().startsWith("est_") && !st.program().equals("est_1")
                    || st.program().startsWith("syn_") && !st.program().equals("syn_1");
            out.accept(Stats.row(st.program(), st.label(), Stats.f0(net), chained ? Stats.f0(net - prev) : ""));
            prev = net;
        }
    }
}
