package dev.blixt.packet;

import dev.blixt.packet.PacketSpec.Icmp;
import dev.blixt.packet.PacketSpec.L4;
import java.util.Objects;

/** Encodes a {@link PacketSpec}: lengths, checksums and header layout of the frames the builder makes. */
final class PacketEncoder {
    private static final int ETHERTYPE_VLAN = 0x8100;

    private PacketEncoder() {}

    /** The Ethernet frame; see {@link PacketBuilder#build()}. */
    static byte[] frame(PacketSpec s) {
        byte[] body;
        int etherType;
        if (s.ipVersion == 0) {
            if (s.etherType < 0) {
                throw new IllegalStateException("neither IP (ipv4/ipv6/ip) nor an EtherType was set");
            }
            body = s.payload;
            etherType = s.etherType;
        } else {
            body = ip(s);
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

    /** The bare IP packet; see {@link PacketBuilder#buildIp()}. */
    static byte[] ip(PacketSpec s) {
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

    private static void validate(PacketSpec s) {
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
        if (s.l4 == L4.ICMP && icmp != null && (v4 ? icmp.type4() : icmp.type6()) < 0) {
            throw new IllegalStateException("ICMP " + icmp.name() + " does not exist in " + version);
        }
    }

    private static byte[] transportSegment(PacketSpec s, int protocol) {
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
                seg = new byte[8 + icmp.body().length + s.payload.length];
                seg[0] = (byte) (v4 ? icmp.type4() : icmp.type6());
                seg[1] = (byte) (v4 ? icmp.code4() : icmp.code6());
                put32(seg, 4, icmp.rest() & 0xffff_ffffL);
                System.arraycopy(icmp.body(), 0, seg, 8, icmp.body().length);
                System.arraycopy(s.payload, 0, seg, 8 + icmp.body().length, s.payload.length);
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

    private static void checkLength(int length, String what) {
        if (length > 0xffff) {
            throw new IllegalStateException(what + " " + length + " exceeds 65535: shorten the payload");
        }
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) (v >>> 16));
        put16(b, at + 2, (int) v);
    }
}
