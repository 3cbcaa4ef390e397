package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blixt.bpf.BpfMap;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.testing.Privileged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The kernel memory figures in {@link DataplaneConfig}'s javadoc are what the kernel charges for the maps
 * at the defaults ({@code memlock} in {@code /proc/self/fdinfo}, the figure {@code bpftool map show}
 * prints), so the documentation cannot drift from the maps' real sizes.
 */
@Privileged
class MemoryFiguresTest {

    @Test
    void theDefaultsTakeTheMemoryTheJavadocSays() throws IOException {
        DataplaneConfig c = DataplaneConfig.defaults();
        Datapath.Sizing sizing = new Datapath.Sizing(c.maxVips(), c.maxBackends(), c.ringSize(), c.flowTableSize(),
                c.hashSeed(), c.udpIdleTimeout().toNanos(), 0, c.nextHopCache().toNanos());
        try (Datapath dp = Datapath.load(sizing, null)) {
            long rings = memlock(dp.rings);
            long flows = memlock(dp.flows);
            long rest = memlock(dp.vips) + memlock(dp.vipTable) + memlock(dp.backends) + memlock(dp.backendVips)
                    + memlock(dp.addrFilter) + memlock(dp.config) + memlock(dp.vipStats.fd())
                    + memlock(dp.backendStats.fd()) + memlock(dp.globalStats.fd()) + memlock(dp.nexthops.fd());
            int cpus = Runtime.getRuntime().availableProcessors();
            // "maxVips × 2 × ringSize × 8 bytes: 67 MB (64 MiB) at the defaults"
            assertThat((double) rings).isCloseTo(8.0 * 2 * c.maxVips() * c.ringSize(), within(64 * 1024.0));
            assertThat(rings / 1e6).isCloseTo(67, within(0.5));
            // "about 120 bytes per entry: 31 MB for the default 262,144 flows"
            assertThat((double) flows / c.flowTableSize()).isCloseTo(120, within(12.0));
            // "everything else ... per backend id about 180 bytes plus about 80 bytes per CPU"
            double perBackend = 180 + 80.0 * cpus;
            assertThat((double) rest).isCloseTo(perBackend * (c.maxBackends() + 1), within(0.25 * perBackend * c.maxBackends()));
            // "about 100 MB at the defaults" (measured with 2 CPUs; per-CPU maps add about 0.33 MB per CPU more)
            assertThat((rings + flows + rest - 0.33e6 * (cpus - 2)) / 1e6).isCloseTo(100, within(5.0));
        }
    }

    private static long memlock(BpfMap<?, ?> map) throws IOException {
        return memlock(map.fd());
    }

    private static long memlock(int fd) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/fdinfo", Integer.toString(fd)))) {
            if (l.startsWith("memlock:")) return Long.parseLong(l.substring(8).trim());
        }
        throw new AssertionError("no memlock line in /proc/self/fdinfo/" + fd);
    }
}
