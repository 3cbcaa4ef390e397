package dev.blixt.bpf;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.blixt.internal.fault.MapWriteFault;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.internal.libbpf.bpf_map_batch_opts;
import dev.blixt.internal.libbpf.bpf_map_info;
import dev.blixt.internal.libbpf.libbpf_h;

/**
 * The untyped part of a map handle: fd, description and the raw operations on native key/value
 * buffers. Shared by {@link BpfMap} and {@link PerCpuMap}.
 */
final class MapCore {

    private static final Logger LOG = System.getLogger(MapCore.class.getName());
    static final int BATCH_LIMIT = 4096;
    private static final long BATCH_BYTES = 1 << 20;

    final Guard guard;
    final int fd;
    final String name;
    final MapType type;
    final int typeId;
    final int keySize;
    final int valueSize;
    final int maxEntries;
    /** Bytes of one value buffer: valueSize, or round_up(valueSize, 8) * cpus for per-CPU maps. */
    final long valueBufferSize;
    /** The number of values per key: 1, or the number of possible CPUs. */
    final int cpus;
    final long stride;
    final boolean ownsFd;

    MapCore(Guard guard, int fd, String name, int typeId, int keySize, int valueSize, int maxEntries, boolean ownsFd) {
        this.guard = guard;
        this.fd = fd;
        this.name = name;
        this.typeId = typeId;
        this.type = MapType.of(typeId);
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.ownsFd = ownsFd;
        if (type.isPerCpu()) {
            this.cpus = Libbpf.possibleCpus();
            this.stride = (valueSize + 7L) & ~7L;
            this.valueBufferSize = stride * cpus;
        } else {
            this.cpus = 1;
            this.stride = valueSize;
            this.valueBufferSize = valueSize;
        }
    }

    /** Opens a pinned map: its own fd and guard. */
    static MapCore openPinned(Path path) {
        Libbpf.init();
        String p = path.toAbsolutePath().toString();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = libbpf_h.bpf_obj_get(arena.allocateFrom(p));
        }
        if (fd < 0) {
            throw new BpfException("opening pinned map " + p, fd, switch (-fd) {
                case Errno.ENOENT -> "nothing is pinned there";
                case Errno.EPERM, Errno.EACCES -> "run as root or grant CAP_BPF (is " + p + " on bpffs?)";
                case Errno.EINVAL -> "is " + p + " on bpffs (mount -t bpf bpf /sys/fs/bpf)?";
                default -> null;
            });
        }
        try {
            String kind = fdKind(fd);
            if (!kind.equals("anon_inode:bpf-map")) {
                throw new IllegalArgumentException("the object pinned at " + p + " is not a map but " + kind);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment info = bpf_map_info.allocate(arena);
                MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_map_info.sizeof());
                int ret = libbpf_h.bpf_obj_get_info_by_fd(fd, info, len);
                if (ret < 0) {
                    throw new BpfException("reading the description of the map pinned at " + p, ret);
                }
                String name = bpf_map_info.name(info).getString(0);
                Guard guard = new Guard(() -> "map '" + name + "' (" + p + ")");
                return new MapCore(guard, fd, name, bpf_map_info.type(info), bpf_map_info.key_size(info),
                        bpf_map_info.value_size(info), bpf_map_info.max_entries(info), true);
            }
        } catch (RuntimeException e) {
            Native.closeFd(fd);
            throw e;
        }
    }

    static String fdKind(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    MapInfo info() {
        return new MapInfo(name, type, Native.mapTypeName(typeId), keySize, valueSize, maxEntries);
    }

    String describe() {
        return "map '" + name + "'";
    }

    void checkCodecs(Codec<?> keys, Codec<?> values) {
        if (keys.byteSize() != keySize || values.byteSize() != valueSize) {
            throw new IllegalArgumentException(describe() + " has key size " + keySize + " and value size " + valueSize
                    + " bytes, but the codecs encode " + keys.byteSize() + " and " + values.byteSize() + " bytes ("
                    + keys + ", " + values + ")");
        }
    }

    // ------------------------------------------------------------------ single elements

    /** Looks up a key; false if absent. */
    boolean lookup(MemorySegment key, MemorySegment value, Function<MemorySegment, String> keyText) {
        int ret = libbpf_h.bpf_map_lookup_elem(fd, key, value);
        if (ret == -Errno.ENOENT) {
            return false;
        }
        if (ret < 0) {
            throw new BpfException("looking up key " + keyText.apply(key) + " in " + describe(), ret);
        }
        return true;
    }

    void update(MemorySegment key, MemorySegment value, UpdateFlag flag, Function<MemorySegment, String> keyText) {
        MapWriteFault.beforeWrite();
        int ret = libbpf_h.bpf_map_update_elem(fd, key, value, flag.flag());
        if (ret < 0) {
            throw updateError(ret, flag, "key " + keyText.apply(key));
        }
    }

    BpfException updateError(int ret, UpdateFlag flag, String keyText) {
        String op = "putting " + keyText + " into " + describe() + (flag == UpdateFlag.ANY ? "" : " with " + flag);
        return switch (-ret) {
            case Errno.EEXIST -> new BpfException(op + ": the key already exists", ret,
                    "use UpdateFlag.ANY or EXIST to replace it");
            case Errno.ENOENT -> new BpfException(op + ": the key does not exist", ret,
                    "use UpdateFlag.ANY or NO_EXIST to create it");
            case Errno.E2BIG -> type == MapType.ARRAY || type == MapType.PERCPU_ARRAY
                    ? new BpfException(op + ": index out of range 0.." + (maxEntries - 1), ret, "")
                    : new BpfException(op + ": the map is full (" + maxEntries + " entries)", ret,
                    "delete entries, or raise max entries with BpfObject.setMaxEntries before load");
            default -> new BpfException(op, ret);
        };
    }

    boolean delete(MemorySegment key, Function<MemorySegment, String> keyText) {
        MapWriteFault.beforeWrite();
        int ret = libbpf_h.bpf_map_delete_elem(fd, key);
        if (ret == -Errno.ENOENT) {
            return false;
        }
        if (ret < 0) {
            String hint = -ret == Errno.EINVAL && (type == MapType.ARRAY || type == MapType.PERCPU_ARRAY)
                    ? "array elements cannot be deleted; overwrite them with put" : null;
            throw new BpfException("deleting key " + keyText.apply(key) + " from " + describe(), ret, hint);
        }
        return true;
    }

    // ------------------------------------------------------------------ iteration

    /**
     * All keys, by get_next_key. A key deleted while it is the cursor makes the kernel restart from the
     * first key; duplicates are dropped and the walk is bounded, so concurrent deletes cannot loop forever.
     */
    <K> List<K> keys(Function<MemorySegment, K> decode) {
        List<K> keys = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>();
        long limit = 4L * Math.max(maxEntries, 1) + 64;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cur = arena.allocate(Math.max(keySize, 1), 8);
            MemorySegment next = arena.allocate(Math.max(keySize, 1), 8);
            boolean first = true;
            for (long step = 0; ; step++) {
                if (step > limit) {
                    LOG.log(Level.WARNING, "iterating " + describe() + " took more than " + limit
                            + " steps (heavy concurrent updates?); returning " + keys.size() + " keys");
                    break;
                }
                int ret = libbpf_h.bpf_map_get_next_key(fd, first ? MemorySegment.NULL : cur, next);
                if (ret == -Errno.ENOENT) {
                    break;
                }
                if (ret < 0) {
                    throw new BpfException("iterating the keys of " + describe(), ret);
                }
                byte[] raw = next.asSlice(0, keySize).toArray(ValueLayout.JAVA_BYTE);
                if (seen.add(ByteBuffer.wrap(raw))) {
                    keys.add(decode.apply(next.asSlice(0, keySize)));
                }
                MemorySegment.copy(next, 0, cur, 0, keySize);
                first = false;
            }
        }
        return keys;
    }

    // ------------------------------------------------------------------ batches

    interface BatchSink {
        void accept(MemorySegment keys, MemorySegment values, int count);
    }

    private static boolean unsupported(int errno) {
        return errno == Errno.EINVAL || errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP;
    }

    private MemorySegment batchOpts(Arena arena, int elemFlags) {
        MemorySegment opts = bpf_map_batch_opts.allocate(arena);
        bpf_map_batch_opts.sz(opts, bpf_map_batch_opts.sizeof());
        bpf_map_batch_opts.elem_flags(opts, elemFlags);
        return opts;
    }

    int chunkSize() {
        long perElement = Math.max(1, keySize + valueBufferSize);
        return (int) Math.max(1, Math.min(Math.min(BATCH_LIMIT, Math.max(maxEntries, 1)), BATCH_BYTES / perElement));
    }

    /**
     * Reads every element with lookup_batch.
     *
     * @return false if the map type has no batch lookup (nothing was delivered)
     */
    boolean lookupBatch(BatchSink sink) {
        int chunk = chunkSize();
        try (Arena arena = Arena.ofConfined()) {
            long tokenSize = Math.max(keySize, 8);
            MemorySegment in = arena.allocate(tokenSize, 8);
            MemorySegment out = arena.allocate(tokenSize, 8);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment opts = batchOpts(arena, 0);
            MemorySegment keys = arena.allocate((long) chunk * keySize, 8);
            MemorySegment values = arena.allocate(chunk * valueBufferSize, 8);
            boolean first = true;
            for (int rounds = 0; ; rounds++) {
                if (rounds > 4L * Math.max(maxEntries, 1) + 64) {
                    throw new BpfException("batch lookup of " + describe() + " did not end", Errno.EAGAIN, "");
                }
                count.set(ValueLayout.JAVA_INT, 0, chunk);
                int ret = libbpf_h.bpf_map_lookup_batch(fd, first ? MemorySegment.NULL : in, out, keys, values, count, opts);
                int n = count.get(ValueLayout.JAVA_INT, 0);
                if (ret < 0 && ret != -Errno.ENOENT) {
                    if (ret == -Errno.ENOSPC && n == 0 && chunk < Math.max(maxEntries, 1)) {
                        // a hash bucket holds more elements than the chunk: retry bigger
                        chunk = (int) Math.min((long) chunk * 2, Math.max(maxEntries, 1));
                        keys = arena.allocate((long) chunk * keySize, 8);
                        values = arena.allocate(chunk * valueBufferSize, 8);
                        continue;
                    }
                    if (first && unsupported(-ret)) {
                        return false;
                    }
                    throw new BpfException("batch lookup in " + describe(), ret);
                }
                if (n > 0) {
                    sink.accept(keys, values, n);
                }
                if (ret == -Errno.ENOENT) {
                    return true;
                }
                MemorySegment.copy(out, 0, in, 0, tokenSize);
                first = false;
            }
        }
    }

    /**
     * Reads the elements of keys {@code first .. first + count - 1} of an array map (32-bit index keys)
     * with lookup_batch into {@code values}, back to back.
     *
     * @return false if the map type has no batch lookup (nothing was read)
     */
    boolean lookupRange(int first, int count, MemorySegment values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(8, 8);
            MemorySegment out = arena.allocate(8, 8);
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment opts = batchOpts(arena, 0);
            int chunk = chunkSize();
            MemorySegment keys = arena.allocate((long) chunk * keySize, 8);
            MemorySegment vs = arena.allocate(chunk * valueBufferSize, 8);
            int done = 0;
            while (done < count) {
                int want = Math.min(chunk, count - done);
                int start = first + done;
                in.set(ValueLayout.JAVA_INT, 0, start - 1); // the batch starts after the "previous" key
                n.set(ValueLayout.JAVA_INT, 0, want);
                int ret = libbpf_h.bpf_map_lookup_batch(fd, start == 0 ? MemorySegment.NULL : in, out, keys, vs, n, opts);
                int got = n.get(ValueLayout.JAVA_INT, 0);
                if (ret < 0 && ret != -Errno.ENOENT) {
                    if (done == 0 && unsupported(-ret)) {
                        return false;
                    }
                    throw new BpfException("batch lookup in " + describe(), ret);
                }
                if (got <= 0) {
                    throw new BpfException("batch lookup of keys " + start + ".." + (first + count - 1) + " in "
                            + describe() + " ended early", Errno.ENOENT, "the map has " + maxEntries + " entries");
                }
                MemorySegment.copy(vs, 0, values, (long) done * valueSize, (long) got * valueSize);
                done += got;
            }
            return true;
        }
    }

    /**
     * Writes {@code count} elements with update_batch.
     *
     * @return false if the map type has no batch update and nothing was written
     */
    boolean updateBatch(MemorySegment keys, MemorySegment values, int count, Function<MemorySegment, String> keyText) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment opts = batchOpts(arena, 0);
            n.set(ValueLayout.JAVA_INT, 0, count);
            MapWriteFault.beforeWrite();
            int ret = libbpf_h.bpf_map_update_batch(fd, keys, values, n, opts);
            if (ret < 0) {
                int done = n.get(ValueLayout.JAVA_INT, 0);
                if (done == 0 && unsupported(-ret)) {
                    return false;
                }
                String key = done >= 0 && done < count
                        ? "key " + keyText.apply(keys.asSlice((long) done * keySize, keySize)) : "a batch";
                throw updateError(ret, UpdateFlag.ANY, key + " (after " + done + " of " + count + " in a batch)");
            }
            return true;
        }
    }

    /**
     * Deletes {@code count} keys with delete_batch, skipping absent ones.
     *
     * @return the number deleted, or -1 if the map type has no batch delete and nothing was deleted
     */
    int deleteBatch(MemorySegment keys, int count) {
        int deleted = 0;
        int pos = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment opts = batchOpts(arena, 0);
            boolean first = true;
            while (pos < count) {
                n.set(ValueLayout.JAVA_INT, 0, count - pos);
                MapWriteFault.beforeWrite();
                int ret = libbpf_h.bpf_map_delete_batch(fd, keys.asSlice((long) pos * keySize), n, opts);
                int done = Math.max(0, n.get(ValueLayout.JAVA_INT, 0));
                if (ret == 0) {
                    return deleted + (count - pos);
                }
                if (ret == -Errno.ENOENT) {
                    deleted += done;
                    pos += done + 1; // skip the absent key
                    first = false;
                    continue;
                }
                if (first && done == 0 && unsupported(-ret)) {
                    return -1;
                }
                throw new BpfException("batch delete from " + describe(), ret);
            }
            return deleted;
        }
    }

    void pin(Path path) {
        String p = path.toAbsolutePath().toString();
        try (Arena arena = Arena.ofConfined()) {
            int ret = libbpf_h.bpf_obj_pin(fd, arena.allocateFrom(p));
            if (ret < 0) {
                throw new BpfException("pinning " + describe() + " at " + p, ret, pinHint(-ret, p));
            }
        }
    }

    static @Nullable String pinHint(int errno, String p) {
        return switch (errno) {
            case Errno.EEXIST -> "something is already pinned at " + p + "; remove it first";
            case Errno.ENOENT -> "the parent directory of " + p + " does not exist";
            case Errno.EPERM -> "the path must be on bpffs (mount -t bpf bpf /sys/fs/bpf), and pinning needs root or CAP_BPF";
            default -> null;
        };
    }

    void closeFd() {
        if (ownsFd) {
            Native.closeFd(fd);
        }
    }
}
