package dev.blixt;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A backend of a VIP: where the data plane sends a flow, and its relative weight.
 *
 * <p>A backend is identified by its address and port; the weight is an attribute (two
 * backends with the same address and port in one route are a duplicate, whatever their
 * weights). Weight 0 keeps the backend's existing flows but gives it no new ones (draining).
 *
 * {@snippet class=dev.blixt.Snippets region=backend}
 *
 * @param address the backend address; its family must match the VIP's
 * @param port the destination port, 1..65535, or 0 to keep the packet's destination port
 * @param weight the relative weight, 0..65535
 */
public record Backend(InetAddress address, int port, int weight) {
    /** The largest weight. */
    public static final int MAX_WEIGHT = 65535;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the port or the weight is out of range
     */
    public Backend {
        Objects.requireNonNull(address, "address");
        Addresses.checkPort(port, "backend");
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("backend weight must be 0.." + MAX_WEIGHT + ", got " + weight
                    + " for " + Addresses.format(address, port));
        }
    }

    /**
     * A backend with weight 1.
     *
     * @param address an IPv4 or IPv6 literal (no DNS lookup is made)
     * @param port the port, 0..65535
     * @return the backend
     * @throws IllegalArgumentException if the address is not a literal or the port is out of range
     */
    public static Backend of(String address, int port) {
        return new Backend(Addresses.parse(address, "backend address"), port, 1);
    }

    /**
     * A backend with weight 1.
     *
     * @param address the address
     * @param port the port, 0..65535
     * @return the backend
     * @throws IllegalArgumentException if the port is out of range
     */
    public static Backend of(InetAddress address, int port) {
        return new Backend(address, port, 1);
    }

    /**
     * This backend with another weight.
     *
     * @param weight the relative weight, 0..65535 (0: no new flows)
     * @return a copy with the weight
     * @throws IllegalArgumentException if the weight is out of range
     */
    public Backend weight(int weight) {
        return new Backend(address, port, weight);
    }

    /**
     * The backend's identity: its address and port, as "198.18.1.2:8080" or "[2001:db8::2]:8080".
     *
     * @return the canonical key
     */
    public String key() {
        return Addresses.format(address, port);
    }

    /**
     * The backend's address and port, without its weight: the key of its counters in
     * {@link Dataplane#backendStats(Vip)}.
     *
     * @return the endpoint
     */
    public Endpoint endpoint() {
        return new Endpoint(address, port);
    }

    @Override
    public String toString() {
        return key() + (weight == 1 ? "" : " weight " + weight);
    }
}
