package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.bpf_prog_info;
import dev.blixt.internal.libbpf.bpf_test_run_opts;
import dev.blixt.internal.libbpf.libbpf_h;

/**
 * A program of a {@link BpfObject}: attach it to an interface (XDP or tc) or run it on test packets.
 *
 * <p>Owned by its object: after the object is closed every method but the description throws
 * {@link IllegalStateException}. Interfaces are resolved in the calling thread's network namespace.
 *
 * <pre>{@code
 * BpfProgram lb = obj.program("xdp_lb");
 * TestRun run = lb.testRun(frame, 1);
 * assert run.xdpAction() == XdpAction.TX;
 * try (XdpAttachment a = lb.attachXdp("eth0", XdpMode.AUTO)) { ... }
 * }</pre>
 */
public final class BpfProgram {

    /** The smallest frame XDP and tc test runs accept: an Ethernet header. */
    public static final int MIN_FRAME = 14;

    private final BpfObject owner;
    private final MemorySegment prog;
    private final String name;

    BpfProgram(BpfObject owner, MemorySegment prog) {
        this.owner = owner;
        this.prog = prog;
        this.name = Objects.requireNonNull(libbpf_h.string(libbpf_h.bpf_program__name(prog)));
    }

    static ProgramInfo info(MemorySegment p) {
        int type = libbpf_h.bpf_program__type(p);
        String section = libbpf_h.string(libbpf_h.bpf_program__section_name(p));
        return new ProgramInfo(Objects.requireNonNull(libbpf_h.string(libbpf_h.bpf_program__name(p))),
                section == null ? "" : section, ProgramType.of(type), Native.progTypeName(type),
                libbpf_h.bpf_program__insn_cnt(p));
    }

    /**
     * The program's C function name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The program's type.
     *
     * @return the type
     * @throws IllegalStateException if the object is closed
     */
    public ProgramType type() {
        return owner.guard().call(() -> ProgramType.of(libbpf_h.bpf_program__type(prog)));
    }

    /**
     * The program's description.
     *
     * @return name, section, type, instruction count
     * @throws IllegalStateException if the object is closed
     */
    public ProgramInfo info() {
        return owner.guard().call(() -> info(prog));
    }

    /**
     * The program's file descriptor.
     *
     * @return the fd, valid while the object is open
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public int fd() {
        return owner.guard().call(this::fdUnguarded);
    }

    int fdUnguarded() {
        int fd = libbpf_h.bpf_program__fd(prog);
        if (fd < 0) {
            throw new IllegalStateException("program '" + name + "' was not loaded (autoload off?)");
        }
        return fd;
    }

    /**
     * The kernel's id of the loaded program (as shown by {@code bpftool prog}).
     *
     * @return the id
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public int id() {
        return owner.guard().call(() -> programId(fdUnguarded()));
    }

    static int programId(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = bpf_prog_info.allocate(arena);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) bpf_prog_info.sizeof());
            int ret = libbpf_h.bpf_obj_get_info_by_fd(fd, info, len);
            if (ret < 0) {
                throw new BpfException("reading the id of program fd " + fd, ret);
            }
            return bpf_prog_info.id(info);
        }
    }

    BpfObject owner() {
        return owner;
    }

    // ------------------------------------------------------------------ attach

    /**
     * Attaches this XDP program to an interface through a BPF link, which detaches when the attachment is
     * closed (unless it is {@linkplain XdpAttachment#release() released}).
     *
     * @param ifname the interface, in the calling thread's network namespace
     * @param mode native, generic, or native with generic fallback
     * @return the attachment; close it to detach
     * @throws BpfException with ENODEV if there is no such interface; EBUSY/EEXIST if another XDP program
     *     is attached; EOPNOTSUPP if the driver has no native XDP; EPERM without privileges
     * @throws IllegalArgumentException if this is not an XDP program
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public XdpAttachment attachXdp(String ifname, XdpMode mode) {
        Objects.requireNonNull(ifname, "ifname");
        return attachXdp(Native.ifindex(ifname), mode);
    }

    /**
     * Attaches this XDP program to an interface by index (see {@link #attachXdp(String, XdpMode)}).
     *
     * @param ifindex the interface index, in the calling thread's network namespace
     * @param mode native, generic, or native with generic fallback
     * @return the attachment; close it to detach
     * @throws BpfException if the kernel refuses (see {@link #attachXdp(String, XdpMode)})
     * @throws IllegalArgumentException if this is not an XDP program or {@code ifindex < 1}
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public XdpAttachment attachXdp(int ifindex, XdpMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (ifindex < 1) {
            throw new IllegalArgumentException("invalid interface index " + ifindex);
        }
        return owner.guard().call(() -> {
            requireType(ProgramType.XDP, "attachXdp");
            XdpAttachment a = XdpAttachment.attach(this, fdUnguarded(), ifindex, mode);
            owner.register(a);
            return a;
        });
    }

    /**
     * Attaches this tc program (section {@code tc}, type {@code SCHED_CLS}) to an interface through a tcx
     * link (Linux 6.6+), after the tcx programs already there. The link detaches when the attachment is
     * closed (unless it is pinned and {@linkplain TcxAttachment#release() released}); other programs' links
     * and filters are left alone.
     *
     * @param ifindex the interface index, in the calling thread's network namespace
     * @param direction ingress or egress
     * @return the attachment; close it to detach
     * @throws BpfException with EINVAL on kernels without tcx ({@link TcxAttachment#isSupportedError}), ENODEV
     *     if there is no such interface, EPERM without privileges
     * @throws IllegalArgumentException if this is not a tc program or {@code ifindex < 1}
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public TcxAttachment attachTcx(int ifindex, TcDirection direction) {
        Objects.requireNonNull(direction, "direction");
        if (ifindex < 1) {
            throw new IllegalArgumentException("invalid interface index " + ifindex);
        }
        return owner.guard().call(() -> {
            requireType(ProgramType.SCHED_CLS, "attachTcx");
            TcxAttachment a = TcxAttachment.attach(this, fdUnguarded(), ifindex, direction);
            owner.register(a);
            return a;
        });
    }

    /**
     * Attaches this tc program (section {@code tc}, type {@code SCHED_CLS}) to an interface's clsact hook
     * in direct-action mode with handle {@link TcAttachment#DEFAULT_HANDLE} and priority
     * {@link TcAttachment#DEFAULT_PRIORITY}, replacing a filter of ours with the same handle and priority.
     * Other filters on the hook are left alone.
     *
     * @param ifname the interface, in the calling thread's network namespace
     * @param direction ingress or egress
     * @return the attachment; close it to detach
     * @throws BpfException with ENODEV if there is no such interface, EPERM without privileges, ...
     * @throws IllegalArgumentException if this is not a tc program
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public TcAttachment attachTc(String ifname, TcDirection direction) {
        Objects.requireNonNull(ifname, "ifname");
        return attachTc(Native.ifindex(ifname), direction);
    }

    /**
     * Attaches this tc program to an interface by index (see {@link #attachTc(String, TcDirection)}).
     *
     * @param ifindex the interface index
     * @param direction ingress or egress
     * @return the attachment; close it to detach
     * @throws BpfException if the kernel refuses
     * @throws IllegalArgumentException if this is not a tc program or {@code ifindex < 1}
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public TcAttachment attachTc(int ifindex, TcDirection direction) {
        return attachTc(ifindex, direction, TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY);
    }

    /**
     * Attaches this tc program with an explicit filter handle and priority.
     *
     * @param ifindex the interface index
     * @param direction ingress or egress
     * @param handle the filter handle, not 0
     * @param priority the filter priority, 1 to 65535 (lower runs first)
     * @return the attachment; close it to detach
     * @throws BpfException if the kernel refuses
     * @throws IllegalArgumentException if this is not a tc program or an argument is out of range
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public TcAttachment attachTc(int ifindex, TcDirection direction, int handle, int priority) {
        Objects.requireNonNull(direction, "direction");
        if (ifindex < 1) {
            throw new IllegalArgumentException("invalid interface index " + ifindex);
        }
        if (handle == 0) {
            throw new IllegalArgumentException("tc filter handle must not be 0");
        }
        if (priority < 1 || priority > 0xFFFF) {
            throw new IllegalArgumentException("tc filter priority must be 1..65535, got " + priority);
        }
        return owner.guard().call(() -> {
            ProgramType t = ProgramType.of(libbpf_h.bpf_program__type(prog));
            if (t != ProgramType.SCHED_CLS && t != ProgramType.SCHED_ACT) {
                throw new IllegalArgumentException("program '" + name + "' is a " + t
                        + " program; attachTc needs a SCHED_CLS program (SEC(\"tc\"))");
            }
            TcAttachment a = TcAttachment.attach(this, fdUnguarded(), ifindex, direction, handle, priority);
            owner.register(a);
            return a;
        });
    }

    private void requireType(ProgramType expected, String what) {
        ProgramType t = ProgramType.of(libbpf_h.bpf_program__type(prog));
        if (t != expected) {
            throw new IllegalArgumentException("program '" + name + "' is a " + t + " program; " + what
                    + " needs a " + expected + " program");
        }
    }

    // ------------------------------------------------------------------ test runs

    /**
     * Runs the program on a packet with {@code BPF_PROG_TEST_RUN}: no interface is involved.
     *
     * <p>With {@code repeat > 1} the kernel runs the program that many times on the same buffer, so a
     * program that rewrites the packet sees its own output from the second run on; the duration is the mean.
     *
     * @param frame the packet, starting with the Ethernet header (at least {@value #MIN_FRAME} bytes for XDP
     *     and tc programs)
     * @param repeat how many runs, at least 1
     * @return verdict, output packet and mean duration
     * @throws IllegalArgumentException if the frame is too short or {@code repeat < 1}
     * @throws BpfException if the kernel refuses the run (EINVAL: a frame larger than a page for XDP, ...)
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public TestRun testRun(byte[] frame, int repeat) {
        return testRun(frame, null, repeat);
    }

    /**
     * Runs the program on a packet with a context ({@code struct xdp_md} or {@code struct __sk_buff}
     * bytes), for instance to set the ingress interface.
     *
     * @param frame the packet (see {@link #testRun(byte[], int)})
     * @param ctx the context bytes, or {@code null} for none
     * @param repeat how many runs, at least 1
     * @return verdict, output packet and mean duration
     * @throws IllegalArgumentException if the frame is too short or {@code repeat < 1}
     * @throws BpfException if the kernel refuses the run (EINVAL for an invalid context, ...)
     * @throws IllegalStateException if the object is not loaded or closed
     */
    public TestRun testRun(byte[] frame, byte @Nullable [] ctx, int repeat) {
        Objects.requireNonNull(frame, "frame");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        }
        return owner.guard().call(() -> {
            ProgramType t = ProgramType.of(libbpf_h.bpf_program__type(prog));
            if ((t == ProgramType.XDP || t == ProgramType.SCHED_CLS || t == ProgramType.SCHED_ACT) && frame.length < MIN_FRAME) {
                throw new IllegalArgumentException("program '" + name + "' (" + t + ") needs a frame of at least "
                        + MIN_FRAME + " bytes (an Ethernet header), got " + frame.length);
            }
            int fd = fdUnguarded();
            long capacity = frame.length + 4096L;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in = arena.allocate(Math.max(frame.length, 1), 8);
                MemorySegment.copy(frame, 0, in, ValueLayout.JAVA_BYTE, 0, frame.length);
                MemorySegment ctxIn = MemorySegment.NULL;
                if (ctx != null && ctx.length > 0) {
                    ctxIn = arena.allocate(ctx.length, 8);
                    MemorySegment.copy(ctx, 0, ctxIn, ValueLayout.JAVA_BYTE, 0, ctx.length);
                }
                for (int attempt = 0; ; attempt++) {
                    MemorySegment out = arena.allocate(capacity, 8);
                    MemorySegment opts = bpf_test_run_opts.allocate(arena);
                    bpf_test_run_opts.sz(opts, bpf_test_run_opts.sizeof());
                    bpf_test_run_opts.data_in(opts, in);
                    bpf_test_run_opts.data_size_in(opts, frame.length);
                    bpf_test_run_opts.data_out(opts, out);
                    bpf_test_run_opts.data_size_out(opts, (int) capacity);
                    bpf_test_run_opts.repeat(opts, repeat);
                    if (ctx != null && ctx.length > 0) {
                        bpf_test_run_opts.ctx_in(opts, ctxIn);
                        bpf_test_run_opts.ctx_size_in(opts, ctx.length);
                    }
                    int ret = libbpf_h.bpf_prog_test_run_opts(fd, opts);
                    long size = Integer.toUnsignedLong(bpf_test_run_opts.data_size_out(opts));
                    if (ret == -Errno.ENOSPC && size > capacity && attempt < 3) {
                        capacity = size + 512;
                        continue;
                    }
                    if (ret < 0) {
                        throw new BpfException("test run of program '" + name + "' on a " + frame.length + "-byte frame",
                                ret, switch (-ret) {
                                    case Errno.EINVAL -> "the frame (or context) is not valid for a " + t
                                            + " program (XDP frames must fit in a page)";
                                    case Errno.ENOTSUPP, Errno.EOPNOTSUPP -> t + " programs cannot be test-run";
                                    default -> null;
                                });
                    }
                    byte[] output = out.asSlice(0, Math.min(size, capacity)).toArray(ValueLayout.JAVA_BYTE);
                    return new TestRun(bpf_test_run_opts.retval(opts), output,
                            Integer.toUnsignedLong(bpf_test_run_opts.duration(opts)));
                }
            }
        });
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + " of " + owner.name() + "]";
    }
}
