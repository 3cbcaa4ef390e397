package dev.blixt.internal.attach;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.bpf_link_info;
import dev.blixt.internal.libbpf.bpf_prog_info;
import dev.blixt.internal.libbpf.bpf_tc_opts;
import dev.blixt.internal.libbpf.bpf_xdp_query_opts;
import dev.blixt.internal.libbpf.TcHooks;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;

/**
 * What eBPF programs are attached to an interface's ingress — XDP (native, generic, offloaded), tcx
 * links, a legacy tc filter at a given handle and priority — by whom (the ids of the links, the processes
 * holding them), so that the data plane can tell its own attachments from another process's and from
 * foreign programs. Everything runs in the calling thread's network namespace.
 */
public final class Hooks {

    private static final int BPF_TCX_INGRESS = 46;
    private static final int LINK_TYPE_XDP = 6;
    private static final int LINK_TYPE_TCX = 11;
    private static final int MAX_PROGRAMS = 64;

    private Hooks() {
    }

    /** Where a program is attached. */
    public enum Kind {
        /** XDP in the driver. */
        XDP_NATIVE,
        /** XDP in the generic (skb) path. */
        XDP_GENERIC,
        /** XDP offloaded to the NIC. */
        XDP_OFFLOAD,
        /** A tcx link on ingress. */
        TCX,
        /** A legacy clsact ingress filter. */
        TC_FILTER
    }

    /**
     * One program attached to an interface.
     *
     * @param kind where
     * @param programId the program's id
     * @param programName the program's name (as the kernel keeps it: at most 15 characters)
     * @param linkId the id of the BPF link that attaches it, or 0 (netlink XDP, legacy tc filter)
     */
    public record Hooked(Kind kind, int programId, String programName, int linkId) {
    }

    /**
     * The programs attached to an interface's ingress.
     *
     * @param ifindex the interface
     * @param tcHandle the legacy tc filter handle to look at
     * @param tcPriority and its priority
     * @return what is attached, XDP first
     */
    public static List<Hooked> ingress(int ifindex, int tcHandle, int tcPriority) {
        List<Hooked> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = bpf_xdp_query_opts.allocate(arena);
            bpf_xdp_query_opts.sz(opts, bpf_xdp_query_opts.sizeof());
            if (libbpf_h.bpf_xdp_query(ifindex, 0, opts) == 0) {
                add(out, Kind.XDP_NATIVE, bpf_xdp_query_opts.drv_prog_id(opts), ifindex, LINK_TYPE_XDP);
                add(out, Kind.XDP_GENERIC, bpf_xdp_query_opts.skb_prog_id(opts), ifindex, LINK_TYPE_XDP);
                add(out, Kind.XDP_OFFLOAD, bpf_xdp_query_opts.hw_prog_id(opts), ifindex, LINK_TYPE_XDP);
            }
            MemorySegment ids = arena.allocate(ValueLayout.JAVA_INT, MAX_PROGRAMS);
            MemorySegment count = arena.allocateFrom(ValueLayout.JAVA_INT, MAX_PROGRAMS);
            if (libbpf_h.bpf_prog_query(ifindex, BPF_TCX_INGRESS, 0, MemorySegment.NULL, ids, count) == 0) {
                int n = Math.min(count.get(ValueLayout.JAVA_INT, 0), MAX_PROGRAMS);
                for (int i = 0; i < n; i++) {
                    add(out, Kind.TCX, ids.getAtIndex(ValueLayout.JAVA_INT, i), ifindex, LINK_TYPE_TCX);
                }
            }
            MemorySegment tc = TcHooks.opts(arena, tcHandle, tcPriority);
            int ret;
            // Without a clsact qdisc (the usual case) libbpf warns "Parent Qdisc doesn't exists": an
            // answer here, not a problem, so keep it at DEBUG.
            try (var quiet = dev.blixt.internal.libbpf.Libbpf.capture()) {
                ret = libbpf_h.bpf_tc_query(ingressHook(arena, ifindex), tc);
            }
            if (ret == 0) {
                int id = bpf_tc_opts.prog_id(tc);
                if (id != 0) {
                    out.add(new Hooked(Kind.TC_FILTER, id, programName(id), 0));
                }
            }
        }
        return out;
    }

    private static MemorySegment ingressHook(Arena arena, int ifindex) {
        return TcHooks.hook(arena, ifindex, libbpf_h.BPF_TC_INGRESS());
    }

    private static void add(List<Hooked> out, Kind kind, int programId, int ifindex, int linkType) {
        if (programId != 0) {
            out.add(new Hooked(kind, programId, programName(programId), linkOf(programId, ifindex, linkType)));
        }
    }

    /**
     * A program's name.
     *
     * @param programId the id
     * @return its name, or "" when it is gone
     */
    public static String programName(int programId) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = libbpf_h.bpf_prog_get_fd_by_id(programId);
            if (fd < 0) {
                return "";
            }
            try {
                MemorySegment info = bpf_prog_info.allocate(arena);
                MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_prog_info.sizeof());
                if (libbpf_h.bpf_obj_get_info_by_fd(fd, info, len) < 0) {
                    return "";
                }
                return cString(bpf_prog_info.name(info));
            } finally {
                close(arena, fd);
            }
        }
    }

    /** The id of the link of the given type that attaches a program to an interface, or 0. */
    private static int linkOf(int programId, int ifindex, int linkType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(ValueLayout.JAVA_INT);
            int id = 0;
            for (int guard = 0; guard < 1 << 16 && libbpf_h.bpf_link_get_next_id(id, next) == 0; guard++) {
                id = next.get(ValueLayout.JAVA_INT, 0);
                int fd = libbpf_h.bpf_link_get_fd_by_id(id);
                if (fd < 0) {
                    continue;
                }
                try {
                    MemorySegment info = bpf_link_info.allocate(arena);
                    MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_link_info.sizeof());
                    if (libbpf_h.bpf_obj_get_info_by_fd(fd, info, len) == 0 && bpf_link_info.type(info) == linkType
                            && bpf_link_info.prog_id(info) == programId
                            && bpf_link_info.xdp.ifindex(bpf_link_info.xdp(info)) == ifindex) {
                        return id;
                    }
                } finally {
                    close(arena, fd);
                }
            }
            return 0;
        }
    }

    /**
     * Detaches a link by id (as {@code bpftool link detach id N} does), whoever holds it.
     *
     * @param linkId the link
     * @return 0, or the negative errno
     */
    public static int detachLink(int linkId) {
        int fd = libbpf_h.bpf_link_get_fd_by_id(linkId);
        if (fd < 0) {
            return fd == -Errno.ENOENT ? 0 : fd;
        }
        try (Arena arena = Arena.ofConfined()) {
            try {
                return libbpf_h.bpf_link_detach(fd);
            } finally {
                close(arena, fd);
            }
        }
    }

    /**
     * Detaches the link pinned at {@code path} (whoever holds it), leaving the pin to its owner to remove.
     *
     * @param path the pin
     * @return 0 (also when it was detached already: its interface is gone), or the negative errno
     *     ({@code -ENOENT} when nothing is pinned there, {@code -EINVAL} when it is no link)
     */
    public static int detachPinnedLink(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = libbpf_h.bpf_obj_get(arena.allocateFrom(path.toString()));
            if (fd < 0) {
                return fd;
            }
            try {
                int ret = libbpf_h.bpf_link_detach(fd);
                return ret == -Errno.ENOLINK ? 0 : ret;
            } finally {
                close(arena, fd);
            }
        }
    }

    /**
     * The processes holding an fd on a link or program (as {@code bpftool}'s "pids" column), for error
     * messages: "pid 1234 (java)".
     *
     * @param linkId a link id, or 0
     * @param programId a program id, or 0
     * @return descriptions of the holders, empty when none is found (or /proc cannot be read)
     */
    public static List<String> holders(int linkId, int programId) {
        TreeSet<String> out = new TreeSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (holds(proc, linkId, programId)) {
                    out.add(describeProcess(proc));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.copyOf(out);
        }
        return List.copyOf(out);
    }

    private static boolean holds(Path proc, int linkId, int programId) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fdinfo"))) {
            for (Path fd : fds) {
                String info;
                try {
                    info = Files.readString(fd);
                } catch (IOException e) {
                    continue;
                }
                if (linkId != 0 && info.contains("link_id:\t" + linkId + "\n")) {
                    return true;
                }
                if (programId != 0 && info.contains("prog_id:\t" + programId + "\n") && !info.contains("link_id:")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * "pid N (comm)" of a /proc entry.
     *
     * @param proc a /proc/PID directory
     * @return its description
     */
    public static String describeProcess(Path proc) {
        String comm;
        try {
            comm = Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            comm = "?";
        }
        return "pid " + proc.getFileName() + " (" + comm + ")";
    }

    private static String cString(MemorySegment bytes) {
        int n = 0;
        while (n < bytes.byteSize() && bytes.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(bytes.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static void close(Arena arena, int fd) {
        libc_h.close(libbpf_h.allocateErrnoState(arena), fd);
    }

    /**
     * The ids of the maps a program uses: two programs that share a map belong to the same data plane
     * (an earlier incarnation of ours on pinned maps, say).
     *
     * @param programId the program
     * @return its map ids, empty when it is gone
     */
    public static java.util.Set<Integer> programMapIds(int programId) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (Arena arena = Arena.ofConfined()) {
            int fd = libbpf_h.bpf_prog_get_fd_by_id(programId);
            if (fd < 0) {
                return out;
            }
            try {
                MemorySegment ids = arena.allocate(ValueLayout.JAVA_INT, MAX_PROGRAMS);
                MemorySegment info = bpf_prog_info.allocate(arena);
                bpf_prog_info.nr_map_ids(info, MAX_PROGRAMS);
                bpf_prog_info.map_ids(info, ids.address());
                MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_prog_info.sizeof());
                if (libbpf_h.bpf_obj_get_info_by_fd(fd, info, len) == 0) {
                    int n = Math.min(bpf_prog_info.nr_map_ids(info), MAX_PROGRAMS);
                    for (int i = 0; i < n; i++) {
                        out.add(ids.getAtIndex(ValueLayout.JAVA_INT, i));
                    }
                }
            } finally {
                close(arena, fd);
            }
        }
        return out;
    }

    /**
     * Writes {@code value} into the high word of entry 0 of the map named {@code mapName} that a program
     * uses, keeping the low word (read, modify, write: the writer of the low word is the map's owner, which
     * checks the high word before each of its writes).
     *
     * @param programId the program whose map it is
     * @param mapName the map's name as the kernel reports it (up to 15 characters)
     * @param value the new high word
     * @return true when the map was found and written
     */
    public static boolean setHighWord(int programId, String mapName, int value) {
        for (int id : programMapIds(programId)) {
            try (Arena arena = Arena.ofConfined()) {
                int fd = libbpf_h.bpf_map_get_fd_by_id(id);
                if (fd < 0) continue;
                try {
                    MemorySegment info = dev.blixt.internal.libbpf.bpf_map_info.allocate(arena);
                    MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT,
                            (int) dev.blixt.internal.libbpf.bpf_map_info.sizeof());
                    if (libbpf_h.bpf_obj_get_info_by_fd(fd, info, len) != 0
                            || dev.blixt.internal.libbpf.bpf_map_info.value_size(info) != 8
                            || !cString(dev.blixt.internal.libbpf.bpf_map_info.name(info)).equals(mapName)) {
                        continue;
                    }
                    MemorySegment key = arena.allocateFrom(ValueLayout.JAVA_INT, 0);
                    MemorySegment value8 = arena.allocate(ValueLayout.JAVA_LONG);
                    if (libbpf_h.bpf_map_lookup_elem(fd, key, value8) != 0) return false;
                    value8.set(ValueLayout.JAVA_INT, 4, value);
                    return libbpf_h.bpf_map_update_elem(fd, key, value8, 0) == 0;
                } finally {
                    close(arena, fd);
                }
            }
        }
        return false;
    }

    /**
     * The id of a map pinned in bpffs.
     *
     * @param path the pin
     * @return the map id, or 0 when nothing (or no map) is pinned there
     */
    public static int pinnedMapId(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = libbpf_h.bpf_obj_get(arena.allocateFrom(path.toString()));
            if (fd < 0) {
                return 0;
            }
            try {
                MemorySegment info = dev.blixt.internal.libbpf.bpf_map_info.allocate(arena);
                MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT,
                        (int) dev.blixt.internal.libbpf.bpf_map_info.sizeof());
                return libbpf_h.bpf_obj_get_info_by_fd(fd, info, len) == 0
                        ? dev.blixt.internal.libbpf.bpf_map_info.id(info) : 0;
            } finally {
                close(arena, fd);
            }
        }
    }
    /**
     * Detaches one attached program found by {@link #ingress}: its link, its netlink XDP attachment or its
     * legacy tc filter.
     *
     * @param h what to detach
     * @param ifindex the interface
     * @param tcHandle the legacy filter's handle
     * @param tcPriority and priority
     * @return 0, or the negative errno
     */
    public static int detach(Hooked h, int ifindex, int tcHandle, int tcPriority) {
        if (h.linkId() != 0) {
            return detachLink(h.linkId());
        }
        try (Arena arena = Arena.ofConfined()) {
            return switch (h.kind()) {
                case TC_FILTER, TCX -> {
                    yield libbpf_h.bpf_tc_detach(ingressHook(arena, ifindex), TcHooks.opts(arena, tcHandle, tcPriority));
                }
                case XDP_NATIVE, XDP_GENERIC, XDP_OFFLOAD -> {
                    int flags = switch (h.kind()) {
                        case XDP_NATIVE -> libbpf_h.XDP_FLAGS_DRV_MODE();
                        case XDP_GENERIC -> libbpf_h.XDP_FLAGS_SKB_MODE();
                        default -> libbpf_h.XDP_FLAGS_HW_MODE();
                    };
                    MemorySegment opts = dev.blixt.internal.libbpf.bpf_xdp_attach_opts.allocate(arena);
                    dev.blixt.internal.libbpf.bpf_xdp_attach_opts.sz(opts,
                            dev.blixt.internal.libbpf.bpf_xdp_attach_opts.sizeof());
                    yield libbpf_h.bpf_xdp_detach(ifindex, flags, opts);
                }
            };
        }
    }
}
