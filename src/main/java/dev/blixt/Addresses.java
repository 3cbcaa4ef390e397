package dev.blixt;

import java.net.InetAddress;

/** Parsing of address literals (never a DNS lookup). */
final class Addresses {
    private Addresses() {}

    static InetAddress parse(String literal, String what) {
        try {
            return InetAddress.ofLiteral(literal.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be an IPv4 or IPv6 literal, got '" + literal + "'", e);
        }
    }

    /** The interface of the calling thread's network namespace that has {@code address}, if any. */
    static java.util.Optional<String> ownerInterface(InetAddress address) throws java.net.SocketException {
        var all = java.net.NetworkInterface.getNetworkInterfaces();
        while (all.hasMoreElements()) {
            java.net.NetworkInterface ni = all.nextElement();
            var addrs = ni.getInetAddresses();
            while (addrs.hasMoreElements()) {
                InetAddress a = addrs.nextElement();
                // compare the bytes: a link-local IPv6 address carries its scope in equals()
                if (java.util.Arrays.equals(a.getAddress(), address.getAddress())) return java.util.Optional.of(ni.getName());
            }
        }
        return java.util.Optional.empty();
    }

    static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * Refuses an address that cannot be a VIP: traffic to it never reaches an interface's ingress
     * from the network (loopback, broadcast), or it names no single host (unspecified, multicast).
     */
    static void checkVipAddress(InetAddress address) {
        String why = null;
        if (address.isAnyLocalAddress()) why = "the unspecified address names no host";
        else if (address.isLoopbackAddress()) why = "a loopback address never arrives on an interface from the network";
        else if (address.isMulticastAddress()) why = "a multicast address is not one host's";
        else if (address instanceof java.net.Inet4Address && java.util.Arrays.equals(address.getAddress(),
                new byte[] {-1, -1, -1, -1})) why = "the broadcast address is not one host's";
        if (why != null) {
            throw new IllegalArgumentException(address.getHostAddress() + " cannot be a VIP address: " + why
                    + "; use a unicast address routed to the load balancer");
        }
    }

    static void checkPort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 0..65535, got " + port);
        }
    }
}
