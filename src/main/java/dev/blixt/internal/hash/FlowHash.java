package dev.blixt.internal.hash;

import java.net.InetAddress;

/**
 * The flow hash that picks a Maglev slot for a new flow. The eBPF data path computes the same function in
 * C, so it is defined here to the byte.
 *
 * <h2>Definition</h2>
 *
 * <p>Let {@code a} be the address length: 4 for IPv4, 16 for IPv6 (both addresses must be of the same
 * family). The hash input is the byte string {@code K} of length {@code L = 2a + 8} (16 bytes for IPv4,
 * 40 for IPv6):
 *
 * <table class="striped">
 *   <caption>Layout of the hashed bytes</caption>
 *   <thead><tr><th>bytes</th><th>content</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code [0, a)}</td><td>source address, network byte order (as on the wire)</td></tr>
 *     <tr><td>{@code [a, 2a)}</td><td>destination address, network byte order</td></tr>
 *     <tr><td>{@code 2a, 2a+1}</td><td>source port, big-endian (as on the wire)</td></tr>
 *     <tr><td>{@code 2a+2, 2a+3}</td><td>destination port, big-endian</td></tr>
 *     <tr><td>{@code 2a+4}</td><td>IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6)</td></tr>
 *     <tr><td>{@code 2a+5 .. 2a+7}</td><td>three zero bytes</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>and {@code hash = MurmurHash3_x86_32(K, L, seed)} (see {@link Murmur3}). Since {@code L} is a
 * multiple of 4 there is no tail: the hash is {@code L / 4} block rounds, each over the little-endian
 * 32-bit reading of four consecutive bytes of {@code K}, then {@code h ^= L} and {@code fmix32}. In C on
 * a little-endian machine (the {@code bpfel} target), that is exactly the reference function applied to
 * a zeroed {@code struct { __be32 src[a/4]; __be32 dst[a/4]; __be16 sport; __be16 dport; __u8 proto;
 * __u8 pad[3]; }}, or equivalently plain {@code __u32} loads of the network-order words.
 *
 * <p>The slot in a ring of {@code M} entries is {@link #slot(int, int) slot(hash, M)}: the hash taken
 * as an unsigned 32-bit value, modulo {@code M}.
 *
 * <p>Known answers (unsigned hexadecimal), also asserted by the tests:
 * <ul>
 *   <li>TCP {@code 192.0.2.1:40000 -> 203.0.113.10:80}: seed 0 gives {@code 0xeeaace18}, seed 42
 *       gives {@code 0x10187fe9};</li>
 *   <li>UDP {@code 192.0.2.1:65535 -> 203.0.113.10:53}, seed {@code 0x9747b28c}: {@code 0x612cad5b};</li>
 *   <li>TCP {@code [2001:db8::1]:12345 -> [2001:db8:1::10]:443}: seed 0 gives {@code 0xb0660e3d}, seed
 *       42 gives {@code 0x9d9679a4}.</li>
 * </ul>
 *
 * <p>Note: Java represents an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as an IPv4
 * {@link InetAddress}, so {@link #hash(InetAddress, InetAddress, int, int, int, int)} hashes it as
 * IPv4. Callers that must match IPv6 packets carrying such addresses use the {@code byte[]} overload
 * with the 16-byte form.
 */
public final class FlowHash {

    /** Length of the hashed byte string for IPv4 flows. */
    public static final int IPV4_KEY_LENGTH = 16;

    /** Length of the hashed byte string for IPv6 flows. */
    public static final int IPV6_KEY_LENGTH = 40;

    private FlowHash() {}

    /**
     * Hashes a flow given as {@link InetAddress}es.
     *
     * @param src the source address
     * @param dst the destination address, of the same family as {@code src}
     * @param srcPort the source port, 0 to 65535
     * @param dstPort the destination port, 0 to 65535
     * @param protocol the IP protocol number, 0 to 255
     * @param seed the hash seed, the same on every load balancer node
     * @return the flow hash as defined in the class documentation
     * @throws IllegalArgumentException if the families differ, or a port or the protocol is out of range
     */
    public static int hash(InetAddress src, InetAddress dst, int srcPort, int dstPort, int protocol, int seed) {
        return hash(src.getAddress(), dst.getAddress(), srcPort, dstPort, protocol, seed);
    }

    /**
     * Hashes a flow given as raw addresses, without allocating.
     *
     * @param src the source address in network byte order: 4 bytes (IPv4) or 16 bytes (IPv6)
     * @param dst the destination address in network byte order, of the same length as {@code src}
     * @param srcPort the source port, 0 to 65535
     * @param dstPort the destination port, 0 to 65535
     * @param protocol the IP protocol number, 0 to 255
     * @param seed the hash seed, the same on every load balancer node
     * @return the flow hash as defined in the class documentation
     * @throws IllegalArgumentException if an address is neither 4 nor 16 bytes long, the lengths differ,
     *     or a port or the protocol is out of range
     */
    public static int hash(byte[] src, byte[] dst, int srcPort, int dstPort, int protocol, int seed) {
        int a = src.length;
        if ((a != 4 && a != 16) || dst.length != a) {
            throw new IllegalArgumentException("source and destination addresses must both be IPv4 (4 bytes) or"
                    + " both IPv6 (16 bytes), got " + src.length + " and " + dst.length + " bytes");
        }
        checkPort("srcPort", srcPort);
        checkPort("dstPort", dstPort);
        if ((protocol & ~0xff) != 0) {
            throw new IllegalArgumentException("protocol must be 0..255, got " + protocol);
        }
        int h = seed;
        for (int i = 0; i < a; i += 4) {
            h = Murmur3.mixBlock(h, leWord(src, i));
        }
        for (int i = 0; i < a; i += 4) {
            h = Murmur3.mixBlock(h, leWord(dst, i));
        }
        // Bytes sp_hi sp_lo dp_hi dp_lo read little-endian.
        h = Murmur3.mixBlock(h, Integer.reverseBytes(srcPort << 16 | dstPort));
        // Bytes proto 0 0 0 read little-endian.
        h = Murmur3.mixBlock(h, protocol);
        return Murmur3.finish(h, 2 * a + 8);
    }

    /**
     * Maps a flow hash to a slot of a Maglev ring: the hash as an unsigned 32-bit value modulo
     * {@code ringSize}.
     *
     * @param hash a flow hash
     * @param ringSize the number of slots, at least 1
     * @return the slot, in {@code [0, ringSize)}
     * @throws IllegalArgumentException if {@code ringSize < 1}
     */
    public static int slot(int hash, int ringSize) {
        if (ringSize < 1) {
            throw new IllegalArgumentException("ringSize must be at least 1, got " + ringSize);
        }
        return Integer.remainderUnsigned(hash, ringSize);
    }

    private static int leWord(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static void checkPort(String name, int port) {
        if ((port & ~0xffff) != 0) {
            throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
        }
    }
}
