// Bindings for the few libc functions the library needs, in jextract's shape.
package dev.blixt.internal.libbpf;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.blixt.internal.libbpf.libbpf_h.C_BOOL;
import static dev.blixt.internal.libbpf.libbpf_h.C_INT;
import static dev.blixt.internal.libbpf.libbpf_h.C_LONG;
import static dev.blixt.internal.libbpf.libbpf_h.C_POINTER;
import static dev.blixt.internal.libbpf.libbpf_h.ERRNO;

/**
 * Downcalls into the C library (the linker's default lookup), in jextract's shape. Functions that
 * report failure through errno take an {@code errnoState} segment first (see
 * {@link libbpf_h#allocateErrnoState(java.lang.foreign.SegmentAllocator)}).
 */
@SuppressWarnings({"unused", "restricted", "checkstyle:TypeName"})
public final class libc_h {

    private libc_h() {
        // static accessors only
    }

    static MemorySegment findOrThrow(String symbol) {
        return Linker.nativeLinker().defaultLookup().find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + symbol));
    }

    /** {@code TC_H_CLSACT}, the clsact qdisc's parent id. @return 0xFFFFFFF1 */
    public static int TC_H_CLSACT() { return 0xFFFFFFF1; }
    /** {@code TC_H_MIN_INGRESS}. @return 0xFFF2 */
    public static int TC_H_MIN_INGRESS() { return 0xFFF2; }
    /** {@code TC_H_MIN_EGRESS}. @return 0xFFF3 */
    public static int TC_H_MIN_EGRESS() { return 0xFFF3; }
    /** {@code AF_INET}. @return 2 */
    public static int AF_INET() { return 2; }
    /** {@code AF_INET6}. @return 10 */
    public static int AF_INET6() { return 10; }
    /** {@code AF_NETLINK}. @return 16 */
    public static int AF_NETLINK() { return 16; }
    /** {@code SOCK_RAW}. @return 3 */
    public static int SOCK_RAW() { return 3; }
    /** {@code SOCK_CLOEXEC}. @return 0x80000 */
    public static int SOCK_CLOEXEC() { return 0x80000; }
    /** {@code NETLINK_ROUTE}. @return 0 */
    public static int NETLINK_ROUTE() { return 0; }
    /** {@code RTM_GETTFILTER}. @return 46 */
    public static int RTM_GETTFILTER() { return 46; }
    /** {@code RTM_NEWTFILTER}. @return 44 */
    public static int RTM_NEWTFILTER() { return 44; }
    /** {@code NLM_F_REQUEST}. @return 1 */
    public static int NLM_F_REQUEST() { return 1; }
    /** {@code NLM_F_DUMP}. @return 0x300 */
    public static int NLM_F_DUMP() { return 0x300; }
    /** {@code NLMSG_ERROR}. @return 2 */
    public static int NLMSG_ERROR() { return 2; }
    /** {@code NLMSG_DONE}. @return 3 */
    public static int NLMSG_DONE() { return 3; }
    /** {@code O_RDONLY}. @return 0 */
    public static int O_RDONLY() { return 0; }
    /** {@code O_CLOEXEC}. @return 0x80000 */
    public static int O_CLOEXEC() { return 0x80000; }
    /** {@code CLONE_NEWNET}. @return 0x40000000 */
    public static int CLONE_NEWNET() { return 0x40000000; }
    /** {@code IF_NAMESIZE}. @return 16 */
    public static int IF_NAMESIZE() { return 16; }

    private static final class geteuid {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MemorySegment ADDR = findOrThrow("geteuid");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code geteuid}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor geteuid$descriptor() {
        return geteuid.DESC;
    }

    /**
     * Downcall handle of {@code geteuid}.
     *
     * @return the handle
     */
    public static MethodHandle geteuid$handle() {
        return geteuid.HANDLE;
    }

    /**
     * Address of {@code geteuid}.
     *
     * @return the address
     */
    public static MemorySegment geteuid$address() {
        return geteuid.ADDR;
    }

    /**
     * The effective user id.
     *
     * @return see the C declaration
     */
    public static int geteuid() {
        var mh$ = geteuid.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class if_nametoindex {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("if_nametoindex");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code if_nametoindex}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor if_nametoindex$descriptor() {
        return if_nametoindex.DESC;
    }

    /**
     * Downcall handle of {@code if_nametoindex}.
     *
     * @return the handle
     */
    public static MethodHandle if_nametoindex$handle() {
        return if_nametoindex.HANDLE;
    }

    /**
     * Address of {@code if_nametoindex}.
     *
     * @return the address
     */
    public static MemorySegment if_nametoindex$address() {
        return if_nametoindex.ADDR;
    }

    /**
     * The index of an interface of the calling thread's network namespace, or 0 and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param ifname see the C declaration
     * @return see the C declaration
     */
    public static int if_nametoindex(MemorySegment errnoState, MemorySegment ifname) {
        var mh$ = if_nametoindex.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, ifname);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class if_indextoname {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("if_indextoname");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code if_indextoname}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor if_indextoname$descriptor() {
        return if_indextoname.DESC;
    }

    /**
     * Downcall handle of {@code if_indextoname}.
     *
     * @return the handle
     */
    public static MethodHandle if_indextoname$handle() {
        return if_indextoname.HANDLE;
    }

    /**
     * Address of {@code if_indextoname}.
     *
     * @return the address
     */
    public static MemorySegment if_indextoname$address() {
        return if_indextoname.ADDR;
    }

    /**
     * The name of an interface (IF_NAMESIZE buffer), or NULL and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param ifindex see the C declaration
     * @param ifname see the C declaration
     * @return see the C declaration
     */
    public static MemorySegment if_indextoname(MemorySegment errnoState, int ifindex, MemorySegment ifname) {
        var mh$ = if_indextoname.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(errnoState, ifindex, ifname);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class open {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("open");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO, Linker.Option.firstVariadicArg(2));
    }

    /**
     * Function descriptor of {@code open}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor open$descriptor() {
        return open.DESC;
    }

    /**
     * Downcall handle of {@code open}.
     *
     * @return the handle
     */
    public static MethodHandle open$handle() {
        return open.HANDLE;
    }

    /**
     * Address of {@code open}.
     *
     * @return the address
     */
    public static MemorySegment open$address() {
        return open.ADDR;
    }

    /**
     * Opens a file; an fd or -1 and errno. Variadic after {@code flags}.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param pathname see the C declaration
     * @param flags see the C declaration
     * @param mode see the C declaration
     * @return see the C declaration
     */
    public static int open(MemorySegment errnoState, MemorySegment pathname, int flags, int mode) {
        var mh$ = open.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, pathname, flags, mode);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("close");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code close}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor close$descriptor() {
        return close.DESC;
    }

    /**
     * Downcall handle of {@code close}.
     *
     * @return the handle
     */
    public static MethodHandle close$handle() {
        return close.HANDLE;
    }

    /**
     * Address of {@code close}.
     *
     * @return the address
     */
    public static MemorySegment close$address() {
        return close.ADDR;
    }

    /**
     * Closes an fd; 0 or -1 and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param fd see the C declaration
     * @return see the C declaration
     */
    public static int close(MemorySegment errnoState, int fd) {
        var mh$ = close.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, fd);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code LOCK_EX} of {@code <sys/file.h>}. @return 2 */
    public static int LOCK_EX() { return 2; }

    /** {@code LOCK_NB} of {@code <sys/file.h>}. @return 4 */
    public static int LOCK_NB() { return 4; }

    /** {@code O_DIRECTORY} of {@code <fcntl.h>}. @return 0x10000 */
    public static int O_DIRECTORY() { return 0x10000; }

    private static final class flock {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("flock");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code flock}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor flock$descriptor() {
        return flock.DESC;
    }

    /**
     * Downcall handle of {@code flock}.
     *
     * @return the handle
     */
    public static MethodHandle flock$handle() {
        return flock.HANDLE;
    }

    /**
     * Address of {@code flock}.
     *
     * @return the address
     */
    public static MemorySegment flock$address() {
        return flock.ADDR;
    }

    /**
     * Applies or removes an advisory lock on an open file (flock(2)); 0 or -1 with errno in the state.
     *
     * @param errnoState the captured call state
     * @param fd see the C declaration
     * @param operation see the C declaration
     * @return see the C declaration
     */
    public static int flock(MemorySegment errnoState, int fd, int operation) {
        var mh$ = flock.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, fd, operation);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class setns {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("setns");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code setns}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor setns$descriptor() {
        return setns.DESC;
    }

    /**
     * Downcall handle of {@code setns}.
     *
     * @return the handle
     */
    public static MethodHandle setns$handle() {
        return setns.HANDLE;
    }

    /**
     * Address of {@code setns}.
     *
     * @return the address
     */
    public static MemorySegment setns$address() {
        return setns.ADDR;
    }

    /**
     * Moves the calling thread into a namespace; 0 or -1 and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param fd see the C declaration
     * @param nstype see the C declaration
     * @return see the C declaration
     */
    public static int setns(MemorySegment errnoState, int fd, int nstype) {
        var mh$ = setns.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, fd, nstype);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = findOrThrow("socket");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code socket}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor socket$descriptor() {
        return socket.DESC;
    }

    /**
     * Downcall handle of {@code socket}.
     *
     * @return the handle
     */
    public static MethodHandle socket$handle() {
        return socket.HANDLE;
    }

    /**
     * Address of {@code socket}.
     *
     * @return the address
     */
    public static MemorySegment socket$address() {
        return socket.ADDR;
    }

    /**
     * Creates a socket; an fd or -1 and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param domain see the C declaration
     * @param type see the C declaration
     * @param protocol see the C declaration
     * @return see the C declaration
     */
    public static int socket(MemorySegment errnoState, int domain, int type, int protocol) {
        var mh$ = socket.HANDLE;
        try {
            return (int) mh$.invokeExact(errnoState, domain, type, protocol);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class sendto {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = findOrThrow("sendto");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code sendto}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor sendto$descriptor() {
        return sendto.DESC;
    }

    /**
     * Downcall handle of {@code sendto}.
     *
     * @return the handle
     */
    public static MethodHandle sendto$handle() {
        return sendto.HANDLE;
    }

    /**
     * Address of {@code sendto}.
     *
     * @return the address
     */
    public static MemorySegment sendto$address() {
        return sendto.ADDR;
    }

    /**
     * Sends a datagram; bytes sent or -1 and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param sockfd see the C declaration
     * @param buf see the C declaration
     * @param len see the C declaration
     * @param flags see the C declaration
     * @param dest_addr see the C declaration
     * @param addrlen see the C declaration
     * @return see the C declaration
     */
    public static long sendto(MemorySegment errnoState, int sockfd, MemorySegment buf, long len, int flags, MemorySegment dest_addr, int addrlen) {
        var mh$ = sendto.HANDLE;
        try {
            return (long) mh$.invokeExact(errnoState, sockfd, buf, len, flags, dest_addr, addrlen);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class recv {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT);
        static final MemorySegment ADDR = findOrThrow("recv");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ERRNO);
    }

    /**
     * Function descriptor of {@code recv}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor recv$descriptor() {
        return recv.DESC;
    }

    /**
     * Downcall handle of {@code recv}.
     *
     * @return the handle
     */
    public static MethodHandle recv$handle() {
        return recv.HANDLE;
    }

    /**
     * Address of {@code recv}.
     *
     * @return the address
     */
    public static MemorySegment recv$address() {
        return recv.ADDR;
    }

    /**
     * Receives a datagram; bytes received or -1 and errno.
     *
     * @param errnoState a segment of {@link #ERRNO_STATE_LAYOUT} that receives errno
     * @param sockfd see the C declaration
     * @param buf see the C declaration
     * @param len see the C declaration
     * @param flags see the C declaration
     * @return see the C declaration
     */
    public static long recv(MemorySegment errnoState, int sockfd, MemorySegment buf, long len, int flags) {
        var mh$ = recv.HANDLE;
        try {
            return (long) mh$.invokeExact(errnoState, sockfd, buf, len, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class vsnprintf {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = findOrThrow("vsnprintf");
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code vsnprintf}.
     *
     * @return the descriptor
     */
    public static FunctionDescriptor vsnprintf$descriptor() {
        return vsnprintf.DESC;
    }

    /**
     * Downcall handle of {@code vsnprintf}.
     *
     * @return the handle
     */
    public static MethodHandle vsnprintf$handle() {
        return vsnprintf.HANDLE;
    }

    /**
     * Address of {@code vsnprintf}.
     *
     * @return the address
     */
    public static MemorySegment vsnprintf$address() {
        return vsnprintf.ADDR;
    }

    /**
     * Formats with a {@code va_list} (a pointer on x86-64 and AArch64).
     *
     * @param str see the C declaration
     * @param size see the C declaration
     * @param format see the C declaration
     * @param ap see the C declaration
     * @return see the C declaration
     */
    public static int vsnprintf(MemorySegment str, long size, MemorySegment format, MemorySegment ap) {
        var mh$ = vsnprintf.HANDLE;
        try {
            return (int) mh$.invokeExact(str, size, format, ap);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
