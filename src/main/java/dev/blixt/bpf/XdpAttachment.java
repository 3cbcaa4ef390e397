package dev.blixt.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.bpf_xdp_attach_opts;
import dev.blixt.internal.libbpf.bpf_xdp_query_opts;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.netns.NetnsRef;

/**
 * An XDP program attached to an interface, normally through a BPF link.
 *
 * <p>{@link #close()} detaches it. To keep the program attached after the process ends, {@link #pin} the
 * link in bpffs and {@link #release()} the attachment; a later process re-adopts it with
 * {@link #openPinned(Path)} and can swap the program atomically with {@link #replaceProgram(BpfProgram)}.
 * On kernels without XDP links (before 5.9) the program is attached through netlink instead
 * ({@link #isLink()} is {@code false}): it cannot be pinned and stays attached after {@link #release()}.
 *
 * <p>The attachment remembers its network namespace: closing it from another thread or namespace is safe.
 */
public final class XdpAttachment implements Attachment {

    private static final Logger LOG = System.getLogger(XdpAttachment.class.getName());

    private static final String KIND = "XDP attachment";

    private final LinkHandle link;
    private final int netlinkFlags;

    private XdpAttachment(LinkHandle link, int netlinkFlags) {
        this.link = link;
        this.netlinkFlags = netlinkFlags;
    }

    static XdpAttachment attach(BpfProgram program, int progFd, int ifindex, XdpMode mode) {
        String ifname = Native.ifname(ifindex);
        int progId = BpfProgram.programId(progFd);
        NetnsRef netns = NetnsRef.current();
        try {
            if (mode == XdpMode.AUTO) {
                try {
                    return attach(program, progFd, progId, ifindex, ifname, XdpMode.NATIVE, netns);
                } catch (BpfException e) {
                    switch (e.errno()) {
                        case Errno.EPERM, Errno.EACCES, Errno.EBUSY, Errno.EEXIST, Errno.ENODEV -> throw e;
                        default -> LOG.log(Level.INFO, "native XDP is not available on " + ifname + " ("
                                + e.errnoName() + "): attaching program '" + program.name() + "' in generic mode");
                    }
                    return attach(program, progFd, progId, ifindex, ifname, XdpMode.GENERIC, netns);
                }
            }
            return attach(program, progFd, progId, ifindex, ifname, mode, netns);
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    private static XdpAttachment attach(BpfProgram program, int progFd, int progId, int ifindex, String ifname,
                                        XdpMode mode, NetnsRef netns) {
        int modeFlag = mode == XdpMode.NATIVE ? libbpf_h.XDP_FLAGS_DRV_MODE() : libbpf_h.XDP_FLAGS_SKB_MODE();
        String what = "attaching XDP program '" + program.name() + "' to " + ifname + " in " + mode + " mode";
        {
            int fd = Link.create(progFd, ifindex, libbpf_h.BPF_XDP(), modeFlag);
            if (fd >= 0) {
                return new XdpAttachment(new LinkHandle(program.owner(), ifindex, ifname, fd, netns, progId,
                        program.name(), KIND, ""), 0);
            }
            if (-fd == Errno.EINVAL) {
                // Kernels before 5.9 have no XDP links: attach through netlink, refusing to replace a program.
                int flags = modeFlag | libbpf_h.XDP_FLAGS_UPDATE_IF_NOEXIST();
                int ret = libbpf_h.bpf_xdp_attach(ifindex, progFd, flags, MemorySegment.NULL);
                if (ret == 0) {
                    LOG.log(Level.INFO, "BPF links for XDP are not available: attached program '" + program.name()
                            + "' to " + ifname + " through netlink");
                    return new XdpAttachment(new LinkHandle(program.owner(), ifindex, ifname, -1, netns, progId,
                            program.name(), KIND, ""), modeFlag);
                }
            }
            throw attachError(what, fd, ifindex, ifname, mode);
        }
    }

    private static BpfException attachError(String what, int ret, int ifindex, String ifname, XdpMode mode) {
        String hint = switch (-ret) {
            case Errno.EBUSY, Errno.EEXIST -> {
                int[] q = query(ifindex); // {attach mode, drv, skb, hw, prog id}
                int id = q[4] != 0 ? q[4] : q[1] != 0 ? q[1] : q[2] != 0 ? q[2] : q[3];
                // XDP_ATTACHED_DRV = 1, _SKB = 2, _HW = 3, _MULTI = 4
                String there = q[0] == 1 ? "native" : q[0] == 2 ? "generic" : q[0] == 3 ? "offloaded" : null;
                String asked = mode == XdpMode.NATIVE ? "native" : mode == XdpMode.GENERIC ? "generic" : null;
                String why = there != null && asked != null && !there.equals(asked)
                        ? "one XDP program per interface, and native and generic XDP cannot be active at once"
                        : "one XDP program per interface" + (there != null ? " and mode" : "");
                yield "another XDP program" + (id != 0 ? " (program id " + id + ", see bpftool prog show id " + id + ")"
                        : "") + " is already attached to " + ifname + (there != null ? " in " + there + " mode" : "")
                        + " (" + why + "): attach with tc instead, which runs beside it, or remove that program if"
                        + " nothing needs it";
            }
            case Errno.EOPNOTSUPP, Errno.ENOTSUPP -> mode == XdpMode.NATIVE
                    ? "the driver of " + ifname + " has no native XDP: use XdpMode.GENERIC or AUTO"
                    : null;
            case Errno.ERANGE -> "the MTU of " + ifname + " is too large for XDP in " + mode + " mode";
            case Errno.ENODEV -> "interface " + ifname + " (index " + ifindex + ") does not exist";
            default -> null;
        };
        return new BpfException(what, ret, hint);
    }

    /** {attach_mode, drv_prog_id, skb_prog_id, hw_prog_id, prog_id} of an interface; zeros if unknown. */
    static int[] query(int ifindex) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = bpf_xdp_query_opts.allocate(arena);
            bpf_xdp_query_opts.sz(opts, bpf_xdp_query_opts.sizeof());
            int ret = libbpf_h.bpf_xdp_query(ifindex, 0, opts);
            if (ret < 0) {
                return new int[5];
            }
            return new int[] {Byte.toUnsignedInt(bpf_xdp_query_opts.attach_mode(opts)),
                    bpf_xdp_query_opts.drv_prog_id(opts), bpf_xdp_query_opts.skb_prog_id(opts),
                    bpf_xdp_query_opts.hw_prog_id(opts), bpf_xdp_query_opts.prog_id(opts)};
        }
    }

    /**
     * Re-adopts an XDP link pinned in bpffs (by this or an earlier process). The attachment is not owned
     * by any {@link BpfObject}; closing it detaches the program, {@link #release()} leaves it attached.
     * The link's interface index is interpreted in the calling thread's network namespace.
     *
     * @param path the pin path
     * @return the attachment
     * @throws BpfException if nothing is pinned there
     * @throws IllegalArgumentException if the pinned object is not an XDP link
     */
    public static XdpAttachment openPinned(Path path) {
        Objects.requireNonNull(path, "path");
        int fd = Link.openPinned(path, Link.TYPE_XDP, "XDP");
        try {
            return new XdpAttachment(LinkHandle.adopted(path, fd, Link.info(fd), KIND, ""), 0);
        } catch (RuntimeException e) {
            Native.closeFd(fd);
            throw e;
        }
    }

    /**
     * The interface index, in the attachment's network namespace.
     *
     * @return the index
     */
    public int ifindex() {
        return link.ifindex;
    }

    /**
     * The interface name at attach time.
     *
     * @return the name
     */
    public String interfaceName() {
        return link.ifname;
    }

    /**
     * Whether the program is attached through a BPF link (pinnable) rather than netlink.
     *
     * @return {@code true} for a link
     */
    public boolean isLink() {
        return link.linkFd >= 0;
    }

    /**
     * The mode the kernel reports for the attached program ({@code bpf_xdp_query}).
     *
     * @return {@link XdpMode#NATIVE} or {@link XdpMode#GENERIC}
     * @throws IllegalStateException if the attachment is closed or the program is no longer attached
     */
    public XdpMode mode() {
        return link.guard.call(() -> link.netns.call(() -> {
            int id = link.currentProgramId();
            int[] q = query(link.ifindex);
            if (q[1] == id && id != 0) {
                return XdpMode.NATIVE;
            }
            if (q[2] == id && id != 0) {
                return XdpMode.GENERIC;
            }
            throw new IllegalStateException("XDP program id " + id + " is no longer attached to " + link.ifname
                    + " (attached: native id " + q[1] + ", generic id " + q[2] + ")");
        }));
    }

    /**
     * Whether the program is still attached to the interface.
     *
     * @return {@code true} if {@code bpf_xdp_query} reports this attachment's program
     * @throws IllegalStateException if the attachment is closed
     */
    public boolean isAttached() {
        return link.guard.call(() -> link.netns.call(() -> {
            int id = link.currentProgramId();
            int[] q = query(link.ifindex);
            return id != 0 && (q[1] == id || q[2] == id || q[3] == id);
        }));
    }

    @Override
    public int programId() {
        return link.guard.call(link::currentProgramId);
    }

    /**
     * Pins the link in bpffs, so that it survives this process once {@linkplain #release() released}.
     *
     * @param path the pin path; its directory must exist on bpffs
     * @throws BpfException if the path exists or is not on bpffs
     * @throws UnsupportedOperationException for a netlink attachment ({@link #isLink()} is false)
     * @throws IllegalStateException if the attachment is closed
     */
    public void pin(Path path) {
        Objects.requireNonNull(path, "path");
        link.guard.run(() -> {
            if (link.linkFd < 0) {
                throw new UnsupportedOperationException("XDP program '" + link.programName() + "' on " + link.ifname
                        + " is attached through netlink, not a link: it cannot be pinned (it stays attached after release())");
            }
            link.pin(path, "the XDP link of '" + link.programName() + "' on " + link.ifname);
        });
    }

    /**
     * Where the link is pinned.
     *
     * @return the pin path, empty if not pinned by this handle
     */
    public Optional<Path> pinPath() {
        return link.pinPath();
    }

    /**
     * Swaps the link's program atomically ({@code bpf_link_update}): no packet sees the interface without
     * a program.
     *
     * @param program the new XDP program (loaded)
     * @throws BpfException if the kernel refuses
     * @throws UnsupportedOperationException for a netlink attachment
     * @throws IllegalArgumentException if the program is not an XDP program
     * @throws IllegalStateException if the attachment or the program's object is closed
     */
    public void replaceProgram(BpfProgram program) {
        Objects.requireNonNull(program, "program");
        if (program.type() != ProgramType.XDP) {
            throw new IllegalArgumentException("program '" + program.name() + "' is a " + program.type()
                    + " program, not XDP");
        }
        int newFd = program.fd(); // outside our guard: never hold ours while waiting for an object's
        link.guard.run(() -> {
            if (link.linkFd < 0) {
                throw new UnsupportedOperationException("XDP program on " + link.ifname + " is attached through netlink");
            }
            link.update(program, newFd, "replacing the XDP program on " + link.ifname + " with '" + program.name() + "'");
        });
    }

    /**
     * Leaves the program attached and forgets it: closing this handle (or its object) no longer detaches.
     * A link must be {@linkplain #pin pinned} first, since the kernel detaches a link whose last reference
     * goes away.
     *
     * @throws IllegalStateException if the link is not pinned, or the attachment is closed
     */
    public void release() {
        link.release(this, (link.linkFd >= 0 ? "XDP link" : "XDP attachment") + " of '" + link.programName() + "' on "
                + link.ifname);
    }

    /** Detaches the program (unless released) and frees the handle. Idempotent. */
    @Override
    public void close() {
        link.close(this, this::detach, false);
    }

    void closeWithOwner() {
        link.close(this, this::detach, true);
    }

    private void detach() {
        try {
            if (link.linkFd >= 0) {
                Link.detachAndClose(link.linkFd, "XDP on " + link.ifname, LOG);
            } else {
                link.netns.call(() -> {
                    int[] q = query(link.ifindex);
                    int programId = link.knownProgramId();
                    if (q[1] != programId && q[2] != programId) {
                        return null; // replaced or removed by someone else: not ours to detach
                    }
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment opts = bpf_xdp_attach_opts.allocate(arena);
                        bpf_xdp_attach_opts.sz(opts, bpf_xdp_attach_opts.sizeof());
                        int ret = libbpf_h.bpf_xdp_detach(link.ifindex, netlinkFlags, opts);
                        if (ret < 0 && -ret != Errno.ENODEV && -ret != Errno.ENOENT) {
                            LOG.log(Level.WARNING, "detaching XDP from " + link.ifname + ": " + Errno.name(ret));
                        }
                    }
                    return null;
                });
            }
        } finally {
            link.netns.close();
        }
    }

    @Override
    public String toString() {
        return "XdpAttachment[" + link.programName() + " on " + link.ifname + (link.linkFd >= 0 ? ", link" : ", netlink")
                + link.describeState();
    }
}
