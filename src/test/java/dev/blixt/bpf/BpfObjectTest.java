package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;

@Privileged
class BpfObjectTest {

    @Test
    void describesProgramsAndMapsBeforeLoad() {
        try (OpenObject obj = TestObjects.open()) {
            assertThat(obj.name()).isEqualTo("toolkit_test");
            assertThat(obj.programs()).extracting(ProgramInfo::name)
                    .containsExactlyInAnyOrder("xdp_count", "xdp_swap", "tc_swap", "xdp_small");
            ProgramInfo tc = obj.programs().stream().filter(p -> p.name().equals("tc_swap")).findFirst().orElseThrow();
            assertThat(tc.type()).isEqualTo(ProgramType.SCHED_CLS);
            assertThat(tc.typeName()).isEqualTo("sched_cls");
            assertThat(tc.section()).isEqualTo("tc");
            assertThat(tc.instructions()).isPositive();
            assertThat(obj.maps()).extracting(MapInfo::name)
                    .contains("hash_map", "array_map", "lru_map", "pcpu_array", "pcpu_hash")
                    .anyMatch(n -> n.endsWith(".rodata"));
            MapInfo lru = obj.maps().stream().filter(m -> m.name().equals("lru_map")).findFirst().orElseThrow();
            assertThat(lru).isEqualTo(new MapInfo("lru_map", MapType.LRU_HASH, "lru_hash", 8, 16, 128));
            try (BpfObject loaded = obj.load()) {
                assertThat(loaded.program("xdp_swap").info().type()).isEqualTo(ProgramType.XDP);
                assertThat(loaded.program("xdp_swap").type()).isEqualTo(ProgramType.XDP);
                assertThat(loaded.programs()).isEqualTo(obj.programs());
            }
        }
    }

    @Test
    void setMaxEntriesAndValueSizeTakeEffect() {
        try (OpenObject spec = TestObjects.open()) {
            spec.setMaxEntries("hash_map", 4).setValueSize("lru_map", 32);
            assertThat(spec.maps().stream().filter(m -> m.name().equals("hash_map")).findFirst().orElseThrow().maxEntries())
                    .isEqualTo(4);
            BpfObject obj = spec.load();
            BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
            assertThat(map.maxEntries()).isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                map.put(i, (long) i);
            }
            assertThatThrownBy(() -> map.put(4, 4L)).isInstanceOfSatisfying(BpfException.class,
                    e -> assertThat(e.errnoName()).isEqualTo("E2BIG")).hasMessageContaining("full (4 entries)");
            assertThat(obj.map("lru_map", TestObjects.FLOW_KEY_CODEC, Codec.bytes(32)).valueSize()).isEqualTo(32);
            obj.close();
        }
    }

    @Test
    void constantsBecomeTheProgramsBehaviour() {
        try (BpfObject obj = TestObjects.open().setConstant("xdp_verdict", XdpAction.DROP.code())
                .setConstant("small_const", XdpAction.TX.code())
                .setConstant("tc_verdict", TcAction.SHOT).load()) {
            assertThat(obj.program("xdp_count").testRun(TestObjects.frame(), 1).xdpAction()).isEqualTo(XdpAction.DROP);
            assertThat(obj.program("xdp_small").testRun(TestObjects.frame(), 1).xdpAction()).isEqualTo(XdpAction.TX);
            assertThat(obj.program("tc_swap").testRun(TestObjects.frame(), 1).verdict()).isEqualTo(TcAction.SHOT);
        }
        try (BpfObject obj = TestObjects.load()) {
            assertThat(obj.program("xdp_count").testRun(TestObjects.frame(), 1).xdpAction()).isEqualTo(XdpAction.PASS);
            assertThat(obj.program("xdp_small").testRun(TestObjects.frame(), 1).verdict()).isEqualTo(7);
        }
    }

    @Test
    void byteArrayConstantsAreWrittenByName() {
        byte[] marker = {0x02, (byte) 0xb1, 0x1c, 0x50, 0x00, 0x07};
        try (BpfObject obj = TestObjects.open().setConstant("marker", marker).load()) {
            TestRun run = obj.program("xdp_swap").testRun(TestObjects.frame(), 1);
            byte[] expected = TestObjects.swapped(TestObjects.frame());
            System.arraycopy(marker, 0, expected, 6, 6);
            assertThat(run.output()).isEqualTo(expected);
        }
    }

    @Test
    void constantsAreCheckedByNameAndSize() {
        try (OpenObject obj = TestObjects.open()) {
            assertThatThrownBy(() -> obj.setConstant("no_such_var", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no_such_var").hasMessageContaining("xdp_verdict").hasMessageContaining("marker");
            assertThatThrownBy(() -> obj.setConstant("marker", new byte[4])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("6 bytes, got 4");
            assertThatThrownBy(() -> obj.setConstant("marker", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an integer size");
            assertThatThrownBy(() -> obj.setConstant("small_const", 70_000)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("70000").hasMessageContaining("2-byte");
            obj.setConstant("small_const", 65_535).setConstant("small_const", -1);
            obj.setConstant("xdp_verdict", 0xFFFF_FFFFL);
        }
    }

    @Test
    void loadIsOneShotAndEndsConfiguration() {
        try (OpenObject spec = TestObjects.open()) {
            BpfObject obj = spec.load();
            try (obj) {
                assertThatThrownBy(spec::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("loads once");
                assertThatThrownBy(() -> spec.setMaxEntries("hash_map", 2)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("setMaxEntries must be done before load()");
                assertThatThrownBy(() -> spec.setConstant("xdp_verdict", 1)).isInstanceOf(IllegalStateException.class);
                assertThat(spec.programs()).isEqualTo(obj.programs());
                assertThat(obj.program("xdp_swap").fd()).isPositive();
                assertThat(obj.program("xdp_swap").id()).isPositive();
            }
            // The loaded object owned everything: closing it ended the spec's descriptions too.
            assertThatThrownBy(spec::programs).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void unknownNamesListWhatExists() {
        try (OpenObject spec = TestObjects.open(); BpfObject obj = TestObjects.load()) {
            assertThatThrownBy(() -> obj.program("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no program named 'nope'").hasMessageContaining("xdp_swap").hasMessageContaining("tc_swap");
            assertThatThrownBy(() -> obj.map("nope", Codec.u32(), Codec.u32())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no map named 'nope'").hasMessageContaining("hash_map");
            assertThatThrownBy(() -> spec.setMaxEntries("nope", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no map named 'nope'").hasMessageContaining("hash_map");
            assertThatThrownBy(() -> spec.setMaxEntries("hash_map", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1");
        }
    }

    @Test
    void verifierRejectionCarriesTheLog() {
        try (OpenObject obj = BpfObject.open(TestObjects.path("verifier_reject"))) {
            assertThat(obj.name()).isEqualTo("verifier_reject");
            assertThatThrownBy(obj::load).isInstanceOfSatisfying(BpfLoadException.class, e -> {
                assertThat(e.errnoName()).isEqualTo("EACCES");
                assertThat(e.verifierLog()).contains("invalid access to packet");
                assertThat(e.verifierLog().lines().count()).isLessThanOrEqualTo(BpfLoadException.LOG_TAIL_LINES);
                assertThat(e.getMessage()).contains("verifier_reject").contains("verifier rejected")
                        .contains("xdp_unchecked").contains("verifierLog()");
            });
            assertThatThrownBy(obj::load).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @SuppressWarnings("try") // closes explicitly to check use after close
    void pinnedMapsRoundTrip() {
        try (TestPins pins = TestPins.create(); BpfObject obj = TestObjects.load()) {
            BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
            Path p = pins.resolve("hash_map");
            map.pin(p);
            assertThat(p).exists();
            assertThatThrownBy(() -> map.pin(p)).isInstanceOfSatisfying(BpfException.class,
                    e -> assertThat(e.errnoName()).isEqualTo("EEXIST")).hasMessageContaining(p.toString());
            map.put(5, 55L);
            try (BpfMap<Integer, Long> pinned = BpfMap.openPinned(p, Codec.u32(), Codec.u64())) {
                assertThat(pinned.name()).isEqualTo("hash_map");
                assertThat(pinned.type()).isEqualTo(MapType.HASH);
                assertThat(pinned.maxEntries()).isEqualTo(64);
                assertThat(pinned.get(5)).contains(55L);
                pinned.put(6, 66L);
                pinned.close();
                assertThatThrownBy(() -> pinned.get(5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            }
            assertThat(map.get(6)).contains(66L);
            assertThatThrownBy(() -> BpfMap.openPinned(p, Codec.u64(), Codec.u64()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key size 4");
            assertThatThrownBy(() -> PerCpuMap.openPinned(p, Codec.u32(), Codec.u64()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a per-CPU map");
            assertThatThrownBy(() -> BpfMap.openPinned(pins.resolve("missing"), Codec.u32(), Codec.u64()))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"));

            PerCpuMap<Integer, Long> pcpu = obj.perCpuMap("pcpu_array", Codec.u32(), Codec.u64());
            Path pp = pins.resolve("pcpu");
            pcpu.pin(pp);
            pcpu.fill(1, 2L);
            try (PerCpuMap<Integer, Long> pinned = PerCpuMap.openPinned(pp, Codec.u32(), Codec.u64())) {
                assertThat(pinned.sum(1, Long::sum)).isEqualTo(2L * pinned.cpus());
            }
        }
    }

    @Test
    void setPinPathReusesTheMapAcrossObjects() {
        try (TestPins pins = TestPins.create()) {
            Path p = pins.resolve("shared/hash_map");
            try (BpfObject first = TestObjects.open().setPinPath("hash_map", p).load()) {
                first.map("hash_map", Codec.u32(), Codec.u64()).put(1, 42L);
            }
            assertThat(p).exists();
            try (BpfObject second = TestObjects.open().setPinPath("hash_map", p).load()) {
                assertThat(second.map("hash_map", Codec.u32(), Codec.u64()).get(1)).contains(42L);
            }
            try (BpfObject third = TestObjects.open().reuseMap("hash_map", p).load()) {
                assertThat(third.map("hash_map", Codec.u32(), Codec.u64()).get(1)).contains(42L);
            }
            try (OpenObject incompatible = TestObjects.open()) {
                assertThatThrownBy(() -> incompatible.reuseMap("array_map", p)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("array_map").hasMessageContaining("HASH").hasMessageContaining("ARRAY");
            }
        }
    }

    @Test
    void reuseMapSharesStateWithAnotherObject() {
        try (BpfObject a = TestObjects.load();
                BpfObject b = TestObjects.open().reuseMap("array_map", a.map("array_map", Codec.u32(), Codec.u64())).load()) {
            BpfMap<Integer, Long> shared = a.map("array_map", Codec.u32(), Codec.u64());
            b.program("xdp_count").testRun(TestObjects.frame(), 3);
            assertThat(shared.get(0)).contains(3L * 64);
        }
    }

    @Test
    void opensObjectFiles() throws Exception {
        Path file = TestObjects.path("toolkit_test");
        try (OpenObject spec = BpfObject.open(file); BpfObject obj = spec.load()) {
            assertThat(spec.name()).isEqualTo("toolkit_test");
            assertThat(obj.name()).isEqualTo("toolkit_test");
            assertThat(obj.program("xdp_swap").testRun(TestObjects.frame(), 1).xdpAction()).isEqualTo(XdpAction.TX);
        }
        assertThat(Files.size(file)).isPositive();
    }
}
