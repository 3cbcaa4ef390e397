package dev.blixt.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses one frame or IP packet into its fields, for {@link ParsedPacket}, which is the typed view of
 * them: this class reads and checks the bytes (bounds, lengths, checksums), that one answers questions
 * and refuses those about fields the packet does not have. The fields are written only while parsing.
 *
 * <p>Every read is bounded by the end of the enclosing header or datagram, and every inconsistency
 * throws {@link MalformedPacketException}; nothing else escapes for any byte sequence.
 */
final class PacketParser {
    private static final int MAX_DEPTH = 8;

    final byte[] buf;
    final int depth;
    final List<ChecksumError> errors = new ArrayList<>();
    @Nullable MacAddress srcMac;
    @Nullable MacAddress dstMac;
    int etherType = -1;
    int vlanId = -1;
    int ipVersion;
    int l3Offset = -1;
    int ipHeaderLength;
    int ipTotalLength;
    byte[] src = new byte[0];
    byte[] dst = new byte[0];
    int ttl;
    int tos;
    long identification = -1;
    boolean dontFragment;
    boolean moreFragments;
    boolean fragmentHeader;
    int fragmentOffset;
    boolean truncated;
    int protocol = -1;
    int l4Offset = -1;
    int l4End = -1;
    int srcPort = -1;
    int dstPort = -1;
    long seq = -1;
    long ackNumber = -1;
    int tcpFlags = -1;
    int window = -1;
    int tcpHeaderLength = -1;
    int udpLength = -1;
    int icmpType = -1;
    int icmpCode = -1;
    int icmpRest;
    int payloadOffset;
    int payloadEnd;
    @Nullable PacketParser inner;

    private PacketParser(byte[] buf, int depth) {
        this.buf = buf;
        this.depth = depth;
    }

    /** Parses an Ethernet frame; the bytes are copied. */
    static PacketParser frame(byte[] frame) {
        PacketParser p = new PacketParser(frame.clone(), 0);
        p.parseEthernet(frame.length);
        return p;
    }

    /** Parses a bare IP packet; the bytes are copied. */
    static PacketParser ip(byte[] packet) {
        PacketParser p = new PacketParser(packet.clone(), 0);
        p.parseIp(0, packet.length, false);
        return p;
    }

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
            need(at, quoted && truncated ? 8 : 20, end, "TCP header"); // only a cut quote may stop at 8
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
        PacketParser p = new PacketParser(buf, depth + 1);
        p.parseIp(at, end, quoted);
        inner = p;
        errors.addAll(p.errors);
    }

    boolean isIcmpError() {
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

    int u8(int at) {
        return buf[at] & 0xff;
    }

    int u16(int at) {
        return u8(at) << 8 | u8(at + 1);
    }

    long u32(int at) {
        return (long) u16(at) << 16 | u16(at + 2);
    }
}
