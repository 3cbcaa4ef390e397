package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Network interface lookups in the calling thread's network namespace. */
final class Interfaces {
    private Interfaces() {}

    /**
     * The interface's index; fails with a clear message when the interface does not exist. Uses if_nametoindex(3), which
     * sees every interface: java.net.NetworkInterface only lists interfaces that have an IP
     * address, so it misses an interface that is down, has no address or has IPv6 disabled.
     */
    static int requireExists(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int index = libc_h.if_nametoindex(state, arena.allocateFrom(name));
            if (index == 0) {
                int errno = libbpf_h.errno(state);
                throw new DataplaneException("network interface '" + name + "' does not exist in this network"
                        + " namespace (see 'ip link')" + (errno == 0 || errno == Errno.ENODEV ? "" : " (" + Errno.name(errno) + ")")
                        + "; check DataplaneConfig.interfaces");
            }
            return index;
        }
    }

    /** The interface of the IPv4 default route (else the IPv6 one). */
    static String defaultRouteInterface() {
        Path net = Path.of("/proc/thread-self/net");
        try {
            List<String> v4 = Files.readAllLines(net.resolve("route"));
            for (String line : v4.subList(Math.min(1, v4.size()), v4.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000")) return f[0];
            }
            for (String line : Files.readAllLines(net.resolve("ipv6_route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 10 && f[0].equals("00000000000000000000000000000000") && f[1].equals("00")
                        && !f[9].equals("lo")) {
                    return f[9];
                }
            }
        } catch (IOException e) {
            throw new DataplaneException("cannot read the routing table to find the default interface ("
                    + e.getMessage() + "): name the interfaces with DataplaneConfig.Builder.interfaces", e);
        }
        throw new DataplaneException("there is no default route to pick an interface from:"
                + " name the interfaces with DataplaneConfig.Builder.interfaces");
    }
}
