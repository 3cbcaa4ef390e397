package dev.blixt.bpf;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.internal.libbpf.Rtnetlink;
import dev.blixt.internal.libbpf.bpf_tc_opts;
import dev.blixt.internal.libbpf.TcHooks;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.netns.NetnsRef;

/**
 * A tc program attached as a direct-action filter to an interface's clsact hook.
 *
 * <p>Attaching creates the clsact qdisc if the interface has none (and remembers that this process created
 * it), then adds our filter with handle {@link #DEFAULT_HANDLE} and priority {@link #DEFAULT_PRIORITY}
 * (or the ones given), replacing only a filter with that same handle and priority. {@link #close()} removes
 * only our filter, and only while it still runs our program; it destroys the clsact qdisc only if this
 * process created it and no filter remains in either direction. Filters of other programs are never touched.
 *
 * <p>The attachment remembers its network namespace: closing it from another thread or namespace is safe.
 */
public final class TcAttachment implements Attachment {

    private static final Logger LOG = System.getLogger(TcAttachment.class.getName());

    /** The filter handle used by default: {@code 0xB1C5}. */
    public static final int DEFAULT_HANDLE = 0xB1C5;
    /** The filter priority used by default: {@code 0xB1C} (2844); lower priorities run first. */
    public static final int DEFAULT_PRIORITY = 0xB1C;

    /** clsact qdiscs this process created: "netns inode/ifindex". */
    private static final Set<String> CREATED_HOOKS = ConcurrentHashMap.newKeySet();

    private final BpfObject owner;
    private final String programName;
    private final int programId;
    private final int ifindex;
    private final String ifname;
    private final TcDirection direction;
    private final int handle;
    private final int priority;
    private final boolean createdHook;
    private final NetnsRef netns;
    private final Guard guard;

    private TcAttachment(BpfObject owner, String programName, int programId, int ifindex, String ifname,
                         TcDirection direction, int handle, int priority, boolean createdHook, NetnsRef netns) {
        this.owner = owner;
        this.programName = programName;
        this.programId = programId;
        this.ifindex = ifindex;
        this.ifname = ifname;
        this.direction = direction;
        this.handle = handle;
        this.priority = priority;
        this.createdHook = createdHook;
        this.netns = netns;
        this.guard = new Guard(() -> "tc attachment of '" + programName + "' to " + ifname + " " + direction);
    }

    private static int attachPoint(TcDirection d) {
        return d == TcDirection.INGRESS ? libbpf_h.BPF_TC_INGRESS() : libbpf_h.BPF_TC_EGRESS();
    }

    @SuppressWarnings("try") // a capture only needs to be open
    static TcAttachment attach(BpfProgram program, int progFd, int ifindex, TcDirection direction, int handle,
                               int priority) {
        String ifname = Native.ifname(ifindex);
        String what = "attaching tc program '" + program.name() + "' to " + ifname + " " + direction;
        NetnsRef netns = NetnsRef.current();
        String key = netns.inode() + "/" + ifindex;
        boolean created = false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hook = TcHooks.hook(arena, ifindex, attachPoint(direction));
            int ret;
            try (Libbpf.Capture expected = Libbpf.capture()) {
                ret = libbpf_h.bpf_tc_hook_create(hook); // EEXIST is fine: keep libbpf's warning about it at DEBUG
            }
            if (ret == 0) {
                created = true;
                CREATED_HOOKS.add(key);
            } else if (-ret != Errno.EEXIST) {
                throw new BpfException(what + ": creating the clsact qdisc", ret,
                        -ret == Errno.ENODEV || -ret == Errno.EINVAL
                                ? "no interface with index " + ifindex + " in this network namespace" : null);
            }
            MemorySegment opts = TcHooks.opts(arena, handle, priority);
            bpf_tc_opts.prog_fd(opts, progFd);
            bpf_tc_opts.flags(opts, libbpf_h.BPF_TC_F_REPLACE());
            ret = libbpf_h.bpf_tc_attach(hook, opts);
            if (ret < 0) {
                if (created) {
                    destroyHookIfUnused(arena, ifindex, key);
                }
                throw new BpfException(what, ret);
            }
            int progId = bpf_tc_opts.prog_id(opts);
            LOG.log(Level.DEBUG, () -> "attached tc program '" + program.name() + "' (id " + progId + ") to "
                    + ifname + " " + direction + " handle " + Integer.toHexString(handle) + " priority " + priority);
            return new TcAttachment(program.owner(), program.name(), progId, ifindex, ifname, direction, handle,
                    priority, created, netns);
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    private static void destroyHookIfUnused(Arena arena, int ifindex, String key) {
        if (!CREATED_HOOKS.contains(key)) {
            return;
        }
        if (Rtnetlink.countTcFilters(ifindex, true) == 0 && Rtnetlink.countTcFilters(ifindex, false) == 0) {
            MemorySegment all = TcHooks.hook(arena, ifindex, libbpf_h.BPF_TC_INGRESS() | libbpf_h.BPF_TC_EGRESS());
            int ret = libbpf_h.bpf_tc_hook_destroy(all);
            if (ret < 0 && -ret != Errno.ENOENT && -ret != Errno.EINVAL && -ret != Errno.ENODEV) {
                LOG.log(Level.WARNING, "destroying the clsact qdisc of ifindex " + ifindex + ": " + Errno.name(ret));
            }
            CREATED_HOOKS.remove(key);
        }
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public String interfaceName() {
        return ifname;
    }

    /**
     * The hook direction.
     *
     * @return ingress or egress
     */
    public TcDirection direction() {
        return direction;
    }

    /**
     * Our filter's handle.
     *
     * @return the handle
     */
    public int handle() {
        return handle;
    }

    /**
     * Our filter's priority.
     *
     * @return the priority
     */
    public int priority() {
        return priority;
    }

    /**
     * Whether this attachment created the interface's clsact qdisc.
     *
     * @return {@code true} if the qdisc did not exist before
     */
    public boolean createdHook() {
        return createdHook;
    }

    /**
     * {@inheritDoc} For a filter: the program the filter was created with (a filter's program cannot
     * be swapped in place).
     */
    @Override
    public int programId() {
        guard.checkOpen();
        return programId;
    }

    /** A filter cannot be pinned: always empty. */
    @Override
    public Optional<Path> pinPath() {
        return Optional.empty();
    }

    /** Whether our filter is still in place with our program ({@code bpf_tc_query}). */
    @Override
    public boolean isAttached() {
        return guard.call(() -> netns.call(() -> {
            try (Arena arena = Arena.ofConfined()) {
                return queryProgramId(arena) == programId;
            }
        }));
    }

    private int queryProgramId(Arena arena) {
        MemorySegment opts = TcHooks.opts(arena, handle, priority);
        int ret;
        try (var quiet = Libbpf.capture()) { // "Parent Qdisc doesn't exists" is an answer here: keep it at DEBUG
            ret = libbpf_h.bpf_tc_query(TcHooks.hook(arena, ifindex, attachPoint(direction)), opts);
        }
        return ret < 0 ? 0 : bpf_tc_opts.prog_id(opts);
    }

    /** Leaves the filter attached and forgets it: closing this handle (or its object) no longer detaches. */
    @Override
    public void release() {
        if (guard.close(netns::close)) {
            owner.unregister(this);
        } else {
            throw new IllegalStateException("tc attachment of '" + programName + "' to " + ifname + " is closed");
        }
    }

    /** Removes our filter (if it still runs our program) and an unused clsact qdisc we created. Idempotent. */
    @Override
    public void close() {
        if (guard.close(this::detach)) {
            owner.unregister(this);
        }
    }

    void closeWithOwner() {
        guard.close(this::detach);
    }

    private void detach() {
        try {
            netns.call(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    int current = queryProgramId(arena);
                    if (current == programId) {
                        int ret = libbpf_h.bpf_tc_detach(TcHooks.hook(arena, ifindex, attachPoint(direction)),
                                TcHooks.opts(arena, handle, priority));
                        if (ret < 0 && -ret != Errno.ENOENT) {
                            LOG.log(Level.WARNING, "detaching tc program '" + programName + "' from " + ifname + ": "
                                    + Errno.name(ret));
                        }
                    } else if (current != 0) {
                        LOG.log(Level.DEBUG, "tc filter on " + ifname + " " + direction + " now runs program id " + current
                                + ", not ours (" + programId + "): left in place");
                    }
                    destroyHookIfUnused(arena, ifindex, netns.inode() + "/" + ifindex);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "detaching tc program '" + programName + "' from " + ifname + " failed", e);
        } finally {
            netns.close();
        }
    }

    @Override
    public String toString() {
        return "TcAttachment[" + programName + " on " + ifname + " " + direction + ", handle 0x"
                + Integer.toHexString(handle) + ", priority " + priority + (guard.isClosed() ? ", closed" : "") + "]";
    }
}
