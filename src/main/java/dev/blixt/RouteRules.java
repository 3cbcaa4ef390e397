package dev.blixt;

import java.net.Inet4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules a route must keep on its own, whatever the other routes (checked by {@link RoutePlanner}). */
final class RouteRules {
    private RouteRules() {}

    /**
     * Validates one route in its forwarding mode against the rules that do not depend on other routes.
     *
     * @param encapV4 whether an IPv4 encapsulation source is configured (DSR to IPv4 backends)
     * @param encapV6 whether an IPv6 one is (DSR to IPv6 backends)
     * @throws IllegalArgumentException if it is invalid
     */
    static void validate(Vip vip, List<Backend> wanted, ForwardingMode mode, boolean encapV4, boolean encapV6) {
        Set<String> seen = new HashSet<>();
        boolean vip4 = vip.address() instanceof Inet4Address;
        for (Backend b : wanted) {
            if (b == null) throw new IllegalArgumentException("null backend in route for " + vip);
            boolean b4 = b.address() instanceof Inet4Address;
            if (mode.isDsr()) {
                if (!vip4 && b4) {
                    throw new IllegalArgumentException("backend " + b.key() + " of the IPv6 VIP " + vip + " is IPv4: "
                            + mode + " carries IPv4 or IPv6 in IPv6 and IPv4 in IPv4, not IPv6 in IPv4");
                }
                if (b.port() != 0 && b.port() != vip.port()) {
                    throw new IllegalArgumentException("backend " + b.key() + " of " + vip + " has another port: " + mode
                            + " sends the packet unchanged, so a backend's port must be the VIP's (" + vip.port()
                            + ") or 0");
                }
                if (b4 ? !encapV4 : !encapV6) {
                    throw new IllegalArgumentException(mode + " to the IPv" + (b4 ? "4" : "6") + " backend " + b.key()
                            + " needs an IPv" + (b4 ? "4" : "6") + " source for the outer header: set"
                            + " DataplaneConfig.Builder.encapsulationSources(\"" + (b4 ? "10.255.0.0/16" : "fd00:ffff::/64")
                            + "\") (a prefix the backends accept packets from)");
                }
            } else if (b4 != vip4) {
                throw new IllegalArgumentException("backend " + b.key() + " is not of the address family of " + vip);
            }
            if (!seen.add(b.key())) throw new IllegalArgumentException("backend " + b.key() + " is listed twice for " + vip);
            if (vip.port() == 0 && b.port() != 0) {
                throw new IllegalArgumentException("backend " + b.key() + " of the all-ports VIP " + vip
                        + " must have port 0 (keep the packet's port)");
            }
            if (b.address().isAnyLocalAddress() || b.address().isMulticastAddress()) {
                throw new IllegalArgumentException("backend address " + b.key() + " is not a unicast address");
            }
        }
        if (vip.address().isAnyLocalAddress() || vip.address().isMulticastAddress()) {
            throw new IllegalArgumentException("VIP address of " + vip + " is not a unicast address");
        }
    }
}
