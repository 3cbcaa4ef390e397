package dev.blixt.internal.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dev.blixt.DataplaneException;

/**
 * The one rtnetlink query libbpf lacks: how many tc filters an interface's clsact hook holds (the
 * equivalent of {@code tc filter show dev X ingress|egress}), so that a clsact qdisc is destroyed only
 * when nothing else uses it. Runs in the calling thread's network namespace.
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int fd = libc_h.socket(state, libc_h.AF_NETLINK(), libc_h.SOCK_RAW() | libc_h.SOCK_CLOEXEC(),
                    libc_h.NETLINK_ROUTE());
            if (fd < 0) {
                throw fail("socket(AF_NETLINK)", libbpf_h.errno(state));
            }
            try {
                int seq = (int) (System.nanoTime() & 0x7FFFFFFF);
                long len = nlmsghdr.sizeof() + tcmsg.sizeof();
                MemorySegment req = arena.allocate(len, 8);
                nlmsghdr.nlmsg_len(req, (int) len);
                nlmsghdr.nlmsg_type(req, (short) libc_h.RTM_GETTFILTER());
                nlmsghdr.nlmsg_flags(req, (short) (libc_h.NLM_F_REQUEST() | libc_h.NLM_F_DUMP()));
                nlmsghdr.nlmsg_seq(req, seq);
                MemorySegment tc = req.asSlice(nlmsghdr.sizeof(), tcmsg.sizeof());
                tcmsg.tcm_family(tc, (byte) 0);
                tcmsg.tcm_ifindex(tc, ifindex);
                tcmsg.tcm_parent(tc, parent);
                MemorySegment addr = sockaddr_nl.allocate(arena);
                sockaddr_nl.nl_family(addr, (short) libc_h.AF_NETLINK());
                if (libc_h.sendto(state, fd, req, len, 0, addr, (int) sockaddr_nl.sizeof()) < 0) {
                    throw fail("sendto(RTM_GETTFILTER)", libbpf_h.errno(state));
                }
                MemorySegment buf = arena.allocate(BUFFER, 8);
                int count = 0;
                for (int messages = 0; messages < MAX_MESSAGES; ) {
                    long n = libc_h.recv(state, fd, buf, BUFFER, 0);
                    if (n < 0) {
                        int errno = libbpf_h.errno(state);
                        if (errno == Errno.EINTR) {
                            continue;
                        }
                        throw fail("recv(RTM_GETTFILTER)", errno);
                    }
                    long off = 0;
                    while (off + nlmsghdr.sizeof() <= n) {
                        MemorySegment h = buf.asSlice(off);
                        int mlen = nlmsghdr.nlmsg_len(h);
                        int type = Short.toUnsignedInt(nlmsghdr.nlmsg_type(h));
                        if (mlen < nlmsghdr.sizeof() || off + mlen > n) {
                            throw new DataplaneException("malformed netlink reply to RTM_GETTFILTER");
                        }
                        messages++;
                        if (nlmsghdr.nlmsg_seq(h) == seq) {
                            if (type == libc_h.NLMSG_DONE()) {
                                return count;
                            }
                            if (type == libc_h.NLMSG_ERROR()) {
                                int err = nlmsgerr.error(h.asSlice(nlmsghdr.sizeof()));
                                if (err == 0) {
                                    return count;
                                }
                                if (-err == Errno.EINVAL || -err == Errno.ENOENT) {
                                    return 0; // no clsact qdisc (anymore)
                                }
                                throw fail("RTM_GETTFILTER", -err);
                            }
                            if (type == libc_h.RTM_NEWTFILTER()) {
                                count++;
                            }
                        }
                        off += (mlen + 3) & ~3;
                    }
                }
                throw new DataplaneException("netlink dump of tc filters did not end");
            } finally {
                libc_h.close(state, fd);
            }
        }
    }

    private static DataplaneException fail(String what, int errno) {
        return new DataplaneException(what + " failed: " + Errno.name(errno) + " (" + Libbpf.strerror(errno) + ")");
    }
}
