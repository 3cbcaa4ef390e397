package dev.blixt.examples.grpc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address conversions: Blixt's wire form of IPv4 (the big-endian number of the dotted quad) and
 * text (literals only, never a DNS lookup; IPv6 printed in the RFC 5952 form).
 */
public final class Addresses {
    private Addresses() {}

    /**
     * The IPv4 address whose big-endian number is {@code wire}: a.b.c.d = a&lt;&lt;24 | b&lt;&lt;16 | c&lt;&lt;8 | d.
     *
     * @param wire the uint32 from the wire, as an int
     * @return the address
     */
    public static Inet4Address fromWire(int wire) {
        byte[] b = {(byte) (wire >>> 24), (byte) (wire >>> 16), (byte) (wire >>> 8), (byte) wire};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    /**
     * The wire number of an IPv4 address.
     *
     * @param address an IPv4 address
     * @return a&lt;&lt;24 | b&lt;&lt;16 | c&lt;&lt;8 | d as an int (read it unsigned)
     * @throws IllegalArgumentException if the address is not IPv4
     */
    public static int toWire(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(text(address) + " is not an IPv4 address: Blixt's API carries IPv4 only");
        }
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /**
     * The dotted quad of a wire number.
     *
     * @param wire the uint32 from the wire, as an int
     * @return "a.b.c.d"
     */
    public static String wireText(int wire) {
        return (wire >>> 24) + "." + (wire >>> 16 & 0xff) + "." + (wire >>> 8 & 0xff) + "." + (wire & 0xff);
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @param literal the text
     * @param what what the value is, for the error message (e.g. "vip.address")
     * @return the address
     * @throws IllegalArgumentException naming {@code what} and the value if it is not a literal
     */
    public static InetAddress parse(String literal, String what) {
        String s = literal.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + literal + "' is not an IPv4 or IPv6 literal", e);
        }
    }

    /**
     * An address as text: dotted quad, or IPv6 in the RFC 5952 form (lower case, the longest run of
     * two or more zero groups as "::").
     *
     * @param address the address
     * @return its text
     */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * An address and port as text: "a.b.c.d:port" or "[v6]:port".
     *
     * @param address the address
     * @param port the port
     * @return the text
     */
    public static String text(InetAddress address, int port) {
        String host = text(address);
        return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    }
}
