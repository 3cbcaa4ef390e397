package dev.blixt;

import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The frames of the data-path fuzzer ({@link DatapathFuzzer}): well-formed frames of every kind the
 * data path handles, built with {@link PacketBuilder} around the fuzzer's routes (client to VIP,
 * backend replies, ICMP errors both ways, echo requests, traffic for no VIP, fragments, non-IP),
 * then, seven times in ten, mutated: truncated, padded, bytes overwritten, IP lengths and header
 * lengths set to wrong values. Clients and ports come from small sets, so that replies and ICMP
 * errors often quote flows the data path tracks. The same seed gives the same frames.
 */
final class FuzzFrames {
    static final MacAddress CLIENT_MAC = DatapathFixture.CLIENT_MAC;
    static final MacAddress LB_MAC = DatapathFixture.LB_MAC;
    static final MacAddress BACKEND_MAC = MacAddress.parse("02:00:00:00:00:b1");

    private final Random rnd;
    private final List<DatapathFuzzer.FuzzRoute> routes;

    FuzzFrames(long seed, List<DatapathFuzzer.FuzzRoute> routes) {
        this.rnd = new Random(seed);
        this.routes = routes;
    }

    /** The next frame (at least 14 bytes). */
    byte[] next() {
        byte[] frame = base();
        if (rnd.nextInt(10) < 3) {
            return frame;
        }
        frame = mutate(frame);
        if (rnd.nextInt(4) == 0) {
            frame = mutate(frame);
        }
        return frame;
    }

    // ---------------------------------------------------------------- well-formed frames

    private String client(boolean v6) {
        int n = 1 + rnd.nextInt(6);
        return v6 ? "2001:db8:c::" + n : "198.51.100." + n;
    }

    private String router(boolean v6) {
        return v6 ? "2001:db8:ff::1" : "198.18.0.254";
    }

    private String other(boolean v6) {
        return v6 ? "2001:db8:99::" + (1 + rnd.nextInt(200)) : "192.0.2." + (1 + rnd.nextInt(200));
    }

    private static String text(InetAddress a) {
        return a.getHostAddress();
    }

    private static PacketBuilder ip(PacketBuilder b, String src, String dst) {
        return src.contains(":") ? b.ipv6(src, dst) : b.ipv4(src, dst);
    }

    private PacketBuilder frame(MacAddress src) {
        PacketBuilder b = Packet.builder().ethernet(src, LB_MAC);
        return rnd.nextInt(10) == 0 ? b.vlan(1 + rnd.nextInt(4094)) : b;
    }

    /** TCP (random flags, options, payload) or UDP (checksum on or, over IPv4, off) from sport to dport. */
    private PacketBuilder transport(PacketBuilder b, int proto, int sport, int dport, boolean v6) {
        if (!v6 && rnd.nextInt(10) == 0) {
            b = b.ipv4Options(new byte[] {1, 1, 1, 0});
        }
        b = b.ttl(rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(2) : 64);
        if (proto == Packet.TCP) {
            b = b.tcp(sport, dport).seq(rnd.nextInt() & 0xffffffffL);
            b = switch (rnd.nextInt(6)) {
                case 0, 1 -> b.syn();
                case 2 -> b.syn().ack();
                case 3 -> b.rst();
                case 4 -> b.fin().ack();
                default -> b.psh().ack().ackNumber(rnd.nextInt() & 0xffffffffL);
            };
            if (rnd.nextInt(5) == 0) {
                b = b.tcpOptions(new byte[] {2, 4, 5, (byte) 0xb4, 1, 1, 4, 2});
            }
        } else {
            b = b.udp(sport, dport);
            if (!v6 && rnd.nextInt(5) == 0) {
                b = b.udpChecksum(false);
            }
        }
        return b.payload(bytes(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(48)));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A quote of the IP packet src:sport -> dst:dport: whole, or cut after 8 L4 bytes or more. */
    private byte[] quote(String src, int sport, String dst, int dport, int proto, boolean v6) {
        byte[] whole = transport(ip(Packet.builder(), src, dst), proto, sport, dport, v6).buildIp();
        int header = v6 ? 40 : (whole[0] & 0x0f) * 4;
        return switch (rnd.nextInt(4)) {
            case 0 -> Arrays.copyOf(whole, header + 8);
            case 1 -> Arrays.copyOf(whole, header + 8 + rnd.nextInt(whole.length - header - 7));
            default -> whole;
        };
    }

    private PacketBuilder icmpError(PacketBuilder b, byte[] quote, boolean v6) {
        return switch (rnd.nextInt(3)) {
            case 0 -> v6 ? b.icmpPacketTooBig(1280, quote) : b.icmpFragmentationNeeded(1400, quote);
            case 1 -> b.icmpPortUnreachable(quote);
            default -> b.icmpError(v6 ? 3 : 11, 0, quote);
        };
    }

    private byte[] base() {
        DatapathFuzzer.FuzzRoute r = routes.get(rnd.nextInt(routes.size()));
        Vip vip = r.vip();
        boolean v6 = vip.address().getAddress().length == 16;
        int proto = vip.protocol().number();
        String vipAddr = text(vip.address());
        String client = client(v6);
        int cport = 40000 + rnd.nextInt(24);
        int vport = vip.port() != 0 ? vip.port() : 1000 + rnd.nextInt(4);
        Backend be = r.backends().get(rnd.nextInt(r.backends().size()));
        String bAddr = text(be.address());
        int bport = be.port() != 0 ? be.port() : vport;
        return switch (rnd.nextInt(16)) {
            case 0, 1, 2, 3, 4 -> transport(ip(frame(CLIENT_MAC), client, vipAddr), proto, cport, vport, v6).build();
            case 5, 6, 7 -> transport(ip(frame(BACKEND_MAC), bAddr, client), proto, bport, cport, v6).build();
            case 8, 9 -> {
                // About a packet forwarded to a backend: from the backend or a router, to the client.
                String from = rnd.nextBoolean() ? bAddr : router(v6);
                yield icmpError(ip(frame(BACKEND_MAC), from, client), quote(client, cport, bAddr, bport, proto, v6), v6)
                        .build();
            }
            case 10, 11 -> {
                // About a reply from the VIP: from a router or the client, to the VIP.
                String from = rnd.nextBoolean() ? client : router(v6);
                yield icmpError(ip(frame(CLIENT_MAC), from, vipAddr), quote(vipAddr, vport, client, cport, proto, v6), v6)
                        .build();
            }
            case 12 -> ip(frame(CLIENT_MAC), client, rnd.nextBoolean() ? vipAddr : other(v6)).ttl(64)
                    .icmpEcho(rnd.nextInt(65536), rnd.nextInt(65536)).payload(bytes(rnd.nextInt(32))).build();
            case 13 -> transport(ip(frame(CLIENT_MAC), client, other(v6)), proto, cport, vport, v6).build();
            case 14 -> ip(frame(CLIENT_MAC), client, vipAddr).fragment(8 * rnd.nextInt(4), rnd.nextBoolean())
                    .protocol(proto).payload(bytes(16)).build();
            default -> rnd.nextBoolean()
                    ? frame(CLIENT_MAC).etherType(0x0806).payload(bytes(28)).build()
                    : withDestinationOptions(transport(ip(frame(CLIENT_MAC), client, vipAddr), proto, cport, vport,
                            v6).build());
        };
    }

    /** An IPv6 frame with an 8-byte destination-options header inserted (an IPv4 frame unchanged). */
    private static byte[] withDestinationOptions(byte[] frame) {
        int l3 = frame.length > 18 && (frame[12] & 0xff) == 0x81 ? 18 : 14;
        if ((frame[l3] & 0xf0) != 0x60) {
            return frame;
        }
        int l4 = l3 + 40;
        byte[] ext = new byte[frame.length + 8];
        System.arraycopy(frame, 0, ext, 0, l4);
        ext[l4] = frame[l3 + 6];
        ext[l4 + 2] = 1; // PadN, 4 bytes
        ext[l4 + 3] = 4;
        System.arraycopy(frame, l4, ext, l4 + 8, frame.length - l4);
        ext[l3 + 6] = 60;
        int payload = ext.length - l4;
        ext[l3 + 4] = (byte) (payload >>> 8);
        ext[l3 + 5] = (byte) payload;
        return ext;
    }

    // ---------------------------------------------------------------- mutations

    /** Where the IP header starts, from the EtherType (and one VLAN tag), or -1. */
    static int l3Offset(byte[] f) {
        if (f.length < 14) {
            return -1;
        }
        int type = (f[12] & 0xff) << 8 | f[13] & 0xff;
        if (type == 0x8100 || type == 0x88a8) {
            return f.length >= 18 ? 18 : -1;
        }
        return 14;
    }

    private byte[] mutate(byte[] f) {
        int l3 = l3Offset(f);
        switch (rnd.nextInt(7)) {
            case 0 -> {
                // A trailer: Ethernet padding (zeros) or anything.
                byte[] t = rnd.nextBoolean() ? new byte[1 + rnd.nextInt(64)] : bytes(1 + rnd.nextInt(64));
                return DatagramBoundsTest.concat(f, t);
            }
            case 1 -> {
                return f.length <= 14 ? f : Arrays.copyOf(f, 14 + rnd.nextInt(f.length - 14));
            }
            case 2 -> {
                byte[] b = f.clone();
                int span = Math.min(b.length, 90);
                for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                    b[rnd.nextInt(5) == 0 ? rnd.nextInt(b.length) : rnd.nextInt(span)] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            case 3, 4 -> {
                // A wrong IP length: anything, or off by a few; often with a trailer that it may point into.
                if (l3 < 0 || l3 + 6 > f.length) {
                    return f;
                }
                byte[] b = rnd.nextBoolean() ? DatagramBoundsTest.concat(f, bytes(rnd.nextInt(48))) : f.clone();
                boolean v4 = (b[l3] & 0xf0) == 0x40;
                int field = v4 ? l3 + 2 : l3 + 4;
                int now = (b[field] & 0xff) << 8 | b[field + 1] & 0xff;
                int len = rnd.nextInt(3) == 0 ? rnd.nextInt(b.length + 16) : now + rnd.nextInt(17) - 8;
                b[field] = (byte) (len >>> 8);
                b[field + 1] = (byte) len;
                return b;
            }
            case 5 -> {
                // A wrong IPv4 header length or TCP data offset.
                if (l3 < 0 || l3 + 20 > f.length) {
                    return f;
                }
                byte[] b = f.clone();
                boolean v4 = (b[l3] & 0xf0) == 0x40;
                int l4 = v4 ? l3 + (b[l3] & 0x0f) * 4 : l3 + 40;
                if (v4 && rnd.nextBoolean()) {
                    b[l3] = (byte) (0x40 | rnd.nextInt(16));
                } else if (l4 + 13 <= b.length) {
                    b[l4 + 12] = (byte) (rnd.nextInt(16) << 4 | b[l4 + 12] & 0x0f);
                }
                return b;
            }
            default -> {
                // The IP header of an ICMP error's quote made to lie: its version, header length or protocol.
                byte[] b = f.clone();
                if (l3 < 0 || l3 + 40 > b.length) {
                    return b;
                }
                boolean v4 = (b[l3] & 0xf0) == 0x40;
                int inner = (v4 ? l3 + (b[l3] & 0x0f) * 4 : l3 + 40) + 8;
                if (inner + 10 > b.length) {
                    return b;
                }
                switch (rnd.nextInt(3)) {
                    case 0 -> b[inner] = (byte) (rnd.nextInt(16) << 4 | b[inner] & 0x0f);
                    case 1 -> b[inner] = (byte) (b[inner] & 0xf0 | rnd.nextInt(16));
                    default -> b[inner + (v4 ? 9 : 6)] = (byte) (rnd.nextBoolean() ? 6 : 17);
                }
                return b;
            }
        }
    }
}
