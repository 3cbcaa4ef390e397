package dev.blixt.internal.netns;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;

/**
 * A held reference (an open fd) to a network namespace, so that work bound to it (detaching a tc
 * filter by ifindex, say) can run there later from any thread.
 */
public final class NetnsRef implements AutoCloseable {

    private final int fd;
    private final long inode;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetnsRef(int fd, long inode) {
        this.fd = fd;
        this.inode = inode;
    }

    /**
     * A reference to the calling thread's network namespace.
     *
     * @return the reference; close it
     * @throws DataplaneException if /proc cannot be read
     */
    public static NetnsRef current() {
        long inode = currentInode();
        return new NetnsRef(open("/proc/thread-self/ns/net"), inode);
    }

    /**
     * The inode number identifying the calling thread's network namespace.
     *
     * @return the inode
     * @throws DataplaneException if /proc cannot be read
     */
    public static long currentInode() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            // "net:[4026531840]"
            int open = link.indexOf('[');
            int close = link.indexOf(']');
            return Long.parseLong(link.substring(open + 1, close));
        } catch (IOException | RuntimeException e) {
            throw new DataplaneException("cannot read /proc/thread-self/ns/net: " + e.getMessage(), e);
        }
    }

    static int open(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int fd = libc_h.open(state, arena.allocateFrom(path), libc_h.O_RDONLY() | libc_h.O_CLOEXEC(), 0);
            if (fd < 0) {
                int errno = libbpf_h.errno(state);
                throw new DataplaneException("cannot open " + path + ": " + Errno.name(errno)
                        + (errno == Errno.ENOENT ? " (no such network namespace)" : ""));
            }
            return fd;
        }
    }

    static void enter(int nsFd, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            if (libc_h.setns(state, nsFd, libc_h.CLONE_NEWNET()) != 0) {
                int errno = libbpf_h.errno(state);
                throw new DataplaneException("setns(" + what + ", CLONE_NEWNET) failed: " + Errno.name(errno)
                        + (errno == Errno.EPERM ? "; run as root or grant CAP_SYS_ADMIN" : ""));
            }
        }
    }

    static void closeFd(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            libc_h.close(libbpf_h.allocateErrnoState(arena), fd);
        }
    }

    /**
     * The namespace's inode number.
     *
     * @return the inode
     */
    public long inode() {
        return inode;
    }

    /**
     * Runs {@code task} in this namespace: directly when the calling thread is already there, otherwise
     * on a short-lived platform thread that first enters it.
     *
     * @param <T> the result type
     * @param task the work
     * @return its result
     * @throws DataplaneException if the namespace cannot be entered, or wrapping a checked exception
     */
    public <T> T call(Callable<T> task) {
        if (closed.get()) {
            throw new IllegalStateException("network namespace reference is closed");
        }
        if (!Thread.currentThread().isVirtual() && currentInode() == inode) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DataplaneException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
        }
        return NetNamespace.callOnThread("netns:[" + inode + "]", () -> enter(fd, "netns:[" + inode + "]"), task);
    }

    /**
     * Starts a daemon platform thread that enters this namespace and runs {@code body} there.
     *
     * @param name the thread's name
     * @param body the work; it runs after the thread entered the namespace, or not at all when entering fails
     *     (then {@code failed} gets the error)
     * @param failed told when the thread cannot enter the namespace
     * @return the started thread
     * @throws IllegalStateException if this reference is closed
     */
    public Thread startThread(String name, Runnable body, java.util.function.Consumer<RuntimeException> failed) {
        if (closed.get()) {
            throw new IllegalStateException("network namespace reference is closed");
        }
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                enter(fd, "netns:[" + inode + "]");
            } catch (RuntimeException e) {
                failed.accept(e);
                return;
            }
            body.run();
        });
    }

    /**
     * A factory of daemon platform threads that enter this namespace before running their task, for executors;
     * a thread that cannot enter it does not run its task (the failure goes to its uncaught-exception handler).
     *
     * @param name the threads' name
     * @return the thread factory
     */
    public java.util.concurrent.ThreadFactory threadFactory(String name) {
        return task -> Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            if (closed.get()) {
                throw new IllegalStateException("network namespace reference is closed");
            }
            enter(fd, "netns:[" + inode + "]");
            task.run();
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeFd(fd);
        }
    }
}
