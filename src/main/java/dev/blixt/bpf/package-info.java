/**
 * A small typed eBPF toolkit over libbpf: {@link dev.blixt.bpf.OpenObject} (open, configure) and
 * {@link dev.blixt.bpf.BpfObject} (loaded),
 * {@link dev.blixt.bpf.BpfProgram} (attach to XDP or tc, test runs) and {@link dev.blixt.bpf.BpfMap}
 * (typed map handles with codecs, batch operations and per-CPU values).
 */
@NullMarked
package dev.blixt.bpf;

import org.jspecify.annotations.NullMarked;
