package dev.blixt.internal.datapath;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ENCAP} load-time constant ({@code struct encap_cfg}): the outer source prefixes of DSR
 * packets and the GUE port.
 *
 * @param prefix4 the IPv4 outer source prefix, or null
 * @param length4 its prefix length
 * @param prefix6 the IPv6 outer source prefix, or null
 * @param length6 its prefix length
 * @param guePort the UDP destination port of GUE
 */
public record EncapConfig(@Nullable InetAddress prefix4, int length4, @Nullable InetAddress prefix6, int length6,
        int guePort) {
    /** The GUE port when none is configured. */
    public static final int DEFAULT_GUE_PORT = 6080;
    /** No encapsulation source: DSR routes are refused. */
    public static final EncapConfig NONE = new EncapConfig(null, 0, null, 0, DEFAULT_GUE_PORT);

    /**
     * The configuration of parsed prefixes, at most one per family.
     *
     * @param prefixes the prefixes
     * @param guePort the GUE port
     * @return the configuration
     */
    public static EncapConfig of(java.util.List<Prefix> prefixes, int guePort) {
        Prefix p4 = null, p6 = null;
        for (Prefix p : prefixes) {
            if (p.isV4()) p4 = p;
            else p6 = p;
        }
        return new EncapConfig(p4 != null ? p4.address() : null, p4 != null ? p4.length() : 0,
                p6 != null ? p6.address() : null, p6 != null ? p6.length() : 0, guePort);
    }

    /**
     * Parses the encapsulation sources of a configuration: at most one prefix per family.
     *
     * @param cidrs the prefixes
     * @return them parsed
     * @throws IllegalArgumentException if one is malformed or two are of one family
     */
    public static java.util.List<Prefix> parseSources(String... cidrs) {
        java.util.List<Prefix> parsed = new java.util.ArrayList<>();
        for (String c : cidrs) {
            Prefix p = parse(java.util.Objects.requireNonNull(c, "cidr"));
            if (parsed.stream().anyMatch(q -> q.isV4() == p.isV4())) {
                throw new IllegalArgumentException("two encapsulation sources of one family: " + java.util.List.of(cidrs));
            }
            parsed.add(p);
        }
        return java.util.List.copyOf(parsed);
    }

    /**
     * Checks a GUE port setting (the data plane's and the decapsulator's).
     *
     * @param port the port
     * @return the port
     * @throws IllegalArgumentException if it is not 1..65535
     */
    public static int checkGuePort(int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("guePort must be 1..65535, got " + port);
        return port;
    }

    /** {@return whether DSR can encapsulate in IPv4} */
    public boolean has4() {
        return prefix4 != null;
    }

    /** {@return whether DSR can encapsulate in IPv6} */
    public boolean has6() {
        return prefix6 != null;
    }

    /**
     * Parses a prefix such as {@code 10.255.0.0/16} or {@code fd00:ffff::/96} (a plain address is a /32
     * or /128).
     *
     * @param cidr the prefix
     * @return its address (host bits cleared) and length
     * @throws IllegalArgumentException if it is not a unicast prefix
     */
    public static Prefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(host); // a literal only: never a name lookup
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP prefix such as 10.255.0.0/16 or fd00:ffff::/96: '" + cidr
                    + "'", e);
        }
        int bits = a instanceof Inet4Address ? 32 : 128;
        int len;
        try {
            len = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP prefix: '" + cidr + "'", e);
        }
        if (len < 1 || len > bits) {
            throw new IllegalArgumentException("prefix length of '" + cidr + "' must be 1.." + bits);
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || a.isLoopbackAddress()) {
            throw new IllegalArgumentException("'" + cidr + "' is not a unicast prefix");
        }
        byte[] b = a.getAddress();
        for (int i = len; i < bits; i++) b[i / 8] &= (byte) ~(0x80 >>> (i % 8));
        try {
            return new Prefix(InetAddress.getByAddress(b), len);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A parsed prefix.
     *
     * @param address the address, host bits zero
     * @param length the prefix length
     */
    public record Prefix(InetAddress address, int length) {
        /** {@return whether it is an IPv4 prefix} */
        public boolean isV4() {
            return address instanceof Inet4Address;
        }

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + length;
        }
    }

    /** {@return the bytes of {@code struct encap_cfg}} */
    public byte[] encode() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Layouts.ENCAP_CFG);
            if (prefix4 != null) {
                MemorySegment.copy(prefix4.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 0, 4);
                s.set(ValueLayout.JAVA_INT, 4, (int) ((1L << (32 - length4)) - 1));
                s.set(ValueLayout.JAVA_BYTE, 30, (byte) 1);
            }
            if (prefix6 != null) {
                MemorySegment.copy(prefix6.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 8, 16);
                // Only the last word varies: up to 32 host bits.
                s.set(ValueLayout.JAVA_INT, 24, (int) ((1L << Math.min(32, 128 - length6)) - 1));
                s.set(ValueLayout.JAVA_BYTE, 31, (byte) 1);
            }
            s.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 28, (short) guePort);
            return s.toArray(ValueLayout.JAVA_BYTE);
        }
    }
}
