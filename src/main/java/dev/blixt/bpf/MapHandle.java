package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What every typed map handle offers, whatever its values: its description, its keys, deletes
 * and pinning. A map is a {@link BpfMap} (one value per key) or a {@link PerCpuMap} (one value
 * per key and possible CPU).
 *
 * <p>Obtained from a loaded {@link BpfObject}, which owns it: after the object is closed every
 * operation throws {@link IllegalStateException}. Or opened from bpffs ({@code openPinned}): then
 * the handle owns its fd and {@link #close()} releases it. Thread-safe: operations may run
 * concurrently; closing waits for running operations.
 *
 * @param <K> the key type
 */
public abstract sealed class MapHandle<K> implements AutoCloseable permits BpfMap, PerCpuMap {

    final MapCore core;
    final Codec<K> keys;

    MapHandle(MapCore core, Codec<K> keys) {
        this.core = core;
        this.keys = keys;
    }

    /**
     * The map's name.
     *
     * @return the name
     */
    public final String name() {
        return core.name;
    }

    /**
     * The map's type.
     *
     * @return the type, {@link MapType#UNKNOWN} if newer than this library
     */
    public final MapType type() {
        return core.type;
    }

    /**
     * The key size in bytes.
     *
     * @return the size
     */
    public final int keySize() {
        return core.keySize;
    }

    /**
     * The value size in bytes (of one CPU's value, for a per-CPU map).
     *
     * @return the size
     */
    public final int valueSize() {
        return core.valueSize;
    }

    /**
     * The capacity.
     *
     * @return the maximum number of entries
     */
    public final int maxEntries() {
        return core.maxEntries;
    }

    /**
     * The map's description.
     *
     * @return name, type, sizes
     */
    public final MapInfo info() {
        return core.info();
    }

    /**
     * The map's file descriptor, valid while the owner is open.
     *
     * @return the fd
     * @throws IllegalStateException if the owner is closed
     */
    public final int fd() {
        core.guard.checkOpen();
        return core.fd;
    }

    final MemorySegment encodeKey(Arena arena, K key) {
        Objects.requireNonNull(key, "key");
        MemorySegment seg = arena.allocate(keys.layout());
        keys.encode(key, seg);
        return seg;
    }

    /** A key as text for error messages: decoded if possible, else hex. */
    final String keyText(MemorySegment raw) {
        try {
            K k = keys.decode(raw);
            return k instanceof byte[] b ? Native.hex(MemorySegment.ofArray(b)) : String.valueOf(k);
        } catch (RuntimeException e) {
            return Native.hex(raw);
        }
    }

    /**
     * Deletes a key.
     *
     * @param key the key
     * @return {@code true} if it existed
     * @throws BpfException if the map cannot delete (array maps: EINVAL)
     * @throws IllegalStateException if the owner is closed
     */
    public final boolean delete(K key) {
        return core.guard.call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                return core.delete(encodeKey(arena, key), this::keyText);
            }
        });
    }

    /**
     * All keys, walking the map with {@code get_next_key}. Concurrent deletes are tolerated (the walk
     * restarts, duplicates are dropped, the number of steps is bounded); keys added meanwhile may be missed.
     *
     * @return the keys, in the kernel's order
     * @throws IllegalStateException if the owner is closed
     */
    public final List<K> keys() {
        return core.guard.call(() -> core.keys(keys::decode));
    }

    /**
     * Counts the entries, with {@code bpf_map_lookup_batch} where the map type has it, else by walking the
     * keys. On a map the kernel changes meanwhile (a flow table) this is a close estimate: entries added or
     * removed during the count may or may not be counted.
     *
     * @return the number of entries
     * @throws BpfException if the kernel fails the lookup
     * @throws IllegalStateException if the owner is closed
     */
    public final int size() {
        return core.guard.call(() -> {
            int[] n = {0};
            boolean batched = core.lookupBatch((ks, vs, count) -> n[0] += count);
            return batched ? n[0] : core.keys(raw -> Boolean.TRUE).size();
        });
    }

    /**
     * Deletes many keys with {@code bpf_map_delete_batch}, falling back to one delete per key. Absent keys
     * are skipped.
     *
     * @param toDelete the keys
     * @return how many existed and were deleted
     * @throws BpfException if the map cannot delete (array maps)
     * @throws IllegalStateException if the owner is closed
     */
    public final int deleteAll(Collection<? extends K> toDelete) {
        Objects.requireNonNull(toDelete, "keys");
        if (toDelete.isEmpty()) {
            return 0;
        }
        return core.guard.call(() -> {
            List<? extends K> list = new ArrayList<>(toDelete);
            int chunk = core.chunkSize();
            int deleted = 0;
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
     * Pins the map in bpffs so that it outlives the process ({@code bpf_obj_pin}).
     *
     * @param path the pin path; its directory must exist on bpffs
     * @throws BpfException if the path exists (EEXIST), its directory is missing (ENOENT), or it is not on
     *     bpffs (EPERM)
     * @throws IllegalStateException if the owner is closed
     */
    public final void pin(Path path) {
        Objects.requireNonNull(path, "path");
        core.guard.run(() -> core.pin(path));
    }

    /**
     * Releases the fd of a map opened with {@code openPinned}; does nothing for a map owned by a
     * {@link BpfObject} (closing the object releases it). Idempotent.
     */
    @Override
    public final void close() {
        if (core.ownsFd) {
            core.guard.close(core::closeFd);
        }
    }
}
