package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;

/** Small helpers over the bindings. */
final class Native {

    private Native() {
    }

    static void closeFd(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            libc_h.close(libbpf_h.allocateErrnoState(arena), fd);
        }
    }

    static String mapTypeName(int type) {
        String s = libbpf_h.string(libbpf_h.libbpf_bpf_map_type_str(type));
        return s != null ? s : "unknown(" + type + ")";
    }

    static String progTypeName(int type) {
        String s = libbpf_h.string(libbpf_h.libbpf_bpf_prog_type_str(type));
        return s != null ? s : "unknown(" + type + ")";
    }

    static String hex(MemorySegment bytes) {
        return "0x" + HexFormat.of().formatHex(bytes.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * Resolves an interface name in the calling thread's network namespace.
     *
     * @throws BpfException with ENODEV if there is no such interface
     */
    static int ifindex(String ifname) {
        if (ifname.isEmpty() || ifname.length() >= libc_h.IF_NAMESIZE() || ifname.indexOf('/') >= 0) {
            throw new IllegalArgumentException("invalid interface name '" + ifname + "' (1 to "
                    + (libc_h.IF_NAMESIZE() - 1) + " characters, no '/')");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int index = libc_h.if_nametoindex(state, arena.allocateFrom(ifname));
            if (index == 0) {
                int errno = libbpf_h.errno(state);
                throw new BpfException("resolving network interface '" + ifname + "'", errno == 0 ? Errno.ENODEV : errno,
                        "no interface named '" + ifname + "' in this network namespace (see 'ip link show')");
            }
            return index;
        }
    }

    /** The name of an interface, or "ifindex N" when it is gone. */
    static String ifname(int ifindex) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(libc_h.IF_NAMESIZE());
            MemorySegment r = libc_h.if_indextoname(libbpf_h.allocateErrnoState(arena), ifindex, buf);
            return r.equals(MemorySegment.NULL) ? "ifindex " + ifindex : buf.getString(0);
        }
    }

    static boolean isRoot() {
        return libc_h.geteuid() == 0;
    }
}
