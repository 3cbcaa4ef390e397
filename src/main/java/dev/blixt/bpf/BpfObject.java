package dev.blixt.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.blixt.internal.libbpf.bpf_map_info;
import dev.blixt.internal.libbpf.libbpf_h;

/**
 * A loaded BPF ELF object: its programs and maps in the kernel. Made in two steps: {@link #open(byte[], String)}
 * or {@link #open(Path)} give an {@link OpenObject} to describe and configure, whose {@link OpenObject#load()}
 * gives this object; then {@link #program(String)}, {@link #map(String, Codec, Codec)} and {@link #perCpuMap}
 * give typed handles.
 *
 * <pre>{@code
 * try (OpenObject spec = BpfObject.open(elfBytes, "blixt")) {
 *     spec.setMaxEntries("flows", 65536).setConstant("ring_size", 65537);
 *     try (BpfObject obj = spec.load()) {
 *         BpfMap<Integer, Long> stats = obj.map("stats", Codec.u32(), Codec.u64());
 *         try (XdpAttachment xdp = obj.program("xdp_lb").attachXdp("eth0", XdpMode.AUTO)) {
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The object owns every handle it hands out: after {@link #close()} they throw
 * {@link IllegalStateException}, and attachments not {@linkplain XdpAttachment#release() released} are
 * detached. Thread-safe.
 */
public final class BpfObject implements AutoCloseable {

    private static final Logger LOG = System.getLogger(BpfObject.class.getName());

    private final ObjectCore core;
    private final Set<Attachment> attachments = ConcurrentHashMap.newKeySet();

    BpfObject(ObjectCore core) {
        this.core = core;
    }

    /**
     * Opens an object from ELF bytes, for instance a class-path resource (no temporary file).
     *
     * @param elf the ELF object, as compiled by {@code clang -target bpf -g}
     * @param name the object's name (libbpf prefixes internal map names with it)
     * @return the opened object, to configure and load; close it
     * @throws BpfException if libbpf cannot parse the object (errno LIBBPF_ERRNO__FORMAT, EINVAL, ...)
     * @throws IllegalArgumentException if {@code elf} is empty or {@code name} blank
     * @throws dev.blixt.error.DataplaneException if libbpf 1.0+ is not installed
     */
    public static OpenObject open(byte[] elf, String name) {
        return OpenObject.open(elf, name);
    }

    /**
     * Opens an object from an ELF file.
     *
     * @param file the ELF object file
     * @return the opened object, to configure and load; close it
     * @throws BpfException if the file cannot be read or parsed
     * @throws dev.blixt.error.DataplaneException if libbpf 1.0+ is not installed
     */
    public static OpenObject open(Path file) {
        return OpenObject.open(file);
    }

    /**
     * The object's name.
     *
     * @return the name given to {@link #open(byte[], String)} or derived from the file name
     */
    public String name() {
        return core.name;
    }

    /**
     * Describes the object's programs.
     *
     * @return name, section, type and instruction count of each program, in ELF order
     * @throws IllegalStateException if the object is closed
     */
    public List<ProgramInfo> programs() {
        return core.guard.call(core::programs);
    }

    /**
     * Describes the object's maps as loaded, including the internal {@code .rodata}/{@code .data}/{@code .bss} maps.
     *
     * @return name, type, key and value size and capacity of each map, in ELF order
     * @throws IllegalStateException if the object is closed
     */
    public List<MapInfo> maps() {
        return core.guard.call(core::maps);
    }

    /**
     * A program by its C function name.
     *
     * @param programName the function name
     * @return the program
     * @throws IllegalArgumentException if there is no such program (the message lists them)
     * @throws IllegalStateException if the object is closed
     */
    public BpfProgram program(String programName) {
        return core.guard.call(() -> new BpfProgram(this, core.progPtr(programName)));
    }

    /**
     * A typed handle on a map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param mapName the map's name
     * @param keys the key codec; its size must equal the map's key size
     * @param values the value codec; its size must equal the map's value size
     * @return the handle, owned by this object
     * @throws IllegalArgumentException if there is no such map, it is per-CPU, or the codec sizes differ
     *     (the message names the map and both sizes)
     * @throws IllegalStateException if the object is closed
     */
    public <K, V> BpfMap<K, V> map(String mapName, Codec<K> keys, Codec<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return core.guard.call(() -> new BpfMap<>(mapCore(mapName), keys, values));
    }

    /**
     * A typed handle on a per-CPU map.
     *
     * @param <K> the key type
     * @param <V> the type of one CPU's value
     * @param mapName the map's name
     * @param keys the key codec; its size must equal the map's key size
     * @param values the codec of one CPU's value; its size must equal the map's value size
     * @return the handle, owned by this object
     * @throws IllegalArgumentException if there is no such map, it is not per-CPU, or the codec sizes differ
     * @throws IllegalStateException if the object is closed
     */
    public <K, V> PerCpuMap<K, V> perCpuMap(String mapName, Codec<K> keys, Codec<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return core.guard.call(() -> new PerCpuMap<>(mapCore(mapName), keys, values));
    }

    private MapCore mapCore(String mapName) {
        MemorySegment m = core.mapPtr(mapName);
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
            return new MapCore(core.guard, fd, mapName, bpf_map_info.type(info), bpf_map_info.key_size(info),
                    bpf_map_info.value_size(info), bpf_map_info.max_entries(info), false);
        }
    }

    Guard guard() {
        return core.guard;
    }

    void register(Attachment a) {
        core.guard.checkOpen();
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
        core.guard.close(() -> {
            for (Attachment a : List.copyOf(attachments)) {
                try {
                    switch (a) {
                        case XdpAttachment x -> x.closeWithOwner();
                        case TcxAttachment x -> x.closeWithOwner();
                        case TcAttachment x -> x.closeWithOwner();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "detaching from BPF object '" + core.name + "' failed", e);
                }
            }
            attachments.clear();
            core.free();
        });
    }

    @Override
    public String toString() {
        return "BpfObject[" + core.name + (core.guard.isClosed() ? ", closed" : "") + "]";
    }
}
