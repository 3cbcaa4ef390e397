package dev.blixt.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
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
    private static final byte[] EMPTY = new byte[0];
    private static final int ETHERTYPE_VLAN = 0x8100;

    private enum L4 { NONE, TCP, UDP, ICMP, RAW }

    /** An ICMP message as it would be for each IP version (type -1: not valid for that version). */
    private record Icmp(String name, int type4, int code4, int type6, int code6, int rest, byte[] body) {}

    /** The mutable settings; each builder owns a private copy that it never changes after creation. */
    private static final class State implements Cloneable {
        MacAddress srcMac = MacAddress.parse("02:00:00:00:00:01");
        MacAddress dstMac = MacAddress.parse("02:00:00:00:00:02");
        int vlan = -1;
        int etherType = -1;
        int ipVersion;
        byte[] src = EMPTY;
        byte[] dst = EMPTY;
        int ttl = 64;
        int tos;
        int flowLabel;
        long identification;
        boolean dontFragment;
        boolean fragment;
        int fragmentOffset;
        boolean moreFragments;
        byte[] ipv4Options = EMPTY;
        L4 l4 = L4.NONE;
        int protocol;
        int srcPort;
        int dstPort;
        boolean tcpFieldsSet;
        int tcpFlags;
        long seq;
        long ackNumber;
        int window = 65535;
        byte[] tcpOptions = EMPTY;
        boolean udpChecksum = true;
        @Nullable Icmp icmp;
        byte[] payload = EMPTY;
        int ipv4Checksum = -1;
        int l4Checksum = -1;
        boolean badIpv4Checksum;
        boolean badL4Checksum;

        @Override
        protected State clone() {
            try {
                return (State) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private interface Change {
        void apply(State s);
    }

    private final State state;

    private PacketBuilder(State state) {
        this.state = state;
    }

    static PacketBuilder create() {
        return new PacketBuilder(new State());
    }

    private PacketBuilder with(Change change) {
        State s = state.clone();
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

    /** The 16 bytes of an IPv6 literal, also when the JDK turned an IPv4-mapped one into IPv4. */
    private static byte[] ipv6Bytes(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            return b;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
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
        if (id < 0 || id > 0xffff_ffffL) {
            throw new IllegalArgumentException("identification must be 0..0xffffffff: " + id);
        }
        return with(s -> s.identification = id);
    }

    /**
     * Sets the IPv4 Don't Fragment flag (IPv4 only).
     *
     * @return a new builder
     */
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

    /**
     * Adds the SYN flag.
     *
     * @return a new builder
     */
    public PacketBuilder syn() {
        return addFlag(TcpFlag.SYN);
    }

    /**
     * Adds the ACK flag (see {@link #ackNumber(long)} for the number).
     *
     * @return a new builder
     */
    public PacketBuilder ack() {
        return addFlag(TcpFlag.ACK);
    }

    /**
     * Adds the RST flag.
     *
     * @return a new builder
     */
    public PacketBuilder rst() {
        return addFlag(TcpFlag.RST);
    }

    /**
     * Adds the FIN flag.
     *
     * @return a new builder
     */
    public PacketBuilder fin() {
        return addFlag(TcpFlag.FIN);
    }

    /**
     * Adds the PSH flag.
     *
     * @return a new builder
     */
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
        checkU32(seq, "sequence number");
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
        checkU32(ackNumber, "acknowledgment number");
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

    /**
     * Stores a wrong IPv4 header checksum (the correct one XOR 0x5555, never an equivalent value).
     *
     * @return a new builder
     */
    public PacketBuilder badIpv4Checksum() {
        return with(s -> s.badIpv4Checksum = true);
    }

    /**
     * Stores a wrong TCP, UDP or ICMP checksum (the correct one XOR 0x5555).
     *
     * @return a new builder
     */
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
        State s = state;
        byte[] body;
        int etherType;
        if (s.ipVersion == 0) {
            if (s.etherType < 0) {
                throw new IllegalStateException("neither IP (ipv4/ipv6/ip) nor an EtherType was set");
            }
            body = s.payload;
            etherType = s.etherType;
        } else {
            body = buildIp();
            etherType = s.etherType >= 0 ? s.etherType : s.ipVersion == 4 ? 0x0800 : 0x86dd;
        }
        int l2 = s.vlan >= 0 ? 18 : 14;
        byte[] frame = new byte[l2 + body.length];
        System.arraycopy(s.dstMac.bytes(), 0, frame, 0, 6);
        System.arraycopy(s.srcMac.bytes(), 0, frame, 6, 6);
        if (s.vlan >= 0) {
            put16(frame, 12, ETHERTYPE_VLAN);
            put16(frame, 14, s.vlan);
        }
        put16(frame, l2 - 2, etherType);
        System.arraycopy(body, 0, frame, l2, body.length);
        return frame;
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
        State s = state;
        if (s.ipVersion == 0) {
            throw new IllegalStateException("no IP addresses were set: call ipv4, ipv6 or ip");
        }
        validate(s);
        boolean v4 = s.ipVersion == 4;
        int protocol = switch (s.l4) {
            case TCP, UDP, RAW -> s.protocol;
            case ICMP -> v4 ? Packet.ICMP : Packet.ICMPV6;
            case NONE -> throw new IllegalStateException(
                    "no transport was set: call tcp, udp, an icmp method or protocol");
        };
        byte[] l4 = s.fragment && s.fragmentOffset > 0 ? s.payload : transportSegment(s, protocol);
        if (v4) {
            int headerLength = 20 + s.ipv4Options.length;
            int total = headerLength + l4.length;
            checkLength(total, "IPv4 total length");
            byte[] p = new byte[total];
            p[0] = (byte) (0x40 | headerLength / 4);
            p[1] = (byte) s.tos;
            put16(p, 2, total);
            put16(p, 4, (int) s.identification);
            put16(p, 6, (s.dontFragment ? 0x4000 : 0) | (s.moreFragments ? 0x2000 : 0) | s.fragmentOffset / 8);
            p[8] = (byte) s.ttl;
            p[9] = (byte) protocol;
            System.arraycopy(s.src, 0, p, 12, 4);
            System.arraycopy(s.dst, 0, p, 16, 4);
            System.arraycopy(s.ipv4Options, 0, p, 20, s.ipv4Options.length);
            int checksum = s.ipv4Checksum >= 0 ? s.ipv4Checksum : Checksums.ipv4Header(p, 0);
            put16(p, 10, s.badIpv4Checksum ? checksum ^ 0x5555 : checksum);
            System.arraycopy(l4, 0, p, headerLength, l4.length);
            return p;
        }
        int ext = s.fragment ? 8 : 0;
        checkLength(ext + l4.length, "IPv6 payload length");
        byte[] p = new byte[40 + ext + l4.length];
        put32(p, 0, (6L << 28) | ((long) s.tos << 20) | s.flowLabel);
        put16(p, 4, ext + l4.length);
        p[6] = (byte) (s.fragment ? Packet.IPV6_FRAGMENT : protocol);
        p[7] = (byte) s.ttl;
        System.arraycopy(s.src, 0, p, 8, 16);
        System.arraycopy(s.dst, 0, p, 24, 16);
        if (s.fragment) {
            p[40] = (byte) protocol;
            put16(p, 42, s.fragmentOffset | (s.moreFragments ? 1 : 0));
            put32(p, 44, s.identification);
        }
        System.arraycopy(l4, 0, p, 40 + ext, l4.length);
        return p;
    }

    private static void validate(State s) {
        boolean v4 = s.ipVersion == 4;
        String version = v4 ? "IPv4" : "IPv6";
        if (v4 && s.flowLabel != 0) {
            throw new IllegalStateException("a flow label was set but the packet is IPv4");
        }
        if (!v4 && (s.ipv4Options.length > 0 || s.dontFragment || s.ipv4Checksum >= 0 || s.badIpv4Checksum)) {
            throw new IllegalStateException("IPv4 options, Don't Fragment or an IPv4 checksum were set but the packet is IPv6");
        }
        if (v4 && s.identification > 0xffff) {
            throw new IllegalStateException("IPv4 identification must be 0..65535: " + s.identification);
        }
        if (s.tcpFieldsSet && s.l4 != L4.TCP) {
            throw new IllegalStateException("TCP flags, numbers, window or options were set but the transport is " + s.l4);
        }
        if (!s.udpChecksum && (s.l4 != L4.UDP || !v4)) {
            throw new IllegalStateException("udpChecksum(false) needs UDP over IPv4 (IPv6 UDP must have a checksum), not "
                    + s.l4 + " over " + version);
        }
        Icmp icmp = s.icmp;
        if (s.l4 == L4.ICMP && icmp != null && (v4 ? icmp.type4 : icmp.type6) < 0) {
            throw new IllegalStateException("ICMP " + icmp.name + " does not exist in " + version);
        }
    }

    private static byte[] transportSegment(State s, int protocol) {
        byte[] seg;
        int checksumAt;
        switch (s.l4) {
            case TCP -> {
                int headerLength = 20 + s.tcpOptions.length;
                seg = new byte[headerLength + s.payload.length];
                put16(seg, 0, s.srcPort);
                put16(seg, 2, s.dstPort);
                put32(seg, 4, s.seq);
                put32(seg, 8, s.ackNumber);
                seg[12] = (byte) (headerLength / 4 << 4);
                seg[13] = (byte) s.tcpFlags;
                put16(seg, 14, s.window);
                System.arraycopy(s.tcpOptions, 0, seg, 20, s.tcpOptions.length);
                System.arraycopy(s.payload, 0, seg, headerLength, s.payload.length);
                checksumAt = Checksums.TCP_CHECKSUM;
            }
            case UDP -> {
                seg = new byte[8 + s.payload.length];
                checkLength(seg.length, "UDP length");
                put16(seg, 0, s.srcPort);
                put16(seg, 2, s.dstPort);
                put16(seg, 4, seg.length);
                System.arraycopy(s.payload, 0, seg, 8, s.payload.length);
                checksumAt = Checksums.UDP_CHECKSUM;
            }
            case ICMP -> {
                Icmp icmp = Objects.requireNonNull(s.icmp);
                boolean v4 = s.ipVersion == 4;
                seg = new byte[8 + icmp.body.length + s.payload.length];
                seg[0] = (byte) (v4 ? icmp.type4 : icmp.type6);
                seg[1] = (byte) (v4 ? icmp.code4 : icmp.code6);
                put32(seg, 4, icmp.rest & 0xffff_ffffL);
                System.arraycopy(icmp.body, 0, seg, 8, icmp.body.length);
                System.arraycopy(s.payload, 0, seg, 8 + icmp.body.length, s.payload.length);
                checksumAt = Checksums.ICMP_CHECKSUM;
            }
            default -> {
                return s.payload;
            }
        }
        int checksum;
        if (s.l4Checksum >= 0) {
            checksum = s.l4Checksum;
        } else if (s.l4 == L4.UDP && !s.udpChecksum) {
            checksum = 0;
        } else if (protocol == Packet.ICMP) {
            checksum = Checksums.icmpv4(seg, 0, seg.length);
        } else {
            checksum = Checksums.transport(s.src, s.dst, protocol, seg, 0, seg.length);
        }
        put16(seg, checksumAt, s.badL4Checksum ? checksum ^ 0x5555 : checksum);
        return seg;
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
        check(Math.max(type4, type6), 0, 255, "ICMP type");
        check(Math.max(code4, code6), 0, 255, "ICMP code");
        Icmp icmp = new Icmp(name, type4, code4, type6, code6, rest, body);
        return with(s -> {
            s.l4 = L4.ICMP;
            s.icmp = icmp;
        });
    }

    private static void check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ": " + value);
        }
    }

    private static void checkU32(long value, String what) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(what + " must be 0..4294967295: " + value);
        }
    }

    private static void checkLength(int length, String what) {
        if (length > 0xffff) {
            throw new IllegalStateException(what + " " + length + " exceeds 65535: shorten the payload");
        }
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) (v >>> 16));
        put16(b, at + 2, (int) v);
    }
}
