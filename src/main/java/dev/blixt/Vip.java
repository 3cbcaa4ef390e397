package dev.blixt;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual IP service: an address, a port and a protocol that the data plane balances.
 *
 * <p>Port 0 means every port of the address: the packet's destination port is kept, so the
 * backends of such a VIP must have port 0 as well.
 *
 * {@snippet class=dev.blixt.Snippets region=vip}
 *
 * @param address the VIP address (IPv4 or IPv6)
 * @param port the port, 0..65535 (0: all ports)
 * @param protocol TCP or UDP
 */
public record Vip(InetAddress address, int port, Protocol protocol) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the port is out of range, or the address is unspecified,
     *     loopback, multicast or the IPv4 broadcast address
     */
    public Vip {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        Addresses.checkPort(port, "VIP");
        Addresses.checkVipAddress(address);
    }

    /**
     * A TCP VIP.
     *
     * @param address an IPv4 or IPv6 literal (no DNS lookup is made)
     * @param port the port, 0..65535
     * @return the VIP
     * @throws IllegalArgumentException if the address is not a literal or cannot be a VIP (see the constructor), or the port is out of range
     */
    public static Vip tcp(String address, int port) {
        return new Vip(Addresses.parse(address, "VIP address"), port, Protocol.TCP);
    }

    /**
     * A UDP VIP.
     *
     * @param address an IPv4 or IPv6 literal (no DNS lookup is made)
     * @param port the port, 0..65535
     * @return the VIP
     * @throws IllegalArgumentException if the address is not a literal or cannot be a VIP (see the constructor), or the port is out of range
     */
    public static Vip udp(String address, int port) {
        return new Vip(Addresses.parse(address, "VIP address"), port, Protocol.UDP);
    }

    /**
     * A VIP from its parts.
     *
     * @param address the address
     * @param port the port, 0..65535
     * @param protocol TCP or UDP
     * @return the VIP
     * @throws IllegalArgumentException if the port is out of range or the address cannot be a VIP
     */
    public static Vip of(InetAddress address, int port, Protocol protocol) {
        return new Vip(address, port, protocol);
    }

    /**
     * Whether this is an IPv6 VIP.
     *
     * @return true for IPv6
     */
    public boolean isIpv6() {
        return !(address instanceof java.net.Inet4Address);
    }

    @Override
    public String toString() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + "://" + Addresses.format(address, port);
    }
}
