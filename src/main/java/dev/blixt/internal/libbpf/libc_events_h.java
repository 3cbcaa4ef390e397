// Bindings for the libc calls that watch for events (netlink multicast, poll, eventfd), in jextract's shape.
package dev.blixt.internal.libbpf;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.blixt.internal.libbpf.libbpf_h.C_INT;
import static dev.blixt.internal.libbpf.libbpf_h.C_LONG;
import static dev.blixt.internal.libbpf.libbpf_h.C_POINTER;
import static dev.blixt.internal.libbpf.libbpf_h.C_SHORT;
import static dev.blixt.internal.libbpf.libbpf_h.ERRNO;

/**
 * Downcalls into the C library for waiting on events ({@code <sys/socket.h>} bind, {@code <poll.h>},
 * {@code <sys/eventfd.h>}), in jextract's shape; each takes an {@code errnoState} segment first.
 */
@SuppressWarnings({"unused", "restricted", "checkstyle:TypeName"})
public final class libc_events_h {

    private libc_events_h() {
        // static accessors only
    }

    /** {@code struct pollfd} of {@code <poll.h>}: fd, events, revents. */
    public static final GroupLayout POLLFD = MemoryLayout.structLayout(
        C_INT.withName("fd"),
        C_SHORT.withName("events"),
        C_SHORT.withName("revents")
    ).withName("pollfd");

    /** {@code POLLIN}. @return 1 */
    public static short POLLIN() { return 0x1; }

    /** {@code EFD_CLOEXEC}. @return 02000000 */
    public static int EFD_CLOEXEC() { return 0x80000; }

    /** {@code RTMGRP_LINK}, the rtnetlink multicast group of link events ({@code RTNLGRP_LINK} = 1). @return 1 */
    public static int RTMGRP_LINK() { return 0x1; }

    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = libc_h.findOrThrow("bind");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code bind}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor bind$descriptor() {
        return bind.DESC;
    }

    /**
     * Downcall handle of {@code bind}.
     *
     * @return the handle
     */
    public static MethodHandle bind$handle() {
        return bind.HANDLE;
    }

    /**
     * Address of {@code bind}.
     *
     * @return the address
     */
    public static MemorySegment bind$address() {
        return bind.ADDR;
    }

    /**
     * Binds a socket to an address; 0 or -1 and errno.
     *
     * @param errnoState a segment of {@link libbpf_h#ERRNO_STATE_LAYOUT} that receives errno
     * @param sockfd see the C declaration
     * @param addr see the C declaration
     * @param addrlen see the C declaration
     * @return see the C declaration
     */
    public static int bind(MemorySegment errnoState, int sockfd, MemorySegment addr, int addrlen) {
        var mh$ = bind.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, sockfd, addr, addrlen);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class poll {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MemorySegment ADDR = libc_h.findOrThrow("poll");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code poll}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor poll$descriptor() {
        return poll.DESC;
    }

    /**
     * Downcall handle of {@code poll}.
     *
     * @return the handle
     */
    public static MethodHandle poll$handle() {
        return poll.HANDLE;
    }

    /**
     * Address of {@code poll}.
     *
     * @return the address
     */
    public static MemorySegment poll$address() {
        return poll.ADDR;
    }

    /**
     * Waits for events on file descriptors; the number ready, 0 on timeout, or -1 and errno.
     *
     * @param errnoState a segment of {@link libbpf_h#ERRNO_STATE_LAYOUT} that receives errno
     * @param fds see the C declaration
     * @param nfds see the C declaration
     * @param timeout see the C declaration
     * @return see the C declaration
     */
    public static int poll(MemorySegment errnoState, MemorySegment fds, long nfds, int timeout) {
        var mh$ = poll.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, fds, nfds, timeout);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class eventfd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = libc_h.findOrThrow("eventfd");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code eventfd}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor eventfd$descriptor() {
        return eventfd.DESC;
    }

    /**
     * Downcall handle of {@code eventfd}.
     *
     * @return the handle
     */
    public static MethodHandle eventfd$handle() {
        return eventfd.HANDLE;
    }

    /**
     * Address of {@code eventfd}.
     *
     * @return the address
     */
    public static MemorySegment eventfd$address() {
        return eventfd.ADDR;
    }

    /**
     * Creates an eventfd; an fd or -1 and errno.
     *
     * @param errnoState a segment of {@link libbpf_h#ERRNO_STATE_LAYOUT} that receives errno
     * @param initval see the C declaration
     * @param flags see the C declaration
     * @return see the C declaration
     */
    public static int eventfd(MemorySegment errnoState, int initval, int flags) {
        var mh$ = eventfd.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, initval, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class eventfd_write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG);
        static final MemorySegment ADDR = libc_h.findOrThrow("eventfd_write");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code eventfd_write}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor eventfd_write$descriptor() {
        return eventfd_write.DESC;
    }

    /**
     * Downcall handle of {@code eventfd_write}.
     *
     * @return the handle
     */
    public static MethodHandle eventfd_write$handle() {
        return eventfd_write.HANDLE;
    }

    /**
     * Address of {@code eventfd_write}.
     *
     * @return the address
     */
    public static MemorySegment eventfd_write$address() {
        return eventfd_write.ADDR;
    }

    /**
     * Adds to an eventfd's counter; 0 or -1 and errno.
     *
     * @param errnoState a segment of {@link libbpf_h#ERRNO_STATE_LAYOUT} that receives errno
     * @param fd see the C declaration
     * @param value see the C declaration
     * @return see the C declaration
     */
    public static int eventfd_write(MemorySegment errnoState, int fd, long value) {
        var mh$ = eventfd_write.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, fd, value);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
