package dev.blixt.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed frame or IP packet, from {@link Packet#parse(byte[])} or {@link Packet#parseIp(byte[])}.
 * Unmodifiable: every accessor returns a copy or a value.
 *
 * <p>Offsets count from the start of the parsed buffer, also for {@linkplain #inner() inner} packets,
 * so they locate fields in the bytes a test compares. An accessor for a field the packet does not have
 * (the ports of an ICMP message, the Ethernet addresses of a bare IP packet, the TCP flags of an 8-byte
 * quote) throws {@link IllegalStateException} saying so; check {@link #protocol()} or
 * {@link #ipVersion()} first when in doubt.
 *
 * <p>Checksums are verified from scratch while parsing: the IPv4 header checksum always, the transport
 * checksum whenever the whole transport segment is present (not for fragments nor for a truncated
 * quote). A checksum verifies when the ones'-complement sum over the covered bytes, itself included,
 * is 0xffff, which accepts both encodings of zero as receivers do; a UDP checksum of 0 means "none"
 * over IPv4 and is an error over IPv6.
 *
 * <p>Parsing descends into the packet quoted by an ICMP or ICMPv6 error (types 3, 4, 5, 11, 12 and 1,
 * 2, 3, 4) and into IP-in-IP ({@link Packet#IPIP}, {@link Packet#IPV6_IN_IP}); the quote may be cut
 * short of its IP length ({@link #truncated()}) but must hold its IP header and 8 bytes of transport.
 */
public final class ParsedPacket {
    private static final int MAX_DEPTH = 8;

    private final byte[] buf;
    private final int depth;
    private final List<ChecksumError> errors = new ArrayList<>();
    private @Nullable MacAddress srcMac;
    private @Nullable MacAddress dstMac;
    private int etherType = -1;
    private int vlanId = -1;
    private int ipVersion;
    private int l3Offset = -1;
    private int ipHeaderLength;
    private int ipTotalLength;
    private byte[] src = new byte[0];
    private byte[] dst = new byte[0];
    private int ttl;
    private int tos;
    private long identification = -1;
    private boolean dontFragment;
    private boolean moreFragments;
    private boolean fragmentHeader;
    private int fragmentOffset;
    private boolean truncated;
    private int protocol = -1;
    private int l4Offset = -1;
    private int l4End = -1;
    private int srcPort = -1;
    private int dstPort = -1;
    private long seq = -1;
    private long ackNumber = -1;
    private int tcpFlags = -1;
    private int window = -1;
    private int tcpHeaderLength = -1;
    private int udpLength = -1;
    private int icmpType = -1;
    private int icmpCode = -1;
    private int icmpRest;
    private int payloadOffset;
    private int payloadEnd;
    private @Nullable ParsedPacket inner;

    private ParsedPacket(byte[] buf, int depth) {
        this.buf = buf;
        this.depth = depth;
    }

    static ParsedPacket parseFrame(byte[] frame) {
        ParsedPacket p = new ParsedPacket(frame.clone(), 0);
        p.parseEthernet(frame.length);
        return p;
    }

    static ParsedPacket parseIp(byte[] packet) {
        ParsedPacket p = new ParsedPacket(packet.clone(), 0);
        p.parseIp(0, packet.length, false);
        return p;
    }

    // ---- parsing ----

    private void parseEthernet(int end) {
        need(0, 14, end, "Ethernet header");
        dstMac = MacAddress.of(Arrays.copyOfRange(buf, 0, 6));
        srcMac = MacAddress.of(Arrays.copyOfRange(buf, 6, 12));
        int type = u16(12);
        int at = 14;
        if (type == 0x8100) {
            need(14, 4, end, "802.1Q tag");
            vlanId = u16(14) & 0xfff;
            type = u16(16);
            at = 18;
        }
        etherType = type;
        if (type == 0x0800 || type == 0x86dd) {
            need(at, 1, end, "IP header");
            int version = u8(at) >>> 4;
            if (version != (type == 0x0800 ? 4 : 6)) {
                throw malformed("IP version", at, "EtherType 0x" + Integer.toHexString(type) + " but version " + version);
            }
            parseIp(at, end, false);
        } else {
            payloadOffset = at;
            payloadEnd = end;
        }
    }

    /** Parses an IP packet in [at, end); a quote may be shorter than its IP length. */
    private void parseIp(int at, int end, boolean quoted) {
        need(at, 1, end, "IP header");
        l3Offset = at;
        ipVersion = u8(at) >>> 4;
        int ipEnd;
        int l4;
        if (ipVersion == 4) {
            need(at, 20, end, "IPv4 header");
            ipHeaderLength = (u8(at) & 0x0f) * 4;
            if (ipHeaderLength < 20) {
                throw malformed("IPv4 IHL", at, "must be at least 5, is " + ipHeaderLength / 4);
            }
            need(at, ipHeaderLength, end, "IPv4 header with options");
            ipTotalLength = u16(at + 2);
            if (ipTotalLength < ipHeaderLength) {
                throw malformed("IPv4 total length", at + 2, ipTotalLength + " is less than the header length " + ipHeaderLength);
            }
            ipEnd = ipEnd(at, ipTotalLength, end, quoted, "IPv4 total length", at + 2);
            tos = u8(at + 1);
            identification = u16(at + 4);
            int fragment = u16(at + 6);
            dontFragment = (fragment & 0x4000) != 0;
            moreFragments = (fragment & 0x2000) != 0;
            fragmentOffset = (fragment & 0x1fff) * 8;
            ttl = u8(at + 8);
            protocol = u8(at + 9);
            src = Arrays.copyOfRange(buf, at + 12, at + 16);
            dst = Arrays.copyOfRange(buf, at + 16, at + 20);
            if (Checksums.sum(buf, at, ipHeaderLength) != 0xffff) {
                errors.add(new ChecksumError(ChecksumError.Kind.IPV4_HEADER, depth, at + Checksums.IPV4_CHECKSUM,
                        u16(at + Checksums.IPV4_CHECKSUM), Checksums.ipv4Header(buf, at)));
            }
            l4 = at + ipHeaderLength;
        } else if (ipVersion == 6) {
            need(at, 40, end, "IPv6 header");
            tos = (u8(at) & 0x0f) << 4 | u8(at + 1) >>> 4;
            ipTotalLength = 40 + u16(at + 4);
            ipEnd = ipEnd(at, ipTotalLength, end, quoted, "IPv6 payload length", at + 4);
            protocol = u8(at + 6);
            ttl = u8(at + 7);
            src = Arrays.copyOfRange(buf, at + 8, at + 24);
            dst = Arrays.copyOfRange(buf, at + 24, at + 40);
            l4 = at + 40;
            for (int i = 0; i < MAX_DEPTH && isIpv6Extension(protocol); i++) {
                need(l4, 8, ipEnd, "IPv6 extension header");
                int length = protocol == Packet.IPV6_FRAGMENT ? 8 : (u8(l4 + 1) + 1) * 8;
                need(l4, length, ipEnd, "IPv6 extension header");
                if (protocol == Packet.IPV6_FRAGMENT) {
                    fragmentHeader = true;
                    fragmentOffset = u16(l4 + 2) & 0xfff8;
                    moreFragments = (u8(l4 + 3) & 1) != 0;
                    identification = u32(l4 + 4);
                }
                protocol = u8(l4);
                l4 += length;
            }
            ipHeaderLength = l4 - at;
        } else {
            throw malformed("IP version", at, "must be 4 or 6, is " + ipVersion);
        }
        if (fragmentOffset > 0) {
            payloadOffset = l4;
            payloadEnd = ipEnd;
            return;
        }
        parseTransport(l4, ipEnd, quoted);
    }

    private int ipEnd(int at, int length, int end, boolean quoted, String field, int fieldAt) {
        if (at + length <= end) {
            return at + length;
        }
        if (!quoted) {
            throw malformed(field, fieldAt, "says " + length + " bytes from offset " + at + ", only " + (end - at) + " present");
        }
        truncated = true;
        return end;
    }

    private static boolean isIpv6Extension(int nextHeader) {
        return nextHeader == 0 || nextHeader == 43 || nextHeader == 60 || nextHeader == Packet.IPV6_FRAGMENT;
    }

    private void parseTransport(int at, int end, boolean quoted) {
        boolean partial = truncated || moreFragments;
        l4Offset = at;
        l4End = end;
        payloadOffset = at;
        payloadEnd = end;
        boolean v4 = ipVersion == 4;
        if (protocol == Packet.TCP) {
            need(at, quoted ? 8 : 20, end, "TCP header");
            srcPort = u16(at);
            dstPort = u16(at + 2);
            seq = u32(at + 4);
            payloadOffset = end;
            if (end - at >= 20) {
                ackNumber = u32(at + 8);
                int dataOffset = (u8(at + 12) >>> 4) * 4;
                if (dataOffset < 20) {
                    throw malformed("TCP data offset", at + 12, "must be at least 5, is " + dataOffset / 4);
                }
                tcpFlags = u8(at + 13);
                window = u16(at + 14);
                if (!quoted) {
                    need(at, dataOffset, end, "TCP header with options");
                }
                if (at + dataOffset <= end) {
                    tcpHeaderLength = dataOffset;
                    payloadOffset = at + dataOffset;
                }
            }
            if (!partial) {
                verify(ChecksumError.Kind.TCP, at, end - at, Checksums.TCP_CHECKSUM);
            }
        } else if (protocol == Packet.UDP) {
            need(at, 8, end, "UDP header");
            srcPort = u16(at);
            dstPort = u16(at + 2);
            udpLength = u16(at + 4);
            if (udpLength < 8) {
                throw malformed("UDP length", at + 4, "must be at least 8, is " + udpLength);
            }
            if (at + udpLength > end && !partial) {
                throw malformed("UDP length", at + 4, "says " + udpLength + " bytes, only " + (end - at) + " present");
            }
            payloadOffset = at + 8;
            payloadEnd = Math.min(end, at + udpLength);
            boolean none = v4 && u16(at + Checksums.UDP_CHECKSUM) == 0;
            if (!partial && !none) {
                verify(ChecksumError.Kind.UDP, at, udpLength, Checksums.UDP_CHECKSUM);
            }
        } else if (protocol == (v4 ? Packet.ICMP : Packet.ICMPV6)) {
            need(at, 8, end, v4 ? "ICMP header" : "ICMPv6 header");
            icmpType = u8(at);
            icmpCode = u8(at + 1);
            icmpRest = (int) u32(at + 4);
            payloadOffset = at + 8;
            if (!partial) {
                verify(v4 ? ChecksumError.Kind.ICMPV4 : ChecksumError.Kind.ICMPV6, at, end - at, Checksums.ICMP_CHECKSUM);
            }
            if (isIcmpError() && !quoted) {
                parseInner(at + 8, end, true);
            }
        } else if ((protocol == Packet.IPIP || protocol == Packet.IPV6_IN_IP) && !quoted && !partial) {
            parseInner(at, end, false);
            int expected = protocol == Packet.IPIP ? 4 : 6;
            if (inner != null && inner.ipVersion != expected) {
                throw malformed("inner IP version", at, "protocol " + protocol + " needs IPv" + expected);
            }
        }
    }

    private void parseInner(int at, int end, boolean quoted) {
        if (depth >= MAX_DEPTH) {
            return;
        }
        ParsedPacket p = new ParsedPacket(buf, depth + 1);
        p.parseIp(at, end, quoted);
        inner = p;
        errors.addAll(p.errors);
    }

    private boolean isIcmpError() {
        return ipVersion == 4 ? Set.of(3, 4, 5, 11, 12).contains(icmpType) : icmpType >= 1 && icmpType <= 4;
    }

    private void verify(ChecksumError.Kind kind, int at, int length, int field) {
        int found = u16(at + field);
        int sum = kind == ChecksumError.Kind.ICMPV4
                ? Checksums.sumSkipping(buf, at, length, field, 0)
                : Checksums.transportSum(src, dst, protocol, buf, at, length);
        boolean ok = Checksums.add(sum, found) == 0xffff && !(kind == ChecksumError.Kind.UDP && found == 0);
        if (!ok) {
            int expected = 0xffff & ~sum;
            errors.add(new ChecksumError(kind, depth, at + field, found,
                    kind == ChecksumError.Kind.UDP && expected == 0 ? 0xffff : expected));
        }
    }

    private void need(int at, int length, int end, String field) {
        if (at + length > end) {
            throw malformed(field, at, "needs " + length + " bytes, only " + Math.max(0, end - at) + " present");
        }
    }

    private MalformedPacketException malformed(String field, int at, String problem) {
        return new MalformedPacketException(depth > 0 ? "inner " + field : field, at, problem);
    }

    private int u8(int at) {
        return buf[at] & 0xff;
    }

    private int u16(int at) {
        return u8(at) << 8 | u8(at + 1);
    }

    private long u32(int at) {
        return (long) u16(at) << 16 | u16(at + 2);
    }

    // ---- accessors ----

    private void require(boolean present, String field, String why) {
        if (!present) {
            throw new IllegalStateException(field + " is not present: " + why + " (" + this + ")");
        }
    }

    private void requireEthernet(String field) {
        require(srcMac != null, field, "the packet was parsed without Ethernet");
    }

    private void requireIp(String field) {
        require(ipVersion != 0, field, "not an IP packet");
    }

    /**
     * Returns the whole parsed buffer (the outer frame also for an inner packet).
     *
     * @return a new copy of the bytes
     */
    public byte[] bytes() {
        return buf.clone();
    }

    /**
     * Returns whether the packet was parsed as an Ethernet frame.
     *
     * @return true for {@link Packet#parse}, false for {@link Packet#parseIp} and inner packets
     */
    public boolean hasEthernet() {
        return srcMac != null;
    }

    /**
     * Returns the Ethernet source address.
     *
     * @return the source MAC address
     * @throws IllegalStateException if the packet was parsed without Ethernet
     */
    public MacAddress srcMac() {
        requireEthernet("source MAC");
        return Objects.requireNonNull(srcMac);
    }

    /**
     * Returns the Ethernet destination address.
     *
     * @return the destination MAC address
     * @throws IllegalStateException if the packet was parsed without Ethernet
     */
    public MacAddress dstMac() {
        requireEthernet("destination MAC");
        return Objects.requireNonNull(dstMac);
    }

    /**
     * Returns the EtherType of the payload (after the VLAN tag, if any).
     *
     * @return for instance 0x0800 for IPv4
     * @throws IllegalStateException if the packet was parsed without Ethernet
     */
    public int etherType() {
        requireEthernet("EtherType");
        return etherType;
    }

    /**
     * Returns the VLAN id of the 802.1Q tag.
     *
     * @return the VLAN id, or empty if the frame has no tag
     */
    public OptionalInt vlanId() {
        return vlanId < 0 ? OptionalInt.empty() : OptionalInt.of(vlanId);
    }

    /**
     * Returns the IP version.
     *
     * @return 4 or 6, or 0 if the frame does not carry IP
     */
    public int ipVersion() {
        return ipVersion;
    }

    /**
     * Returns where the IP header starts.
     *
     * @return its offset
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int l3Offset() {
        requireIp("IP header");
        return l3Offset;
    }

    /**
     * Returns the length of the IP header: with options for IPv4, with extension headers for IPv6.
     *
     * @return the length in bytes
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int ipHeaderLength() {
        requireIp("IP header");
        return ipHeaderLength;
    }

    /**
     * Returns the IP packet length the header declares (IPv4 total length, or 40 plus the IPv6 payload
     * length).
     *
     * @return the length in bytes
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int ipTotalLength() {
        requireIp("IP length");
        return ipTotalLength;
    }

    /**
     * Returns the source address.
     *
     * @return an {@link Inet4Address} or an {@link Inet6Address}
     * @throws IllegalStateException if the frame does not carry IP
     */
    public InetAddress src() {
        requireIp("source address");
        return address(src);
    }

    /**
     * Returns the destination address.
     *
     * @return an {@link Inet4Address} or an {@link Inet6Address}
     * @throws IllegalStateException if the frame does not carry IP
     */
    public InetAddress dst() {
        requireIp("destination address");
        return address(dst);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /**
     * Returns the IPv4 TTL or the IPv6 hop limit.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int ttl() {
        requireIp("TTL");
        return ttl;
    }

    /**
     * Returns the IPv4 type of service or the IPv6 traffic class.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int tos() {
        requireIp("TOS");
        return tos;
    }

    /**
     * Returns the IPv6 flow label.
     *
     * @return 0 to 0xfffff
     * @throws IllegalStateException if the packet is not IPv6
     */
    public int flowLabel() {
        require(ipVersion == 6, "flow label", "not IPv6");
        return (int) (u32(l3Offset) & 0xfffff);
    }

    /**
     * Returns the identification: the IPv4 header's, or the IPv6 Fragment header's.
     *
     * @return 0 to 0xffff for IPv4, 0 to 0xffffffff for IPv6
     * @throws IllegalStateException if the packet is neither IPv4 nor IPv6 with a Fragment header
     */
    public long identification() {
        require(identification >= 0, "identification", "neither IPv4 nor IPv6 with a Fragment header");
        return identification;
    }

    /**
     * Returns whether the IPv4 Don't Fragment flag is set.
     *
     * @return the flag; false for IPv6
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean dontFragment() {
        requireIp("Don't Fragment");
        return dontFragment;
    }

    /**
     * Returns whether the More Fragments flag (IPv4, or IPv6 Fragment header) is set.
     *
     * @return the flag
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean moreFragments() {
        requireIp("More Fragments");
        return moreFragments;
    }

    /**
     * Returns the fragment offset (IPv4, or IPv6 Fragment header).
     *
     * @return the offset in bytes, a multiple of 8
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int fragmentOffset() {
        requireIp("fragment offset");
        return fragmentOffset;
    }

    /**
     * Returns whether the packet is a fragment of a larger one: More Fragments set or a non-zero
     * offset. A fragment with a non-zero offset has no transport header.
     *
     * @return true for a fragment
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean isFragment() {
        requireIp("fragment flags");
        return moreFragments || fragmentOffset > 0;
    }

    /**
     * Returns whether the IPv6 packet has a Fragment extension header.
     *
     * @return true if it has one; false for IPv4
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean hasFragmentHeader() {
        requireIp("Fragment header");
        return fragmentHeader;
    }

    /**
     * Returns the IPv4 options.
     *
     * @return a new array, empty if there are none
     * @throws IllegalStateException if the packet is not IPv4
     */
    public byte[] ipv4Options() {
        require(ipVersion == 4, "IPv4 options", "not IPv4");
        return Arrays.copyOfRange(buf, l3Offset + 20, l3Offset + ipHeaderLength);
    }

    /**
     * Returns whether this is a quoted packet cut short of the length its IP header declares (as ICMP
     * errors usually quote).
     *
     * @return true if truncated
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Returns the transport protocol: the IPv4 protocol, or the IPv6 next header after the extension
     * headers.
     *
     * @return for instance {@link Packet#TCP}
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int protocol() {
        requireIp("protocol");
        return protocol;
    }

    /**
     * Returns where the transport header starts.
     *
     * @return its offset
     * @throws IllegalStateException if there is no transport header (not IP, or a non-first fragment)
     */
    public int l4Offset() {
        require(l4Offset >= 0, "transport header", "not IP, or a fragment with a non-zero offset");
        return l4Offset;
    }

    private void requirePorts(String field) {
        require(srcPort >= 0, field, "not TCP or UDP");
    }

    /**
     * Returns the TCP or UDP source port.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not TCP or UDP
     */
    public int srcPort() {
        requirePorts("source port");
        return srcPort;
    }

    /**
     * Returns the TCP or UDP destination port.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not TCP or UDP
     */
    public int dstPort() {
        requirePorts("destination port");
        return dstPort;
    }

    /**
     * Returns the TCP sequence number.
     *
     * @return 0 to 0xffffffff
     * @throws IllegalStateException if the packet is not TCP
     */
    public long seq() {
        require(seq >= 0, "TCP sequence number", "not TCP");
        return seq;
    }

    /**
     * Returns the TCP acknowledgment number.
     *
     * @return 0 to 0xffffffff
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before this field
     */
    public long ackNumber() {
        require(ackNumber >= 0, "TCP acknowledgment number", "not TCP, or a truncated quote");
        return ackNumber;
    }

    /**
     * Returns the TCP flags.
     *
     * @return the flags set
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before this field
     */
    public Set<TcpFlag> tcpFlags() {
        require(tcpFlags >= 0, "TCP flags", "not TCP, or a truncated quote");
        return Collections.unmodifiableSet(TcpFlag.fromBits(tcpFlags));
    }

    /**
     * Returns whether a TCP flag is set.
     *
     * @param flag the flag
     * @return true if set
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before the flags
     */
    public boolean hasFlag(TcpFlag flag) {
        return tcpFlags().contains(flag);
    }

    /**
     * Returns the TCP window.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before this field
     */
    public int window() {
        require(window >= 0, "TCP window", "not TCP, or a truncated quote");
        return window;
    }

    /**
     * Returns the TCP options.
     *
     * @return a new array, empty if there are none
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before the options end
     */
    public byte[] tcpOptions() {
        require(tcpHeaderLength >= 0, "TCP options", "not TCP, or a truncated quote");
        return Arrays.copyOfRange(buf, l4Offset + 20, l4Offset + tcpHeaderLength);
    }

    /**
     * Returns the UDP length field.
     *
     * @return the datagram length the header declares
     * @throws IllegalStateException if the packet is not UDP
     */
    public int udpLength() {
        require(udpLength >= 0, "UDP length", "not UDP");
        return udpLength;
    }

    /**
     * Returns the checksum stored in the TCP, UDP, ICMP or ICMPv6 header.
     *
     * @return 0 to 0xffff
     * @throws IllegalStateException if there is no such header
     */
    public int l4Checksum() {
        int field = protocol == Packet.TCP ? Checksums.TCP_CHECKSUM
                : protocol == Packet.UDP ? Checksums.UDP_CHECKSUM : Checksums.ICMP_CHECKSUM;
        require(srcPort >= 0 || icmpType >= 0, "transport checksum", "not TCP, UDP or ICMP");
        require(l4Offset + field + 2 <= l4End, "transport checksum", "a truncated quote");
        return u16(l4Offset + field);
    }

    private void requireIcmp(String field) {
        require(icmpType >= 0, field, "not ICMP or ICMPv6");
    }

    /**
     * Returns the ICMP or ICMPv6 type.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the packet is not ICMP
     */
    public int icmpType() {
        requireIcmp("ICMP type");
        return icmpType;
    }

    /**
     * Returns the ICMP or ICMPv6 code.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the packet is not ICMP
     */
    public int icmpCode() {
        requireIcmp("ICMP code");
        return icmpCode;
    }

    /**
     * Returns the 32 bits of the ICMP header after the checksum, whatever the type.
     *
     * @return the raw bits
     * @throws IllegalStateException if the packet is not ICMP
     */
    public int icmpRestOfHeader() {
        requireIcmp("ICMP rest of header");
        return icmpRest;
    }

    private boolean isEcho() {
        return icmpType >= 0 && (ipVersion == 4 ? icmpType == 0 || icmpType == 8 : icmpType == 128 || icmpType == 129);
    }

    /**
     * Returns the identifier of an ICMP echo request or reply.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not an echo request or reply
     */
    public int icmpId() {
        require(isEcho(), "ICMP echo identifier", "not an echo request or reply");
        return icmpRest >>> 16;
    }

    /**
     * Returns the sequence number of an ICMP echo request or reply.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not an echo request or reply
     */
    public int icmpSeq() {
        require(isEcho(), "ICMP echo sequence number", "not an echo request or reply");
        return icmpRest & 0xffff;
    }

    /**
     * Returns the MTU of an ICMP "fragmentation needed" (type 3 code 4) or ICMPv6 "packet too big"
     * (type 2) error.
     *
     * @return the next-hop MTU
     * @throws IllegalStateException if the packet is neither
     */
    public int icmpMtu() {
        boolean v4 = ipVersion == 4 && icmpType == 3 && icmpCode == 4;
        require(v4 || ipVersion == 6 && icmpType == 2, "ICMP MTU", "neither fragmentation needed nor packet too big");
        return v4 ? icmpRest & 0xffff : icmpRest;
    }

    /**
     * Returns the inner packet: the one quoted by an ICMP error, or the one carried by IP-in-IP.
     *
     * @return the inner packet, or empty if there is none
     */
    public Optional<ParsedPacket> inner() {
        return Optional.ofNullable(inner);
    }

    /**
     * Returns where the payload starts: the data after the transport header (the ICMP body, which for
     * an error is the quoted packet), or after the IP header of a fragment with a non-zero offset or of
     * another protocol, or after the EtherType of a non-IP frame.
     *
     * @return its offset
     */
    public int payloadOffset() {
        return payloadOffset;
    }

    /**
     * Returns the payload, without any Ethernet padding after the IP packet.
     *
     * @return a new array
     */
    public byte[] payload() {
        return Arrays.copyOfRange(buf, payloadOffset, Math.max(payloadOffset, payloadEnd));
    }

    /**
     * Returns whether every checksum verified, including those of inner packets.
     *
     * @return true if {@link #checksumErrors()} is empty
     */
    public boolean checksumsValid() {
        return errors.isEmpty();
    }

    /**
     * Returns the checksums that did not verify, outer first.
     *
     * @return an unmodifiable list, empty if all verified
     */
    public List<ChecksumError> checksumErrors() {
        return List.copyOf(errors);
    }

    /**
     * Summarizes the packet for test messages.
     *
     * @return for instance {@code "IPv4 198.51.100.7:40000 > 203.0.113.10:80 TCP [SYN] ttl 64"}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (srcMac != null) {
            sb.append(srcMac).append(" > ").append(dstMac).append(vlanId >= 0 ? " vlan " + vlanId : "").append(' ');
        }
        if (ipVersion == 0) {
            return sb.append("EtherType 0x").append(Integer.toHexString(etherType)).toString();
        }
        String s = address(src).getHostAddress();
        String d = address(dst).getHostAddress();
        sb.append("IPv").append(ipVersion).append(' ');
        if (srcPort >= 0) {
            sb.append(s).append(':').append(srcPort).append(" > ").append(d).append(':').append(dstPort);
            sb.append(protocol == Packet.TCP ? " TCP" : " UDP");
            if (tcpFlags >= 0) {
                sb.append(' ').append(TcpFlag.fromBits(tcpFlags));
            }
        } else {
            sb.append(s).append(" > ").append(d).append(" protocol ").append(protocol);
            if (icmpType >= 0) {
                sb.append(" type ").append(icmpType).append(" code ").append(icmpCode);
            }
        }
        sb.append(" ttl ").append(ttl);
        if (moreFragments || fragmentOffset > 0) {
            sb.append(" fragment ").append(fragmentOffset).append(moreFragments ? "+" : "");
        }
        if (inner != null) {
            sb.append(" inner [").append(inner).append(']');
        }
        return sb.toString();
    }
}
