package dev.blixt;

import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.packet.Packet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Dataplane.simulate(frame)} latency: one BPF_PROG_TEST_RUN of the loaded XDP program on one
 * frame (an established TCP packet of a VIP with 100 backends), alone and with the Java side of
 * {@code simulate} (the {@link Simulation} built from the output). Needs root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SimulateBench {
    Datapath dp;
    RouteEngine engine;
    byte[] frame;

    @Setup(Level.Trial)
    public void load() {
        dp = Datapath.load(ControlPlaneFacts.defaultSizing(), null);
        engine = new RouteEngine(dp);
        engine.apply(RouteApplyBench.VIP, DatapathBench.backends4(100, 0));
        byte[] syn = Packet.builder().ipv4("198.51.100.7", "203.0.113.10").tcp(40001, 80).syn().build();
        dp.xdp().testRun(syn, 1);
        frame = Packet.builder().ipv4("198.51.100.7", "203.0.113.10").tcp(40001, 80).ack().seq(1).build();
    }

    @TearDown(Level.Trial)
    public void close() {
        dp.close();
    }

    @Benchmark
    public TestRun testRun() {
        return dp.xdp().testRun(frame, 1);
    }

    @Benchmark
    public Simulation simulate() {
        TestRun run = dp.xdp().testRun(frame, 1);
        return Simulation.of(XdpAction.of(run.verdict()), frame, run.output(), engine);
    }
}
