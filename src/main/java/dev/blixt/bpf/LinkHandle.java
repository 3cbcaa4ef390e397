package dev.blixt.bpf;

import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.blixt.internal.netns.NetnsRef;

/**
 * The state an XDP or tcx attachment shares: where it is (interface, namespace), the link (or -1 for an
 * XDP program attached through netlink), the program it runs now, its pin, and the guard that closes it
 * once. The attachment types keep what differs (the hook, how a netlink attachment detaches).
 */
final class LinkHandle {
    final @Nullable BpfObject owner;
    final int ifindex;
    final String ifname;
    final int linkFd;
    final NetnsRef netns;
    final Guard guard;
    private volatile int programId;
    private volatile String programName;
    private volatile @Nullable Path pinnedAt;

    /**
     * @param kind what the guard calls it ("XDP attachment", "tcx attachment")
     * @param where appended to the interface name in messages (a direction, or "")
     */
    LinkHandle(@Nullable BpfObject owner, int ifindex, String ifname, int linkFd, NetnsRef netns, int programId,
               String programName, String kind, String where) {
        this.owner = owner;
        this.ifindex = ifindex;
        this.ifname = ifname;
        this.linkFd = linkFd;
        this.netns = netns;
        this.programId = programId;
        this.programName = programName;
        this.guard = new Guard(() -> kind + " of '" + this.programName + "' to " + ifname + where);
    }

    /** A handle re-adopted from a pinned link: no owner, the program known by id only. */
    static LinkHandle adopted(Path path, int fd, Link.Info info, String kind, String where) {
        LinkHandle h = new LinkHandle(null, info.ifindex(), info.ifindex() == 0 ? "(gone)"
                : Native.ifname(info.ifindex()), fd, NetnsRef.current(), info.programId(), "id " + info.programId(),
                kind, where);
        h.pinnedAt = path.toAbsolutePath();
        return h;
    }

    String programName() {
        return programName;
    }

    /** The program id last seen; a link's is re-read from the kernel (another process may have swapped it). */
    int currentProgramId() {
        if (linkFd >= 0) {
            programId = Link.info(linkFd).programId();
        }
        return programId;
    }

    int knownProgramId() {
        return programId;
    }

    void pin(Path path, String what) {
        Link.pin(linkFd, path, what);
        pinnedAt = path.toAbsolutePath();
    }

    Optional<Path> pinPath() {
        return Optional.ofNullable(pinnedAt);
    }

    /** Swaps the link's program (inside the guard) and remembers the new one. */
    void update(BpfProgram program, int newFd, String what) {
        Link.update(linkFd, newFd, what);
        programName = program.name();
        programId = BpfProgram.programId(newFd);
    }

    void release(Attachment a, String what) {
        Link.release(a, guard, linkFd, netns, owner, pinnedAt, what);
    }

    /** Closes once, detaching with {@code detach}; unregisters from the owner unless the owner is closing it. */
    void close(Attachment a, Runnable detach, boolean byOwner) {
        if (guard.close(detach) && owner != null && !byOwner) {
            owner.unregister(a);
        }
    }

    /** The common tail of the attachments' toString. */
    String describeState() {
        return (pinnedAt != null ? ", pinned at " + pinnedAt : "") + (guard.isClosed() ? ", closed" : "") + "]";
    }
}
