package dev.blixt.internal.netns;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Optional;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;

/**
 * The one place that looks network interfaces up, in the calling thread's network namespace: by name,
 * by index, and by address. Each layer turns a miss into its own error.
 *
 * <p>Names resolve through {@code if_nametoindex(3)}, which sees every interface;
 * {@link NetworkInterface} lists only interfaces that have an IP address, so it misses one that is
 * down, has no address or has IPv6 disabled. Addresses, which only an interface with addresses has,
 * come from {@link NetworkInterface}.
 */
public final class NetInterfaces {
    private NetInterfaces() {}

    /**
     * Resolves an interface name.
     *
     * @param name the interface name
     * @return its index (positive), or the negated errno of the miss ({@code -ENODEV} when there is no
     *     such interface)
     * @throws IllegalArgumentException if {@code name} cannot be an interface name
     */
    public static int index(String name) {
        if (name.isEmpty() || name.length() >= libc_h.IF_NAMESIZE() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("invalid interface name '" + name + "' (1 to "
                    + (libc_h.IF_NAMESIZE() - 1) + " characters, no '/')");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int index = libc_h.if_nametoindex(state, arena.allocateFrom(name));
            if (index != 0) {
                return index;
            }
            int errno = libbpf_h.errno(state);
            return -(errno == 0 ? Errno.ENODEV : errno);
        }
    }

    /**
     * Names an interface.
     *
     * @param ifindex the interface index
     * @return its name, or empty when there is no such interface (any more)
     */
    public static Optional<String> name(int ifindex) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(libc_h.IF_NAMESIZE());
            MemorySegment r = libc_h.if_indextoname(libbpf_h.allocateErrnoState(arena), ifindex, buf);
            return r.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(buf.getString(0));
        }
    }

    /**
     * Finds the interface that holds an address.
     *
     * @param address the address
     * @return the interface's name, or empty if none of this namespace's interfaces has the address
     * @throws SocketException if the interfaces cannot be listed
     */
    public static Optional<String> holding(InetAddress address) throws SocketException {
        byte[] wanted = address.getAddress();
        Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
        while (all.hasMoreElements()) {
            NetworkInterface ni = all.nextElement();
            Enumeration<InetAddress> addresses = ni.getInetAddresses();
            while (addresses.hasMoreElements()) {
                // compare the bytes: a link-local IPv6 address carries its scope in equals()
                if (Arrays.equals(addresses.nextElement().getAddress(), wanted)) {
                    return Optional.of(ni.getName());
                }
            }
        }
        return Optional.empty();
    }
}
