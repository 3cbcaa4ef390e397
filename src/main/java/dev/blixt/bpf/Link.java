package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.internal.libbpf.bpf_link_create_opts;
import dev.blixt.internal.libbpf.bpf_link_info;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.netns.NetnsRef;
import org.jspecify.annotations.Nullable;

/** The BPF-link operations that XDP and tcx links share: create, describe, pin, open pinned, update, detach. */
final class Link {

    /** {@code BPF_LINK_TYPE_XDP}. */
    static final int TYPE_XDP = 6;
    /** {@code BPF_LINK_TYPE_TCX}. */
    static final int TYPE_TCX = 11;

    private Link() {
    }

    /** What {@code bpf_obj_get_info_by_fd} says of a link. */
    record Info(int type, int programId, int ifindex) {
    }

    /** {@code bpf_link_create}; returns the fd or the negative errno. */
    static int create(int progFd, int ifindex, int attachType, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = bpf_link_create_opts.allocate(arena);
            bpf_link_create_opts.sz(opts, bpf_link_create_opts.sizeof());
            bpf_link_create_opts.flags(opts, flags);
            return libbpf_h.bpf_link_create(progFd, ifindex, attachType, opts);
        }
    }

    static Info info(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = bpf_link_info.allocate(arena);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_link_info.sizeof());
            int ret = libbpf_h.bpf_obj_get_info_by_fd(fd, info, len);
            if (ret < 0) {
                throw new BpfException("reading the description of link fd " + fd, ret);
            }
            // The xdp and tcx members of the info union both start with the ifindex.
            return new Info(bpf_link_info.type(info), bpf_link_info.prog_id(info),
                    bpf_link_info.xdp.ifindex(bpf_link_info.xdp(info)));
        }
    }

    static void pin(int fd, Path path, String what) {
        String p = path.toAbsolutePath().toString();
        try (Arena arena = Arena.ofConfined()) {
            int ret = libbpf_h.bpf_obj_pin(fd, arena.allocateFrom(p));
            if (ret < 0) {
                throw new BpfException("pinning " + what + " at " + p, ret, MapCore.pinHint(-ret, p));
            }
        }
    }

    /** Opens a pinned link of the given type; the caller owns the returned fd. */
    static int openPinned(Path path, int expectedType, String kindName) {
        Libbpf.init();
        String p = path.toAbsolutePath().toString();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = libbpf_h.bpf_obj_get(arena.allocateFrom(p));
        }
        if (fd < 0) {
            throw new BpfException("opening the pinned " + kindName + " link " + p, fd,
                    -fd == Errno.ENOENT ? "nothing is pinned there" : null);
        }
        try {
            String kind = MapCore.fdKind(fd);
            if (!kind.equals("anon_inode:bpf-link") && !kind.equals("anon_inode:bpf_link")) {
                throw new IllegalArgumentException("the object pinned at " + p + " is not a BPF link but " + kind);
            }
            int type = info(fd).type();
            if (type != expectedType) {
                throw new IllegalArgumentException("the link pinned at " + p + " is not a " + kindName + " link (type "
                        + type + ")");
            }
            return fd;
        } catch (RuntimeException e) {
            Native.closeFd(fd);
            throw e;
        }
    }

    static void update(int fd, int newProgFd, String what) {
        int ret = libbpf_h.bpf_link_update(fd, newProgFd, MemorySegment.NULL);
        if (ret < 0) {
            throw new BpfException(what, ret);
        }
    }

    /** Detaches the link (whoever else holds it: pins, other fds) and closes our fd; logs failures. */
    static void detachAndClose(int fd, String what, System.Logger log) {
        int ret = libbpf_h.bpf_link_detach(fd);
        if (ret < 0 && -ret != Errno.ENOLINK && -ret != Errno.ENOENT) {
            log.log(System.Logger.Level.DEBUG, "bpf_link_detach of " + what + ": " + Errno.name(ret));
        }
        Native.closeFd(fd);
    }

    /**
     * The release() of an XDP or tcx attachment: a link's fd is closed (its pin keeps it attached), then the
     * handle forgets it; the owner's registration is dropped. A link that is not pinned is refused, since
     * closing its last fd would detach it.
     */
    static void release(Attachment a, Guard guard, int linkFd, NetnsRef netns, @Nullable BpfObject owner,
            @Nullable Path pinnedAt, String what) {
        if (linkFd >= 0 && pinnedAt == null) {
            guard.checkOpen();
            throw new IllegalStateException("the " + what + " is not pinned: pin(path) it before release(), or it"
                    + " would detach anyway");
        }
        if (!guard.close(() -> {
            if (linkFd >= 0) {
                Native.closeFd(linkFd); // the pin keeps the link and the program attached
            }
            netns.close();
        })) {
            throw new IllegalStateException("the " + what + " is closed");
        }
        if (owner != null) {
            owner.unregister(a);
        }
    }
}
