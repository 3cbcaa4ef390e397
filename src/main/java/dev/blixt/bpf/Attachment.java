package dev.blixt.bpf;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A program attached to a network interface: an {@link XdpAttachment} (XDP link, or netlink on old
 * kernels), a {@link TcxAttachment} (tcx link, Linux 6.6+) or a {@link TcAttachment} (a legacy
 * clsact filter).
 *
 * <p>{@link #close()} detaches the program; {@link #release()} leaves it attached and forgets it (a
 * link must be {@linkplain #pinPath() pinned} first, or it would detach anyway). Every attachment
 * remembers its network namespace, so closing it from another thread or namespace is safe.
 */
public sealed interface Attachment extends AutoCloseable permits XdpAttachment, TcxAttachment, TcAttachment {

    /**
     * The interface index, in the attachment's network namespace.
     *
     * @return the index
     */
    int ifindex();

    /**
     * The interface name at attach time.
     *
     * @return the name
     */
    String interfaceName();

    /**
     * The kernel's id of the program attached now (as shown by {@code bpftool prog}).
     *
     * @return the program id
     * @throws IllegalStateException if the attachment is closed
     */
    int programId();

    /**
     * Whether the program is still attached (nobody detached or replaced it).
     *
     * @return {@code true} if attached
     * @throws IllegalStateException if the attachment is closed
     */
    boolean isAttached();

    /**
     * Where the attachment is pinned in bpffs (links only).
     *
     * @return the pin path, or empty when not pinned
     */
    Optional<Path> pinPath();

    /**
     * Leaves the program attached and forgets it: closing this handle (or its object) no longer detaches.
     *
     * @throws IllegalStateException if the attachment is closed, or is an unpinned link
     */
    void release();

    /** Detaches the program (if it is still ours) and frees the handle. Idempotent. */
    @Override
    void close();
}
