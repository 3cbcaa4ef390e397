package dev.blixt.internal.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dev.blixt.error.DataplaneException;

/**
 * The rtnetlink queries libbpf lacks: how many tc filters an interface's clsact hook holds (the
 * equivalent of {@code tc filter show dev X ingress|egress}), so that a clsact qdisc is destroyed only
 * when nothing else uses it, and what kind of device an interface is ({@code ip -d link show}), so that
 * the attach mode can be chosen per interface. Runs in the calling thread's network namespace.
 */
public final class Rtnetlink {

    private Rtnetlink() {
    }

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_MESSAGES = 1 << 20;

    /**
     * Counts the tc filters on one direction of an interface's clsact hook.
     *
     * @param ifindex the interface index
     * @param ingress {@code true} for ingress, {@code false} for egress
     * @return the number of filter messages dumped (0 when none, or when there is no clsact qdisc)
     * @throws DataplaneException if netlink fails
     */
    public static int countTcFilters(int ifindex, boolean ingress) {
        int parent = (libc_h.TC_H_CLSACT() & 0xFFFF0000)
                | ((ingress ? libc_h.TC_H_MIN_INGRESS() : libc_h.TC_H_MIN_EGRESS()) & 0xFFFF);
        int[] count = {0};
        boolean ok = request(libc_h.RTM_GETTFILTER(), libc_h.NLM_F_DUMP(), tcmsg.sizeof(), tc -> {
            tcmsg.tcm_family(tc, (byte) 0);
            tcmsg.tcm_ifindex(tc, ifindex);
            tcmsg.tcm_parent(tc, parent);
        }, (type, body) -> {
            if (type == libc_h.RTM_NEWTFILTER()) {
                count[0]++;
            }
        }, Errno.EINVAL, Errno.ENOENT); // no clsact qdisc (anymore)
        return ok ? count[0] : 0;
    }

    /** {@code IFF_LOOPBACK} of {@code <net/if.h>}. */
    public static final int IFF_LOOPBACK = 0x8;

    /**
     * What rtnetlink says of one interface: its name, flags ({@code IFF_*}), link kind
     * ({@code IFLA_INFO_KIND}: "veth", "bridge", "vlan", ...; empty for a physical device's driver, which
     * registers no link kind) and the index of the device it is linked to ({@code IFLA_LINK}: a veth's peer,
     * a VLAN's parent; 0 when none or in another namespace).
     *
     * @param ifindex the index
     * @param name the name
     * @param flags the {@code IFF_*} flags
     * @param kind the link kind, empty for physical devices
     * @param link the linked device's index, or 0
     */
    public record Link(int ifindex, String name, int flags, String kind, int link) {
        /**
         * Whether this is a loopback device.
         *
         * @return {@code true} for {@code lo}
         */
        public boolean loopback() {
            return (flags & IFF_LOOPBACK) != 0;
        }
    }

    private static final int RTM_GETLINK = 18;
    private static final int RTM_NEWLINK = 16;
    private static final int IFINFOMSG_SIZE = 16; // family, pad, type (u16), index (s32), flags, change (u32)
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_LINK = 5;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_INFO_KIND = 1;
    private static final int NLA_TYPE_MASK = 0x3FFF;

    /**
     * Describes one interface of the calling thread's network namespace ({@code ip -d link show}).
     *
     * @param ifindex the interface index
     * @return its description, or empty when there is no such interface
     * @throws DataplaneException if netlink fails
     */
    public static java.util.Optional<Link> link(int ifindex) {
        Link[] found = {null};
        request(RTM_GETLINK, 0, IFINFOMSG_SIZE, m -> m.set(ValueLayout.JAVA_INT_UNALIGNED, 4, ifindex), (type, body) -> {
            if (type == RTM_NEWLINK && body.byteSize() >= IFINFOMSG_SIZE) {
                found[0] = parseLink(body);
            }
        }, Errno.ENODEV);
        return java.util.Optional.ofNullable(found[0]);
    }

    /**
     * Every interface of the calling thread's network namespace ({@code ip -d link show}).
     *
     * @return their descriptions, by ifindex as the kernel lists them
     * @throws DataplaneException if netlink fails
     */
    public static java.util.List<Link> links() {
        java.util.List<Link> out = new java.util.ArrayList<>();
        request(RTM_GETLINK, libc_h.NLM_F_DUMP(), IFINFOMSG_SIZE, m -> { }, (type, body) -> {
            if (type == RTM_NEWLINK && body.byteSize() >= IFINFOMSG_SIZE) {
                out.add(parseLink(body));
            }
        });
        return java.util.List.copyOf(out);
    }

    /**
     * One address of an interface ({@code ip addr show}).
     *
     * @param ifindex the interface holding it
     * @param address the address bytes in network order: 4 for IPv4, 16 for IPv6
     */
    public record Address(int ifindex, byte[] address) {
        /** Copies the bytes. */
        public Address {
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }
    }

    private static final int RTM_NEWADDR = 20;
    private static final int RTM_GETADDR = 22;
    private static final int IFADDRMSG_SIZE = 8; // family, prefixlen, flags, scope (u8 each), index (u32)
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;

    /**
     * Every IPv4 and IPv6 address of the calling thread's network namespace, read from rtnetlink (unlike
     * {@link java.net.NetworkInterface}, whose IPv6 list comes from {@code /proc/net}, the namespace of the
     * process's main thread).
     *
     * @return the addresses, as the kernel lists them
     * @throws DataplaneException if netlink fails
     */
    public static java.util.List<Address> addresses() {
        java.util.List<Address> out = new java.util.ArrayList<>();
        request(RTM_GETADDR, libc_h.NLM_F_DUMP(), IFADDRMSG_SIZE, m -> { }, (type, body) -> {
            if (type != RTM_NEWADDR || body.byteSize() < IFADDRMSG_SIZE) {
                return;
            }
            int family = Byte.toUnsignedInt(body.get(ValueLayout.JAVA_BYTE, 0));
            int size = family == libc_h.AF_INET() ? 4 : family == libc_h.AF_INET6() ? 16 : 0;
            byte[][] found = new byte[3][]; // by attribute: IFA_LOCAL (the own address of a point-to-point link) wins
            attributes(body, IFADDRMSG_SIZE, (attr, value) -> {
                if ((attr == IFA_ADDRESS || attr == IFA_LOCAL) && size > 0 && value.byteSize() == size) {
                    found[attr] = value.toArray(ValueLayout.JAVA_BYTE);
                }
            });
            byte[] a = found[IFA_LOCAL] != null ? found[IFA_LOCAL] : found[IFA_ADDRESS];
            if (a != null) {
                out.add(new Address(body.get(ValueLayout.JAVA_INT_UNALIGNED, 4), a));
            }
        });
        return java.util.List.copyOf(out);
    }

    private static final int RTM_NEWROUTE = 24;
    private static final int RTM_GETROUTE = 26;
    private static final int RTMSG_SIZE = 12; // family, dst_len, src_len, tos, table, protocol, scope, type, flags (u32)
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTM_NEWNEIGH = 28;
    private static final int NDMSG_SIZE = 12; // family, pad (u8, u16), ifindex (s32), state (u16), flags, type (u8)
    private static final int NDA_DST = 1;
    private static final int NTF_USE = 0x01;
    private static final int NLM_F_ACK = 0x4;
    private static final int NLM_F_REPLACE = 0x100;
    private static final int NLM_F_CREATE = 0x400;
    private static final int ENETUNREACH = 101;
    private static final int EHOSTUNREACH = 113;

    /**
     * The next hop of a route: the interface it leaves by and the neighbour it goes to (the gateway, or
     * the destination itself on a connected route).
     *
     * @param ifindex the egress interface
     * @param address the neighbour's address (4 or 16 bytes)
     */
    public record NextHop(int ifindex, byte[] address) {
        /** Copies the address. */
        public NextHop {
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }
    }

    /**
     * The kernel's route to {@code dst} in the calling thread's network namespace ({@code ip route get}).
     *
     * @param dst an IPv4 or IPv6 address (4 or 16 bytes)
     * @return its next hop, or empty when there is no route
     * @throws DataplaneException if netlink fails otherwise
     */
    public static java.util.Optional<NextHop> routeTo(byte[] dst) {
        int family = dst.length == 4 ? libc_h.AF_INET() : libc_h.AF_INET6();
        int[] oif = {0};
        byte[][] gateway = {null};
        boolean found = request(RTM_GETROUTE, 0, RTMSG_SIZE + 4 + dst.length, m -> {
            m.set(ValueLayout.JAVA_BYTE, 0, (byte) family);
            m.set(ValueLayout.JAVA_BYTE, 1, (byte) (dst.length * 8));
            putAttribute(m, RTMSG_SIZE, RTA_DST, dst);
        }, (type, body) -> {
            if (type != RTM_NEWROUTE || body.byteSize() < RTMSG_SIZE) {
                return;
            }
            attributes(body, RTMSG_SIZE, (attr, value) -> {
                if (attr == RTA_OIF && value.byteSize() >= 4) {
                    oif[0] = value.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
                } else if (attr == RTA_GATEWAY && value.byteSize() == dst.length) {
                    gateway[0] = value.toArray(ValueLayout.JAVA_BYTE);
                }
            });
        }, ENETUNREACH, EHOSTUNREACH);
        if (!found || oif[0] == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new NextHop(oif[0], gateway[0] != null ? gateway[0] : dst));
    }

    /**
     * Asks the kernel to resolve (or confirm) a neighbour now, creating its entry if there is none
     * ({@code ip neigh replace ADDRESS dev DEV use}): what a packet the kernel itself sends there would
     * do, for next hops only the data plane's programs use ({@code bpf_fib_lookup} never starts a
     * resolution).
     *
     * @param hop the interface and the neighbour's address
     * @throws DataplaneException if the kernel refuses (for example a device without ARP)
     */
    public static void useNeighbour(NextHop hop) {
        byte[] a = hop.address();
        request(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK, NDMSG_SIZE + 4 + a.length, m -> {
            m.set(ValueLayout.JAVA_BYTE, 0, (byte) (a.length == 4 ? libc_h.AF_INET() : libc_h.AF_INET6()));
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 4, hop.ifindex());
            m.set(ValueLayout.JAVA_BYTE, 10, (byte) NTF_USE);
            putAttribute(m, NDMSG_SIZE, NDA_DST, a);
        }, (type, body) -> { });
    }

    /** Writes an attribute whose value is 4 or 16 bytes (no padding needed) at {@code offset}. */
    private static void putAttribute(MemorySegment m, long offset, int type, byte[] value) {
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (short) (4 + value.length));
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset + 2, (short) type);
        MemorySegment.copy(value, 0, m, ValueLayout.JAVA_BYTE, offset + 4, value.length);
    }

    /**
     * Reads an {@code RTM_NEWLINK} or {@code RTM_DELLINK} message's body: an {@code ifinfomsg} and its attributes.
     *
     * @param body the message after its {@code nlmsghdr}, at least 16 bytes
     * @return the interface it describes
     */
    static Link parseLink(MemorySegment body) {
        int index = body.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
        int flags = body.get(ValueLayout.JAVA_INT_UNALIGNED, 8);
        String[] name = {""};
        String[] kind = {""};
        int[] link = {0};
        attributes(body, IFINFOMSG_SIZE, (attr, value) -> {
            switch (attr) {
                case IFLA_IFNAME -> name[0] = cString(value);
                case IFLA_LINK -> link[0] = value.byteSize() >= 4 ? value.get(ValueLayout.JAVA_INT_UNALIGNED, 0) : 0;
                case IFLA_LINKINFO -> attributes(value, 0, (inner, v) -> {
                    if (inner == IFLA_INFO_KIND) {
                        kind[0] = cString(v);
                    }
                });
                default -> { }
            }
        });
        return new Link(index, name[0], flags, kind[0], link[0]);
    }

    private interface AttributeVisitor {
        void visit(int type, MemorySegment value);
    }

    private static void attributes(MemorySegment msg, long offset, AttributeVisitor visitor) {
        long off = offset;
        while (off + 4 <= msg.byteSize()) {
            int len = Short.toUnsignedInt(msg.get(ValueLayout.JAVA_SHORT_UNALIGNED, off));
            int type = Short.toUnsignedInt(msg.get(ValueLayout.JAVA_SHORT_UNALIGNED, off + 2)) & NLA_TYPE_MASK;
            if (len < 4 || off + len > msg.byteSize()) {
                return;
            }
            visitor.visit(type, msg.asSlice(off + 4, len - 4));
            off += (len + 3) & ~3;
        }
    }

    private static String cString(MemorySegment value) {
        int n = 0;
        while (n < value.byteSize() && value.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(value.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
    }

    private interface MessageVisitor {
        void visit(int type, MemorySegment body);
    }

    /**
     * Sends one rtnetlink request and hands every reply message's body to {@code visitor}.
     *
     * @return {@code false} when the kernel answered with one of the {@code absent} errnos
     */
    private static boolean request(int type, int extraFlags, long bodySize,
                                   java.util.function.Consumer<MemorySegment> fill, MessageVisitor visitor,
                                   int... absent) {
        String what = "rtnetlink message " + type;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int fd = libc_h.socket(state, libc_h.AF_NETLINK(), libc_h.SOCK_RAW() | libc_h.SOCK_CLOEXEC(),
                    libc_h.NETLINK_ROUTE());
            if (fd < 0) {
                throw fail("socket(AF_NETLINK)", libbpf_h.errno(state));
            }
            try {
                int seq = (int) (System.nanoTime() & 0x7FFFFFFF);
                long len = nlmsghdr.sizeof() + bodySize;
                MemorySegment req = arena.allocate(len, 8);
                nlmsghdr.nlmsg_len(req, (int) len);
                nlmsghdr.nlmsg_type(req, (short) type);
                nlmsghdr.nlmsg_flags(req, (short) (libc_h.NLM_F_REQUEST() | extraFlags));
                nlmsghdr.nlmsg_seq(req, seq);
                fill.accept(req.asSlice(nlmsghdr.sizeof(), bodySize));
                MemorySegment addr = sockaddr_nl.allocate(arena);
                sockaddr_nl.nl_family(addr, (short) libc_h.AF_NETLINK());
                if (libc_h.sendto(state, fd, req, len, 0, addr, (int) sockaddr_nl.sizeof()) < 0) {
                    throw fail("sendto(" + what + ")", libbpf_h.errno(state));
                }
                boolean dump = (extraFlags & libc_h.NLM_F_DUMP()) != 0;
                MemorySegment buf = arena.allocate(BUFFER, 8);
                for (int messages = 0; messages < MAX_MESSAGES; ) {
                    long n = libc_h.recv(state, fd, buf, BUFFER, 0);
                    if (n < 0) {
                        int errno = libbpf_h.errno(state);
                        if (errno == Errno.EINTR) {
                            continue;
                        }
                        throw fail("recv(" + what + ")", errno);
                    }
                    long off = 0;
                    while (off + nlmsghdr.sizeof() <= n) {
                        MemorySegment h = buf.asSlice(off);
                        int mlen = nlmsghdr.nlmsg_len(h);
                        int mtype = Short.toUnsignedInt(nlmsghdr.nlmsg_type(h));
                        if (mlen < nlmsghdr.sizeof() || off + mlen > n) {
                            throw new DataplaneException("malformed netlink reply to " + what);
                        }
                        messages++;
                        if (nlmsghdr.nlmsg_seq(h) == seq) {
                            if (mtype == libc_h.NLMSG_DONE()) {
                                return true;
                            }
                            if (mtype == libc_h.NLMSG_ERROR()) {
                                int err = nlmsgerr.error(h.asSlice(nlmsghdr.sizeof()));
                                if (err == 0) {
                                    return true;
                                }
                                for (int a : absent) {
                                    if (-err == a) {
                                        return false;
                                    }
                                }
                                throw fail(what, -err);
                            }
                            visitor.visit(mtype, h.asSlice(nlmsghdr.sizeof(), mlen - nlmsghdr.sizeof()));
                            if (!dump) {
                                return true;
                            }
                        }
                        off += (mlen + 3) & ~3;
                    }
                }
                throw new DataplaneException("netlink dump of " + what + " did not end");
            } finally {
                libc_h.close(state, fd);
            }
        }
    }

    private static DataplaneException fail(String what, int errno) {
        return new DataplaneException(what + " failed: " + Errno.name(errno) + " (" + Libbpf.strerror(errno) + ")");
    }
}
