package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;

/** Repeated failing and succeeding open/load/close cycles must not leak file descriptors. */
@Privileged
class FdLeakTest {

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static void cycle(TestPins pins, int i) {
        byte[] junk = new byte[256];
        Arrays.fill(junk, (byte) i);
        assertThatThrownBy(() -> BpfObject.open(junk, "junk")).isInstanceOf(BpfException.class);

        try (OpenObject bad = BpfObject.open(TestObjects.bytes("verifier_reject"), "verifier_reject")) {
            assertThatThrownBy(bad::load).isInstanceOf(BpfLoadException.class);
        }

        try (BpfObject obj = TestObjects.load()) {
            BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
            map.put(i, (long) i);
            map.getAll();
            obj.perCpuMap("pcpu_array", Codec.u32(), Codec.u64()).getAll();
            obj.program("xdp_swap").testRun(TestObjects.frame(), 1);
            Path pin = pins.resolve("map" + i);
            map.pin(pin);
            try (BpfMap<Integer, Long> pinned = BpfMap.openPinned(pin, Codec.u32(), Codec.u64())) {
                assertThat(pinned.get(i)).contains((long) i);
            }
            assertThatThrownBy(() -> BpfMap.openPinned(pin, Codec.u64(), Codec.u64()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> obj.map("hash_map", Codec.u64(), Codec.u64()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        try (BpfObject reuse = TestObjects.open().reuseMap("hash_map", pins.resolve("map" + i)).load()) {
            assertThat(reuse.map("hash_map", Codec.u32(), Codec.u64()).get(i)).contains((long) i);
        }
        assertThatThrownBy(() -> BpfMap.openPinned(pins.resolve("missing"), Codec.u32(), Codec.u64()))
                .isInstanceOf(BpfException.class);
    }

    @Test
    void openLoadCloseCyclesDoNotLeakFileDescriptors() throws IOException {
        try (TestPins pins = TestPins.create()) {
            cycle(pins, 0); // warm up: classes, libbpf's one-time probes
            cycle(pins, 1);
            long before = openFds();
            for (int i = 2; i < 22; i++) {
                cycle(pins, i);
            }
            long after = openFds();
            assertThat(after).as("open fds after 20 cycles (before: %d)", before).isLessThanOrEqualTo(before);
        }
    }
}
