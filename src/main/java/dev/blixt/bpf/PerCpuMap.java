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
public final class PerCpuMap<K, V> implements AutoCloseable {

    private final MapCore core;
    private final Codec<K> keys;
    private final Codec<V> values;

    PerCpuMap(MapCore core, Codec<K> keys, Codec<V> values) {
        if (!core.type.isPerCpu()) {
            throw new IllegalArgumentException(core.describe() + " is not a per-CPU map (" + core.type
                    + "): open it with map / BpfMap.openPinned");
        }
        core.checkCodecs(keys, values);
        this.core = core;
        this.keys = keys;
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
     * The map's name.
     *
     * @return the name
     */
    public String name() {
        return core.name;
    }

    /**
     * The map's type.
     *
     * @return the type
     */
    public MapType type() {
        return core.type;
    }

    /**
     * The key size in bytes.
     *
     * @return the size
     */
    public int keySize() {
        return core.keySize;
    }

    /**
     * The size of one CPU's value in bytes.
     *
     * @return the size
     */
    public int valueSize() {
        return core.valueSize;
    }

    /**
     * The capacity.
     *
     * @return the maximum number of entries
     */
    public int maxEntries() {
        return core.maxEntries;
    }

    /**
     * The number of values per key: the number of possible CPUs ({@code libbpf_num_possible_cpus}).
     *
     * @return the count
     */
    public int cpus() {
        return core.cpus;
    }

    /**
     * The map's description.
     *
     * @return name, type, sizes
     */
    public MapInfo info() {
        return core.info();
    }

    /**
     * The map's file descriptor, valid while the owner is open.
     *
     * @return the fd
     * @throws IllegalStateException if the owner is closed
     */
    public int fd() {
        core.guard.checkOpen();
        return core.fd;
    }

    private MemorySegment encodeKey(Arena arena, K key) {
        Objects.requireNonNull(key, "key");
        MemorySegment seg = arena.allocate(keys.layout());
        keys.encode(key, seg);
        return seg;
    }

    private String keyText(MemorySegment raw) {
        try {
            K k = keys.decode(raw);
            return k instanceof byte[] b ? Native.hex(MemorySegment.ofArray(b)) : String.valueOf(k);
        } catch (RuntimeException e) {
            return Native.hex(raw);
        }
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
     * Sets the same value on every CPU, for instance to reset a counter to zero.
     *
     * @param key the key
     * @param value the value for every CPU
     * @throws BpfException if the update fails
     * @throws IllegalStateException if the owner is closed
     */
    public void putAll(K key, V value) {
        Objects.requireNonNull(value, "value");
        put(key, Collections.nCopies(core.cpus, value));
    }

    /**
     * Deletes a key.
     *
     * @param key the key
     * @return {@code true} if it existed
     * @throws BpfException if the map cannot delete (per-CPU arrays: EINVAL)
     * @throws IllegalStateException if the owner is closed
     */
    public boolean delete(K key) {
        return core.guard.call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                return core.delete(encodeKey(arena, key), this::keyText);
            }
        });
    }

    /**
     * All keys (see {@link BpfMap#keys()}).
     *
     * @return the keys
     * @throws IllegalStateException if the owner is closed
     */
    public List<K> keys() {
        return core.guard.call(() -> core.keys(keys::decode));
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

    /**
     * Deletes many keys (batch where supported); absent keys are skipped.
     *
     * @param toDelete the keys
     * @return how many existed and were deleted
     * @throws BpfException if the map cannot delete (per-CPU arrays)
     * @throws IllegalStateException if the owner is closed
     */
    public int deleteAll(Collection<? extends K> toDelete) {
        Objects.requireNonNull(toDelete, "keys");
        return core.guard.call(() -> {
            int deleted = 0;
            List<? extends K> list = new ArrayList<>(toDelete);
            int chunk = core.chunkSize();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ks = arena.allocate((long) chunk * Math.max(core.keySize, 1), 8);
                for (int start = 0; start < list.size(); start += chunk) {
                    int n = Math.min(chunk, list.size() - start);
                    ks.fill((byte) 0);
                    for (int i = 0; i < n; i++) {
                        keys.encode(Objects.requireNonNull(list.get(start + i), "key"),
                                ks.asSlice((long) i * core.keySize, core.keySize));
                    }
                    int d = core.deleteBatch(ks, n);
                    if (d < 0) {
                        for (int i = start; i < list.size(); i++) {
                            if (delete(list.get(i))) {
                                deleted++;
                            }
                        }
                        return deleted;
                    }
                    deleted += d;
                }
            }
            return deleted;
        });
    }

    /**
     * Pins the map in bpffs.
     *
     * @param path the pin path; its directory must exist on bpffs
     * @throws BpfException if the path exists (EEXIST), its directory is missing (ENOENT) or not on bpffs
     * @throws IllegalStateException if the owner is closed
     */
    public void pin(Path path) {
        Objects.requireNonNull(path, "path");
        core.guard.run(() -> core.pin(path));
    }

    /** Releases the fd of a map opened with {@link #openPinned}; nothing for an object's map. Idempotent. */
    @Override
    public void close() {
        if (core.ownsFd) {
            core.guard.close(core::closeFd);
        }
    }

    @Override
    public String toString() {
        return "PerCpuMap[" + core.name + ", " + core.type + ", key " + core.keySize + " B, value " + core.valueSize
                + " B x " + core.cpus + " CPUs, max " + core.maxEntries + "]";
    }
}
