package dev.blixt.packet;

import java.util.HexFormat;

/**
 * Entry point for building and parsing packets, with the IP protocol numbers and hex-dump helpers for
 * test messages.
 *
 * <p>Example: build a TCP SYN, parse it back, and check its checksums.
 * {@snippet :
 * byte[] frame = Packet.builder().ipv4("198.51.100.7", "203.0.113.10").tcp(40000, 80).syn().build();
 * ParsedPacket p = Packet.parse(frame);
 * assert p.dstPort() == 80 && p.hasFlag(TcpFlag.SYN) && p.checksumsValid();
 * }
 */
public final class Packet {
    /** IP protocol number of ICMP. */
    public static final int ICMP = 1;
    /** IP protocol number of IPv4 encapsulated in IP (IP-in-IP). */
    public static final int IPIP = 4;
    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;
    /** IP protocol number of IPv6 encapsulated in IP. */
    public static final int IPV6_IN_IP = 41;
    /** IPv6 next-header value of the Fragment extension header. */
    public static final int IPV6_FRAGMENT = 44;
    /** IP protocol number (IPv6 next header) of ICMPv6. */
    public static final int ICMPV6 = 58;

    private static final HexFormat HEX = HexFormat.of();

    private Packet() {}

    /**
     * Starts building a packet.
     *
     * @return a builder with the defaults described in {@link PacketBuilder}
     */
    public static PacketBuilder builder() {
        return PacketBuilder.create();
    }

    /**
     * Parses an Ethernet frame (with at most one 802.1Q tag). A frame whose EtherType is neither IPv4
     * nor IPv6 parses as Ethernet only. Bytes after the IP packet (Ethernet padding) are ignored.
     *
     * @param frame the frame, from its destination MAC address on (copied)
     * @return the parsed frame, with its checksums verified
     * @throws MalformedPacketException if a header is truncated or inconsistent
     */
    public static ParsedPacket parse(byte[] frame) {
        return ParsedPacket.parseFrame(frame);
    }

    /**
     * Parses a bare IPv4 or IPv6 packet, without Ethernet. Bytes after the IP packet are ignored.
     *
     * @param packet the packet, from its IP header on (copied)
     * @return the parsed packet, with its checksums verified
     * @throws MalformedPacketException if a header is truncated or inconsistent
     */
    public static ParsedPacket parseIp(byte[] packet) {
        return ParsedPacket.parseIp(packet);
    }

    /**
     * Formats bytes as a hex dump, 16 bytes a line, each line starting with its offset in hex.
     *
     * @param bytes the bytes
     * @return for instance {@code "0000  45 00 00 1c 00 00 40 00  40 11 ..."}, lines separated by
     *     {@code \n}
     */
    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < bytes.length; line += 16) {
            sb.append(line == 0 ? "" : "\n").append(String.format("%04x ", line));
            for (int i = line; i < Math.min(line + 16, bytes.length); i++) {
                sb.append(i % 16 == 8 ? "  " : " ").append(HEX.toHexDigits(bytes[i]));
            }
        }
        return sb.toString();
    }

    /**
     * Describes how two byte arrays differ, for assertion messages comparing frames.
     *
     * @param expected the expected bytes
     * @param actual the actual bytes
     * @return {@code "identical"}, or the first differing offset and both hex dumps
     */
    public static String diff(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        int at = 0;
        while (at < n && expected[at] == actual[at]) {
            at++;
        }
        if (at == n && expected.length == actual.length) {
            return "identical";
        }
        String where = at < n
                ? String.format("first difference at offset %d (0x%04x): expected %02x, actual %02x",
                        at, at, expected[at] & 0xff, actual[at] & 0xff)
                : "one is a prefix of the other";
        return where + "; lengths " + expected.length + " and " + actual.length
                + "\nexpected:\n" + hex(expected) + "\nactual:\n" + hex(actual);
    }
}
