package dev.blixt;

import dev.blixt.bpf.BpfProgram;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The data-path benchmark: ns per packet of the real, verifier-loaded {@code blixt_xdp} program
 * through BPF_PROG_TEST_RUN in restore mode (see {@link Harness}), net of the harness, for each
 * case and configuration; plus one packet per syscall ("cold").
 *
 * <p>Every case is checked: its verdict and output once by a single-shot run against a frame
 * built independently in Java, and every timed batch by its verdict, its last output, and the
 * data path's own counters (a flow-hit case must count exactly {@code repeat} flow hits, a
 * new-flow case {@code repeat} misses and {@code repeat} new flows, and so on). Any mismatch
 * aborts with exit code 1.
 *
 * <p>Usage: {@code DatapathBench [--smoke] [--out FILE]}. Run as root (scripts/bench).
 */
public final class DatapathBench {
    static final String CLIENT = "198.51.100.7";
    static final String CLIENT6 = "2001:db8:1::7";
    /** The client of the 65536 established flows (source ports 0..65535). */
    static final String MANY_CLIENT = "198.51.100.8";
    static final Vip TCP_VIP = Vip.tcp("203.0.113.10", 80);
    static final Vip UDP_VIP = Vip.udp("203.0.113.10", 53);
    static final Vip V6_VIP = Vip.tcp("2001:db8:10::10", 80);
    /** The load balancer's own address: traffic to it is not for a VIP. */
    static final String NON_VIP = "198.51.100.1";
    static final int BACKEND_PORT = 8080;
    static final int EST_PORT = 40001;
    static final int SYN_PORT = 40000;
    static final int UDP_PORT = 5000;

    /** One configuration: which maps and routes the data path has. */
    record Group(String label, int vips, int backends, boolean fib, int flowTable, boolean synOnly, int repeat,
            boolean cold, boolean breakdown) {}

    /** One measured case. */
    record Case(String id, String label, BpfProgram program, boolean viaHarness, byte[] frame, byte[] ctx,
            int mask, XdpAction verdict, byte @Nullable [] expected, Map<GlobalCounter, Integer> perIteration,
            boolean newFlows, String target) {
        boolean vary() {
            return mask != Harness.SAME;
        }
    }

    record Options(boolean smoke, int repeat, int batches, int coldCalls, List<Group> groups, @Nullable Path out) {}

    /** Measurements of one case: kernel ns/iteration and wall-clock ns/iteration, per batch. */
    static final class Series {
        final List<Double> kernel = new ArrayList<>();
        final List<Double> wall = new ArrayList<>();
    }

    private final Options options;
    private final StringBuilder report = new StringBuilder();
    private final Map<String, Map<String, Double>> summary = new LinkedHashMap<>(); // case -> group -> net
    private final Map<String, String> caseTargets = new LinkedHashMap<>();
    private int tcpVipId;
    private String loadBefore = "";

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private DatapathBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: DatapathBench [--smoke] [--out FILE])");
            }
        }
        int flows = DataplaneConfig.DEFAULT_FLOW_TABLE_SIZE;
        List<Group> groups;
        Options o;
        if (smoke) {
            groups = List.of(
                    new Group("1 VIP, 1 backend", 1, 1, true, flows, false, 20_000, false, false),
                    new Group("16 VIPs, 100 backends", 16, 100, true, flows, false, 20_000, true, true),
                    new Group("1 VIP, 100 backends, no FIB", 1, 100, false, flows, false, 20_000, false, false),
                    new Group("new flows into free entries", 1, 100, true, 1 << 17, true, 10_000, false, false));
            o = new Options(true, 20_000, 2, 20, groups, out);
        } else {
            int r = 1_000_000;
            groups = List.of(
                    new Group("1 VIP, 1 backend", 1, 1, true, flows, false, r, false, false),
                    new Group("1 VIP, 100 backends", 1, 100, true, flows, false, r, true, true),
                    new Group("1 VIP, 1000 backends", 1, 1000, true, flows, false, r, false, false),
                    new Group("512 VIPs, 1 backend", 512, 1, true, flows, false, r, false, false),
                    new Group("512 VIPs, 100 backends", 512, 100, true, flows, false, r, false, false),
                    new Group("512 VIPs, 1000 backends", 512, 1000, true, flows, false, r, false, false),
                    new Group("1 VIP, 100 backends, no FIB", 1, 100, false, flows, false, r, false, false),
                    new Group("new flows into free entries", 1, 100, true, 1 << 22, true, 200_000, false, false));
            o = new Options(false, r, 11, 2001, groups, out);
        }
        try {
            new DatapathBench(o).run();
        } catch (BenchFailure e) {
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** A case did not do what it should: the figures would be meaningless. */
    static final class BenchFailure extends RuntimeException {
        private static final long serialVersionUID = 1;

        BenchFailure(String message) {
            super(message);
        }
    }

    private void run() throws IOException {
        long start = System.nanoTime();
        line("## Data path: ns per packet (BPF_PROG_TEST_RUN, restore mode)");
        line("");
        line("repeat " + options.repeat + " per batch (new-flow-into-free-entries: see its table), " + options.batches
                + " batches after one warm-up round, cases interleaved batch by batch; raw = median [min–max] of the"
                + " kernel's ns/iteration; net = median(case) − median(null program through the harness) of the same"
                + " group; wall = the same from System.nanoTime() around the syscall." + (options.smoke ? " SMOKE RUN:"
                + " figures are not meaningful." : ""));
        line("");
        try (BenchNetns ns = BenchNetns.create(); Harness h = Harness.load();
                NetNamespace.Bound inNs = NetNamespace.enter(ns.name)) {
            for (Group g : options.groups) {
                inNs.call(() -> {
                    runGroup(g, ns, h);
                    return null;
                });
            }
        }
        printSummary();
        line("");
        line(String.format("(data-path benchmark took %.0f s)", (System.nanoTime() - start) / 1e9));
        if (options.out != null) {
            Files.createDirectories(options.out.toAbsolutePath().getParent());
            Files.writeString(options.out, report.toString(), StandardCharsets.UTF_8);
        }
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    // ------------------------------------------------------------------ configuration

    static List<Backend> backends4(int n, int offset) {
        List<Backend> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = offset + i;
            out.add(Backend.of("198.18." + (k / 250) + "." + (k % 250 + 2), BACKEND_PORT));
        }
        return out;
    }

    static List<Backend> backends6(int n) {
        List<Backend> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Backend.of("2001:db8:2::" + Integer.toHexString(i + 2), BACKEND_PORT));
        return out;
    }

    /** The i-th of the other VIPs (512-VIP groups): 203.0.113.11.. on ports 1000.., two backends each. */
    static Vip otherVip(int i) {
        return Vip.tcp("203.0.113." + (11 + i % 240), 1000 + i / 240);
    }

    static List<Backend> otherBackends(int i) {
        return List.of(Backend.of("198.19." + (i / 120) + "." + (2 * (i % 120) + 2), BACKEND_PORT),
                Backend.of("198.19." + (i / 120) + "." + (2 * (i % 120) + 3), BACKEND_PORT));
    }

    private void runGroup(Group g, BenchNetns ns, Harness h) {
        loadBefore = loadAverage();
        int maxVips = Math.max(DataplaneConfig.DEFAULT_MAX_VIPS, g.vips() + 9);
        int bits = Datapath.OPT_ICMP_ECHO | (g.fib() ? 0 : Datapath.OPT_NO_FIB);
        Datapath.Sizing sizing = new Datapath.Sizing(maxVips, DataplaneConfig.DEFAULT_MAX_BACKENDS, 65537,
                g.flowTable(), 0, 30_000_000_000L, bits, 1_000_000_000L, DsrCases.ENCAP, FullNatCases.FNAT);
        try (Datapath dp = Datapath.load(sizing, null)) {
            RouteEngine engine = new RouteEngine(dp);
            // The bench's veths take the program's XDP redirects and XDP_TX (test runs deliver nothing).
            dp.markXdpSafe(ns.clientIfindex, true);
            dp.markXdpSafe(ns.backendIfindex, true);
            long t0 = System.nanoTime();
            engine.apply(TCP_VIP, backends4(g.backends(), 0));
            if (!g.synOnly()) {
                engine.apply(UDP_VIP, backends4(g.backends(), 0));
                engine.apply(V6_VIP, backends6(g.backends()));
                DsrCases.routes(engine, g.backends());
                FullNatCases.routes(engine, g.backends());
                SourceRangeCases.routes(engine);
            }
            for (int i = 0; i < g.vips() - 1; i++) engine.apply(otherVip(i), otherBackends(i));
            double setupS = (System.nanoTime() - t0) / 1e9;

            tcpVipId = engine.vipId(TCP_VIP).orElseThrow();
            List<Case> cases = cases(g, ns, h, dp, engine);
            prime(g, ns, dp, h);
            for (Case c : cases) verifySingleShot(c, h, dp);

            Map<String, Series> series = new LinkedHashMap<>();
            for (Case c : cases) series.put(c.id(), new Series());
            for (int round = 0; round <= options.batches; round++) {
                prime(g, ns, dp, h);
                for (Case c : cases) {
                    Series s = series.get(c.id());
                    double[] m = timed(c, h, dp, g.repeat());
                    if (round > 0) {
                        s.kernel.add(m[0]);
                        s.wall.add(m[1]);
                    }
                }
            }
            long flowsNow = g.synOnly() ? dp.flows.keys().size() : -1;
            report(g, cases, series, setupS, flowsNow);
            if (g.cold()) cold(g, ns, h, dp, cases);
            if (g.breakdown()) Breakdown.run(g, ns, h, dp, options.batches, this::line);
        }
    }

    // ------------------------------------------------------------------ cases

    static PacketBuilder fromClient(BenchNetns ns) {
        return Packet.builder().ethernet(BenchNetns.CLIENT_MAC, ns.clientSideMac);
    }

    private List<Case> cases(Group g, BenchNetns ns, Harness h, Datapath dp, RouteEngine engine) {
        List<Case> out = new ArrayList<>();
        BpfProgram lb = dp.xdp();
        boolean fib = g.fib();
        XdpAction fwd = fib ? XdpAction.REDIRECT : XdpAction.PASS;
        GlobalCounter fwdCounter = fib ? GlobalCounter.REDIRECT : GlobalCounter.TO_STACK;
        int ttlOut = fib ? 63 : 64;
        MacAddress outSrcMac = fib ? ns.backendSideMac : BenchNetns.CLIENT_MAC;
        MacAddress outDstMac = fib ? BenchNetns.GATEWAY_MAC : ns.clientSideMac;

        // Established TCP: an ACK of flow CLIENT:EST_PORT -> VIP (primed by a SYN before every round).
        PacketBuilder estIn = fromClient(ns).ipv4(CLIENT, host(TCP_VIP)).tcp(EST_PORT, 80).ack().seq(1001)
                .ackNumber(5001);
        byte[] est = estIn.build();
        byte[] ctxClient = BenchNetns.xdpContext(est.length, ns.clientIfindex);

        out.add(new Case("drop", "XDP_DROP only (plain repeat, no harness)", h.nullTarget, false, est, ctxClient,
                Harness.SAME, XdpAction.DROP, est, Map.of(), false, ""));
        out.add(new Case("null", "null program through the harness (subtracted)", h.nullTarget, true, est,
                ctxClient, Harness.SAME, XdpAction.DROP, est, Map.of(), false, ""));
        if (!g.synOnly()) {
            out.add(new Case("parse", "baseline: parse Ethernet/IP/TCP, XDP_PASS", h.parsePass, true, est, ctxClient,
                    Harness.SAME, XdpAction.PASS, est, Map.of(), false, ""));
            byte[] rewritten = Packet.builder().ethernet(ns.clientSideMac, BenchNetns.CLIENT_MAC)
                    .ipv4(CLIENT, "198.18.1.2").ttl(63).tcp(EST_PORT, 8080).ack().seq(1001).ackNumber(5001).build();
            out.add(new Case("rewrite", "baseline: MAC swap + dst rewrite + checksums, XDP_TX", h.rewriteTx, true,
                    est, ctxClient, Harness.SAME, XdpAction.TX, rewritten, Map.of(), false, ""));

            byte[] nonVip = fromClient(ns).ipv4(CLIENT, NON_VIP).tcp(EST_PORT, 22).ack().seq(7).build();
            out.add(new Case("nonvip", "non-VIP packet (pass)", lb, true, nonVip,
                    BenchNetns.xdpContext(nonVip.length, ns.clientIfindex), Harness.SAME, XdpAction.PASS, nonVip,
                    Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.PASS, 1), false, "≤ 20"));

            Backend b = engine.backendFor(TCP_VIP, InetAddress.ofLiteral(CLIENT), EST_PORT, 80).orElseThrow();
            byte[] estOut = Packet.builder().ethernet(outSrcMac, outDstMac).ipv4(CLIENT, host(b)).ttl(ttlOut)
                    .tcp(EST_PORT, BACKEND_PORT).ack().seq(1001).ackNumber(5001).build();
            out.add(new Case("tcp", "established TCP (flow hit)", lb, true, est, ctxClient, Harness.SAME, fwd, estOut,
                    Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1, fwdCounter, 1), false, "≤ 50"));

            byte[] payload = "benchmark".getBytes(StandardCharsets.US_ASCII);
            byte[] udp = fromClient(ns).ipv4(CLIENT, host(UDP_VIP)).udp(UDP_PORT, 53).payload(payload).build();
            Backend ub = engine.backendFor(UDP_VIP, InetAddress.ofLiteral(CLIENT), UDP_PORT, 53).orElseThrow();
            byte[] udpOut = Packet.builder().ethernet(outSrcMac, outDstMac).ipv4(CLIENT, host(ub)).ttl(ttlOut)
                    .udp(UDP_PORT, BACKEND_PORT).payload(payload).build();
            out.add(new Case("udp", "established UDP (flow hit)", lb, true, udp,
                    BenchNetns.xdpContext(udp.length, ns.clientIfindex), Harness.SAME, fwd, udpOut,
                    Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1, fwdCounter, 1), false, "≤ 60"));

            MacAddress replySrcMac = fib ? ns.clientSideMac : BenchNetns.GATEWAY_MAC;
            MacAddress replyDstMac = fib ? BenchNetns.CLIENT_MAC : ns.backendSideMac;
            byte[] reply = Packet.builder().ethernet(BenchNetns.GATEWAY_MAC, ns.backendSideMac).ipv4(host(b), CLIENT)
                    .tcp(BACKEND_PORT, EST_PORT).ack().seq(5001).ackNumber(1001).build();
            byte[] replyOut = Packet.builder().ethernet(replySrcMac, replyDstMac).ipv4(host(TCP_VIP), CLIENT)
                    .ttl(ttlOut).tcp(80, EST_PORT).ack().seq(5001).ackNumber(1001).build();
            out.add(new Case("reply", "reply, backend → client (reverse NAT)", lb, true, reply,
                    BenchNetns.xdpContext(reply.length, ns.backendIfindex), Harness.SAME, fwd, replyOut,
                    Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.REPLY, 1, fwdCounter, 1), false, "≤ 50"));

            byte[] v6 = fromClient(ns).ipv6(CLIENT6, host(V6_VIP)).tcp(EST_PORT, 80).ack().seq(1001).ackNumber(5001)
                    .build();
            Backend b6 = engine.backendFor(V6_VIP, InetAddress.ofLiteral(CLIENT6), EST_PORT, 80).orElseThrow();
            byte[] v6Out = Packet.builder().ethernet(outSrcMac, outDstMac).ipv6(CLIENT6, host(b6)).ttl(ttlOut)
                    .tcp(EST_PORT, BACKEND_PORT).ack().seq(1001).ackNumber(5001).build();
            out.add(new Case("ipv6", "IPv6 established TCP (flow hit)", lb, true, v6,
                    BenchNetns.xdpContext(v6.length, ns.clientIfindex), Harness.SAME, fwd, v6Out,
                    Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1, fwdCounter, 1), false, "—"));

            // Established TCP over 65536 flows in turn (primed every round): the flow table is no longer hot.
            byte[] many = fromClient(ns).ipv4(MANY_CLIENT, host(TCP_VIP)).tcp(EST_PORT, 80).ack().seq(1001)
                    .ackNumber(5001).build();
            Backend mb = engine.backendFor(TCP_VIP, InetAddress.ofLiteral(MANY_CLIENT), EST_PORT, 80).orElseThrow();
            byte[] manyOut = Packet.builder().ethernet(outSrcMac, outDstMac).ipv4(MANY_CLIENT, host(mb)).ttl(ttlOut)
                    .tcp(EST_PORT, BACKEND_PORT).ack().seq(1001).ackNumber(5001).build();
            out.add(new Case("tcp64k", "established TCP, 65536 flows in turn (flow hit)", lb, true, many,
                    BenchNetns.xdpContext(many.length, ns.clientIfindex), Harness.FLOWS_64K, fwd, manyOut,
                    Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1, fwdCounter, 1), false, "≤ 50"));
            out.addAll(DsrCases.cases(g, ns, dp, engine));
            out.addAll(FullNatCases.cases(g, ns, dp, engine));
            out.addAll(SourceRangeCases.cases(g, ns, dp));
        }
        // New flow: a SYN whose source port and low source-address half change every iteration.
        byte[] syn = fromClient(ns).ipv4(CLIENT, host(TCP_VIP)).tcp(SYN_PORT, 80).syn().seq(1000).build();
        Backend sb = engine.backendFor(TCP_VIP, InetAddress.ofLiteral(CLIENT), SYN_PORT, 80).orElseThrow();
        byte[] synOut = Packet.builder().ethernet(outSrcMac, outDstMac).ipv4(CLIENT, host(sb)).ttl(ttlOut)
                .tcp(SYN_PORT, BACKEND_PORT).syn().seq(1000).build();
        out.add(new Case("syn", g.synOnly() ? "TCP SYN, new flow (free entries)" : "TCP SYN, new flow (table full: evicts)",
                lb, true, syn, BenchNetns.xdpContext(syn.length, ns.clientIfindex), Harness.NEW_FLOW, fwd, synOut,
                Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_MISS, 1, fwdCounter, 1,
                        GlobalCounter.FLOW_INSERT_FAIL, 0), true, "≤ 120"));
        for (Case c : out) caseTargets.putIfAbsent(c.id(), c.target());
        return out;
    }

    static String host(Vip v) {
        return v.address().getHostAddress();
    }

    private static String host(Backend b) {
        return b.address().getHostAddress();
    }

    /**
     * Establishes the flows the established and reply cases use (a SYN / first datagram, single shot),
     * and the 65536 flows of MANY_CLIENT (65536 SYNs through the harness, one per source port).
     */
    static void prime(Group g, BenchNetns ns, Datapath dp, @Nullable Harness h) {
        if (g.synOnly()) return;
        if (h != null) {
            byte[] synMany = fromClient(ns).ipv4(MANY_CLIENT, host(TCP_VIP)).tcp(EST_PORT, 80).syn().seq(1000).build();
            h.target(dp.xdp());
            h.frame(synMany, Harness.FLOWS_64K);
            long[] before = dp.globalCounters();
            TestRun r = h.run(synMany, BenchNetns.xdpContext(synMany.length, ns.clientIfindex), 1 << 16);
            long[] after = dp.globalCounters();
            long inserted = after[GlobalCounter.FLOW_MISS.ordinal()] - before[GlobalCounter.FLOW_MISS.ordinal()];
            long failed = after[GlobalCounter.FLOW_INSERT_FAIL.ordinal()] - before[GlobalCounter.FLOW_INSERT_FAIL.ordinal()];
            if (r.xdpAction() == XdpAction.ABORTED || inserted != 1 << 16 || failed != 0) {
                throw new BenchFailure("priming 65536 flows: verdict " + r.xdpAction() + ", " + inserted
                        + " selections, " + failed + " failed inserts");
            }
        }
        byte[] syn = fromClient(ns).ipv4(CLIENT, host(TCP_VIP)).tcp(EST_PORT, 80).syn().seq(1000).build();
        byte[] syn6 = fromClient(ns).ipv6(CLIENT6, host(V6_VIP)).tcp(EST_PORT, 80).syn().seq(1000).build();
        byte[] udp = fromClient(ns).ipv4(CLIENT, host(UDP_VIP)).udp(UDP_PORT, 53)
                .payload("benchmark".getBytes(StandardCharsets.US_ASCII)).build();
        for (byte[] f : List.of(syn, syn6, udp)) {
            TestRun r = dp.xdp().testRun(f, BenchNetns.xdpContext(f.length, ns.clientIfindex), 1);
            XdpAction want = g.fib() ? XdpAction.REDIRECT : XdpAction.PASS;
            if (r.xdpAction() != want) throw new BenchFailure("priming a flow: verdict " + r.xdpAction() + ", want " + want);
        }
        DsrCases.prime(g, ns, dp);
        FullNatCases.prime(g, ns, dp);
    }

    // ------------------------------------------------------------------ checks and timing

    private static void verifySingleShot(Case c, Harness h, Datapath dp) {
        TestRun direct = c.program().testRun(c.frame(), c.ctx(), 1);
        check(c, "single-shot verdict", direct.xdpAction() == c.verdict(), direct.xdpAction() + ", want " + c.verdict());
        if (c.expected() != null) {
            check(c, "single-shot output", Arrays.equals(direct.output(), c.expected()),
                    Packet.diff(c.expected(), direct.output()));
            ParsedPacket p = Packet.parse(direct.output());
            check(c, "checksums of the output", p.checksumErrors().isEmpty(), p.checksumErrors().toString());
        }
        if (c.viaHarness()) {
            h.target(c.program());
            h.frame(c.frame(), Harness.SAME);
            TestRun via = h.run(c.frame(), c.ctx(), 1);
            check(c, "verdict through the harness", via.xdpAction() == c.verdict(), via.xdpAction().toString());
            if (c.expected() != null) {
                check(c, "output through the harness", Arrays.equals(via.output(), c.expected()),
                        Packet.diff(c.expected(), via.output()));
            }
        }
    }

    private static void check(Case c, String what, boolean ok, String detail) {
        if (!ok) throw new BenchFailure(c.id() + " (" + c.label() + "): " + what + ": " + detail);
    }

    /** New flows counted for the measured TCP VIP, summed over CPUs. */
    private long newFlows(Datapath dp) {
        long n = 0;
        for (Counters cpu : dp.vipStats.get(tcpVipId)) n += cpu.newFlows();
        return n;
    }

    /** One timed batch; returns {kernel ns/iteration, wall ns/iteration}. Checks verdict, output, counters. */
    private double[] timed(Case c, Harness h, Datapath dp, int repeat) {
        long[] before = dp.globalCounters();
        long flowsBefore = c.newFlows() ? newFlows(dp) : 0;
        TestRun r;
        long wall;
        if (c.viaHarness()) {
            h.target(c.program());
            h.frame(c.frame(), c.mask());
            long t0 = System.nanoTime();
            r = h.run(c.frame(), c.ctx(), repeat);
            wall = System.nanoTime() - t0;
        } else {
            long t0 = System.nanoTime();
            r = c.program().testRun(c.frame(), c.ctx(), repeat);
            wall = System.nanoTime() - t0;
        }
        check(c, "batch verdict", r.xdpAction() == c.verdict(), r.xdpAction() + ", want " + c.verdict());
        if (!c.vary() && c.expected() != null) {
            check(c, "batch output", Arrays.equals(r.output(), c.expected()), Packet.diff(c.expected(), r.output()));
        }
        long[] after = dp.globalCounters();
        for (GlobalCounter gc : GlobalCounter.values()) {
            long delta = after[gc.ordinal()] - before[gc.ordinal()];
            Integer per = c.perIteration().get(gc);
            if (per != null) {
                check(c, "counter " + gc, delta == (long) per * repeat, delta + " after " + repeat + " iterations");
            } else if (c.perIteration().isEmpty()) {
                check(c, "counter " + gc + " (the data path must not run)", delta == 0, Long.toString(delta));
            }
        }
        if (c.newFlows()) {
            long created = newFlows(dp) - flowsBefore;
            check(c, "new flows counted", created == repeat, created + " new flows after " + repeat + " SYNs");
        }
        return new double[] {r.durationNanos(), (double) wall / repeat};
    }

    // ------------------------------------------------------------------ cold

    private void cold(Group g, BenchNetns ns, Harness h, Datapath dp, List<Case> cases) {
        Map<String, List<Double>> kernel = new LinkedHashMap<>();
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        List<Case> direct = cases.stream().filter(c -> !c.id().equals("drop")).toList();
        for (Case c : direct) {
            kernel.put(c.id(), new ArrayList<>());
            wall.put(c.id(), new ArrayList<>());
        }
        prime(g, ns, dp, h);
        for (int i = 0; i < options.coldCalls; i++) {
            for (Case c : direct) {
                byte[] frame = c.frame();
                if (c.mask() == Harness.NEW_FLOW) {
                    // A new flow per call: another client address range than the restore-mode SYNs.
                    frame = fromClient(ns).ipv4("198.51.99." + (1 + i / 50000 % 250), host(TCP_VIP))
                            .tcp(1024 + i % 50000, 80).syn().seq(1000).build();
                } else if (c.mask() == Harness.FLOWS_64K) {
                    frame = fromClient(ns).ipv4(MANY_CLIENT, host(TCP_VIP)).tcp(EST_PORT ^ (i * 7919 & 0xffff), 80)
                            .ack().seq(1001).ackNumber(5001).build();
                }
                long t0 = System.nanoTime();
                TestRun r = c.program().testRun(frame, c.ctx(), 1);
                long w = System.nanoTime() - t0;
                check(c, "cold verdict", r.xdpAction() == c.verdict(), r.xdpAction().toString());
                if (i > 0) {
                    kernel.get(c.id()).add((double) r.durationNanos());
                    wall.get(c.id()).add((double) w);
                }
            }
        }
        double nullK = Stats.median(kernel.get("null"));
        line("");
        line("**Cold** (" + g.label() + "): one packet per BPF_PROG_TEST_RUN call (repeat = 1, no harness), "
                + (options.coldCalls - 1) + " calls per case interleaved; kernel ns of the one run, and the whole"
                + " syscall as seen from Java.");
        line("");
        line(Stats.header("case", "kernel ns (median)", "net ns", "syscall µs (median)"));
        for (Case c : direct) {
            double k = Stats.median(kernel.get(c.id()));
            line(Stats.row(c.id().equals("null") ? "null program (subtracted)" : c.label(), Stats.f0(k),
                    c.id().equals("null") ? "—" : Stats.f0(k - nullK),
                    Stats.f2(Stats.median(wall.get(c.id())) / 1000)));
        }
    }

    // ------------------------------------------------------------------ report

    private void report(Group g, List<Case> cases, Map<String, Series> series, double setupS, long flowsNow) {
        double nullK = Stats.median(series.get("null").kernel);
        double nullW = Stats.median(series.get("null").wall);
        line("");
        line("### " + g.label());
        line("");
        line("VIPs: " + (g.synOnly() ? "1" : g.vips() == 1 ? "1 per case family (IPv4 TCP, IPv4 UDP, IPv6 TCP)"
                : g.vips() + " IPv4 TCP VIPs (the measured one + " + (g.vips() - 1)
                        + " others with 2 backends each), plus the UDP and the IPv6 VIP")
                + "; backends per measured VIP: " + g.backends() + "; flow table " + g.flowTable() + " entries; "
                + (g.fib() ? "bpf_fib_lookup on (forwarded packets leave by XDP_REDIRECT)"
                        : "no FIB lookup (OPT_NO_FIB: rewritten packets go to the kernel, XDP_PASS)")
                + "; repeat " + g.repeat() + "; routes applied in " + Stats.f1(setupS) + " s; load average "
                + loadBefore + " before, " + loadAverage() + " after.");
        if (flowsNow >= 0) {
            line("Flows in the table after the run: " + flowsNow + " (every SYN inserted a distinct 5-tuple;"
                    + " no entry was evicted when this equals the SYNs sent).");
        }
        line("");
        line(Stats.header("case", "verdict", "raw ns median [min–max]", "net ns", "net ns (wall)", "target"));
        for (Case c : cases) {
            Series s = series.get(c.id());
            double k = Stats.median(s.kernel);
            double w = Stats.median(s.wall);
            boolean isNull = c.id().equals("null") || c.id().equals("drop");
            String raw = Stats.f0(k) + " [" + Stats.f0(Stats.min(s.kernel)) + "–" + Stats.f0(Stats.max(s.kernel)) + "]";
            line(Stats.row(c.label(), c.verdict(), raw, isNull ? "—" : Stats.f0(k - nullK),
                    isNull ? "—" : Stats.f1(w - nullW), c.target().isEmpty() ? "" : c.target()));
            if (!isNull) {
                String key = c.id().equals("syn") && g.synOnly() ? "syn-free" : c.id();
                summary.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(g.label(), k - nullK);
            }
        }
    }

    private void printSummary() {
        Set<String> groups = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (Map<String, Double> m : summary.values()) {
            for (String gname : m.keySet()) {
                if (groups.add(gname)) order.add(gname);
            }
        }
        Map<String, String> labels = Map.ofEntries(Map.entry("parse", "parse → PASS"),
                Map.entry("rewrite", "rewrite → TX"), Map.entry("nonvip", "non-VIP"), Map.entry("tcp", "established TCP"),
                Map.entry("tcp64k", "established TCP, 64k flows"), Map.entry("udp", "established UDP"),
                Map.entry("reply", "reply (reverse NAT)"), Map.entry("ipv6", "IPv6 established"),
                Map.entry("dsr", "established TCP, DSR IPIP"), Map.entry("gue", "established UDP, DSR GUE"),
                Map.entry("fnat", "established TCP, full NAT"), Map.entry("fnatreply", "reply, full NAT"),
                Map.entry("syn", "new flow (SYN)"), Map.entry("syn-free", "new flow, free entries"));
        line("");
        line("### Summary: net ns per packet");
        line("");
        List<String> head = new ArrayList<>(List.of("case", "target"));
        head.addAll(order);
        line(Stats.header(head.toArray(String[]::new)));
        for (Map.Entry<String, Map<String, Double>> e : summary.entrySet()) {
            List<Object> cells = new ArrayList<>();
            cells.add(labels.getOrDefault(e.getKey(), e.getKey()));
            String t = caseTargets.getOrDefault(e.getKey().equals("syn-free") ? "syn" : e.getKey(), "");
            cells.add(t);
            for (String gname : order) {
                Double v = e.getValue().get(gname);
                cells.add(v == null ? "" : Stats.f0(v));
            }
            line(Stats.row(cells.toArray()));
        }
    }
}
