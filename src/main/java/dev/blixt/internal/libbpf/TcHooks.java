package dev.blixt.internal.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The two structs every {@code bpf_tc_*} call takes, built in one place. */
public final class TcHooks {
    private TcHooks() {}

    /**
     * A {@code struct bpf_tc_hook} for an interface's clsact hook.
     *
     * @param arena where to allocate it
     * @param ifindex the interface
     * @param attachPoint {@code BPF_TC_INGRESS} or {@code BPF_TC_EGRESS}
     * @return the hook
     */
    public static MemorySegment hook(Arena arena, int ifindex, int attachPoint) {
        MemorySegment hook = bpf_tc_hook.allocate(arena);
        bpf_tc_hook.sz(hook, bpf_tc_hook.sizeof());
        bpf_tc_hook.ifindex(hook, ifindex);
        bpf_tc_hook.attach_point(hook, attachPoint);
        return hook;
    }

    /**
     * A {@code struct bpf_tc_opts} naming one filter.
     *
     * @param arena where to allocate it
     * @param handle the filter's handle
     * @param priority and its priority
     * @return the options
     */
    public static MemorySegment opts(Arena arena, int handle, int priority) {
        MemorySegment opts = bpf_tc_opts.allocate(arena);
        bpf_tc_opts.sz(opts, bpf_tc_opts.sizeof());
        bpf_tc_opts.handle(opts, handle);
        bpf_tc_opts.priority(opts, priority);
        return opts;
    }
}
