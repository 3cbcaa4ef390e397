package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * A typed handle on a per-CPU map ({@code PERCPU_ARRAY}, {@code PERCPU_HASH}, {@code LRU_PERCPU_HASH}):
 * every key holds one value per possible CPU.
 *
 * <p>In the kernel's buffers each CPU's value is rounded up to 8 bytes; the value codec describes one
 * CPU's value and must have the map's value size. Ownership and thread-safety are as for {@link BpfMap}.
 *
 * <pre>{@code
 * PerCpuMap<Integer, Long> packets = obj.perCpuMap("packets", Codec.u32(), Codec.u64());
 * long total = packets.sum(0, Long::sum);
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the type of one CPU's value
 */
public final class PerCpuMap<K, V> extends MapHandle<K> {

    private final Codec<V> values;

    PerCpuMap(MapCore core, Codec<K> keys, Codec<V> values) {
        if (!core.type.isPerCpu()) {
            throw new IllegalArgumentException(core.describe() + " is not a per-CPU map (" + core.type
                    + "): open it with map / BpfMap.openPinned");
        }
        core.checkCodecs(keys, values);
        super(core, keys);
        this.values = values;
    }

    /**
     * Opens a per-CPU map pinned in bpffs. The handle owns the fd: close it.
     *
     * @param <K> the key type
     * @param <V> the type of one CPU's value
     * @param path the pin path
     * @param keys the key codec; its size must equal the map's key size
     * @param values the codec of one CPU's value; its size must equal the map's value size
     * @return the handle
     * @throws BpfException if nothing is pinned there or it cannot be opened
     * @throws IllegalArgumentException if the pinned object is not a per-CPU map or the codec sizes differ
     */
    public static <K, V> PerCpuMap<K, V> openPinned(Path path, Codec<K> keys, Codec<V> values) {
        MapCore core = MapCore.openPinned(path);
        try {
            return new PerCpuMap<>(core, keys, values);
        } catch (RuntimeException e) {
            core.closeFd();
            throw e;
        }
    }

    /**
     * The number of values per key: the number of possible CPUs ({@code libbpf_num_possible_cpus}).
     *
     * @return the count
     */
    public int cpus() {
        return core.cpus;
    }

    private List<V> decodeValues(MemorySegment buf) {
        List<V> list = new ArrayList<>(core.cpus);
        for (int cpu = 0; cpu < core.cpus; cpu++) {
            list.add(values.decode(buf.asSlice(cpu * core.stride, core.valueSize)));
        }
        return Collections.unmodifiableList(list);
    }

    private void encodeValues(List<? extends V> perCpu, MemorySegment buf) {
        if (perCpu.size() != core.cpus) {
            throw new IllegalArgumentException(core.describe() + " holds " + core.cpus + " values per key (one per possible CPU), got "
                    + perCpu.size());
        }
        for (int cpu = 0; cpu < core.cpus; cpu++) {
            values.encode(Objects.requireNonNull(perCpu.get(cpu), "value"), buf.asSlice(cpu * core.stride, core.valueSize));
        }
    }

    /**
     * The values of a key, one per possible CPU.
     *
     * @param key the key
     * @return the {@link #cpus()} values, CPU 0 first; empty if the key is absent
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the owner is closed
     */
    public List<V> get(K key) {
        return core.guard.call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment v = arena.allocate(core.valueBufferSize, 8);
                return core.lookup(encodeKey(arena, key), v, this::keyText) ? decodeValues(v) : List.of();
            }
        });
    }

    /**
     * Combines the values of all CPUs of a key, for counters: {@code sum(key, Long::sum)}.
     *
     * @param key the key
     * @param combine how to combine two values
     * @return the combination
     * @throws NoSuchElementException if the key is absent
     * @throws IllegalStateException if the owner is closed
     */
    public V sum(K key, BinaryOperator<V> combine) {
        Objects.requireNonNull(combine, "combine");
        List<V> all = get(key);
        if (all.isEmpty()) {
            throw new NoSuchElementException(core.describe() + " has no key " + key);
        }
        return all.stream().reduce(combine).orElseThrow();
    }

    /**
     * Sets the values of a key, one per CPU ({@link UpdateFlag#ANY}).
     *
     * @param key the key
     * @param perCpu exactly {@link #cpus()} values
     * @throws IllegalArgumentException if the number of values is not {@link #cpus()}
     * @throws BpfException if the update fails
     * @throws IllegalStateException if the owner is closed
     */
    public void put(K key, List<? extends V> perCpu) {
        put(key, perCpu, UpdateFlag.ANY);
    }

    /**
     * Sets the values of a key, one per CPU.
     *
     * @param key the key
     * @param perCpu exactly {@link #cpus()} values
     * @param flag create and/or replace
     * @throws IllegalArgumentException if the number of values is not {@link #cpus()}
     * @throws BpfException on EEXIST / ENOENT according to the flag, E2BIG when full, ...
     * @throws IllegalStateException if the owner is closed
     */
    public void put(K key, List<? extends V> perCpu, UpdateFlag flag) {
        Objects.requireNonNull(perCpu, "perCpu");
        Objects.requireNonNull(flag, "flag");
        core.guard.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment v = arena.allocate(core.valueBufferSize, 8);
                encodeValues(perCpu, v);
                core.update(encodeKey(arena, key), v, flag, this::keyText);
            }
        });
    }

    /**
     * Sets the same value on every CPU of a key, for instance to reset a counter to zero.
     *
     * @param key the key
     * @param value the value for every CPU
     * @throws BpfException if the update fails
     * @throws IllegalStateException if the owner is closed
     */
    public void fill(K key, V value) {
        Objects.requireNonNull(value, "value");
        put(key, Collections.nCopies(core.cpus, value));
    }

    /**
     * All elements with {@code bpf_map_lookup_batch}, falling back to iteration.
     *
     * @return each key with its per-CPU values
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the owner is closed
     */
    public Map<K, List<V>> getAll() {
        return core.guard.call(() -> {
            Map<K, List<V>> result = new LinkedHashMap<>();
            boolean batched = core.lookupBatch((ks, vs, n) -> {
                for (int i = 0; i < n; i++) {
                    result.put(keys.decode(ks.asSlice((long) i * core.keySize, core.keySize)),
                            decodeValues(vs.asSlice(i * core.valueBufferSize, core.valueBufferSize)));
                }
            });
            if (!batched) {
                for (K key : core.keys(keys::decode)) {
                    List<V> v = get(key);
                    if (!v.isEmpty()) {
                        result.put(key, v);
                    }
                }
            }
            return result;
        });
    }

    @Override
    public String toString() {
        return "PerCpuMap[" + core.name + ", " + core.type + ", key " + core.keySize + " B, value " + core.valueSize
                + " B x " + core.cpus + " CPUs, max " + core.maxEntries + "]";
    }
}
