package dev.blixt.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.netns.NetnsRef;

/**
 * A tc program attached to an interface through a tcx link (Linux 6.6+): the BPF-link successor of the
 * clsact filter. Other programs' tcx links and legacy filters on the same interface are never touched.
 *
 * <p>{@link #close()} detaches it. To keep the program attached after the process ends, {@link #pin}
 * the link in bpffs and {@link #release()} the attachment; a later process re-adopts it with
 * {@link #openPinned(Path)} and swaps the program atomically with {@link #replaceProgram(BpfProgram)},
 * so that no packet misses the program. On kernels without tcx, attaching fails with {@code EINVAL}
 * ({@link #isSupportedError(BpfException)} tells) and a {@link TcAttachment} is the fallback.
 */
public final class TcxAttachment implements Attachment {

    private static final Logger LOG = System.getLogger(TcxAttachment.class.getName());
    private static final int BPF_TCX_INGRESS = 46;
    private static final int BPF_TCX_EGRESS = 47;

    private static final String KIND = "tcx attachment";

    private final LinkHandle link;
    private final TcDirection direction;

    private TcxAttachment(LinkHandle link, TcDirection direction) {
        this.link = link;
        this.direction = direction;
    }

    static TcxAttachment attach(BpfProgram program, int progFd, int ifindex, TcDirection direction) {
        String ifname = Native.ifname(ifindex);
        int fd = Link.create(progFd, ifindex, direction == TcDirection.INGRESS ? BPF_TCX_INGRESS : BPF_TCX_EGRESS, 0);
        if (fd < 0) {
            throw new BpfException("attaching tc program '" + program.name() + "' to " + ifname + " " + direction
                    + " through a tcx link", fd, -fd == Errno.EINVAL ? "this kernel has no tcx links (Linux 6.6+):"
                    + " attach a legacy clsact filter (BpfProgram.attachTc) instead" : null);
        }
        NetnsRef netns = NetnsRef.current();
        int progId = BpfProgram.programId(progFd);
        LOG.log(Level.DEBUG, () -> "attached tc program '" + program.name() + "' (id " + progId + ") to " + ifname
                + " " + direction + " through a tcx link");
        return new TcxAttachment(new LinkHandle(program.owner(), ifindex, ifname, fd, netns, progId, program.name(),
                KIND, " " + direction), direction);
    }

    /**
     * Whether a failure of {@code attachTcx} means that the kernel has no tcx links (so that a legacy
     * clsact filter should be used instead).
     *
     * @param e the failure
     * @return {@code true} for {@code EINVAL} from the kernel
     */
    public static boolean isSupportedError(BpfException e) {
        return e.errno() == Errno.EINVAL;
    }

    /**
     * Opens a tcx link pinned by this or an earlier process. The returned attachment has no owning object:
     * closing it detaches the link; {@link #release()} just closes the handle.
     *
     * @param path the pin path in bpffs
     * @return the attachment
     * @throws BpfException if nothing is pinned there or it cannot be opened
     * @throws IllegalArgumentException if the pinned object is not a tcx link
     */
    public static TcxAttachment openPinned(Path path) {
        Objects.requireNonNull(path, "path");
        int fd = Link.openPinned(path, Link.TYPE_TCX, "tcx");
        try {
            return new TcxAttachment(LinkHandle.adopted(path, fd, Link.info(fd), KIND, " " + TcDirection.INGRESS),
                    TcDirection.INGRESS);
        } catch (RuntimeException e) {
            Native.closeFd(fd);
            throw e;
        }
    }

    @Override
    public int ifindex() {
        return link.ifindex;
    }

    @Override
    public String interfaceName() {
        return link.ifname;
    }

    /**
     * The hook direction (for an attachment opened from a pin, {@link TcDirection#INGRESS}).
     *
     * @return ingress or egress
     */
    public TcDirection direction() {
        return direction;
    }

    @Override
    public int programId() {
        return link.guard.call(link::currentProgramId);
    }

    /**
     * The index of the interface the link is attached to now: 0 once the interface is gone (the kernel
     * severs the link then).
     *
     * @return the index, or 0
     * @throws IllegalStateException if the attachment is closed
     */
    public int linkedIfindex() {
        return link.guard.call(() -> Link.info(link.linkFd).ifindex());
    }

    @Override
    public boolean isAttached() {
        return link.guard.call(() -> Link.info(link.linkFd).ifindex() != 0);
    }

    /**
     * Pins the link in bpffs, so that it outlives this process once {@linkplain #release() released}.
     *
     * @param path the pin path in bpffs
     * @throws BpfException if pinning fails (not bpffs, path exists, ...)
     * @throws IllegalStateException if the attachment is closed
     */
    public void pin(Path path) {
        Objects.requireNonNull(path, "path");
        link.guard.run(() -> link.pin(path, "the tcx link of '" + link.programName() + "' on " + link.ifname));
    }

    @Override
    public Optional<Path> pinPath() {
        return link.pinPath();
    }

    /**
     * Replaces the link's program atomically: every packet runs either the old or the new program.
     *
     * @param program a loaded tc ({@code SCHED_CLS}) program
     * @throws BpfException if the kernel refuses
     * @throws IllegalArgumentException if the program is not a tc program
     * @throws IllegalStateException if the attachment is closed
     */
    public void replaceProgram(BpfProgram program) {
        Objects.requireNonNull(program, "program");
        if (program.type() != ProgramType.SCHED_CLS) {
            throw new IllegalArgumentException("program '" + program.name() + "' is a " + program.type()
                    + " program, not SCHED_CLS");
        }
        int newFd = program.fd(); // outside our guard: never hold ours while waiting for an object's
        link.guard.run(() -> link.update(program, newFd, "replacing the tc program on " + link.ifname + " with '"
                + program.name() + "'"));
    }

    @Override
    public void release() {
        link.release(this, "tcx link of '" + link.programName() + "' on " + link.ifname);
    }

    @Override
    public void close() {
        link.close(this, this::detach, false);
    }

    void closeWithOwner() {
        link.close(this, this::detach, true);
    }

    private void detach() {
        try {
            Link.detachAndClose(link.linkFd, "tcx on " + link.ifname, LOG);
        } finally {
            link.netns.close();
        }
    }

    @Override
    public String toString() {
        return "TcxAttachment[" + link.programName() + " on " + link.ifname + " " + direction + link.describeState();
    }
}
