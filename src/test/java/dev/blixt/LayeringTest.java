package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layers are straight: {@code jdeps -verbose:package} on the library's classes shows no package
 * cycle, and nothing below the API depends on it (the root exception lives in {@code dev.blixt.error}).
 */
class LayeringTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.blixt[\\w.]*)\\s+->\\s+(dev\\.blixt[\\w.]*)\\s");

    private static Map<String, Set<String>> packageGraph() throws Exception {
        Path classes = Path.of(Dataplane.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "--ignore-missing-deps",
                classes.toString());
        assertThat(rc).as(out.toString()).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertThat(graph).as("jdeps found the packages").containsKey("dev.blixt");
        return graph;
    }

    @Test
    void noPackageCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, start, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertThat(cycles).as("package cycles in " + graph).isEmpty();
    }

    @Test
    void nothingBelowTheApiDependsOnIt() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        for (String lower : List.of("dev.blixt.bpf", "dev.blixt.error", "dev.blixt.maglev", "dev.blixt.packet",
                "dev.blixt.internal", "dev.blixt.internal.attach", "dev.blixt.internal.datapath",
                "dev.blixt.internal.fault", "dev.blixt.internal.hash", "dev.blixt.internal.libbpf", "dev.blixt.internal.netns")) {
            assertThat(graph.getOrDefault(lower, Set.of())).as(lower + " depends on").doesNotContain("dev.blixt");
        }
        assertThat(graph.getOrDefault("dev.blixt.error", Set.of())).as("the root exception depends on nothing").isEmpty();
    }

    private static void findCycle(Map<String, Set<String>> g, String start, String at, List<String> path,
            Set<String> seen, List<String> cycles) {
        for (String next : g.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && seen.add(next)) { // each cycle once, from its smallest package
                path.add(next);
                findCycle(g, start, next, path, seen, cycles);
                path.removeLast();
            }
        }
    }
}
