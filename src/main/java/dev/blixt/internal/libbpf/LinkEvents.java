package dev.blixt.internal.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import dev.blixt.error.DataplaneException;

/**
 * A subscription to the link events of one network namespace ({@code ip monitor link}): an rtnetlink socket
 * bound to the multicast group {@code RTNLGRP_LINK}, which the kernel tells of every interface added, changed
 * ({@code RTM_NEWLINK}) or deleted ({@code RTM_DELLINK}). The namespace is the calling thread's when it is
 * opened. {@link #await} is for one thread; {@link #wakeup} and {@link #close} may be called from any.
 */
public final class LinkEvents implements AutoCloseable {

    /** What happened to an interface. */
    public enum Type {
        /** Added, or changed (state, flags, name): {@code RTM_NEWLINK}. */
        NEW,
        /** Deleted (or moved to another namespace): {@code RTM_DELLINK}. */
        DELETED,
        /** Events were lost (the socket's buffer overran): what is watched must be looked at again. */
        LOST
    }

    /**
     * One event.
     *
     * @param type what happened
     * @param link the interface as the event describes it; for {@link Type#LOST} an empty description
     */
    public record Event(Type type, Rtnetlink.Link link) {
    }

    private static final int BUFFER = 64 * 1024;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;
    private static final int IFINFOMSG_SIZE = 16;

    private final int socket;
    private final int wakeup;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf;
    private final MemorySegment fds;
    private boolean closed;

    private LinkEvents(int socket, int wakeup) {
        this.socket = socket;
        this.wakeup = wakeup;
        this.buf = arena.allocate(BUFFER, 8);
        this.fds = arena.allocate(libc_events_h.POLLFD, 2);
    }

    /**
     * Subscribes to the link events of the calling thread's network namespace.
     *
     * @return the subscription; close it
     * @throws DataplaneException if the socket cannot be created or bound
     */
    public static LinkEvents open() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(a);
            int fd = libc_h.socket(state, libc_h.AF_NETLINK(), libc_h.SOCK_RAW() | libc_h.SOCK_CLOEXEC(),
                    libc_h.NETLINK_ROUTE());
            if (fd < 0) {
                throw fail("socket(AF_NETLINK)", libbpf_h.errno(state));
            }
            MemorySegment addr = sockaddr_nl.allocate(a);
            sockaddr_nl.nl_family(addr, (short) libc_h.AF_NETLINK());
            sockaddr_nl.nl_groups(addr, libc_events_h.RTMGRP_LINK());
            if (libc_events_h.bind(state, fd, addr, (int) sockaddr_nl.sizeof()) != 0) {
                int errno = libbpf_h.errno(state);
                libc_h.close(state, fd);
                throw fail("bind(RTNLGRP_LINK)", errno);
            }
            int efd = libc_events_h.eventfd(state, 0, libc_events_h.EFD_CLOEXEC());
            if (efd < 0) {
                int errno = libbpf_h.errno(state);
                libc_h.close(state, fd);
                throw fail("eventfd", errno);
            }
            return new LinkEvents(fd, efd);
        }
    }

    /**
     * Waits for link events.
     *
     * @param timeoutMillis how long to wait at most, -1 for ever
     * @return the events read, in order; empty after a timeout or a {@link #wakeup}
     * @throws DataplaneException if poll or recv fails
     */
    public List<Event> await(int timeoutMillis) {
        List<Event> out = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(a);
            fds.set(ValueLayout.JAVA_INT, 0, socket);
            fds.set(ValueLayout.JAVA_SHORT, 4, libc_events_h.POLLIN());
            fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            fds.set(ValueLayout.JAVA_INT, 8, wakeup);
            fds.set(ValueLayout.JAVA_SHORT, 12, libc_events_h.POLLIN());
            fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
            int n = libc_events_h.poll(state, fds, 2, timeoutMillis);
            if (n < 0) {
                int errno = libbpf_h.errno(state);
                if (errno == Errno.EINTR) {
                    return out;
                }
                throw fail("poll", errno);
            }
            if (n == 0 || (fds.get(ValueLayout.JAVA_SHORT, 6) & libc_events_h.POLLIN()) == 0) {
                return out; // timed out, or woken up (the eventfd stays readable: every later call returns at once)
            }
            long len = libc_h.recv(state, socket, buf, BUFFER, 0x40); // MSG_DONTWAIT
            if (len < 0) {
                int errno = libbpf_h.errno(state);
                if (errno == Errno.ENOBUFS) {
                    out.add(new Event(Type.LOST, new Rtnetlink.Link(0, "", 0, "", 0)));
                } else if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                    throw fail("recv(RTNLGRP_LINK)", errno);
                }
                return out;
            }
            long off = 0;
            while (off + nlmsghdr.sizeof() <= len) {
                MemorySegment h = buf.asSlice(off);
                int mlen = nlmsghdr.nlmsg_len(h);
                if (mlen < nlmsghdr.sizeof() || off + mlen > len) {
                    break;
                }
                int type = Short.toUnsignedInt(nlmsghdr.nlmsg_type(h));
                if ((type == RTM_NEWLINK || type == RTM_DELLINK) && mlen - nlmsghdr.sizeof() >= IFINFOMSG_SIZE) {
                    Rtnetlink.Link link = Rtnetlink.parseLink(h.asSlice(nlmsghdr.sizeof(), mlen - nlmsghdr.sizeof()));
                    out.add(new Event(type == RTM_NEWLINK ? Type.NEW : Type.DELETED, link));
                }
                off += (mlen + 3) & ~3;
            }
        }
        return out;
    }

    /** Makes a waiting (and every later) {@link #await} return at once. Does nothing once closed. */
    public synchronized void wakeup() {
        if (closed) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            libc_events_h.eventfd_write(libbpf_h.allocateErrnoState(a), wakeup, 1);
        }
    }

    /** Closes the socket and the eventfd. Idempotent; not while another thread is in {@link #await}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(a);
            libc_h.close(state, socket);
            libc_h.close(state, wakeup);
        }
        arena.close();
    }

    private static DataplaneException fail(String what, int errno) {
        return new DataplaneException(what + " failed: " + Errno.name(errno) + " (" + Libbpf.strerror(errno) + ")");
    }
}
