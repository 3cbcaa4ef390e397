package dev.blixt;

import dev.blixt.maglev.MaglevNode;
import dev.blixt.maglev.MaglevTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Maglev table build time (pure Java): M = 65537 with 10, 100, 1000 backends; M = 655373 with 1000. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MaglevBuildBench {
    /** "M:backends". */
    @Param({"65537:10", "65537:100", "65537:1000", "655373:1000"})
    public String config;

    private List<MaglevNode> nodes;
    private int size;

    @Setup
    public void setup() {
        String[] p = config.split(":");
        size = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        nodes = new ArrayList<>(n);
        for (Backend b : DatapathBench.backends4(n, 0)) nodes.add(new MaglevNode(nodes.size() + 1, b.key(), 1));
    }

    @Benchmark
    public MaglevTable build() {
        return MaglevTable.build(nodes, size, 0);
    }
}
