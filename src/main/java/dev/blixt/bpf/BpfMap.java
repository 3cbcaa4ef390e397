package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed handle on a BPF map: keys and values are converted by {@link Codec}s whose sizes were checked
 * against the map's.
 *
 * <p>Obtained from a loaded {@link BpfObject} ({@link BpfObject#map}), which owns it: after the object is
 * closed every operation throws {@link IllegalStateException}. Or opened from bpffs with
 * {@link #openPinned}, in which case the handle owns its fd and {@link #close()} releases it.
 *
 * <pre>{@code
 * BpfMap<Integer, Long> counters = obj.map("counters", Codec.u32(), Codec.u64());
 * counters.put(7, 0L, UpdateFlag.NO_EXIST);
 * long n = counters.get(7).orElse(0L);
 * }</pre>
 *
 * <p>Thread-safe: operations may run concurrently; closing waits for running operations.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BpfMap<K, V> extends MapHandle<K> {

    private final Codec<V> values;

    BpfMap(MapCore core, Codec<K> keys, Codec<V> values) {
        if (core.type.isPerCpu()) {
            throw new IllegalArgumentException(core.describe() + " is a per-CPU map (" + core.type
                    + "): open it with perCpuMap / PerCpuMap.openPinned");
        }
        core.checkCodecs(keys, values);
        super(core, keys);
        this.values = values;
    }

    /**
     * Opens a map pinned in bpffs. The handle owns the fd: close it.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param path the pin path, for instance {@code /sys/fs/bpf/blixt/flows}
     * @param keys the key codec; its size must equal the map's key size
     * @param values the value codec; its size must equal the map's value size
     * @return the handle
     * @throws BpfException if nothing is pinned there or it cannot be opened (errno ENOENT, EPERM, ...)
     * @throws IllegalArgumentException if the pinned object is not a map, is per-CPU, or the codec sizes differ
     */
    public static <K, V> BpfMap<K, V> openPinned(Path path, Codec<K> keys, Codec<V> values) {
        MapCore core = MapCore.openPinned(path);
        try {
            return new BpfMap<>(core, keys, values);
        } catch (RuntimeException e) {
            core.closeFd();
            throw e;
        }
    }

    private MemorySegment encodeValue(Arena arena, V value) {
        Objects.requireNonNull(value, "value");
        MemorySegment seg = arena.allocate(values.layout());
        values.encode(value, seg);
        return seg;
    }

    /**
     * Looks up a key.
     *
     * @param key the key
     * @return the value, empty if the key is absent
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the owner is closed
     */
    public Optional<V> get(K key) {
        return core.guard.call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment k = encodeKey(arena, key);
                MemorySegment v = arena.allocate(values.layout());
                return core.lookup(k, v, this::keyText) ? Optional.of(values.decode(v)) : Optional.empty();
            }
        });
    }

    /**
     * Creates or replaces an element ({@link UpdateFlag#ANY}).
     *
     * @param key the key
     * @param value the value
     * @throws BpfException if the map is full (E2BIG), an array index is out of range, ...
     * @throws IllegalStateException if the owner is closed
     */
    public void put(K key, V value) {
        put(key, value, UpdateFlag.ANY);
    }

    /**
     * Creates and/or replaces an element.
     *
     * @param key the key
     * @param value the value
     * @param flag {@link UpdateFlag#NO_EXIST} fails with EEXIST if the key exists, {@link UpdateFlag#EXIST}
     *     fails with ENOENT if it does not
     * @throws BpfException on EEXIST/ENOENT as above, E2BIG when full, ...
     * @throws IllegalStateException if the owner is closed
     */
    public void put(K key, V value, UpdateFlag flag) {
        Objects.requireNonNull(flag, "flag");
        core.guard.run(() -> {
            try (Arena arena = Arena.ofConfined()) {
                core.update(encodeKey(arena, key), encodeValue(arena, value), flag, this::keyText);
            }
        });
    }

    /** All elements, by iteration and one lookup per key: {@link #getAll()} where batches are missing. */
    private Map<K, V> iterate() {
        return core.guard.call(() -> {
            Map<K, V> result = new LinkedHashMap<>();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment v = arena.allocate(values.layout());
                for (K key : core.keys(keys::decode)) {
                    MemorySegment k = encodeKey(arena, key);
                    if (core.lookup(k, v, this::keyText)) {
                        result.put(key, values.decode(v));
                    }
                }
            }
            return result;
        });
    }

    /**
     * All elements, with {@code bpf_map_lookup_batch} where the map type has it, else by iteration
     * with one lookup per key.
     *
     * @return the elements
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the owner is closed
     */
    public Map<K, V> getAll() {
        return core.guard.call(() -> {
            Map<K, V> result = new LinkedHashMap<>();
            boolean batched = core.lookupBatch((ks, vs, n) -> {
                for (int i = 0; i < n; i++) {
                    result.put(keys.decode(ks.asSlice((long) i * core.keySize, core.keySize)),
                            values.decode(vs.asSlice(i * core.valueBufferSize, core.valueSize)));
                }
            });
            return batched ? result : iterate();
        });
    }

    /**
     * Hands every element to {@code action}, read with {@code bpf_map_lookup_batch} in chunks where the map
     * type has it (else by iteration with one lookup per key), without collecting the map first: for
     * scanning a large map (a flow table) in bounded memory. On a map the kernel changes meanwhile this is
     * a snapshot of each chunk: elements added or removed during the scan may or may not be seen, none is
     * seen twice within a chunk. The action runs on the calling thread while the map is held open (it
     * must not close the map's owner).
     *
     * @param action receives each key and value
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the owner is closed
     */
    public void forEach(java.util.function.BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        core.guard.run(() -> {
            boolean batched = core.lookupBatch((ks, vs, n) -> {
                for (int i = 0; i < n; i++) {
                    action.accept(keys.decode(ks.asSlice((long) i * core.keySize, core.keySize)),
                            values.decode(vs.asSlice(i * core.valueBufferSize, core.valueSize)));
                }
            });
            if (!batched) iterate().forEach(action);
        });
    }

    /**
     * Reads consecutive elements of an array map in their binary layout, with batch lookups (for
     * bulk reads such as one Maglev ring half, without a Java object per element): element
     * {@code first + i} lands at {@code values[i * valueSize()]}.
     *
     * @param first the first index
     * @param count how many elements
     * @param values where to put them, at least {@code count * valueSize()} bytes
     * @throws IllegalArgumentException if the map is not an array with 4-byte keys, the range is outside
     *     it, or {@code values} is too short
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the map or its object is closed
     */
    public void getRangeEncoded(int first, int count, MemorySegment values) {
        Objects.requireNonNull(values, "values");
        if (core.type != MapType.ARRAY || core.keySize != 4) {
            throw new IllegalArgumentException(core.describe() + " is not an array map with 4-byte keys (" + core.type + ")");
        }
        if (first < 0 || count < 0 || (long) first + count > core.maxEntries) {
            throw new IllegalArgumentException("range " + first + " + " + count + " is outside " + core.describe()
                    + " (" + core.maxEntries + " entries)");
        }
        if (values.byteSize() < (long) count * core.valueSize) {
            throw new IllegalArgumentException("a segment of " + values.byteSize() + " bytes does not hold " + count
                    + " values of " + core.valueSize + " bytes");
        }
        if (count == 0) {
            return;
        }
        core.guard.run(() -> {
            if (core.lookupRange(first, count, values)) {
                return;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment k = arena.allocate(ValueLayout.JAVA_INT);
                for (int i = 0; i < count; i++) {
                    k.set(ValueLayout.JAVA_INT, 0, first + i);
                    core.lookup(k, values.asSlice((long) i * core.valueSize, core.valueSize), this::keyText);
                }
            }
        });
    }

    /**
     * Writes many elements already encoded in the map's binary layout, with batch updates (for
     * bulk writes such as a Maglev ring, without a Java object per element). Element {@code i}
     * is the key at {@code keys[i * keySize()]} and the value at {@code values[i * valueSize()]}.
     *
     * @param keys {@code count} keys, back to back
     * @param values {@code count} values, back to back
     * @param count how many elements
     * @throws IllegalArgumentException if a segment is shorter than {@code count} elements
     * @throws BpfException if the kernel refuses an element
     * @throws IllegalStateException if the map or its object is closed
     */
    public void putAllEncoded(MemorySegment keys, MemorySegment values, int count) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        if (count < 0 || keys.byteSize() < (long) count * core.keySize || values.byteSize() < (long) count * core.valueSize) {
            throw new IllegalArgumentException("segments of " + keys.byteSize() + " and " + values.byteSize()
                    + " bytes do not hold " + count + " elements of " + core.keySize + "+" + core.valueSize + " bytes");
        }
        if (count == 0) {
            return;
        }
        core.guard.run(() -> {
            int chunk = core.chunkSize();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ks = arena.allocate((long) chunk * core.keySize, 8);
                MemorySegment vs = arena.allocate((long) chunk * core.valueSize, 8);
                for (int start = 0; start < count; start += chunk) {
                    int n = Math.min(chunk, count - start);
                    MemorySegment.copy(keys, (long) start * core.keySize, ks, 0, (long) n * core.keySize);
                    MemorySegment.copy(values, (long) start * core.valueSize, vs, 0, (long) n * core.valueSize);
                    if (!core.updateBatch(ks, vs, n, this::keyText)) {
                        // No batch support for this map type: one element at a time.
                        for (int i = 0; i < n; i++) {
                            core.update(ks.asSlice((long) i * core.keySize, core.keySize),
                                    vs.asSlice((long) i * core.valueSize, core.valueSize), UpdateFlag.ANY, this::keyText);
                        }
                    }
                }
            }
        });
    }

    /**
     * Creates or replaces many elements with {@code bpf_map_update_batch} in chunks, falling back to one
     * update per element for map types without batch support. Not atomic: on failure the elements before
     * the failing one are written.
     *
     * @param elements the elements
     * @throws BpfException if an update fails (the message names the key), for instance E2BIG when full
     * @throws IllegalStateException if the owner is closed
     */
    public void putAll(Map<? extends K, ? extends V> elements) {
        Objects.requireNonNull(elements, "elements");
        if (elements.isEmpty()) {
            return;
        }
        core.guard.run(() -> {
            List<Map.Entry<? extends K, ? extends V>> list = new ArrayList<>(elements.entrySet());
            int chunk = core.chunkSize();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ks = arena.allocate((long) chunk * core.keySize, 8);
                MemorySegment vs = arena.allocate((long) chunk * core.valueSize, 8);
                for (int start = 0; start < list.size(); start += chunk) {
                    int n = Math.min(chunk, list.size() - start);
                    ks.fill((byte) 0);
                    vs.fill((byte) 0);
                    for (int i = 0; i < n; i++) {
                        var e = list.get(start + i);
                        keys.encode(Objects.requireNonNull(e.getKey(), "key"), ks.asSlice((long) i * core.keySize, core.keySize));
                        values.encode(Objects.requireNonNull(e.getValue(), "value"),
                                vs.asSlice((long) i * core.valueSize, core.valueSize));
                    }
                    if (!core.updateBatch(ks, vs, n, this::keyText)) {
                        for (int i = start; i < list.size(); i++) {
                            put(list.get(i).getKey(), list.get(i).getValue());
                        }
                        return;
                    }
                }
            }
        });
    }

    @Override
    public String toString() {
        return "BpfMap[" + core.name + ", " + core.type + ", key " + core.keySize + " B, value " + core.valueSize
                + " B, max " + core.maxEntries + "]";
    }
}
