package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.testing.NeedsLibbpf;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;

/** Each kind of bad input ends in a clear exception; opening objects needs libbpf but no privileges. */
@NeedsLibbpf
class BadInputTest {

    @Test
    void corruptObjectBytesAreRefusedByName() {
        byte[] junk = new byte[512];
        Arrays.fill(junk, (byte) 0x42);
        assertThatThrownBy(() -> BpfObject.open(junk, "junk"))
                .isInstanceOf(BpfException.class)
                .hasMessageContaining("opening BPF object 'junk'").hasMessageContaining("clang -target bpf");
        byte[] truncated = Arrays.copyOf(TestObjects.bytes("toolkit_test"), 200);
        assertThatThrownBy(() -> BpfObject.open(truncated, "truncated"))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isPositive())
                .hasMessageContaining("'truncated'");
        assertThatThrownBy(() -> BpfObject.open(new byte[0], "empty"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> BpfObject.open(TestObjects.bytes("toolkit_test"), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> BpfObject.open(Path.of("/nonexistent/x.bpf.o")))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"))
                .hasMessageContaining("/nonexistent/x.bpf.o");
    }

    @Test
    @Privileged // a program handle needs a loaded object
    void unknownProgramAndMapNamesListTheExistingOnes() {
        try (BpfObject obj = TestObjects.load(); OpenObject spec = TestObjects.open()) {
            assertThatThrownBy(() -> obj.program("xdp_nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no program named 'xdp_nope'; its programs are [")
                    .hasMessageContaining("xdp_count").hasMessageContaining("xdp_swap").hasMessageContaining("tc_swap")
                    .hasMessageContaining("xdp_small");
            assertThatThrownBy(() -> spec.setPinPath("map_nope", Path.of("/sys/fs/bpf/x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("map_nope")
                    .hasMessageContaining("lru_map");
        }
    }

    @Test
    @Privileged // a program handle needs a loaded object
    void attachingToANonExistentInterfaceFailsBeforeTheKernel() {
        try (BpfObject obj = TestObjects.load()) {
            assertThatThrownBy(() -> obj.program("xdp_swap").attachXdp("blixt-none0", XdpMode.NATIVE))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                    .hasMessageContaining("'blixt-none0'");
            assertThatThrownBy(() -> obj.program("xdp_swap").attachXdp("this-name-is-far-too-long", XdpMode.NATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this-name-is-far-too-long");
            assertThatThrownBy(() -> obj.program("xdp_swap").attachXdp(0, XdpMode.NATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        }
    }

    @Test
    @Privileged // a program handle needs a loaded object
    void everythingFailsFastAfterClose() {
        OpenObject spec = TestObjects.open();
        spec.close();
        assertThatThrownBy(spec::programs).isInstanceOf(IllegalStateException.class)
                .hasMessage("BPF object 'toolkit_test' is closed");
        assertThatThrownBy(spec::maps).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(spec::load).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> spec.setConstant("xdp_verdict", 1)).isInstanceOf(IllegalStateException.class);
        assertThat(spec.toString()).contains("closed");
        spec.close();
        BpfObject obj = TestObjects.load();
        BpfProgram prog = obj.program("xdp_swap");
        obj.close();
        assertThatThrownBy(obj::programs).isInstanceOf(IllegalStateException.class)
                .hasMessage("BPF object 'toolkit_test' is closed");
        assertThatThrownBy(obj::maps).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> obj.program("xdp_swap")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(prog::type).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(prog::fd).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> prog.testRun(TestObjects.frame(), 1)).isInstanceOf(IllegalStateException.class);
        assertThat(prog.name()).isEqualTo("xdp_swap");
        assertThat(obj.toString()).contains("closed");
        obj.close();
    }

    @Test
    @Privileged
    void pinnedObjectsThatAreNotMapsAreRefused() throws Exception {
        // a real pinned non-map (a program) opened as a map, and a real pinned map opened as a link
        try (BpfObject obj = TestObjects.load(); TestPins pins = TestPins.create();
                java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            Path prog = pins.dir().resolve("prog");
            assertThat(libbpf_h.bpf_obj_pin(obj.program("xdp_count").fd(), arena.allocateFrom(prog.toString())))
                    .isZero();
            assertThatThrownBy(() -> BpfMap.openPinned(prog, Codec.u32(), Codec.u32()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the object pinned at " + prog + " is not a map but anon_inode:bpf-prog");
            Path map = pins.dir().resolve("map");
            obj.map("array_map", Codec.u32(), Codec.u64()).pin(map);
            assertThatThrownBy(() -> XdpAttachment.openPinned(map)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the object pinned at " + map + " is not a BPF link but anon_inode:bpf-map");
            assertThatThrownBy(() -> PerCpuMap.openPinned(map, Codec.u32(), Codec.u64()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a per-CPU map");
        }
    }

    @Test
    void pinnedObjectsThatDoNotExistAreRefusedByPath() {
        assertThatThrownBy(() -> BpfMap.openPinned(Path.of("/nonexistent-blixt/map"), Codec.u32(), Codec.u32()))
                .isInstanceOf(BpfException.class).hasMessageContaining("/nonexistent-blixt/map");
        assertThatThrownBy(() -> XdpAttachment.openPinned(Path.of("/nonexistent-blixt/link")))
                .isInstanceOf(BpfException.class).hasMessageContaining("/nonexistent-blixt/link");
    }
}
