package dev.blixt;

import dev.blixt.internal.datapath.Datapath;
import java.util.ArrayList;
import java.util.List;
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
 * {@code route(vip).to(...)} end to end: {@link RouteEngine#apply} with 1000 backends on the real
 * loaded maps (default sizes), including validation, id allocation, the Maglev build and every map
 * write. Needs root. Each measured call is undone by an unmeasured teardown, so the state at the
 * start of every invocation is the same: 1000 backends (or no VIP for the first-time case).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RouteApplyBench {
    static final int BACKENDS = 1000;
    static final Vip VIP = Vip.tcp("203.0.113.10", 80);

    /** A loaded data path with no route. */
    @State(Scope.Benchmark)
    public static class Empty {
        Datapath dp;
        RouteEngine engine;
        final List<Backend> base = DatapathBench.backends4(BACKENDS, 0);

        @Setup(Level.Trial)
        public void load() {
            dp = Datapath.load(ControlPlaneFacts.defaultSizing(), null);
            engine = new RouteEngine(dp);
        }

        @TearDown(Level.Invocation)
        public void removeVip() {
            engine.remove(VIP);
        }

        @TearDown(Level.Trial)
        public void close() {
            dp.close();
        }
    }

    /** A loaded data path with the VIP routed to 1000 backends. */
    @State(Scope.Benchmark)
    public static class Routed {
        Datapath dp;
        RouteEngine engine;
        final List<Backend> base = DatapathBench.backends4(BACKENDS, 0);
        int k;
        List<Backend> plusOne;
        List<Backend> reweighted;

        @Setup(Level.Trial)
        public void load() {
            dp = Datapath.load(ControlPlaneFacts.defaultSizing(), null);
            engine = new RouteEngine(dp);
            engine.apply(VIP, base);
        }

        @Setup(Level.Invocation)
        public void next() {
            k++;
            plusOne = new ArrayList<>(base);
            plusOne.add(Backend.of("198.18.200." + (2 + k % 250), 8080));
            reweighted = new ArrayList<>(base);
            reweighted.set(k % BACKENDS, base.get(k % BACKENDS).weight(2));
        }

        @TearDown(Level.Invocation)
        public void revert() {
            engine.apply(VIP, base);
        }

        @TearDown(Level.Trial)
        public void close() {
            dp.close();
        }
    }

    /** A new VIP with 1000 backends: every ring slot of one half, 1000 backend entries and refs. */
    @Benchmark
    public Route firstTime(Empty s) {
        return s.engine.apply(VIP, s.base);
    }

    /** 1000 → 1001 backends (a different new backend each time). */
    @Benchmark
    public Route oneBackendAdded(Routed s) {
        return s.engine.apply(VIP, s.plusOne);
    }

    /** One of the 1000 backends goes from weight 1 to 2. */
    @Benchmark
    public Route oneReweighted(Routed s) {
        return s.engine.apply(VIP, s.reweighted);
    }
}
