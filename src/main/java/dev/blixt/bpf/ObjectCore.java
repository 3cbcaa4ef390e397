package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.blixt.internal.libbpf.libbpf_h;

/**
 * What an {@link OpenObject} and the {@link BpfObject} it loads share: libbpf's {@code bpf_object}, the arena
 * of its options, the guard of its lifetime, and the lookups by name. Owned by one of the two at a time.
 */
final class ObjectCore {

    final String name;
    final MemorySegment obj;
    final Guard guard;
    private final Arena arena;

    ObjectCore(String name, Arena arena, MemorySegment obj) {
        this.name = name;
        this.arena = arena;
        this.obj = obj;
        this.guard = new Guard(() -> "BPF object '" + name + "'");
    }

    MemorySegment mapPtr(String mapName) {
        Objects.requireNonNull(mapName, "map name");
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment m = libbpf_h.bpf_object__find_map_by_name(libbpf_h.allocateErrnoState(tmp), obj,
                    tmp.allocateFrom(mapName));
            if (m.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("BPF object '" + name + "' has no map named '" + mapName
                        + "'; its maps are " + maps().stream().map(MapInfo::name).toList());
            }
            return m;
        }
    }

    MemorySegment progPtr(String progName) {
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

    /** The programs in ELF order; call under the guard. */
    List<ProgramInfo> programs() {
        List<ProgramInfo> list = new ArrayList<>();
        MemorySegment p = MemorySegment.NULL;
        while (!(p = libbpf_h.bpf_object__next_program(obj, p)).equals(MemorySegment.NULL)) {
            list.add(BpfProgram.info(p));
        }
        return List.copyOf(list);
    }

    /** The maps in ELF order, internal ones included; call under the guard. */
    List<MapInfo> maps() {
        List<MapInfo> list = new ArrayList<>();
        MemorySegment m = MemorySegment.NULL;
        while (!(m = libbpf_h.bpf_object__next_map(obj, m)).equals(MemorySegment.NULL)) {
            list.add(mapInfo(m));
        }
        return List.copyOf(list);
    }

    static MapInfo mapInfo(MemorySegment m) {
        int type = libbpf_h.bpf_map__type(m);
        return new MapInfo(Objects.requireNonNull(libbpf_h.string(libbpf_h.bpf_map__name(m))), MapType.of(type),
                Native.mapTypeName(type), libbpf_h.bpf_map__key_size(m), libbpf_h.bpf_map__value_size(m),
                libbpf_h.bpf_map__max_entries(m));
    }

    /** Frees libbpf's object (its maps and programs; pins stay) and the arena; run inside {@link Guard#close}. */
    void free() {
        libbpf_h.bpf_object__close(obj);
        arena.close();
    }
}
