package dev.blixt;

import dev.blixt.bpf.TestRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seeded data-path fuzzer: frames from {@link FuzzFrames} through the loaded XDP and tc
 * programs (BPF_PROG_TEST_RUN, one run per frame and program: every output is checked), each run
 * checked by {@link FuzzOracle}. {@link DatapathFuzzTest} runs 10<sup>5</sup> frames in the regular
 * suite; {@code scripts/bench --only fuzz} runs this class's {@link #main} with 10<sup>6</sup>.
 * Every failure names the frame in hex, so that it can become a fixture.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp … dev.blixt.DatapathFuzzer [--frames N] [--seed S] [--smoke] [--out FILE]
 * </pre>
 */
final class DatapathFuzzer {
    /** A route of the fuzzer's world. */
    record FuzzRoute(Vip vip, List<Backend> backends) {}

    /** The routes: TCP and UDP VIPs over IPv4 and IPv6, weights, one port-0 VIP. */
    static final List<FuzzRoute> ROUTES = List.of(
            new FuzzRoute(Vip.tcp("203.0.113.10", 80), List.of(Backend.of("198.18.1.2", 8080),
                    Backend.of("198.18.1.3", 8080), Backend.of("198.18.1.4", 8080).weight(2))),
            new FuzzRoute(Vip.udp("203.0.113.10", 53), List.of(Backend.of("198.18.1.2", 5353),
                    Backend.of("198.18.1.5", 53))),
            new FuzzRoute(Vip.tcp("203.0.113.20", 0), List.of(Backend.of("198.18.1.9", 0))),
            new FuzzRoute(Vip.tcp("2001:db8:f::10", 443), List.of(Backend.of("2001:db8:1::2", 8443),
                    Backend.of("2001:db8:1::3", 8443))),
            new FuzzRoute(Vip.udp("2001:db8:f::10", 53), List.of(Backend.of("2001:db8:1::2", 5353))));

    /** The regular suite's seed. */
    static final long SEED = 0x18b0_0dd5L;
    /** At most this many failures are kept (each with its frame). */
    static final int MAX_FAILURES = 20;

    /** What a fuzz run found. */
    record Report(long seed, int frames, long runs, long nanos, List<String> failures, Map<String, Long> outcomes) {
        String summary() {
            return String.format("%,d frames (seed %#x), %,d program runs in %.1f s, %d failures; outcomes %s",
                    frames, seed, runs, nanos / 1e9, failures.size(), outcomes);
        }
    }

    private DatapathFuzzer() {
    }

    /**
     * Whether BPF_PROG_TEST_RUN takes the frame for a tc program: the kernel refuses (EINVAL) an
     * untagged IPv4 frame without 20 bytes of IP header and an IPv6 one without 40, as the stack
     * would never hand such an skb to tc. XDP runs take every frame.
     */
    static boolean tcTestRunTakes(byte[] frame) {
        int type = (frame[12] & 0xff) << 8 | frame[13] & 0xff;
        return !(type == 0x0800 && frame.length < 14 + 20 || type == 0x86dd && frame.length < 14 + 40);
    }

    static Report run(long seed, int frames, PrintStream log) {
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        long runs = 0;
        try (DatapathFixture f = DatapathFixture.open()) {
            for (FuzzRoute r : ROUTES) f.route(r.vip(), r.backends().toArray(Backend[]::new));
            // The flow table as the kernel holds it: the LRU may evict an entry the oracle saw created.
            FuzzOracle oracle = new FuzzOracle(f.engine, ROUTES, key -> f.dp.flows.get(key)
                    .flatMap(v -> f.engine.backendById(v.backendId())).map(e -> e.getValue().address()));
            FuzzFrames gen = new FuzzFrames(seed, ROUTES);
            for (int i = 0; i < frames && failures.size() < MAX_FAILURES; i++) {
                byte[] frame = gen.next();
                for (boolean tc : new boolean[] {false, true}) {
                    if (tc && !tcTestRunTakes(frame)) {
                        outcomes.merge("TC_NOT_RUNNABLE", 1L, Long::sum);
                        continue;
                    }
                    TestRun run = tc ? f.tc(frame) : f.xdp(frame);
                    runs++;
                    String why = oracle.check(frame, run, tc);
                    if (why != null) {
                        String failure = "frame " + i + " (" + (tc ? "tc" : "XDP") + ", verdict " + run.verdict() + "): "
                                + why + "\n  input  " + java.util.HexFormat.of().formatHex(frame)
                                + "\n  output " + java.util.HexFormat.of().formatHex(run.output());
                        failures.add(failure);
                        log.println(failure);
                    }
                }
            }
            oracle.outcomes.forEach((k, v) -> outcomes.merge(k.name(), v, Long::sum));
            oracle.parserFailures.forEach(x -> log.println("Packet.parse failed (not a data path failure): " + x));
        }
        return new Report(seed, frames, runs, System.nanoTime() - start, failures, outcomes);
    }

    /**
     * Runs the fuzzer; exits 1 on a failure.
     *
     * @param args {@code [--frames N] [--seed S] [--smoke] [--out FILE]}
     */
    public static void main(String[] args) {
        int frames = 1_000_000;
        long seed = SEED;
        java.nio.file.Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.decode(args[++i]);
                case "--smoke" -> frames = 10_000;
                case "--out" -> out = java.nio.file.Path.of(args[++i]);
                default -> {
                    System.err.println("usage: DatapathFuzzer [--frames N] [--seed S] [--smoke] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        Report r = run(seed, frames, System.out);
        String md = "## Data path fuzz\n\n" + r.summary() + "\n";
        System.out.print(md);
        if (out != null) {
            try {
                java.nio.file.Files.writeString(out, md);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        System.exit(r.failures().isEmpty() ? 0 : 1);
    }
}
