package dev.blixt.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import dev.blixt.internal.caps.Capabilities;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.internal.libbpf.bpf_map_info;
import dev.blixt.internal.libbpf.bpf_object_open_opts;
import dev.blixt.internal.libbpf.btf_type;
import dev.blixt.internal.libbpf.btf_var_secinfo;
import dev.blixt.internal.libbpf.libbpf_h;

/**
 * A BPF ELF object: its programs and maps, in three phases.
 *
 * <ol>
 *   <li><b>Open</b> ({@link #open(byte[], String)}, {@link #open(Path)}): parse the ELF; {@link #programs()}
 *       and {@link #maps()} describe what it contains.</li>
 *   <li><b>Configure</b>: size maps ({@link #setMaxEntries}, {@link #setValueSize}), share them
 *       ({@link #setPinPath}, {@link #reuseMap(String, Path)}) and set {@code const volatile} variables of
 *       {@code .rodata} ({@link #setConstant(String, long)}).</li>
 *   <li><b>Load</b> ({@link #load()}): create the maps and have the verifier accept the programs; then
 *       {@link #program(String)}, {@link #map(String, Codec, Codec)} and {@link #perCpuMap} give typed handles.</li>
 * </ol>
 *
 * <pre>{@code
 * try (BpfObject obj = BpfObject.open(elfBytes, "blixt")) {
 *     obj.setMaxEntries("flows", 65536);
 *     obj.setConstant("ring_size", 65537);
 *     obj.load();
 *     BpfMap<Integer, Long> stats = obj.map("stats", Codec.u32(), Codec.u64());
 *     try (XdpAttachment xdp = obj.program("xdp_lb").attachXdp("eth0", XdpMode.AUTO)) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The object owns every handle it hands out: after {@link #close()} they throw
 * {@link IllegalStateException}, and attachments not {@linkplain XdpAttachment#release() released} are
 * detached. Thread-safe; configuration and load are meant to be done by one thread.
 */
public final class BpfObject implements AutoCloseable {

    private static final Logger LOG = System.getLogger(BpfObject.class.getName());

    /** The size of the kernel log buffer that receives the verifier's output during {@link #load()}. */
    public static final int KERNEL_LOG_SIZE = 1 << 20;

    private static final String RODATA = ".rodata";

    private final String name;
    private final Arena arena;
    private @Nullable Arena logArena;
    private final MemorySegment logBuf;
    private final MemorySegment obj;
    private final Guard guard;
    private volatile boolean loadAttempted;
    private volatile boolean loaded;
    private final Set<Attachment> attachments = ConcurrentHashMap.newKeySet();
    private @Nullable Map<String, long[]> rodataVars;

    private BpfObject(String name, Arena arena, Arena logArena, MemorySegment logBuf, MemorySegment obj) {
        this.name = name;
        this.arena = arena;
        this.logArena = logArena;
        this.logBuf = logBuf;
        this.obj = obj;
        this.guard = new Guard(() -> "BPF object '" + name + "'");
    }

    /**
     * Opens an object from ELF bytes, for instance a class-path resource (no temporary file).
     *
     * @param elf the ELF object, as compiled by {@code clang -target bpf -g}
     * @param name the object's name (libbpf prefixes internal map names with it)
     * @return the opened object; close it
     * @throws BpfException if libbpf cannot parse the object (errno LIBBPF_ERRNO__FORMAT, EINVAL, ...)
     * @throws IllegalArgumentException if {@code elf} is empty or {@code name} blank
     * @throws dev.blixt.error.DataplaneException if libbpf 1.0+ is not installed
     */
    public static BpfObject open(byte[] elf, String name) {
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

    /**
     * Opens an object from an ELF file.
     *
     * @param file the ELF object file
     * @return the opened object; close it
     * @throws BpfException if the file cannot be read or parsed
     * @throws dev.blixt.error.DataplaneException if libbpf 1.0+ is not installed
     */
    public static BpfObject open(Path file) {
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

    private static BpfObject open(String name, BiFunction<Arena, MemorySegment, Opened> opener) {
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
            return new BpfObject(name, arena, logArena, logBuf, opened.obj());
        } catch (RuntimeException | Error e) {
            logArena.close();
            arena.close();
            throw e;
        }
    }

    /**
     * The object's name.
     *
     * @return the name given to {@link #open(byte[], String)} or derived from the file name
     */
    public String name() {
        return name;
    }

    /**
     * Whether {@link #load()} succeeded.
     *
     * @return {@code true} once loaded
     */
    public boolean isLoaded() {
        return loaded;
    }

    // ------------------------------------------------------------------ lookups

    private MemorySegment mapPtr(String mapName) {
        Objects.requireNonNull(mapName, "map name");
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment m = libbpf_h.bpf_object__find_map_by_name(libbpf_h.allocateErrnoState(tmp), obj,
                    tmp.allocateFrom(mapName));
            if (m.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("BPF object '" + name + "' has no map named '" + mapName
                        + "'; its maps are " + mapNames());
            }
            return m;
        }
    }

    private MemorySegment progPtr(String progName) {
        Objects.requireNonNull(progName, "program name");
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment p = libbpf_h.bpf_object__find_program_by_name(libbpf_h.allocateErrnoState(tmp), obj,
                    tmp.allocateFrom(progName));
            if (p.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("BPF object '" + name + "' has no program named '" + progName
                        + "'; its programs are " + programs().stream().map(ProgramInfo::name).toList());
            }
            return p;
        }
    }

    private List<String> mapNames() {
        return maps().stream().map(MapInfo::name).toList();
    }

    /**
     * Describes the object's programs (available before load).
     *
     * @return name, section, type and instruction count of each program, in ELF order
     * @throws IllegalStateException if the object is closed
     */
    public List<ProgramInfo> programs() {
        return guard.call(() -> {
            List<ProgramInfo> list = new ArrayList<>();
            MemorySegment p = MemorySegment.NULL;
            while (!(p = libbpf_h.bpf_object__next_program(obj, p)).equals(MemorySegment.NULL)) {
                list.add(BpfProgram.info(p));
            }
            return List.copyOf(list);
        });
    }

    /**
     * Describes the object's maps, including the internal {@code .rodata}/{@code .data}/{@code .bss} maps
     * (available before load; sizes reflect the configuration so far).
     *
     * @return name, type, key and value size and capacity of each map, in ELF order
     * @throws IllegalStateException if the object is closed
     */
    public List<MapInfo> maps() {
        return guard.call(() -> {
            List<MapInfo> list = new ArrayList<>();
            MemorySegment m = MemorySegment.NULL;
            while (!(m = libbpf_h.bpf_object__next_map(obj, m)).equals(MemorySegment.NULL)) {
                list.add(mapInfo(m));
            }
            return List.copyOf(list);
        });
    }

    private static MapInfo mapInfo(MemorySegment m) {
        int type = libbpf_h.bpf_map__type(m);
        return new MapInfo(Objects.requireNonNull(libbpf_h.string(libbpf_h.bpf_map__name(m))), MapType.of(type),
                Native.mapTypeName(type), libbpf_h.bpf_map__key_size(m), libbpf_h.bpf_map__value_size(m),
                libbpf_h.bpf_map__max_entries(m));
    }

    // ------------------------------------------------------------------ configuration

    private void configuring(String what) {
        if (loadAttempted) {
            throw new IllegalStateException("BPF object '" + name + "' is already loaded: " + what
                    + " must be done before load()");
        }
    }

    /**
     * Sets a map's capacity before load.
     *
     * @param map the map's name
     * @param maxEntries the capacity, at least 1
     * @return this object
     * @throws IllegalArgumentException if there is no such map or {@code maxEntries < 1}
     * @throws IllegalStateException after load or close
     */
    public BpfObject setMaxEntries(String map, int maxEntries) {
        guard.run(() -> {
            configuring("setMaxEntries");
            if (maxEntries < 1) {
                throw new IllegalArgumentException("map '" + map + "': max entries must be at least 1, got " + maxEntries);
            }
            int ret = libbpf_h.bpf_map__set_max_entries(mapPtr(map), maxEntries);
            if (ret < 0) {
                throw new BpfException("setting max entries of map '" + map + "' to " + maxEntries, ret);
            }
        });
        return this;
    }

    /**
     * Sets a map's value size before load (for maps whose value is a variable-length array).
     *
     * @param map the map's name
     * @param valueSize the value size in bytes, at least 1
     * @return this object
     * @throws IllegalArgumentException if there is no such map or {@code valueSize < 1}
     * @throws IllegalStateException after load or close
     */
    public BpfObject setValueSize(String map, int valueSize) {
        guard.run(() -> {
            configuring("setValueSize");
            if (valueSize < 1) {
                throw new IllegalArgumentException("map '" + map + "': value size must be at least 1, got " + valueSize);
            }
            int ret = libbpf_h.bpf_map__set_value_size(mapPtr(map), valueSize);
            if (ret < 0) {
                throw new BpfException("setting the value size of map '" + map + "' to " + valueSize, ret);
            }
        });
        return this;
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
    public BpfObject setPinPath(String map, Path path) {
        Objects.requireNonNull(path, "path");
        guard.run(() -> {
            configuring("setPinPath");
            String p = path.toAbsolutePath().toString();
            try (Arena tmp = Arena.ofConfined()) {
                int ret = libbpf_h.bpf_map__set_pin_path(mapPtr(map), tmp.allocateFrom(p));
                if (ret < 0) {
                    throw new BpfException("setting the pin path of map '" + map + "' to " + p, ret);
                }
            }
        });
        return this;
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
    public BpfObject reuseMap(String map, MapHandle<?> existing) {
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
    public BpfObject reuseMap(String map, Path pinned) {
        Objects.requireNonNull(pinned, "pinned");
        MapCore core = MapCore.openPinned(pinned);
        try {
            return reuseFd(map, core.fd, core.info(), "the map pinned at " + pinned.toAbsolutePath());
        } finally {
            core.closeFd(); // libbpf keeps its own duplicate
        }
    }

    private BpfObject reuseFd(String map, int fd, MapInfo other, String otherText) {
        guard.run(() -> {
            configuring("reuseMap");
            MemorySegment m = mapPtr(map);
            MapInfo mine = mapInfo(m);
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
        return this;
    }

    private static String describe(MapInfo i) {
        return i.type() + " key " + i.keySize() + " B, value " + i.valueSize() + " B, max entries " + i.maxEntries();
    }

    /**
     * Sets a {@code const volatile} integer variable of {@code .rodata} by name before load; the verifier
     * then sees it as a constant and prunes dead branches.
     *
     * @param variable the C variable's name
     * @param value the value, written in native byte order into the variable's 1, 2, 4 or 8 bytes
     * @return this object
     * @throws IllegalArgumentException if there is no such variable (the message lists them), it is not 1,
     *     2, 4 or 8 bytes, or the value does not fit
     * @throws IllegalStateException after load or close
     */
    public BpfObject setConstant(String variable, long value) {
        guard.run(() -> {
            configuring("setConstant");
            long[] slot = rodataVar(variable);
            int size = (int) slot[1];
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException(".rodata variable '" + variable + "' has " + size
                        + " bytes, not an integer size: use setConstant(String, byte[])");
            }
            if (size < 8) {
                long min = -(1L << (size * 8 - 1));
                long max = (1L << (size * 8)) - 1;
                if (value < min || value > max) {
                    throw new IllegalArgumentException("value " + value + " does not fit in the " + size
                            + "-byte .rodata variable '" + variable + "'");
                }
            }
            byte[] bytes = new byte[size];
            boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
            for (int i = 0; i < size; i++) {
                int shift = 8 * (little ? i : size - 1 - i);
                bytes[i] = (byte) (value >>> shift);
            }
            writeRodata(variable, slot, bytes);
        });
        return this;
    }

    /**
     * Sets a {@code const volatile} variable of {@code .rodata} (an array or struct) by name before load.
     *
     * @param variable the C variable's name
     * @param bytes exactly the variable's size in bytes
     * @return this object
     * @throws IllegalArgumentException if there is no such variable or the size differs
     * @throws IllegalStateException after load or close
     */
    public BpfObject setConstant(String variable, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        guard.run(() -> {
            configuring("setConstant");
            long[] slot = rodataVar(variable);
            if (bytes.length != slot[1]) {
                throw new IllegalArgumentException(".rodata variable '" + variable + "' has " + slot[1]
                        + " bytes, got " + bytes.length);
            }
            writeRodata(variable, slot, bytes.clone());
        });
        return this;
    }

    private MemorySegment rodataMap() {
        MemorySegment m = MemorySegment.NULL;
        while (!(m = libbpf_h.bpf_object__next_map(obj, m)).equals(MemorySegment.NULL)) {
            String n = libbpf_h.string(libbpf_h.bpf_map__name(m));
            if (libbpf_h.bpf_map__is_internal(m) && n != null && n.endsWith(RODATA)) {
                return m;
            }
        }
        throw new IllegalArgumentException("BPF object '" + name + "' has no .rodata section: declare the variable as "
                + "'const volatile' with an initial value");
    }

    /** The .rodata variables by name: {offset, size}. */
    @SuppressWarnings("restricted") // sizing the btf_type pointers libbpf returns
    private Map<String, long[]> rodataVars() {
        Map<String, long[]> vars = rodataVars;
        if (vars != null) {
            return vars;
        }
        vars = new LinkedHashMap<>();
        MemorySegment btf = libbpf_h.bpf_object__btf(obj);
        if (btf.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("BPF object '" + name + "' has no BTF: compile it with clang -g");
        }
        try (Arena tmp = Arena.ofConfined()) {
            int id = libbpf_h.btf__find_by_name_kind(btf, tmp.allocateFrom(RODATA), libbpf_h.BTF_KIND_DATASEC());
            if (id < 0) {
                throw new IllegalArgumentException("BPF object '" + name + "' has no .rodata section: declare the "
                        + "variable as 'const volatile' with an initial value");
            }
            MemorySegment state = libbpf_h.allocateErrnoState(tmp);
            MemorySegment sec = libbpf_h.btf__type_by_id(state, btf, id).reinterpret(btf_type.sizeof());
            int vlen = btf_type.info(sec) & 0xFFFF;
            MemorySegment infos = sec.reinterpret(btf_type.sizeof() + vlen * btf_var_secinfo.sizeof())
                    .asSlice(btf_type.sizeof());
            for (int i = 0; i < vlen; i++) {
                MemorySegment si = btf_var_secinfo.asSlice(infos, i);
                MemorySegment var = libbpf_h.btf__type_by_id(state, btf, btf_var_secinfo.type(si));
                if (var.equals(MemorySegment.NULL)) {
                    continue;
                }
                var = var.reinterpret(btf_type.sizeof());
                if (((btf_type.info(var) >>> 24) & 0x1F) != libbpf_h.BTF_KIND_VAR()) {
                    continue;
                }
                String varName = libbpf_h.string(libbpf_h.btf__name_by_offset(btf, btf_type.name_off(var)));
                if (varName != null) {
                    vars.put(varName, new long[] {Integer.toUnsignedLong(btf_var_secinfo.offset(si)),
                            Integer.toUnsignedLong(btf_var_secinfo.size(si))});
                }
            }
        }
        rodataVars = vars;
        return vars;
    }

    private long[] rodataVar(String variable) {
        Objects.requireNonNull(variable, "variable");
        long[] slot = rodataVars().get(variable);
        if (slot == null) {
            throw new IllegalArgumentException("BPF object '" + name + "' has no .rodata variable '" + variable
                    + "'; its variables are " + rodataVars().keySet());
        }
        return slot;
    }

    @SuppressWarnings("restricted") // sizing the initial-value pointer libbpf returns
    private void writeRodata(String variable, long[] slot, byte[] bytes) {
        MemorySegment m = rodataMap();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment psize = tmp.allocate(ValueLayout.JAVA_LONG);
            MemorySegment init = libbpf_h.bpf_map__initial_value(m, psize);
            long size = psize.get(ValueLayout.JAVA_LONG, 0);
            if (init.equals(MemorySegment.NULL) || slot[0] + slot[1] > size) {
                throw new IllegalStateException("cannot read the initial value of .rodata to set '" + variable + "'");
            }
            MemorySegment copy = tmp.allocate(size, 8);
            MemorySegment.copy(init.reinterpret(size), 0, copy, 0, size);
            MemorySegment.copy(bytes, 0, copy, ValueLayout.JAVA_BYTE, slot[0], bytes.length);
            int ret = libbpf_h.bpf_map__set_initial_value(m, copy, size);
            if (ret < 0) {
                throw new BpfException("setting .rodata variable '" + variable + "'", ret);
            }
        }
    }

    // ------------------------------------------------------------------ load

    /**
     * Creates the maps and loads the programs into the kernel.
     *
     * @throws BpfLoadException if a map cannot be created or the verifier rejects a program; it carries the
     *     tail of the verifier log, the errno and libbpf's messages
     * @throws IllegalStateException if load was already called, or the object is closed
     */
    public void load() {
        guard.run(() -> {
            if (loadAttempted) {
                throw new IllegalStateException("BPF object '" + name + "': load() was already called");
            }
            loadAttempted = true;
            int ret;
            String libbpfLines;
            String log;
            try (Libbpf.Capture capture = Libbpf.capture()) {
                ret = libbpf_h.bpf_object__load(obj);
                libbpfLines = capture.tail(4);
                log = logBuf.getString(0);
            } finally {
                freeLog();
            }
            if (ret < 0) {
                throw loadError(ret, libbpfLines, log);
            }
            loaded = true;
            LOG.log(Level.DEBUG, () -> "loaded BPF object '" + name + "'");
        });
    }

    private BpfLoadException loadError(int ret, String libbpfLines, String log) {
        int errno = -ret;
        String verifier = BpfLoadException.tail(log, 3).replace('\n', '|');
        StringBuilder op = new StringBuilder("loading BPF object '").append(name).append('\'');
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
            hint = "the kernel refused although running as root (lockdown? seccomp? a container without CAP_BPF?)";
        } else {
            hint = null;
        }
        return new BpfLoadException(op.toString(), errno, hint, log);
    }

    private void freeLog() {
        Arena a = logArena;
        if (a != null) {
            logArena = null;
            a.close();
        }
    }

    private void requireLoaded(String what) {
        if (!loaded) {
            throw new IllegalStateException("BPF object '" + name + "' is not loaded: call load() before " + what);
        }
    }

    // ------------------------------------------------------------------ handles

    /**
     * A program by its C function name. Its description is available before load; {@code fd}, attaching
     * and test runs need the object loaded.
     *
     * @param programName the function name
     * @return the program
     * @throws IllegalArgumentException if there is no such program (the message lists them)
     * @throws IllegalStateException if the object is closed
     */
    public BpfProgram program(String programName) {
        return guard.call(() -> new BpfProgram(this, progPtr(programName)));
    }

    /**
     * A typed handle on a loaded map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param mapName the map's name
     * @param keys the key codec; its size must equal the map's key size
     * @param values the value codec; its size must equal the map's value size
     * @return the handle, owned by this object
     * @throws IllegalArgumentException if there is no such map, it is per-CPU, or the codec sizes differ
     *     (the message names the map and both sizes)
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public <K, V> BpfMap<K, V> map(String mapName, Codec<K> keys, Codec<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return guard.call(() -> new BpfMap<>(core(mapName), keys, values));
    }

    /**
     * A typed handle on a loaded per-CPU map.
     *
     * @param <K> the key type
     * @param <V> the type of one CPU's value
     * @param mapName the map's name
     * @param keys the key codec; its size must equal the map's key size
     * @param values the codec of one CPU's value; its size must equal the map's value size
     * @return the handle, owned by this object
     * @throws IllegalArgumentException if there is no such map, it is not per-CPU, or the codec sizes differ
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public <K, V> PerCpuMap<K, V> perCpuMap(String mapName, Codec<K> keys, Codec<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return guard.call(() -> new PerCpuMap<>(core(mapName), keys, values));
    }

    private MapCore core(String mapName) {
        MemorySegment m = mapPtr(mapName);
        requireLoaded("map('" + mapName + "')");
        int fd = libbpf_h.bpf_map__fd(m);
        if (fd < 0) {
            throw new BpfException("getting the fd of map '" + mapName + "'", fd);
        }
        // The kernel's view (sizes after reuse of a pinned map), not only the ELF declaration.
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment info = bpf_map_info.allocate(tmp);
            MemorySegment len = tmp.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_map_info.sizeof());
            int ret = libbpf_h.bpf_obj_get_info_by_fd(fd, info, len);
            if (ret < 0) {
                throw new BpfException("reading the description of map '" + mapName + "'", ret);
            }
            return new MapCore(guard, fd, mapName, bpf_map_info.type(info), bpf_map_info.key_size(info),
                    bpf_map_info.value_size(info), bpf_map_info.max_entries(info), false);
        }
    }

    Guard guard() {
        return guard;
    }

    boolean loaded() {
        return loaded;
    }

    void register(Attachment a) {
        guard.checkOpen();
        attachments.add(a);
    }

    void unregister(Attachment a) {
        attachments.remove(a);
    }

    /**
     * Detaches the attachments that were not released, then frees the object, its maps and programs
     * (pinned maps and released attachments stay in the kernel). Idempotent.
     */
    @Override
    public void close() {
        guard.close(() -> {
            for (Attachment a : List.copyOf(attachments)) {
                try {
                    switch (a) {
                        case XdpAttachment x -> x.closeWithOwner();
                        case TcxAttachment x -> x.closeWithOwner();
                        case TcAttachment x -> x.closeWithOwner();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "detaching from BPF object '" + name + "' failed", e);
                }
            }
            attachments.clear();
            libbpf_h.bpf_object__close(obj);
            freeLog();
            arena.close();
        });
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + (loaded ? ", loaded" : "") + (guard.isClosed() ? ", closed" : "") + "]";
    }
}
