package dev.blixt.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
    private final PacketParser f;
    private final @Nullable ParsedPacket inner;

    private ParsedPacket(PacketParser fields) {
        this.f = fields;
        this.inner = fields.inner == null ? null : new ParsedPacket(fields.inner);
    }

    static ParsedPacket parseFrame(byte[] frame) {
        return new ParsedPacket(PacketParser.frame(frame));
    }

    static ParsedPacket parseIp(byte[] packet) {
        return new ParsedPacket(PacketParser.ip(packet));
    }

    private void require(boolean present, String field, String why) {
        if (!present) {
            throw new IllegalStateException(field + " is not present: " + why + " (" + this + ")");
        }
    }

    private void requireEthernet(String field) {
        require(f.srcMac != null, field, "the packet was parsed without Ethernet");
    }

    private void requireIp(String field) {
        require(f.ipVersion != 0, field, "not an IP packet");
    }

    /** {@return a copy of the whole parsed buffer (the outer frame also for an inner packet)} */
    public byte[] bytes() {
        return f.buf.clone();
    }

    /**
     * {@return whether the packet was parsed as an Ethernet frame: true for {@link Packet#parse}, false
     * for {@link Packet#parseIp} and inner packets}
     */
    public boolean hasEthernet() {
        return f.srcMac != null;
    }

    /**
     * Returns the Ethernet source address.
     *
     * @return the source MAC address
     * @throws IllegalStateException if the packet was parsed without Ethernet
     */
    public MacAddress srcMac() {
        requireEthernet("source MAC");
        return Objects.requireNonNull(f.srcMac);
    }

    /**
     * Returns the Ethernet destination address.
     *
     * @return the destination MAC address
     * @throws IllegalStateException if the packet was parsed without Ethernet
     */
    public MacAddress dstMac() {
        requireEthernet("destination MAC");
        return Objects.requireNonNull(f.dstMac);
    }

    /**
     * Returns the EtherType of the payload (after the VLAN tag, if any).
     *
     * @return for instance 0x0800 for IPv4
     * @throws IllegalStateException if the packet was parsed without Ethernet
     */
    public int etherType() {
        requireEthernet("EtherType");
        return f.etherType;
    }

    /** {@return the VLAN id of the 802.1Q tag, or empty if the frame has no tag} */
    public OptionalInt vlanId() {
        return f.vlanId < 0 ? OptionalInt.empty() : OptionalInt.of(f.vlanId);
    }

    /** {@return the IP version: 4 or 6, or 0 if the frame does not carry IP} */
    public int ipVersion() {
        return f.ipVersion;
    }

    /**
     * Returns where the IP header starts.
     *
     * @return its offset
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int l3Offset() {
        requireIp("IP header");
        return f.l3Offset;
    }

    /**
     * Returns the length of the IP header: with options for IPv4, with extension headers for IPv6.
     *
     * @return the length in bytes
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int ipHeaderLength() {
        requireIp("IP header");
        return f.ipHeaderLength;
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
        return f.ipTotalLength;
    }

    /**
     * Returns the source address.
     *
     * @return an {@link Inet4Address} or an {@link Inet6Address}
     * @throws IllegalStateException if the frame does not carry IP
     */
    public InetAddress src() {
        requireIp("source address");
        return address(f.src);
    }

    /**
     * Returns the destination address.
     *
     * @return an {@link Inet4Address} or an {@link Inet6Address}
     * @throws IllegalStateException if the frame does not carry IP
     */
    public InetAddress dst() {
        requireIp("destination address");
        return address(f.dst);
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
        return f.ttl;
    }

    /**
     * Returns the IPv4 type of service or the IPv6 traffic class.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int tos() {
        requireIp("TOS");
        return f.tos;
    }

    /**
     * Returns the IPv6 flow label.
     *
     * @return 0 to 0xfffff
     * @throws IllegalStateException if the packet is not IPv6
     */
    public int flowLabel() {
        require(f.ipVersion == 6, "flow label", "not IPv6");
        return (int) (f.u32(f.l3Offset) & 0xfffff);
    }

    /**
     * Returns the identification: the IPv4 header's, or the IPv6 Fragment header's.
     *
     * @return 0 to 0xffff for IPv4, 0 to 0xffffffff for IPv6
     * @throws IllegalStateException if the packet is neither IPv4 nor IPv6 with a Fragment header
     */
    public long identification() {
        require(f.identification >= 0, "identification", "neither IPv4 nor IPv6 with a Fragment header");
        return f.identification;
    }

    /**
     * Returns whether the IPv4 Don't Fragment flag is set.
     *
     * @return the flag; false for IPv6
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean dontFragment() {
        requireIp("Don't Fragment");
        return f.dontFragment;
    }

    /**
     * Returns whether the More Fragments flag (IPv4, or IPv6 Fragment header) is set.
     *
     * @return the flag
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean moreFragments() {
        requireIp("More Fragments");
        return f.moreFragments;
    }

    /**
     * Returns the fragment offset (IPv4, or IPv6 Fragment header).
     *
     * @return the offset in bytes, a multiple of 8
     * @throws IllegalStateException if the frame does not carry IP
     */
    public int fragmentOffset() {
        requireIp("fragment offset");
        return f.fragmentOffset;
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
        return f.moreFragments || f.fragmentOffset > 0;
    }

    /**
     * Returns whether the IPv6 packet has a Fragment extension header.
     *
     * @return true if it has one; false for IPv4
     * @throws IllegalStateException if the frame does not carry IP
     */
    public boolean hasFragmentHeader() {
        requireIp("Fragment header");
        return f.fragmentHeader;
    }

    /**
     * Returns the IPv4 options.
     *
     * @return a new array, empty if there are none
     * @throws IllegalStateException if the packet is not IPv4
     */
    public byte[] ipv4Options() {
        require(f.ipVersion == 4, "IPv4 options", "not IPv4");
        return Arrays.copyOfRange(f.buf, f.l3Offset + 20, f.l3Offset + f.ipHeaderLength);
    }

    /**
     * {@return whether this is a quoted packet cut short of the length its IP header declares (as ICMP
     * errors usually quote)}
     */
    public boolean truncated() {
        return f.truncated;
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
        return f.protocol;
    }

    /**
     * Returns where the transport header starts.
     *
     * @return its offset
     * @throws IllegalStateException if there is no transport header (not IP, or a non-first fragment)
     */
    public int l4Offset() {
        require(f.l4Offset >= 0, "transport header", "not IP, or a fragment with a non-zero offset");
        return f.l4Offset;
    }

    private void requirePorts(String field) {
        require(f.srcPort >= 0, field, "not TCP or UDP");
    }

    /**
     * Returns the TCP or UDP source port.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not TCP or UDP
     */
    public int srcPort() {
        requirePorts("source port");
        return f.srcPort;
    }

    /**
     * Returns the TCP or UDP destination port.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not TCP or UDP
     */
    public int dstPort() {
        requirePorts("destination port");
        return f.dstPort;
    }

    /**
     * Returns the TCP sequence number.
     *
     * @return 0 to 0xffffffff
     * @throws IllegalStateException if the packet is not TCP
     */
    public long seq() {
        require(f.seq >= 0, "TCP sequence number", "not TCP");
        return f.seq;
    }

    /**
     * Returns the TCP acknowledgment number.
     *
     * @return 0 to 0xffffffff
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before this field
     */
    public long ackNumber() {
        require(f.ackNumber >= 0, "TCP acknowledgment number", "not TCP, or a truncated quote");
        return f.ackNumber;
    }

    /**
     * Returns the TCP flags.
     *
     * @return the flags set
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before this field
     */
    public Set<TcpFlag> tcpFlags() {
        require(f.tcpFlags >= 0, "TCP flags", "not TCP, or a truncated quote");
        return Collections.unmodifiableSet(TcpFlag.fromBits(f.tcpFlags));
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
        require(f.window >= 0, "TCP window", "not TCP, or a truncated quote");
        return f.window;
    }

    /**
     * Returns the TCP options.
     *
     * @return a new array, empty if there are none
     * @throws IllegalStateException if the packet is not TCP or is a quote cut before the options end
     */
    public byte[] tcpOptions() {
        require(f.tcpHeaderLength >= 0, "TCP options", "not TCP, or a truncated quote");
        return Arrays.copyOfRange(f.buf, f.l4Offset + 20, f.l4Offset + f.tcpHeaderLength);
    }

    /**
     * Returns the UDP length field.
     *
     * @return the datagram length the header declares
     * @throws IllegalStateException if the packet is not UDP
     */
    public int udpLength() {
        require(f.udpLength >= 0, "UDP length", "not UDP");
        return f.udpLength;
    }

    /**
     * Returns the checksum stored in the TCP, UDP, ICMP or ICMPv6 header.
     *
     * @return 0 to 0xffff
     * @throws IllegalStateException if there is no such header
     */
    public int l4Checksum() {
        int field = f.protocol == Packet.TCP ? Checksums.TCP_CHECKSUM
                : f.protocol == Packet.UDP ? Checksums.UDP_CHECKSUM : Checksums.ICMP_CHECKSUM;
        require(f.srcPort >= 0 || f.icmpType >= 0, "transport checksum", "not TCP, UDP or ICMP");
        require(f.l4Offset + field + 2 <= f.l4End, "transport checksum", "a truncated quote");
        return f.u16(f.l4Offset + field);
    }

    private void requireIcmp(String field) {
        require(f.icmpType >= 0, field, "not ICMP or ICMPv6");
    }

    /**
     * Returns the ICMP or ICMPv6 type.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the packet is not ICMP
     */
    public int icmpType() {
        requireIcmp("ICMP type");
        return f.icmpType;
    }

    /**
     * Returns the ICMP or ICMPv6 code.
     *
     * @return 0 to 255
     * @throws IllegalStateException if the packet is not ICMP
     */
    public int icmpCode() {
        requireIcmp("ICMP code");
        return f.icmpCode;
    }

    /**
     * Returns the 32 bits of the ICMP header after the checksum, whatever the type.
     *
     * @return the raw bits
     * @throws IllegalStateException if the packet is not ICMP
     */
    public int icmpRestOfHeader() {
        requireIcmp("ICMP rest of header");
        return f.icmpRest;
    }

    private boolean isEcho() {
        return f.icmpType >= 0 && (f.ipVersion == 4 ? f.icmpType == 0 || f.icmpType == 8 : f.icmpType == 128 || f.icmpType == 129);
    }

    /**
     * Returns the identifier of an ICMP echo request or reply.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not an echo request or reply
     */
    public int icmpId() {
        require(isEcho(), "ICMP echo identifier", "not an echo request or reply");
        return f.icmpRest >>> 16;
    }

    /**
     * Returns the sequence number of an ICMP echo request or reply.
     *
     * @return 0 to 65535
     * @throws IllegalStateException if the packet is not an echo request or reply
     */
    public int icmpSeq() {
        require(isEcho(), "ICMP echo sequence number", "not an echo request or reply");
        return f.icmpRest & 0xffff;
    }

    /**
     * Returns the MTU of an ICMP "fragmentation needed" (type 3 code 4) or ICMPv6 "packet too big"
     * (type 2) error.
     *
     * @return the next-hop MTU
     * @throws IllegalStateException if the packet is neither
     */
    public int icmpMtu() {
        boolean v4 = f.ipVersion == 4 && f.icmpType == 3 && f.icmpCode == 4;
        require(v4 || f.ipVersion == 6 && f.icmpType == 2, "ICMP MTU", "neither fragmentation needed nor packet too big");
        return v4 ? f.icmpRest & 0xffff : f.icmpRest;
    }

    /**
     * {@return the inner packet, the one quoted by an ICMP error or carried by IP-in-IP, or empty if
     * there is none}
     */
    public Optional<ParsedPacket> inner() {
        return Optional.ofNullable(inner);
    }

    /**
     * {@return where the payload starts: after the transport header (the ICMP body, which for an error
     * is the quoted packet), or after the IP header of a fragment with a non-zero offset or of another
     * protocol, or after the EtherType of a non-IP frame}
     */
    public int payloadOffset() {
        return f.payloadOffset;
    }

    /** {@return a copy of the payload, without any Ethernet padding after the IP packet} */
    public byte[] payload() {
        return Arrays.copyOfRange(f.buf, f.payloadOffset, Math.max(f.payloadOffset, f.payloadEnd));
    }

    /** {@return whether every checksum verified, those of inner packets included} */
    public boolean checksumsValid() {
        return f.errors.isEmpty();
    }

    /** {@return the checksums that did not verify, outer first: unmodifiable, empty if all verified} */
    public List<ChecksumError> checksumErrors() {
        return List.copyOf(f.errors);
    }

    /**
     * Summarizes the packet for test messages.
     *
     * @return for instance {@code "IPv4 198.51.100.7:40000 > 203.0.113.10:80 TCP [SYN] ttl 64"}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (f.srcMac != null) {
            sb.append(f.srcMac).append(" > ").append(f.dstMac).append(f.vlanId >= 0 ? " vlan " + f.vlanId : "").append(' ');
        }
        if (f.ipVersion == 0) {
            return sb.append("EtherType 0x").append(Integer.toHexString(f.etherType)).toString();
        }
        String s = address(f.src).getHostAddress();
        String d = address(f.dst).getHostAddress();
        sb.append("IPv").append(f.ipVersion).append(' ');
        if (f.srcPort >= 0) {
            sb.append(s).append(':').append(f.srcPort).append(" > ").append(d).append(':').append(f.dstPort);
            sb.append(f.protocol == Packet.TCP ? " TCP" : " UDP");
            if (f.tcpFlags >= 0) {
                sb.append(' ').append(TcpFlag.fromBits(f.tcpFlags));
            }
        } else {
            sb.append(s).append(" > ").append(d).append(" protocol ").append(f.protocol);
            if (f.icmpType >= 0) {
                sb.append(" type ").append(f.icmpType).append(" code ").append(f.icmpCode);
            }
        }
        sb.append(" ttl ").append(f.ttl);
        if (f.moreFragments || f.fragmentOffset > 0) {
            sb.append(" fragment ").append(f.fragmentOffset).append(f.moreFragments ? "+" : "");
        }
        if (inner != null) {
            sb.append(" inner [").append(inner).append(']');
        }
        return sb.toString();
    }
}
