package dev.blixt.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

import dev.blixt.internal.caps.Capabilities;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.internal.libbpf.bpf_object_open_opts;
import dev.blixt.internal.libbpf.libbpf_h;

/**
 * A BPF ELF object opened but not loaded: describe it, configure it, then {@link #load()} it into a
 * {@link BpfObject}.
 *
 * <ol>
 *   <li><b>Open</b> ({@link BpfObject#open(byte[], String)}, {@link BpfObject#open(Path)}): parse the ELF;
 *       {@link #programs()} and {@link #maps()} describe what it contains.</li>
 *   <li><b>Configure</b>: size maps ({@link #setMaxEntries}, {@link #setValueSize}), share them
 *       ({@link #setPinPath}, {@link #reuseMap(String, Path)}) and set {@code const volatile} variables of
 *       {@code .rodata} ({@link #setConstant(String, long)}).</li>
 *   <li><b>Load</b> ({@link #load()}): create the maps and have the verifier accept the programs. The
 *       returned {@link BpfObject} owns everything from then on; this object is spent.</li>
 * </ol>
 *
 * <pre>{@code
 * try (OpenObject spec = BpfObject.open(elfBytes, "blixt")) {
 *     spec.setMaxEntries("flows", 65536).setConstant("ring_size", 65537);
 *     try (BpfObject obj = spec.load()) {
 *         BpfMap<Integer, Long> stats = obj.map("stats", Codec.u32(), Codec.u64());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Close it when it is not loaded (closing after {@link #load()} does nothing: the loaded object owns the
 * resources; a failed load frees them at once). Configuration is meant to be done by one thread.
 */
public final class OpenObject implements AutoCloseable {

    private static final Logger LOG = System.getLogger(OpenObject.class.getName());

    /** The size of the kernel log buffer that receives the verifier's output during {@link #load()}. */
    public static final int KERNEL_LOG_SIZE = 1 << 20;

    private final ObjectCore core;
    private final Arena logArena;
    private final MemorySegment logBuf;
    private final Rodata rodata;
    private volatile boolean loadCalled;

    private OpenObject(ObjectCore core, Arena logArena, MemorySegment logBuf) {
        this.core = core;
        this.logArena = logArena;
        this.logBuf = logBuf;
        this.rodata = new Rodata(core);
    }

    static OpenObject open(byte[] elf, String name) {
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(name, "name");
        if (elf.length == 0) {
            throw new IllegalArgumentException("BPF object '" + name + "': the ELF bytes are empty");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("BPF object name must not be blank");
        }
        Libbpf.init();
        return open(name, (arena, opts) -> {
            MemorySegment buf = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, buf, ValueLayout.JAVA_BYTE, 0, elf.length);
            bpf_object_open_opts.object_name(opts, arena.allocateFrom(name));
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment state = libbpf_h.allocateErrnoState(tmp);
                MemorySegment o = libbpf_h.bpf_object__open_mem(state, buf, elf.length, opts);
                return new Opened(o, libbpf_h.errno(state));
            }
        });
    }

    static OpenObject open(Path file) {
        Objects.requireNonNull(file, "file");
        Libbpf.init();
        String path = file.toAbsolutePath().toString();
        String base = file.getFileName() == null ? path : file.getFileName().toString();
        String name = base.endsWith(".bpf.o") ? base.substring(0, base.length() - 6)
                : base.endsWith(".o") ? base.substring(0, base.length() - 2) : base;
        if (!Files.isRegularFile(file)) {
            throw new BpfException("opening BPF object " + path, Errno.ENOENT, "no such file");
        }
        return open(name, (arena, opts) -> {
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment state = libbpf_h.allocateErrnoState(tmp);
                MemorySegment o = libbpf_h.bpf_object__open_file(state, arena.allocateFrom(path), opts);
                return new Opened(o, libbpf_h.errno(state));
            }
        });
    }

    private record Opened(MemorySegment obj, int errno) {
    }

    private static OpenObject open(String name, BiFunction<Arena, MemorySegment, Opened> opener) {
        Arena arena = Arena.ofShared();
        Arena logArena = Arena.ofShared();
        try (Libbpf.Capture capture = Libbpf.capture()) {
            MemorySegment logBuf = logArena.allocate(KERNEL_LOG_SIZE);
            MemorySegment opts = bpf_object_open_opts.allocate(arena);
            bpf_object_open_opts.sz(opts, bpf_object_open_opts.sizeof());
            bpf_object_open_opts.kernel_log_buf(opts, logBuf);
            bpf_object_open_opts.kernel_log_size(opts, KERNEL_LOG_SIZE);
            bpf_object_open_opts.kernel_log_level(opts, 0); // libbpf retries with level 1 on failure
            Opened opened = opener.apply(arena, opts);
            if (opened.obj().equals(MemorySegment.NULL)) {
                String libbpf = capture.tail(3);
                throw new BpfException("opening BPF object '" + name + "'" + (libbpf.isEmpty() ? "" : " (libbpf: " + libbpf + ")"),
                        opened.errno() == 0 ? Errno.EINVAL : opened.errno(),
                        "is it a BPF ELF object compiled with clang -target bpf -g?");
            }
            return new OpenObject(new ObjectCore(name, arena, opened.obj()), logArena, logBuf);
        } catch (RuntimeException | Error e) {
            logArena.close();
            arena.close();
            throw e;
        }
    }

    /**
     * The object's name.
     *
     * @return the name given to {@link BpfObject#open(byte[], String)} or derived from the file name
     */
    public String name() {
        return core.name;
    }

    /**
     * Describes the object's programs.
     *
     * @return name, section, type and instruction count of each program, in ELF order
     * @throws IllegalStateException if the object is closed (or was loaded and the loaded object is closed)
     */
    public List<ProgramInfo> programs() {
        return core.guard.call(core::programs);
    }

    /**
     * Describes the object's maps, including the internal {@code .rodata}/{@code .data}/{@code .bss} maps
     * (sizes reflect the configuration so far).
     *
     * @return name, type, key and value size and capacity of each map, in ELF order
     * @throws IllegalStateException if the object is closed (or was loaded and the loaded object is closed)
     */
    public List<MapInfo> maps() {
        return core.guard.call(core::maps);
    }

    /** Runs {@code step} while the object is open and not loaded; returns this object. */
    private OpenObject configuring(String what, Runnable step) {
        core.guard.run(() -> {
            if (loadCalled) {
                throw new IllegalStateException("BPF object '" + core.name + "': load() was already called; "
                        + (what.equals("load()") ? "an object loads once" : what + " must be done before load()"));
            }
            step.run();
        });
        return this;
    }

    /**
     * Sets a map's capacity.
     *
     * @param map the map's name
     * @param maxEntries the capacity, at least 1
     * @return this object
     * @throws IllegalArgumentException if there is no such map or {@code maxEntries < 1}
     * @throws IllegalStateException after load or close
     */
    public OpenObject setMaxEntries(String map, int maxEntries) {
        return configuring("setMaxEntries", () -> {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("map '" + map + "': max entries must be at least 1, got " + maxEntries);
            }
            int ret = libbpf_h.bpf_map__set_max_entries(core.mapPtr(map), maxEntries);
            if (ret < 0) {
                throw new BpfException("setting max entries of map '" + map + "' to " + maxEntries, ret);
            }
        });
    }

    /**
     * Sets a map's value size (for maps whose value is a variable-length array).
     *
     * @param map the map's name
     * @param valueSize the value size in bytes, at least 1
     * @return this object
     * @throws IllegalArgumentException if there is no such map or {@code valueSize < 1}
     * @throws IllegalStateException after load or close
     */
    public OpenObject setValueSize(String map, int valueSize) {
        return configuring("setValueSize", () -> {
            if (valueSize < 1) {
                throw new IllegalArgumentException("map '" + map + "': value size must be at least 1, got " + valueSize);
            }
            int ret = libbpf_h.bpf_map__set_value_size(core.mapPtr(map), valueSize);
            if (ret < 0) {
                throw new BpfException("setting the value size of map '" + map + "' to " + valueSize, ret);
            }
        });
    }

    /**
     * Pins a map at {@code path}: at load, libbpf reuses a compatible map already pinned there, or creates
     * the map and pins it. A pinned map with other sizes or type fails the load.
     *
     * @param map the map's name
     * @param path the pin path on bpffs; its parent directory is created if missing
     * @return this object
     * @throws IllegalArgumentException if there is no such map
     * @throws IllegalStateException after load or close
     */
    public OpenObject setPinPath(String map, Path path) {
        Objects.requireNonNull(path, "path");
        return configuring("setPinPath", () -> {
            String p = path.toAbsolutePath().toString();
            try (Arena tmp = Arena.ofConfined()) {
                int ret = libbpf_h.bpf_map__set_pin_path(core.mapPtr(map), tmp.allocateFrom(p));
                if (ret < 0) {
                    throw new BpfException("setting the pin path of map '" + map + "' to " + p, ret);
                }
            }
        });
    }

    /**
     * Makes a map of this object use an existing map instead of creating one (to share state between
     * objects), plain or per-CPU.
     *
     * @param map the map's name
     * @param existing the map to use; its type, key and value size and capacity must match
     * @return this object
     * @throws IllegalArgumentException if there is no such map or the maps differ
     * @throws IllegalStateException after load or close, or if {@code existing}'s owner is closed
     */
    public OpenObject reuseMap(String map, MapHandle<?> existing) {
        Objects.requireNonNull(existing, "existing");
        return reuseFd(map, existing.fd(), existing.info(), "map '" + existing.name() + "'");
    }

    /**
     * Makes a map of this object use a map pinned in bpffs.
     *
     * @param map the map's name
     * @param pinned the pin path
     * @return this object
     * @throws BpfException if nothing is pinned there
     * @throws IllegalArgumentException if there is no such map or the maps differ
     * @throws IllegalStateException after load or close
     */
    public OpenObject reuseMap(String map, Path pinned) {
        Objects.requireNonNull(pinned, "pinned");
        MapCore other = MapCore.openPinned(pinned);
        try {
            return reuseFd(map, other.fd, other.info(), "the map pinned at " + pinned.toAbsolutePath());
        } finally {
            other.closeFd(); // libbpf keeps its own duplicate
        }
    }

    private OpenObject reuseFd(String map, int fd, MapInfo other, String otherText) {
        return configuring("reuseMap", () -> {
            MemorySegment m = core.mapPtr(map);
            MapInfo mine = ObjectCore.mapInfo(m);
            if (mine.type() != other.type() || mine.keySize() != other.keySize() || mine.valueSize() != other.valueSize()
                    || mine.maxEntries() != other.maxEntries()) {
                throw new IllegalArgumentException("cannot reuse " + otherText + " for map '" + map + "': it is "
                        + describe(other) + ", the object declares " + describe(mine));
            }
            int ret = libbpf_h.bpf_map__reuse_fd(m, fd);
            if (ret < 0) {
                throw new BpfException("reusing " + otherText + " for map '" + map + "'", ret);
            }
        });
    }

    private static String describe(MapInfo i) {
        return i.type() + " key " + i.keySize() + " B, value " + i.valueSize() + " B, max entries " + i.maxEntries();
    }

    /**
     * Sets a {@code const volatile} integer variable of {@code .rodata} by name; the verifier then sees it as a
     * constant and prunes dead branches.
     *
     * @param variable the C variable's name
     * @param value the value, written in native byte order into the variable's 1, 2, 4 or 8 bytes
     * @return this object
     * @throws IllegalArgumentException if there is no such variable (the message lists them), it is not 1,
     *     2, 4 or 8 bytes, or the value does not fit
     * @throws IllegalStateException after load or close
     */
    public OpenObject setConstant(String variable, long value) {
        return configuring("setConstant", () -> rodata.setInteger(variable, value));
    }

    /**
     * Sets a {@code const volatile} variable of {@code .rodata} (an array or struct) by name.
     *
     * @param variable the C variable's name
     * @param bytes exactly the variable's size in bytes
     * @return this object
     * @throws IllegalArgumentException if there is no such variable or the size differs
     * @throws IllegalStateException after load or close
     */
    public OpenObject setConstant(String variable, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return configuring("setConstant", () -> rodata.setBytes(variable, bytes));
    }

    /**
     * Creates the maps and loads the programs into the kernel. Called once: on success the returned object
     * owns everything; on failure everything is freed (pins made by the failed load stay).
     *
     * @return the loaded object; close it
     * @throws BpfLoadException if a map cannot be created or the verifier rejects a program; it carries the
     *     tail of the verifier log, the errno and libbpf's messages
     * @throws IllegalStateException if load was already called, or the object is closed
     */
    public BpfObject load() {
        configuring("load()", () -> loadCalled = true);
        int ret;
        String libbpfLines;
        String log;
        try (Libbpf.Capture capture = Libbpf.capture()) {
            ret = libbpf_h.bpf_object__load(core.obj);
            libbpfLines = capture.tail(4);
            log = logBuf.getString(0);
        } finally {
            logArena.close();
        }
        if (ret < 0) {
            core.guard.close(core::free);
            throw loadError(ret, libbpfLines, log);
        }
        LOG.log(Level.DEBUG, () -> "loaded BPF object '" + core.name + "'");
        return new BpfObject(core);
    }

    private BpfLoadException loadError(int ret, String libbpfLines, String log) {
        int errno = -ret;
        String verifier = BpfLoadException.tail(log, 3).replace('\n', '|');
        StringBuilder op = new StringBuilder("loading BPF object '").append(core.name).append('\'');
        libbpfLines = withoutMemlockAdvice(libbpfLines);
        if (!libbpfLines.isEmpty()) {
            op.append(" (libbpf: ").append(libbpfLines).append(')');
        }
        String hint;
        if (!log.isBlank() && (errno == Errno.EACCES || errno == Errno.EINVAL || errno == Errno.E2BIG
                || errno == Errno.ENOSPC || errno == Errno.EFAULT || errno == 4007)) {
            hint = "the verifier rejected a program: " + verifier + " (the log tail is in verifierLog())";
        } else if ((errno == Errno.EPERM || errno == Errno.EACCES) && !Native.isRoot()) {
            hint = Capabilities.adviceForRefusedLoad();
        } else if (errno == Errno.EPERM) {
            hint = "the kernel refused although running as root (lockdown? seccomp? a user namespace, where"
                    + " capabilities do not count for BPF? a container without CAP_BPF?)";
        } else {
            hint = null;
        }
        return new BpfLoadException(op.toString(), errno, hint, log);
    }

    /**
     * libbpf's lines without its RLIMIT_MEMLOCK advice, which is misleading: since 5.11 the kernel charges BPF
     * memory to the memory cgroup, not to RLIMIT_MEMLOCK, and libbpf prints the advice on any refused load
     * (EPERM included).
     */
    static String withoutMemlockAdvice(String libbpfLines) {
        StringBuilder out = new StringBuilder();
        for (String line : libbpfLines.split("; ")) {
            if (line.contains("Failed to bump RLIMIT_MEMLOCK") || line.contains("ulimit -l")) {
                continue;
            }
            String l = line.replaceAll("\\s*Make sure your kernel supports BPF \\(CONFIG_BPF_SYSCALL=y\\) and/or"
                    + " that RLIMIT_MEMLOCK is set to big enough value\\.?", "").strip();
            if (!l.isEmpty()) {
                out.append(out.isEmpty() ? "" : "; ").append(l);
            }
        }
        return out.toString();
    }

    /** Frees the object if it was not loaded; after {@link #load()} does nothing. Idempotent. */
    @Override
    public void close() {
        if (loadCalled) {
            return;
        }
        core.guard.close(() -> {
            logArena.close();
            core.free();
        });
    }

    @Override
    public String toString() {
        return "OpenObject[" + core.name + (loadCalled ? ", load called" : "") + (core.guard.isClosed() ? ", closed" : "")
                + "]";
    }
}
