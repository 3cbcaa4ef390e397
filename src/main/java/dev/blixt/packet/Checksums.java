package dev.blixt.packet;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Internet checksums (RFC 1071), always computed from scratch over the bytes given.
 *
 * <p>These are full recomputations on purpose: they serve as the reference against which the data
 * plane's incremental updates (RFC 1624) are checked, so they share no code with them. Every method
 * that computes a checksum to store treats the checksum field itself as zero, so it can be called on a
 * packet whose field already holds a value.
 *
 * <p>Example, checking a TCP segment of an IPv4 packet by hand:
 * {@snippet :
 * int expected = Checksums.transport(src, dst, Packet.TCP, ip, l4Offset, ip.length - l4Offset);
 * }
 */
public final class Checksums {
    /** Offset of the checksum field in the TCP header. */
    static final int TCP_CHECKSUM = 16;

    /** Offset of the checksum field in the UDP header. */
    static final int UDP_CHECKSUM = 6;

    /** Offset of the checksum field in the ICMP and ICMPv6 headers. */
    static final int ICMP_CHECKSUM = 2;

    /** Offset of the checksum field in the IPv4 header. */
    static final int IPV4_CHECKSUM = 10;

    private Checksums() {}

    /**
     * Returns the ones'-complement sum of the bytes taken as big-endian 16-bit words (an odd last byte
     * is padded with a zero byte), folded to 16 bits and not complemented.
     *
     * @param data the bytes
     * @param offset where to start
     * @param length how many bytes to add
     * @return the folded sum, 0 to 0xffff
     * @throws IndexOutOfBoundsException if the range is outside {@code data}
     */
    public static int sum(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long acc = 0;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (data[i] & 0xff) << 8;
        }
        return fold(acc);
    }

    /**
     * Adds two 16-bit values in ones'-complement arithmetic (with end-around carry).
     *
     * @param a a 16-bit value or folded sum
     * @param b another
     * @return the folded sum, 0 to 0xffff
     */
    public static int add(int a, int b) {
        return fold((a & 0xffffL) + (b & 0xffffL));
    }

    /**
     * Computes the IPv4 header checksum to store in the header at {@code offset}, whose length is taken
     * from its IHL field.
     *
     * @param data the bytes holding the header
     * @param offset where the IPv4 header starts
     * @return the checksum, 0 to 0xffff
     * @throws IllegalArgumentException if the IHL is below 5
     * @throws IndexOutOfBoundsException if the header is not entirely inside {@code data}
     */
    public static int ipv4Header(byte[] data, int offset) {
        Objects.checkIndex(offset, data.length);
        int headerLength = (data[offset] & 0x0f) * 4;
        if (headerLength < 20) {
            throw new IllegalArgumentException("IPv4 IHL must be at least 5: " + headerLength / 4);
        }
        return 0xffff & ~sumSkipping(data, offset, headerLength, IPV4_CHECKSUM, 0);
    }

    /**
     * Returns the folded ones'-complement sum of the pseudo-header of RFC 9293 (IPv4) or RFC 8200
     * section 8.1 (IPv6).
     *
     * @param src the source address
     * @param dst the destination address, of the same family
     * @param protocol the upper-layer protocol number (6, 17 or 58)
     * @param length the upper-layer packet length (the TCP segment, UDP datagram or ICMPv6 message)
     * @return the folded sum, 0 to 0xffff
     * @throws IllegalArgumentException if the addresses are of different families
     */
    public static int pseudoHeaderSum(InetAddress src, InetAddress dst, int protocol, int length) {
        return pseudoHeaderSum(src.getAddress(), dst.getAddress(), protocol, length);
    }

    /**
     * Computes the checksum to store in a TCP segment, a UDP datagram or an ICMPv6 message, over the
     * pseudo-header and the bytes given. A UDP result of 0 is returned as 0xffff, since 0 means "no
     * checksum" in UDP.
     *
     * @param src the source address of the IP packet
     * @param dst the destination address, of the same family
     * @param protocol {@link Packet#TCP}, {@link Packet#UDP} or {@link Packet#ICMPV6}
     * @param data the bytes holding the segment
     * @param offset where the segment (its header) starts
     * @param length the segment length, header included
     * @return the checksum, 0 to 0xffff
     * @throws IllegalArgumentException if the protocol is not one of those three (ICMPv4 has no
     *     pseudo-header: use {@link #icmpv4}), if the addresses differ in family, or if {@code length}
     *     is shorter than the header's checksum field
     * @throws IndexOutOfBoundsException if the segment is not entirely inside {@code data}
     */
    public static int transport(InetAddress src, InetAddress dst, int protocol, byte[] data, int offset, int length) {
        return transport(src.getAddress(), dst.getAddress(), protocol, data, offset, length);
    }

    /**
     * Computes the ICMPv4 checksum to store, over the whole ICMP message (RFC 792; no pseudo-header).
     *
     * @param data the bytes holding the message
     * @param offset where the ICMP header starts
     * @param length the message length, header included
     * @return the checksum, 0 to 0xffff
     * @throws IllegalArgumentException if {@code length} is below 4
     * @throws IndexOutOfBoundsException if the message is not entirely inside {@code data}
     */
    public static int icmpv4(byte[] data, int offset, int length) {
        return 0xffff & ~sumSkipping(data, offset, length, ICMP_CHECKSUM, 0);
    }

    static int transport(byte[] src, byte[] dst, int protocol, byte[] data, int offset, int length) {
        int checksum = 0xffff & ~transportSum(src, dst, protocol, data, offset, length);
        return protocol == Packet.UDP && checksum == 0 ? 0xffff : checksum;
    }

    /** The folded sum over pseudo-header and segment, without the checksum field. */
    static int transportSum(byte[] src, byte[] dst, int protocol, byte[] data, int offset, int length) {
        int field = switch (protocol) {
            case Packet.TCP -> TCP_CHECKSUM;
            case Packet.UDP -> UDP_CHECKSUM;
            case Packet.ICMPV6 -> ICMP_CHECKSUM;
            default -> throw new IllegalArgumentException(
                    "no pseudo-header checksum for protocol " + protocol + " (TCP 6, UDP 17, ICMPv6 58)");
        };
        return sumSkipping(data, offset, length, field, pseudoHeaderSum(src, dst, protocol, length));
    }

    static int pseudoHeaderSum(byte[] src, byte[] dst, int protocol, int length) {
        if (src.length != dst.length || (src.length != 4 && src.length != 16)) {
            throw new IllegalArgumentException(
                    "source and destination must both be IPv4 or both IPv6: " + src.length + " and " + dst.length + " bytes");
        }
        long acc = sum(src, 0, src.length) + sum(dst, 0, dst.length) + (protocol & 0xff);
        acc += src.length == 4 ? (length & 0xffff) : ((length >>> 16) & 0xffff) + (length & 0xffff);
        return fold(acc);
    }

    /** Sum over [offset, offset+length) without the 16-bit field at offset+field (an even offset). */
    static int sumSkipping(byte[] data, int offset, int length, int field, int initial) {
        if (length < field + 2) {
            throw new IllegalArgumentException("too short to hold a checksum at +" + field + ": " + length + " bytes");
        }
        Objects.checkFromIndexSize(offset, length, data.length);
        long acc = (long) initial + sum(data, offset, field) + sum(data, offset + field + 2, length - field - 2);
        return fold(acc);
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }
}
