package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;
import dev.blixt.internal.netns.NetInterfaces;

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
        int index = NetInterfaces.index(ifname);
        if (index < 0) {
            throw new BpfException("resolving network interface '" + ifname + "'", -index,
                    "no interface named '" + ifname + "' in this network namespace (see 'ip link show')");
        }
        return index;
    }

    /** The name of an interface, or "ifindex N" when it is gone. */
    static String ifname(int ifindex) {
        return NetInterfaces.name(ifindex).orElse("ifindex " + ifindex);
    }

    static boolean isRoot() {
        return libc_h.geteuid() == 0;
    }
}
