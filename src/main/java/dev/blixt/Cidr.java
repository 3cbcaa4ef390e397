package dev.blixt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix: an address and a prefix length, with its host bits zero.
 *
 * <p>{@code Cidr.parse("10.0.0.0/8")}, {@code Cidr.parse("2001:db8::/32")}; an address without a length
 * is a host prefix ({@code /32}, {@code /128}). Host bits are cleared: {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 *
 * @param address the network address (host bits zero)
 * @param prefixLength the prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(InetAddress address, int prefixLength) {
    /**
     * Validates and clears the host bits.
     *
     * @throws IllegalArgumentException if the length does not fit the family
     */
    public Cidr {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length of " + address.getHostAddress() + " must be 0 to " + bits
                    + ", got " + prefixLength);
        }
        address = masked(address, prefixLength);
    }

    /**
     * Parses {@code address/length} or a bare address (a host prefix). Only literals: never a name lookup.
     *
     * @param cidr the prefix, e.g. {@code 192.0.2.0/24}, {@code 2001:db8::/48}, {@code 198.51.100.7}
     * @return the prefix
     * @throws IllegalArgumentException if it is not an IP literal with an optional length that fits
     */
    public static Cidr parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(addr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a prefix (address/length, e.g. 10.0.0.0/8 or 2001:db8::/32): \""
                    + cidr + "\"", e);
        }
        int bits = a.getAddress().length * 8;
        if (slash < 0) return new Cidr(a, bits);
        String len = s.substring(slash + 1);
        if (!len.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("not a prefix length in \"" + cidr + "\": expected 0 to " + bits);
        }
        return new Cidr(a, Integer.parseInt(len));
    }

    /** {@return whether this is an IPv6 prefix} */
    public boolean isIpv6() {
        return address.getAddress().length == 16;
    }

    /**
     * Whether an address lies in this prefix (an address of the other family never does).
     *
     * @param a the address
     * @return true if its first {@link #prefixLength()} bits are this prefix's
     */
    public boolean contains(InetAddress a) {
        byte[] x = a.getAddress();
        byte[] p = address.getAddress();
        if (x.length != p.length) return false;
        for (int bit = 0; bit < prefixLength; bit += 8) {
            int take = Math.min(8, prefixLength - bit);
            int mask = (0xff << (8 - take)) & 0xff;
            if (((x[bit / 8] ^ p[bit / 8]) & mask) != 0) return false;
        }
        return true;
    }

    /**
     * Whether another prefix lies within this one (equal prefixes included).
     *
     * @param other the other prefix
     * @return true if every address of {@code other} is in this prefix
     */
    public boolean covers(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.address);
    }

    private static InetAddress masked(InetAddress a, int len) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.clamp(len - i * 8, 0, 8);
            b[i] &= (byte) ((0xff << (8 - keep)) & 0xff);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The prefix as {@code address/length}, IPv6 in its short form (RFC 5952: the longest run of zero groups as {@code ::}). */
    @Override
    public String toString() {
        return text(address) + "/" + prefixLength;
    }

    private static String text(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) return a.getHostAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
