package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.testing.Privileged;

@Privileged
class BpfMapTest {

    BpfObject obj;

    @BeforeEach
    void load() {
        obj = TestObjects.load();
    }

    @AfterEach
    void close() {
        obj.close();
    }

    @Test
    void hashMapGetPutDeleteWithFlags() {
        BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
        assertThat(map.type()).isEqualTo(MapType.HASH);
        assertThat(map.keySize()).isEqualTo(4);
        assertThat(map.valueSize()).isEqualTo(8);
        assertThat(map.maxEntries()).isEqualTo(64);
        assertThat(map.name()).isEqualTo("hash_map");
        assertThat(map.fd()).isPositive();

        assertThat(map.get(1)).isEmpty();
        map.put(1, 10L);
        assertThat(map.get(1)).contains(10L);
        map.put(1, 11L, UpdateFlag.EXIST);
        assertThat(map.get(1)).contains(11L);

        assertThatThrownBy(() -> map.put(1, 12L, UpdateFlag.NO_EXIST))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("EEXIST"))
                .hasMessageContaining("hash_map").hasMessageContaining("key 1").hasMessageContaining("already exists");
        assertThatThrownBy(() -> map.put(2, 12L, UpdateFlag.EXIST))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"))
                .hasMessageContaining("does not exist");
        map.put(2, 12L, UpdateFlag.NO_EXIST);

        assertThat(map.delete(1)).isTrue();
        assertThat(map.delete(1)).isFalse();
        assertThat(map.get(1)).isEmpty();
        assertThat(map.get(2)).contains(12L);
    }

    @Test
    void arrayMapHasEveryIndexAndRefusesDeletesAndOutOfRange() {
        BpfMap<Integer, Long> map = obj.map("array_map", Codec.u32(), Codec.u64());
        assertThat(map.type()).isEqualTo(MapType.ARRAY);
        assertThat(map.get(7)).contains(0L);
        assertThat(map.keys()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        map.put(3, 33L);
        assertThat(map.get(3)).contains(33L);
        assertThatThrownBy(() -> map.delete(3)).isInstanceOfSatisfying(BpfException.class,
                e -> assertThat(e.errnoName()).isEqualTo("EINVAL")).hasMessageContaining("array elements cannot be deleted");
        assertThatThrownBy(() -> map.put(8, 1L)).isInstanceOfSatisfying(BpfException.class,
                e -> assertThat(e.errnoName()).isEqualTo("E2BIG")).hasMessageContaining("out of range 0..7");
        assertThat(map.getAll()).hasSize(8).containsEntry(3, 33L);
        map.putAll(Map.of(0, 100L, 7, 700L));
        assertThat(map.getAll()).containsEntry(0, 100L).containsEntry(7, 700L).hasSize(8);
    }

    @Test
    void lruHashWithRecordCodecs() {
        BpfMap<TestObjects.FlowKey, TestObjects.FlowVal> map =
                obj.map("lru_map", TestObjects.FLOW_KEY_CODEC, TestObjects.FLOW_VAL_CODEC);
        assertThat(map.type()).isEqualTo(MapType.LRU_HASH);
        var k1 = new TestObjects.FlowKey(0x0a000001, (short) 80, (byte) 6);
        var k2 = new TestObjects.FlowKey(0x0a000002, (short) 53, (byte) 17);
        map.put(k1, new TestObjects.FlowVal(1, 100));
        map.put(k2, new TestObjects.FlowVal(2, 200), UpdateFlag.NO_EXIST);
        assertThat(map.get(k1)).contains(new TestObjects.FlowVal(1, 100));
        assertThat(map.keys()).containsExactlyInAnyOrder(k1, k2);
        assertThat(map.getAll()).isEqualTo(Map.of(k1, new TestObjects.FlowVal(1, 100), k2, new TestObjects.FlowVal(2, 200)));
        assertThat(map.deleteAll(List.of(k1, new TestObjects.FlowKey(9, (short) 9, (byte) 9)))).isEqualTo(1);
        assertThat(map.keys()).containsExactly(k2);
    }

    @Test
    void batchOperationsOnAHashMap() {
        BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
        Map<Integer, Long> elements = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            elements.put(i * 7, (long) i * i);
        }
        assertThat(map.size()).isZero();
        map.putAll(elements);
        assertThat(map.getAll()).isEqualTo(elements);
        assertThat(map.size()).isEqualTo(60);
        assertThat(map.keys()).containsExactlyInAnyOrderElementsOf(elements.keySet());
        Map<Integer, Long> scanned = new LinkedHashMap<>();
        map.forEach((k, v) -> assertThat(scanned.put(k, v)).as("key %d seen twice", k).isNull());
        assertThat(scanned).isEqualTo(elements);

        List<Integer> toDelete = new ArrayList<>();
        for (int i = 0; i < 60; i += 2) {
            toDelete.add(i * 7);
        }
        toDelete.add(100_000); // absent: skipped
        toDelete.add(1, 100_001); // absent in the middle of the batch
        assertThat(map.deleteAll(toDelete)).isEqualTo(30);
        assertThat(map.getAll()).hasSize(30).doesNotContainKey(0).containsKey(7);
        assertThat(map.size()).isEqualTo(30);
        assertThat(map.deleteAll(List.of())).isZero();
    }

    @Test
    void putAllEncodedWritesPreEncodedElementsAndChecksSizes() {
        BpfMap<Integer, Long> map = obj.map("array_map", Codec.u32(), Codec.u64());
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            var keys = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT, 3);
            var values = arena.allocate(java.lang.foreign.ValueLayout.JAVA_LONG, 3);
            for (int i = 0; i < 3; i++) {
                keys.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i, i + 1);
                values.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, 100L * (i + 1));
            }
            map.putAllEncoded(keys, values, 3);
            assertThat(map.get(1)).contains(100L);
            assertThat(map.get(3)).contains(300L);
            assertThatThrownBy(() -> map.putAllEncoded(keys, values, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4 elements");
        }
    }

    @Test
    void getRangeEncodedReadsConsecutiveArrayElementsAndChecksTheRange() {
        BpfMap<Integer, Long> map = obj.map("array_map", Codec.u32(), Codec.u64());
        for (int i = 0; i < 8; i++) {
            map.put(i, 10L * i + 1);
        }
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            var values = arena.allocate(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
            map.getRangeEncoded(0, 8, values);
            assertThat(values.toArray(java.lang.foreign.ValueLayout.JAVA_LONG)).containsExactly(1, 11, 21, 31, 41, 51, 61, 71);
            map.getRangeEncoded(3, 4, values);
            assertThat(values.asSlice(0, 32).toArray(java.lang.foreign.ValueLayout.JAVA_LONG)).containsExactly(31, 41, 51, 61);
            assertThatThrownBy(() -> map.getRangeEncoded(5, 4, values)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside");
            assertThatThrownBy(() -> map.getRangeEncoded(0, 8, values.asSlice(0, 16)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not hold");
        }
        BpfMap<Integer, Long> hash = obj.map("hash_map", Codec.u32(), Codec.u64());
        assertThatThrownBy(() -> hash.getRangeEncoded(0, 1, java.lang.foreign.MemorySegment.ofArray(new long[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an array map");
    }

    @Test
    void putAllStopsAtTheFirstFailureAndNamesTheKey() {
        BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
        Map<Integer, Long> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 70; i++) {
            tooMany.put(i, (long) i);
        }
        assertThatThrownBy(() -> map.putAll(tooMany)).isInstanceOfSatisfying(BpfException.class,
                e -> assertThat(e.errnoName()).isEqualTo("E2BIG")).hasMessageContaining("full").hasMessageContaining("64");
        assertThat(map.keys()).hasSize(64);
    }

    @Test
    void keysSurviveConcurrentDeletes() throws InterruptedException {
        BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
        for (int i = 0; i < 64; i++) {
            map.put(i, (long) i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = Thread.ofPlatform().start(() -> {
            for (int round = 0; round < 2000 && !stop.get(); round++) {
                int k = round % 64;
                map.delete(k);
                map.put(k, (long) k);
            }
        });
        try {
            for (int i = 0; i < 200; i++) {
                List<Integer> keys = map.keys();
                assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k >= 0 && k < 64);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    @Test
    void perCpuArraySumsAndSetsEveryCpu() {
        PerCpuMap<Integer, Long> map = obj.perCpuMap("pcpu_array", Codec.u32(), Codec.u64());
        int cpus = Libbpf.possibleCpus();
        assertThat(map.cpus()).isEqualTo(cpus);
        assertThat(map.type()).isEqualTo(MapType.PERCPU_ARRAY);
        assertThat(map.get(0)).hasSize(cpus).containsOnly(0L);
        map.fill(1, 5L);
        assertThat(map.sum(1, Long::sum)).isEqualTo(5L * cpus);
        List<Long> distinct = IntStream.range(0, cpus).mapToObj(i -> (long) i * 10 + 1).toList();
        map.put(2, distinct);
        assertThat(map.get(2)).isEqualTo(distinct);
        assertThat(map.getAll()).hasSize(4).containsEntry(2, distinct);
        assertThat(map.keys()).containsExactly(0, 1, 2, 3);
        assertThatThrownBy(() -> map.put(2, List.of(1L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cpus + " values per key");
        assertThatThrownBy(() -> map.delete(0)).isInstanceOfSatisfying(BpfException.class,
                e -> assertThat(e.errnoName()).isEqualTo("EINVAL"));
    }

    @Test
    void perCpuCountersAreVisibleAfterTestRuns() {
        PerCpuMap<Integer, Long> packets = obj.perCpuMap("pcpu_array", Codec.u32(), Codec.u64());
        BpfMap<Integer, Long> bytes = obj.map("array_map", Codec.u32(), Codec.u64());
        obj.program("xdp_count").testRun(TestObjects.frame(), 25);
        assertThat(packets.sum(0, Long::sum)).isEqualTo(25L);
        assertThat(bytes.get(0)).contains(25L * 64);
    }

    @Test
    void perCpuHashRoundsFourByteValuesUpToEight() {
        PerCpuMap<Integer, Integer> map = obj.perCpuMap("pcpu_hash", Codec.u32(), Codec.u32());
        assertThat(map.valueSize()).isEqualTo(4);
        int cpus = map.cpus();
        List<Integer> values = IntStream.range(0, cpus).map(i -> 0x01010101 * (i + 1)).boxed().toList();
        map.put(9, values, UpdateFlag.NO_EXIST);
        assertThat(map.get(9)).isEqualTo(values);
        assertThat(map.get(10)).isEmpty();
        assertThatThrownBy(() -> map.sum(10, Integer::sum)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("pcpu_hash").hasMessageContaining("10");
        map.fill(10, 3);
        assertThat(map.sum(10, Integer::sum)).isEqualTo(3 * cpus);
        assertThat(map.getAll()).containsOnlyKeys(9, 10).containsEntry(9, values);
        assertThat(map.deleteAll(List.of(9, 11))).isEqualTo(1);
        assertThat(map.delete(10)).isTrue();
        assertThat(map.keys()).isEmpty();
    }

    @Test
    void codecSizesAreCheckedAgainstTheMap() {
        assertThatThrownBy(() -> obj.map("hash_map", Codec.u32(), Codec.u32()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hash_map").hasMessageContaining("key size 4 and value size 8")
                .hasMessageContaining("4 and 4 bytes");
        assertThatThrownBy(() -> obj.map("pcpu_array", Codec.u32(), Codec.u64()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per-CPU").hasMessageContaining("perCpuMap");
        assertThatThrownBy(() -> obj.perCpuMap("hash_map", Codec.u32(), Codec.u64()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a per-CPU map");
    }

    @Test
    void handlesFailFastAfterTheObjectIsClosed() {
        BpfMap<Integer, Long> map = obj.map("hash_map", Codec.u32(), Codec.u64());
        PerCpuMap<Integer, Long> pcpu = obj.perCpuMap("pcpu_array", Codec.u32(), Codec.u64());
        map.close(); // owned by the object: nothing happens
        map.put(1, 1L);
        obj.close();
        assertThatThrownBy(() -> map.get(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("toolkit_test").hasMessageContaining("closed");
        assertThatThrownBy(map::fd).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pcpu.get(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> obj.map("hash_map", Codec.u32(), Codec.u64())).isInstanceOf(IllegalStateException.class);
        obj.close(); // idempotent
    }
}
