package dev.blixt;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address and a port: what identifies a {@link Backend} within a route, whatever its weight.
 *
 * <p>Counters are keyed by the endpoint ({@link Dataplane#backendStats(Vip)}), so that they can be
 * looked up with a backend of any weight: {@code stats.get(backend.endpoint())}.
 *
 * @param address the address
 * @param port the port, 0..65535 (0: the packet's destination port is kept)
 */
public record Endpoint(InetAddress address, int port) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the port is out of range
     */
    public Endpoint {
        Objects.requireNonNull(address, "address");
        Addresses.checkPort(port, "endpoint");
    }

    /**
     * An endpoint from an address literal.
     *
     * @param address an IPv4 or IPv6 literal (no DNS lookup is made)
     * @param port the port, 0..65535
     * @return the endpoint
     * @throws IllegalArgumentException if the address is not a literal or the port is out of range
     */
    public static Endpoint of(String address, int port) {
        return new Endpoint(Addresses.parse(address, "endpoint address"), port);
    }

    /**
     * As "198.18.1.2:8080" or "[2001:db8::2]:8080", the same text as {@link Backend#key()}.
     *
     * @return the canonical text
     */
    @Override
    public String toString() {
        return Addresses.format(address, port);
    }
}
