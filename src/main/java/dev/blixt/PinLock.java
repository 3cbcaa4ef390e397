package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exclusive lock on a pin directory that makes one data plane its owner: {@code flock(2)} on the
 * directory itself (bpffs holds no regular files), released by the kernel when the owner's process dies,
 * even by {@code kill -9}. The owner is found through {@code /proc/locks} for error messages.
 */
final class PinLock implements AutoCloseable {
    private final Path dir;
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PinLock(Path dir, int fd) {
        this.dir = dir;
        this.fd = fd;
    }

    /**
     * Takes the lock, or fails naming the owner.
     *
     * @throws DataplaneException if another data plane (in this or another process) holds it
     */
    static PinLock acquire(Path dir) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = libbpf_h.allocateErrnoState(arena);
            int fd = libc_h.open(state, arena.allocateFrom(dir.toString()),
                    libc_h.O_RDONLY() | libc_h.O_DIRECTORY() | libc_h.O_CLOEXEC(), 0);
            if (fd < 0) {
                throw new DataplaneException("cannot open the pin directory " + dir + " to lock it: "
                        + Errno.name(libbpf_h.errno(state)));
            }
            if (libc_h.flock(state, fd, libc_h.LOCK_EX() | libc_h.LOCK_NB()) != 0) {
                int errno = libbpf_h.errno(state);
                libc_h.close(state, fd);
                if (errno == Errno.EAGAIN) {
                    List<String> owners = owners(dir);
                    throw new DataplaneException("the pin path " + dir + " is in use by another open data plane ("
                            + (owners.isEmpty() ? "owner unknown" : String.join(", ", owners))
                            + "): close that one first (Dataplane.close), or give this one its own pin path");
                }
                throw new DataplaneException("cannot lock the pin directory " + dir + ": " + Errno.name(errno));
            }
            return new PinLock(dir, fd);
        }
    }

    /** The processes holding a flock on {@code dir}, from /proc/locks (the same process included). */
    static List<String> owners(Path dir) {
        List<String> out = new ArrayList<>();
        try {
            long inode = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                // "1: FLOCK  ADVISORY  WRITE 1234 00:1e:5678 0 EOF"
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || !f[1].equals("FLOCK")) continue;
                String[] dev = f[5].split(":");
                if (dev.length == 3 && Long.parseLong(dev[2]) == inode) {
                    String d = Hooks.describeProcess(Path.of("/proc", f[4]));
                    out.add(f[4].equals(Long.toString(ProcessHandle.current().pid())) ? d + ", this process" : d);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try (Arena arena = Arena.ofConfined()) {
            libc_h.close(libbpf_h.allocateErrnoState(arena), fd); // closing the fd drops the flock
        }
    }
}
