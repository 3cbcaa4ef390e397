package dev.blixt;

import dev.blixt.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end throughput through the load balancer in the namespace sandbox (client → LB → one
 * backend, IPv4), with iperf3: small UDP datagrams (packets/s received by the server) and one
 * TCP stream (Gbit/s), for plain kernel routing, nftables DNAT, an {@code XDP_PASS}-only
 * program (the floor of XDP on a veth), and Blixt in AUTO (tc on veth) with the kernel's default
 * offloads, and in XDP native, XDP generic and tc mode on a sandbox tuned for native XDP.
 *
 * <p>Every case is checked while it runs: Blixt's VIP counters must have seen at least the
 * packets the server received, the nftables DNAT rules must have matched, the XDP_PASS program
 * must be attached; otherwise the run stops with exit code 1. CPU: the machine's {@code
 * /proc/stat} deltas over the client's run (all namespaces share the kernel, so this is the
 * whole machine: client, LB and server).
 *
 * <p>Usage: {@code E2eBench [--smoke] [--reps N] [--seconds S] [--out FILE]}. Run as root
 * (scripts/bench, which installs iperf3 and nftables).
 */
public final class E2eBench {
    static final String VIP = "203.0.113.10";
    static final int VIP_PORT = 80;
    static final int SERVER_PORT = 5201;
    static final int UDP_LEN = 64;

    /**
     * The paths measured. Each runs in a sandbox with the kernel's default offloads (what users have)
     * unless {@code tuned}: native and generic XDP forced onto veth black-hole or stall traffic there, so
     * those cases run in a second sandbox built with {@link Sandbox.Builder#tuneForNativeXdp()} (TX
     * checksum offload off, GRO on), next to tc on the same tuned sandbox for a like-for-like comparison.
     */
    enum Case {
        ROUTING("plain kernel routing (no program, client → backend address)", false),
        NFT("nftables DNAT in the LB namespace", false),
        BLIXT_AUTO("Blixt, AUTO (tc on veth), default offloads", false),
        XDP_PASS("kernel routing + `XDP_PASS`-only program, native, on the LB's veths (floor), tuned sandbox", true),
        BLIXT_NATIVE("Blixt, XDP native (forced), tuned sandbox", true),
        BLIXT_GENERIC("Blixt, XDP generic (forced), tuned sandbox", true),
        BLIXT_TC("Blixt, tc, tuned sandbox", true);

        final String label;
        final boolean tuned;

        Case(String label, boolean tuned) {
            this.label = label;
            this.tuned = tuned;
        }
    }

    /** One iperf3 run: the figure, and the machine's CPU over it (CPU-seconds per second, per kind). */
    record Run(double value, double sent, double busy, double softirq) {}

    private final StringBuilder report = new StringBuilder();
    private final boolean smoke;
    private final int reps;
    private final int seconds;
    private final Path passObject;

    private E2eBench(boolean smoke, int reps, int seconds, Path passObject) {
        this.smoke = smoke;
        this.reps = reps;
        this.seconds = seconds;
        this.passObject = passObject;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        int reps = 3;
        int seconds = 5;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (smoke) {
            reps = 1;
            seconds = 1;
        }
        Path pass = Path.of("target/test-classes/bench-bpf/xdp_pass.bpf.o").toAbsolutePath();
        if (!Files.exists(pass)) throw new IllegalStateException(pass + " missing: build with -Pbench");
        E2eBench b = new E2eBench(smoke, reps, seconds, pass);
        boolean ok = b.run();
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, b.report.toString(), StandardCharsets.UTF_8);
        }
        if (!ok) {
            System.err.println("error: an end-to-end case did not take the path it names (see above)");
            System.exit(1);
        }
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    private boolean run() throws Exception {
        Map<Case, List<Run>> udp = new EnumMap<>(Case.class);
        Map<Case, List<Run>> tcp = new EnumMap<>(Case.class);
        boolean ok = true;
        try (Sandbox plain = Sandbox.builder().backends(1).prefix("blixt-e2eb").build();
             Sandbox tuned = Sandbox.builder().backends(1).prefix("blixt-e2eb").tuneForNativeXdp().build()) {
            // For plain routing the client reaches the backend's own address through the LB.
            for (Sandbox sb : List.of(plain, tuned)) {
                exec(List.of("ip", "-n", sb.client().namespace(), "route", "add", "198.18.1.0/24", "via",
                        sb.lb().ipv4().getHostAddress()), null, 20);
            }
            // Repetitions outermost, so that every case sees the same stretch of the machine's noise.
            for (int r = 0; r < reps; r++) {
                for (Case c : Case.values()) {
                    Sandbox sb = c.tuned ? tuned : plain;
                    try (Setup s = setup(sb, c)) {
                        Run u = iperf(sb, c, true);
                        Run t = iperf(sb, c, false);
                        String problem = s.check(u);
                        if (problem != null) {
                            System.err.println("error: " + c.label + ": " + problem);
                            ok = false;
                        }
                        udp.computeIfAbsent(c, k -> new ArrayList<>()).add(u);
                        tcp.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
                        System.err.printf("  rep %d %-14s UDP %,.0f pkt/s (sent %,.0f), TCP %.2f Gbit/s%n", r + 1, c,
                                u.value(), u.sent(), t.value() / 1e9);
                    }
                }
            }
        }
        line("## End to end (namespaces, iperf3)" + (smoke ? " — smoke run, figures meaningless" : ""));
        line("");
        line("Client → LB → 1 backend, IPv4, " + reps + " repetitions of " + seconds + " s, median [min–max]."
                + " UDP: `iperf3 -u -l " + UDP_LEN + " -b 0`, packets/s received by the server;"
                + " TCP: one stream, Gbit/s received. CPU: the whole machine's /proc/stat over the UDP run,"
                + " in CPUs busy (of " + Runtime.getRuntime().availableProcessors() + "), softirq part in brackets."
                + " Offloads as the kernel sets them (TX checksum offload on, GRO off on veth), except the"
                + " \"tuned sandbox\" rows (`Sandbox.Builder.tuneForNativeXdp()`: TX checksum offload off, GRO on),"
                + " which native and generic XDP on veth need to be correct.");
        line("");
        line("| path | UDP 64 B, received pkt/s | UDP sent pkt/s | CPU busy (softirq), UDP | TCP Gbit/s | CPU busy (softirq), TCP |");
        line("|---|---|---|---|---|---|");
        for (Case c : Case.values()) {
            List<Run> u = udp.get(c);
            List<Run> t = tcp.get(c);
            line("| " + c.label + " | " + fmt(u, Run::value, 1, "%,.0f") + " | " + fmt(u, Run::sent, 1, "%,.0f")
                    + " | " + String.format("%.2f (%.2f)", median(u, Run::busy), median(u, Run::softirq)) + " | "
                    + fmt(t, Run::value, 1e9, "%.2f") + " | "
                    + String.format("%.2f (%.2f)", median(t, Run::busy), median(t, Run::softirq)) + " |");
        }
        return ok;
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String fmt(List<Run> runs, java.util.function.ToDoubleFunction<Run> f, double div, String format) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        String m = String.format(format, median(runs, f) / div);
        if (v.length == 1) return m;
        return m + " [" + String.format(format, v[0] / div) + "–" + String.format(format, v[v.length - 1] / div) + "]";
    }

    // ---- the cases ---------------------------------------------------------------------------

    /** What a case attached, and how to check that the traffic went through it. */
    private interface Setup extends AutoCloseable {
        /** Null when the run took the path the case names, else what is wrong. */
        String check(Run udp) throws Exception;

        @Override
        void close();
    }

    private Setup setup(Sandbox sb, Case c) {
        String lb = sb.lb().namespace();
        return switch (c) {
            case ROUTING -> new Setup() {
                public String check(Run udp) {
                    return udp.value() > 0 ? null : "nothing received";
                }

                public void close() {}
            };
            case NFT -> {
                String rules = "table ip blixtbench {\n chain prerouting {\n"
                        + "  type nat hook prerouting priority dstnat; policy accept;\n"
                        + "  ip daddr " + VIP + " tcp dport " + VIP_PORT + " counter dnat to " + sb.backend(0).ipv4()
                                .getHostAddress() + ":" + SERVER_PORT + "\n"
                        + "  ip daddr " + VIP + " udp dport " + VIP_PORT + " counter dnat to " + sb.backend(0).ipv4()
                                .getHostAddress() + ":" + SERVER_PORT + "\n }\n}\n";
                exec(List.of("ip", "netns", "exec", lb, "nft", "-f", "-"), rules, 20);
                yield new Setup() {
                    public String check(Run udp) {
                        String list = exec(List.of("ip", "netns", "exec", lb, "nft", "list", "table", "ip",
                                "blixtbench"), null, 20);
                        // The nat chain sees the first packet of each connection: TCP control + TCP test + UDP.
                        long matched = Arrays.stream(list.split("\n")).filter(l -> l.contains("dnat"))
                                .mapToLong(l -> Long.parseLong(l.replaceAll(".*counter packets (\\d+).*", "$1").strip()))
                                .sum();
                        if (matched < 3) return "the DNAT rules matched " + matched + " packets (expected ≥ 3)";
                        return udp.value() > 0 ? null : "nothing received";
                    }

                    public void close() {
                        exec(List.of("ip", "netns", "exec", lb, "nft", "delete", "table", "ip", "blixtbench"), null, 20);
                        exec(List.of("ip", "netns", "exec", lb, "conntrack", "-F"), null, 20, true);
                    }
                };
            }
            case XDP_PASS -> {
                for (String dev : sb.lbInterfaces()) {
                    exec(List.of("ip", "-n", lb, "link", "set", "dev", dev, "xdpdrv", "obj", passObject.toString(),
                            "sec", "xdp"), null, 20);
                }
                yield new Setup() {
                    public String check(Run udp) {
                        String links = exec(List.of("ip", "-n", lb, "link", "show"), null, 20);
                        long attached = links.lines().filter(l -> l.contains("prog/xdp")).count();
                        if (attached < sb.lbInterfaces().size()) return "XDP_PASS attached to " + attached + " interfaces";
                        return udp.value() > 0 ? null : "nothing received";
                    }

                    public void close() {
                        for (String dev : sb.lbInterfaces()) {
                            exec(List.of("ip", "-n", lb, "link", "set", "dev", dev, "xdpdrv", "off"), null, 20);
                        }
                    }
                };
            }
            case BLIXT_AUTO, BLIXT_NATIVE, BLIXT_GENERIC, BLIXT_TC -> {
                AttachMode mode = switch (c) {
                    case BLIXT_NATIVE -> AttachMode.XDP_NATIVE;
                    case BLIXT_GENERIC -> AttachMode.XDP_GENERIC;
                    case BLIXT_AUTO -> AttachMode.AUTO;
                    default -> AttachMode.TC;
                };
                Dataplane dp = sb.lb().open(sb.dataplaneConfig().attachMode(mode).forceAttachMode(mode.name().startsWith("XDP")).maxVips(8).maxBackends(64)
                        .flowTableSize(1 << 16).build());
                Vip t = Vip.tcp(VIP, VIP_PORT);
                Vip u = Vip.udp(VIP, VIP_PORT);
                try {
                    Backend b = Backend.of(sb.backend(0).ipv4(), SERVER_PORT);
                    dp.route(t).to(b);
                    dp.route(u).to(b);
                } catch (RuntimeException e) {
                    dp.close();
                    throw e;
                }
                yield new Setup() {
                    public String check(Run udp) {
                        long seen = dp.stats(u).packets();
                        long received = Math.round(udp.value() * seconds);
                        if (udp.value() <= 0) return "nothing received";
                        // The server's count is over its own interval; allow 10% for the edges.
                        if (seen < received * 0.9) {
                            return "Blixt counted " + seen + " UDP packets on the VIP, the server received ≈ " + received;
                        }
                        if (dp.stats(t).packets() == 0) return "Blixt counted no TCP packets";
                        return null;
                    }

                    public void close() {
                        dp.close();
                    }
                };
            }
        };
    }

    // ---- iperf3 ------------------------------------------------------------------------------

    private Run iperf(Sandbox sb, Case c, boolean udp) throws Exception {
        String server = sb.backend(0).ipv4().getHostAddress();
        boolean direct = c == Case.ROUTING || c == Case.XDP_PASS;
        String target = direct ? server : VIP;
        int port = direct ? SERVER_PORT : VIP_PORT;
        Process srv = new ProcessBuilder("ip", "netns", "exec", sb.backend(0).namespace(), "iperf3", "-s", "-1", "-J",
                "-B", server, "-p", Integer.toString(SERVER_PORT))
                .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitListening(sb.backend(0).namespace());
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sb.client().namespace(), "iperf3", "-c",
                    target, "-p", Integer.toString(port), "-t", Integer.toString(seconds), "-J", "--connect-timeout",
                    "3000"));
            if (udp) cmd.addAll(List.of("-u", "-l", Integer.toString(UDP_LEN), "-b", "0"));
            long[] before = cpu();
            long t0 = System.nanoTime();
            String client = exec(cmd, null, seconds + 30);
            long[] after = cpu();
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<?, ?> cl = (Map<?, ?>) Json.parse(client);
            if (cl.get("error") != null) throw new IllegalStateException(c + ": iperf3: " + cl.get("error"));
            Map<?, ?> send = (Map<?, ?>) ((Map<?, ?>) cl.get("end")).get("sum" + (udp ? "" : "_sent"));
            Map<?, ?> end = (Map<?, ?>) cl.get("end");
            double hz = 100; // USER_HZ
            double busy = (after[0] - before[0]) / hz / wall;
            double softirq = (after[1] - before[1]) / hz / wall;
            if (udp) {
                // The client's summary carries the server's count: lost_packets is what the server did
                // not receive (from the datagrams' sequence numbers), so packets − lost were received.
                Map<?, ?> sum = (Map<?, ?>) end.get("sum");
                double secs = num(sum, "seconds");
                double received = (num(sum, "packets") - num(sum, "lost_packets")) / secs;
                double sent = num(sum, "packets") / secs;
                return new Run(received, sent, busy, softirq);
            }
            Map<?, ?> sum = (Map<?, ?>) end.get("sum_received");
            return new Run(num(sum, "bits_per_second"), num(send, "bits_per_second"), busy, softirq);
        } finally {
            srv.destroyForcibly();
            srv.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static double num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Double d)) throw new IllegalStateException("iperf3 JSON: no number " + key + " in " + m);
        return d;
    }

    private static void waitListening(String ns) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String ss = exec(List.of("ip", "netns", "exec", ns, "ss", "-Hltn", "sport", "=", ":" + SERVER_PORT), null, 10);
            if (!ss.isBlank()) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("iperf3 server did not listen within 2 s");
    }

    /** The machine's busy (user+nice+system+irq+softirq+steal) and softirq jiffies, all CPUs. */
    private static long[] cpu() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), sys = Long.parseLong(f[3]);
        long irq = Long.parseLong(f[6]), soft = Long.parseLong(f[7]), steal = Long.parseLong(f[8]);
        return new long[] {user + nice + sys + irq + soft + steal, soft};
    }

    private static String exec(List<String> cmd, String input, int timeoutSeconds) {
        return exec(cmd, input, timeoutSeconds, false);
    }

    private static String exec(List<String> cmd, String input, int timeoutSeconds, boolean mayFail) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE);
            if (input == null) pb.redirectInput(new File("/dev/null"));
            Process p = pb.start();
            if (input != null) {
                try (var in = p.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            var err = Thread.ofVirtual().start(() -> {
                try {
                    p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            err.join();
            if (p.exitValue() != 0 && !mayFail) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            if (mayFail) return "";
            throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A minimal JSON reader for iperf3's output: objects, arrays, strings, numbers (as Double), booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String s) {
            Json j = new Json(s);
            Object v = j.value();
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        i++; // ':'
                        m.put(k, value());
                        ws();
                        if (s.charAt(i++) == '}') return m;
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i++) == ']') return l;
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
                    if (start == i) throw new IllegalStateException("bad JSON at " + i);
                    return Double.parseDouble(s.substring(start, i));
                }
            }
        }

        private String string() {
            if (s.charAt(i) != '"') throw new IllegalStateException("bad JSON string at " + i);
            i++;
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }
    }
}
