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
     * @param z what the data plane was configured with (encapsulation sources, full-NAT addresses)
     * @throws IllegalArgumentException if it is invalid
     */
    static void validate(Vip vip, List<Backend> wanted, ForwardingMode mode, RouteState.Sizing z) {
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
                if (b4 ? !z.encapV4() : !z.encapV6()) {
                    throw new IllegalArgumentException(mode + " to the IPv" + (b4 ? "4" : "6") + " backend " + b.key()
                            + " needs an IPv" + (b4 ? "4" : "6") + " source for the outer header: set"
                            + " DataplaneConfig.Builder.encapsulationSources(\"" + (b4 ? "10.255.0.0/16" : "fd00:ffff::/64")
                            + "\") (a prefix the backends accept packets from)");
                }
            } else if (b4 != vip4) {
                throw new IllegalArgumentException("backend " + b.key() + " is not of the address family of " + vip);
            } else if (mode == ForwardingMode.FULL_NAT && (b4 ? !z.fullNatV4() : !z.fullNatV6())) {
                throw new IllegalArgumentException(mode + " to the IPv" + (b4 ? "4" : "6") + " backend " + b.key()
                        + " needs an IPv" + (b4 ? "4" : "6") + " full-NAT address for the rewritten source: set"
                        + " DataplaneConfig.Builder.fullNatAddresses(\"" + (b4 ? "198.51.100.1" : "2001:db8:ffff::1")
                        + "\") (an address of this host that the backends route back to it)");
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
