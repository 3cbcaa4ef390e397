package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.netns.NetInterfaces;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Network interface lookups in the calling thread's network namespace. */
final class Interfaces {
    private Interfaces() {}

    /**
     * Checks a list of interface names (for configuration): at least one, each a valid Linux name
     * (1 to 15 characters, no slash or white space), none repeated.
     *
     * @return an immutable copy
     * @throws IllegalArgumentException if the list is empty, a name is invalid or repeated
     */
    static List<String> checkNames(List<String> names) {
        if (names.isEmpty()) throw new IllegalArgumentException("interfaces: give at least one name");
        for (String n : names) {
            if (n.isBlank() || n.length() > 15 || n.contains("/") || n.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("not a valid interface name: '" + n + "'");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("interfaces: a name is repeated in " + names);
        }
        return List.copyOf(names);
    }

    /** The interface's index; fails with a clear message when the interface does not exist. */
    static int requireExists(String name) {
        return requireExists(name, "DataplaneConfig.interfaces");
    }

    /** {@link #requireExists(String)}, the message naming {@code namedBy} as where the name came from. */
    static int requireExists(String name, String namedBy) {
        int index = NetInterfaces.index(name);
        if (index < 0) {
            throw new DataplaneException("network interface '" + name + "' does not exist in this network"
                    + " namespace (see 'ip link')" + (index == -Errno.ENODEV ? "" : " (" + Errno.name(-index) + ")")
                    + "; check " + namedBy);
        }
        return index;
    }

    /** The interface holding {@code address}, if one of this namespace's interfaces has it. */
    static Optional<String> holding(InetAddress address) {
        try {
            return NetInterfaces.holding(address);
        } catch (SocketException e) {
            throw new DataplaneException("cannot list the network interfaces: " + e.getMessage(), e);
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
