package dev.blixt.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import static dev.blixt.packet.PacketSpec.check;
import static dev.blixt.packet.PacketSpec.ipv6Bytes;

import dev.blixt.packet.PacketSpec.Icmp;
import dev.blixt.packet.PacketSpec.L4;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, fluent builder of Ethernet frames and bare IP packets with correct lengths and
 * checksums. Obtain one from {@link Packet#builder()}.
 *
 * <p>Every method returns a new builder and leaves this one unchanged, so a builder can serve as a
 * template for variants. A later call replaces what an earlier call set (except the TCP flag shortcuts
 * such as {@link #syn()}, which add a flag). Arguments are checked when given; combinations (an IPv4
 * option on an IPv6 packet, TCP flags on a UDP datagram) are checked by {@link #build()} and
 * {@link #buildIp()}, which throw {@link IllegalStateException} naming the conflict.
 *
 * <p>Defaults: source MAC {@code 02:00:00:00:00:01}, destination MAC {@code 02:00:00:00:00:02}, no
 * VLAN tag, TTL (hop limit) 64, TOS (traffic class) 0, identification 0, no flags, TCP window 65535,
 * sequence and acknowledgment numbers 0, empty payload, computed checksums.
 *
 * <p>Example:
 * {@snippet :
 * byte[] frame = Packet.builder()
 *         .ethernet(MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:02"))
 *         .vlan(100)
 *         .ipv4("198.51.100.7", "203.0.113.10")
 *         .tcp(40000, 80).syn().seq(1000)
 *         .build();
 * }
 *
 * <p>An ICMP error quotes a bare IP packet built with {@link #buildIp()}:
 * {@snippet :
 * byte[] original = Packet.builder().ipv4("203.0.113.10", "198.51.100.7").udp(53, 40000).buildIp();
 * byte[] error = Packet.builder().ipv4("192.0.2.1", "203.0.113.10")
 *         .icmpPortUnreachable(original).build();
 * }
 */
public final class PacketBuilder {
    private static final byte[] EMPTY = PacketSpec.EMPTY;

    private interface Change {
        void apply(PacketSpec s);
    }

    private final PacketSpec state;

    private PacketBuilder(PacketSpec state) {
        this.state = state;
    }

    static PacketBuilder create() {
        return new PacketBuilder(new PacketSpec());
    }

    private PacketBuilder with(Change change) {
        PacketSpec s = state.clone();
        change.apply(s);
        return new PacketBuilder(s);
    }

    // ---- Ethernet ----

    /**
     * Sets the Ethernet addresses.
     *
     * @param src the source MAC address
     * @param dst the destination MAC address
     * @return a new builder
     */
    public PacketBuilder ethernet(MacAddress src, MacAddress dst) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        return with(s -> {
            s.srcMac = src;
            s.dstMac = dst;
        });
    }

    /**
     * Adds one 802.1Q VLAN tag (TPID 0x8100, priority 0) with this VLAN id.
     *
     * @param id the VLAN id, 0 to 4095
     * @return a new builder
     * @throws IllegalArgumentException if {@code id} is out of range
     */
    public PacketBuilder vlan(int id) {
        check(id, 0, 4095, "VLAN id");
        return with(s -> s.vlan = id);
    }

    /**
     * Sets the EtherType explicitly. Without IP, the frame is the Ethernet header followed by the
     * {@linkplain #payload(byte[]) payload} (for instance an ARP frame); with IP, this overrides the
     * EtherType the IP version implies (for negative tests).
     *
     * @param etherType the EtherType, 0 to 0xffff
     * @return a new builder
     * @throws IllegalArgumentException if {@code etherType} is out of range
     */
    public PacketBuilder etherType(int etherType) {
        check(etherType, 0, 0xffff, "EtherType");
        return with(s -> s.etherType = etherType);
    }

    // ---- IP ----

    /**
     * Makes the packet IPv4.
     *
     * @param src the source address literal, for instance {@code "198.51.100.7"}
     * @param dst the destination address literal
     * @return a new builder
     * @throws IllegalArgumentException if an address is not an IPv4 literal
     */
    public PacketBuilder ipv4(String src, String dst) {
        return addresses(Inet4Address.ofLiteral(src).getAddress(), Inet4Address.ofLiteral(dst).getAddress());
    }

    /**
     * Makes the packet IPv6.
     *
     * @param src the source address literal, for instance {@code "2001:db8::7"}
     * @param dst the destination address literal
     * @return a new builder
     * @throws IllegalArgumentException if an address is not an IPv6 literal
     */
    public PacketBuilder ipv6(String src, String dst) {
        return addresses(ipv6Bytes(Inet6Address.ofLiteral(src)), ipv6Bytes(Inet6Address.ofLiteral(dst)));
    }

    /**
     * Makes the packet IPv4 or IPv6, according to the addresses' family.
     *
     * @param src the source address
     * @param dst the destination address, of the same family
     * @return a new builder
     * @throws IllegalArgumentException if the addresses are of different families
     */
    public PacketBuilder ip(InetAddress src, InetAddress dst) {
        if (src.getClass() != dst.getClass()) {
            throw new IllegalArgumentException("source " + src + " and destination " + dst + " must be of the same family");
        }
        return addresses(src.getAddress(), dst.getAddress());
    }

    private PacketBuilder addresses(byte[] src, byte[] dst) {
        return with(s -> {
            s.ipVersion = src.length == 4 ? 4 : 6;
            s.src = src;
            s.dst = dst;
        });
    }

    /**
     * Sets the IPv4 TTL or the IPv6 hop limit.
     *
     * @param ttl 0 to 255
     * @return a new builder
     * @throws IllegalArgumentException if {@code ttl} is out of range
     */
    public PacketBuilder ttl(int ttl) {
        check(ttl, 0, 255, "TTL");
        return with(s -> s.ttl = ttl);
    }

    /**
     * Sets the IPv4 type of service byte or the IPv6 traffic class (DSCP and ECN).
     *
     * @param tos 0 to 255
     * @return a new builder
     * @throws IllegalArgumentException if {@code tos} is out of range
     */
    public PacketBuilder tos(int tos) {
        check(tos, 0, 255, "TOS");
        return with(s -> s.tos = tos);
    }

    /**
     * Sets the IPv6 flow label (IPv6 only).
     *
     * @param flowLabel 0 to 0xfffff
     * @return a new builder
     * @throws IllegalArgumentException if {@code flowLabel} is out of range
     */
    public PacketBuilder flowLabel(int flowLabel) {
        check(flowLabel, 0, 0xfffff, "flow label");
        return with(s -> s.flowLabel = flowLabel);
    }

    /**
     * Sets the identification: the IPv4 header's (16 bits) or, for IPv6, the Fragment header's (32 bits,
     * used only with {@link #fragment}).
     *
     * @param id 0 to 0xffffffff (at most 0xffff for IPv4, checked when building)
     * @return a new builder
     * @throws IllegalArgumentException if {@code id} is out of range
     */
    public PacketBuilder identification(long id) {
        check(id, 0, 0xffff_ffffL, "identification");
        return with(s -> s.identification = id);
    }

    /** {@return a new builder with the IPv4 Don't Fragment flag set (IPv4 only)} */
    public PacketBuilder dontFragment() {
        return with(s -> s.dontFragment = true);
    }

    /**
     * Makes the packet a fragment. For IPv4 this sets the fragment offset and the More Fragments flag;
     * for IPv6 it adds a Fragment extension header (RFC 8200 section 4.5) with these values and the
     * {@linkplain #identification(long) identification} ({@code fragment(0, false)} gives an atomic
     * fragment). A fragment with a non-zero offset carries no transport header: its data is the
     * {@linkplain #payload(byte[]) payload}, and the transport only chooses the protocol number.
     *
     * @param offset the fragment offset in bytes, a multiple of 8 from 0 to 65528
     * @param moreFragments whether more fragments follow
     * @return a new builder
     * @throws IllegalArgumentException if {@code offset} is out of range or not a multiple of 8
     */
    public PacketBuilder fragment(int offset, boolean moreFragments) {
        check(offset, 0, 65528, "fragment offset");
        if (offset % 8 != 0) {
            throw new IllegalArgumentException("fragment offset must be a multiple of 8 bytes: " + offset);
        }
        return with(s -> {
            s.fragment = true;
            s.fragmentOffset = offset;
            s.moreFragments = moreFragments;
        });
    }

    /**
     * Sets the IPv4 options (IPv4 only), already encoded and padded.
     *
     * @param options a multiple of 4 bytes, at most 40
     * @return a new builder
     * @throws IllegalArgumentException if the length is not a multiple of 4 or exceeds 40
     */
    public PacketBuilder ipv4Options(byte[] options) {
        check(options.length, 0, 40, "IPv4 options length");
        if (options.length % 4 != 0) {
            throw new IllegalArgumentException("IPv4 options length must be a multiple of 4: " + options.length);
        }
        byte[] copy = options.clone();
        return with(s -> s.ipv4Options = copy);
    }

    // ---- TCP ----

    /**
     * Makes the transport TCP.
     *
     * @param srcPort 0 to 65535
     * @param dstPort 0 to 65535
     * @return a new builder
     * @throws IllegalArgumentException if a port is out of range
     */
    public PacketBuilder tcp(int srcPort, int dstPort) {
        return transport(L4.TCP, Packet.TCP, srcPort, dstPort);
    }

    /**
     * Sets exactly these TCP flags.
     *
     * @param flags the flags (none for a flagless segment)
     * @return a new builder
     */
    public PacketBuilder flags(TcpFlag... flags) {
        int bits = TcpFlag.toBits(Arrays.asList(flags));
        return withTcp(s -> s.tcpFlags = bits);
    }

    /** {@return a new builder with the SYN flag added} */
    public PacketBuilder syn() {
        return addFlag(TcpFlag.SYN);
    }

    /** {@return a new builder with the ACK flag added (see {@link #ackNumber(long)} for the number)} */
    public PacketBuilder ack() {
        return addFlag(TcpFlag.ACK);
    }

    /** {@return a new builder with the RST flag added} */
    public PacketBuilder rst() {
        return addFlag(TcpFlag.RST);
    }

    /** {@return a new builder with the FIN flag added} */
    public PacketBuilder fin() {
        return addFlag(TcpFlag.FIN);
    }

    /** {@return a new builder with the PSH flag added} */
    public PacketBuilder psh() {
        return addFlag(TcpFlag.PSH);
    }

    /**
     * Sets the TCP sequence number.
     *
     * @param seq 0 to 0xffffffff
     * @return a new builder
     * @throws IllegalArgumentException if {@code seq} is out of range
     */
    public PacketBuilder seq(long seq) {
        check(seq, 0, 0xffff_ffffL, "sequence number");
        return withTcp(s -> s.seq = seq);
    }

    /**
     * Sets the TCP acknowledgment number (the flag is set by {@link #ack()}).
     *
     * @param ackNumber 0 to 0xffffffff
     * @return a new builder
     * @throws IllegalArgumentException if {@code ackNumber} is out of range
     */
    public PacketBuilder ackNumber(long ackNumber) {
        check(ackNumber, 0, 0xffff_ffffL, "acknowledgment number");
        return withTcp(s -> s.ackNumber = ackNumber);
    }

    /**
     * Sets the TCP window.
     *
     * @param window 0 to 65535
     * @return a new builder
     * @throws IllegalArgumentException if {@code window} is out of range
     */
    public PacketBuilder window(int window) {
        check(window, 0, 0xffff, "TCP window");
        return withTcp(s -> s.window = window);
    }

    /**
     * Sets the TCP options, already encoded and padded.
     *
     * @param options a multiple of 4 bytes, at most 40
     * @return a new builder
     * @throws IllegalArgumentException if the length is not a multiple of 4 or exceeds 40
     */
    public PacketBuilder tcpOptions(byte[] options) {
        check(options.length, 0, 40, "TCP options length");
        if (options.length % 4 != 0) {
            throw new IllegalArgumentException("TCP options length must be a multiple of 4: " + options.length);
        }
        byte[] copy = options.clone();
        return withTcp(s -> s.tcpOptions = copy);
    }

    // ---- UDP ----

    /**
     * Makes the transport UDP.
     *
     * @param srcPort 0 to 65535
     * @param dstPort 0 to 65535
     * @return a new builder
     * @throws IllegalArgumentException if a port is out of range
     */
    public PacketBuilder udp(int srcPort, int dstPort) {
        return transport(L4.UDP, Packet.UDP, srcPort, dstPort);
    }

    /**
     * Chooses whether the UDP checksum is computed (the default) or left 0, meaning "no checksum",
     * which only IPv4 allows.
     *
     * @param enabled false to send checksum 0
     * @return a new builder
     */
    public PacketBuilder udpChecksum(boolean enabled) {
        return with(s -> s.udpChecksum = enabled);
    }

    // ---- ICMP ----

    /**
     * Makes the transport an ICMP echo request (type 8, or ICMPv6 type 128). Its data is the payload.
     *
     * @param id the identifier, 0 to 65535
     * @param seq the sequence number, 0 to 65535
     * @return a new builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public PacketBuilder icmpEcho(int id, int seq) {
        return echo("echo request", 8, 128, id, seq);
    }

    /**
     * Makes the transport an ICMP echo reply (type 0, or ICMPv6 type 129). Its data is the payload.
     *
     * @param id the identifier, 0 to 65535
     * @param seq the sequence number, 0 to 65535
     * @return a new builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public PacketBuilder icmpEchoReply(int id, int seq) {
        return echo("echo reply", 0, 129, id, seq);
    }

    /**
     * Makes the transport any ICMP (or ICMPv6, for an IPv6 packet) message; its body is the payload.
     *
     * @param type the type, 0 to 255
     * @param code the code, 0 to 255
     * @param restOfHeader the 32 bits after the checksum
     * @return a new builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public PacketBuilder icmp(int type, int code, int restOfHeader) {
        return icmp(type, code, type, code, restOfHeader, EMPTY, "ICMP type " + type);
    }

    /**
     * Makes the transport an ICMP (or ICMPv6) error with this type and code that quotes an IP packet;
     * the 32 bits after the checksum are 0. A payload, if any, follows the quoted bytes.
     *
     * @param type the type, 0 to 255
     * @param code the code, 0 to 255
     * @param quoted the start of the offending IP packet (see {@link #buildIp()})
     * @return a new builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public PacketBuilder icmpError(int type, int code, byte[] quoted) {
        return icmp(type, code, type, code, 0, quoted.clone(), "ICMP type " + type);
    }

    /**
     * Makes the transport a "port unreachable" error: ICMP type 3 code 3, or ICMPv6 type 1 code 4.
     *
     * @param quoted the start of the offending IP packet
     * @return a new builder
     */
    public PacketBuilder icmpPortUnreachable(byte[] quoted) {
        return icmp(3, 3, 1, 4, 0, quoted.clone(), "port unreachable");
    }

    /**
     * Makes the transport an ICMP "fragmentation needed" error (type 3 code 4, IPv4 only) carrying the
     * next-hop MTU.
     *
     * @param mtu the next-hop MTU, 0 to 65535
     * @param quoted the start of the offending IPv4 packet
     * @return a new builder
     * @throws IllegalArgumentException if {@code mtu} is out of range
     */
    public PacketBuilder icmpFragmentationNeeded(int mtu, byte[] quoted) {
        check(mtu, 0, 0xffff, "MTU");
        return icmp(3, 4, -1, 0, mtu, quoted.clone(), "fragmentation needed");
    }

    /**
     * Makes the transport an ICMPv6 "packet too big" error (type 2 code 0, IPv6 only) carrying the MTU.
     *
     * @param mtu the MTU of the next-hop link
     * @param quoted the start of the offending IPv6 packet
     * @return a new builder
     * @throws IllegalArgumentException if {@code mtu} is negative
     */
    public PacketBuilder icmpPacketTooBig(int mtu, byte[] quoted) {
        check(mtu, 0, Integer.MAX_VALUE, "MTU");
        return icmp(-1, 0, 2, 0, mtu, quoted.clone(), "packet too big");
    }

    // ---- other transports and payload ----

    /**
     * Makes the transport any other IP protocol, whose bytes are the payload: for instance
     * {@code protocol(Packet.IPIP).payload(innerIpv4Packet)} for IP-in-IP.
     *
     * @param protocol the IP protocol number (IPv6 next header), 0 to 255
     * @return a new builder
     * @throws IllegalArgumentException if {@code protocol} is out of range
     */
    public PacketBuilder protocol(int protocol) {
        check(protocol, 0, 255, "IP protocol");
        return with(s -> {
            s.l4 = L4.RAW;
            s.protocol = protocol;
        });
    }

    /**
     * Sets the payload: the data after the transport header (the ICMP body for ICMP).
     *
     * @param payload the bytes (copied)
     * @return a new builder
     */
    public PacketBuilder payload(byte[] payload) {
        byte[] copy = payload.clone();
        return with(s -> s.payload = copy);
    }

    // ---- checksum knobs for negative tests ----

    /**
     * Stores this value as the IPv4 header checksum instead of the computed one.
     *
     * @param checksum 0 to 0xffff
     * @return a new builder
     * @throws IllegalArgumentException if {@code checksum} is out of range
     */
    public PacketBuilder ipv4Checksum(int checksum) {
        check(checksum, 0, 0xffff, "IPv4 checksum");
        return with(s -> s.ipv4Checksum = checksum);
    }

    /**
     * Stores this value as the TCP, UDP or ICMP checksum instead of the computed one.
     *
     * @param checksum 0 to 0xffff
     * @return a new builder
     * @throws IllegalArgumentException if {@code checksum} is out of range
     */
    public PacketBuilder l4Checksum(int checksum) {
        check(checksum, 0, 0xffff, "L4 checksum");
        return with(s -> s.l4Checksum = checksum);
    }

    /** {@return a new builder storing a wrong IPv4 header checksum: the correct one XOR 0x5555} */
    public PacketBuilder badIpv4Checksum() {
        return with(s -> s.badIpv4Checksum = true);
    }

    /** {@return a new builder storing a wrong TCP, UDP or ICMP checksum: the correct one XOR 0x5555} */
    public PacketBuilder badL4Checksum() {
        return with(s -> s.badL4Checksum = true);
    }

    // ---- building ----

    /**
     * Builds the Ethernet frame: the Ethernet header, the VLAN tag if any, and the IP packet of
     * {@link #buildIp()} (or, with no IP configured, the payload after the {@linkplain #etherType(int)
     * EtherType}). The frame is not padded to 60 bytes.
     *
     * @return a new array holding the frame
     * @throws IllegalStateException if the settings conflict or a length overflows its field
     */
    public byte[] build() {
        return PacketEncoder.frame(state);
    }

    /**
     * Builds the bare IP packet, without Ethernet: for quoting in an ICMP error, for IP-in-IP, or for a
     * layer-3 interface.
     *
     * @return a new array holding the IP packet
     * @throws IllegalStateException if no IP was configured, if the settings conflict, or if a length
     *     overflows its field
     */
    public byte[] buildIp() {
        return PacketEncoder.ip(state);
    }

    private PacketBuilder transport(L4 kind, int protocol, int srcPort, int dstPort) {
        check(srcPort, 0, 0xffff, "source port");
        check(dstPort, 0, 0xffff, "destination port");
        return with(s -> {
            s.l4 = kind;
            s.protocol = protocol;
            s.srcPort = srcPort;
            s.dstPort = dstPort;
        });
    }

    private PacketBuilder withTcp(Change change) {
        return with(s -> {
            s.tcpFieldsSet = true;
            change.apply(s);
        });
    }

    private PacketBuilder addFlag(TcpFlag flag) {
        return withTcp(s -> s.tcpFlags |= flag.bit());
    }

    private PacketBuilder echo(String name, int type4, int type6, int id, int seq) {
        check(id, 0, 0xffff, "ICMP echo identifier");
        check(seq, 0, 0xffff, "ICMP echo sequence number");
        return icmp(type4, 0, type6, 0, id << 16 | seq, EMPTY, name);
    }

    private PacketBuilder icmp(int type4, int code4, int type6, int code6, int rest, byte[] body, String name) {
        Icmp icmp = new Icmp(name, type4, code4, type6, code6, rest, body);
        return with(s -> {
            s.l4 = L4.ICMP;
            s.icmp = icmp;
        });
    }

}
