/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Blixt data path: the load-time constants and the maps (their types are in blixt_types.h).
 *
 * The sizes below are defaults: the loader (dev.blixt.internal.datapath.Datapath) sets every
 * max_entries and every constant from DataplaneConfig before the object is loaded.
 */
#ifndef BLIXT_MAPS_H
#define BLIXT_MAPS_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "blixt_types.h"

/* ---- load-time constants (.rodata), written by the loader before load ---- */

/* Maglev ring size M (prime). Each VIP owns two halves of M slots in the rings map. */
const volatile __u32 RING_SIZE = 65537;
/* Seed of the flow hash; identical on every node so that all pick the same backend. */
const volatile __u32 HASH_SEED = 0;
/* A UDP flow idle for longer than this is forgotten (re-selected on its next datagram). */
const volatile __u64 UDP_TIMEOUT_NS = 30ULL * 1000000000ULL;
/* Behaviour switches, see BLIXT_OPT_*. */
const volatile __u32 OPTIONS = 0;
/* How long a backend's next hop (bpf_fib_lookup result) is reused before it is looked up again; 0: never cached. */
const volatile __u64 NEXTHOP_CACHE_NS = 1000000000ULL;
/* DSR encapsulation: outer source prefixes and the GUE port (see struct encap_cfg). */
const volatile struct encap_cfg ENCAP = {.gue_port = __builtin_bswap16(6080)};
/* Full NAT: source addresses and port range (see struct fnat_cfg). */
const volatile struct fnat_cfg FNAT = {.port_lo = 1024, .port_count = 31744};

#define BLIXT_MAP(name, kind, key_t, value_t, entries) \
	struct {                                        \
		__uint(type, kind);                     \
		__type(key, key_t);                     \
		__type(value, value_t);                 \
		__uint(max_entries, entries);           \
	} name SEC(".maps")

/* A map with map_flags (BPF_F_NO_COMMON_LRU, BPF_F_NO_PREALLOC). */
#define BLIXT_MAP_FLAGS(name, kind, flags, key_t, value_t, entries) \
	struct {                                                    \
		__uint(type, kind);                                 \
		__uint(map_flags, flags);                           \
		__type(key, key_t);                                 \
		__type(value, value_t);                             \
		__uint(max_entries, entries);                       \
	} name SEC(".maps")

/* VIP key -> info (and the address markers). */
BLIXT_MAP(vips, BPF_MAP_TYPE_HASH, struct vip_key, struct vip_info, 1024);
/* vip id -> its key (the reverse index, used by the reply path). Cleared (zero address, port and protocol) when the id is freed. */
BLIXT_MAP(vip_table, BPF_MAP_TYPE_ARRAY, __u32, struct vip_key, 64);
/* Maglev rings: entry (2*vip_id + half) * RING_SIZE + slot holds a backend id (0 = none). */
BLIXT_MAP(rings, BPF_MAP_TYPE_ARRAY, __u32, __u32, 2 * 64 * 65537);
/* backend id -> where to send. */
BLIXT_MAP(backends, BPF_MAP_TYPE_ARRAY, __u32, struct backend, 4096);
/* backend id -> its cached next hop, per CPU (not pinned). */
BLIXT_MAP(nexthops, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct nexthop, 4096);
/* client address -> the cached next hop of replies towards it (not pinned). An LRU with a list per
 * CPU: a client's entry lives on the CPUs that route its replies. */
BLIXT_MAP_FLAGS(client_nexthops, BPF_MAP_TYPE_LRU_HASH, BPF_F_NO_COMMON_LRU, struct client_key, struct nexthop, 16384);
/* The reply path's index: a backend as its replies show it -> the first VIPs it serves... */
BLIXT_MAP(backend_vips, BPF_MAP_TYPE_HASH, struct backend_key, struct backend_vips, 4096);
/* ... and the others (ref number >= BLIXT_INLINE_REFS). At most one ref per backend id. */
BLIXT_MAP(backend_refs, BPF_MAP_TYPE_HASH, struct backend_ref_key, struct backend_ref, 4096);

/* Per-CPU working state of the reply path's scan (not pinned, never written from user space). */
BLIXT_MAP(reply_scratch, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct reply_scan, 1);
/* DSR's working memory, per CPU (blixt_encap.h, blixt_ptb.h). Not pinned. */
BLIXT_MAP(dsr_scratch, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct dsr_scratch, 1);

/* The flow table: client -> VIP 5-tuple -> backend. */
BLIXT_MAP_FLAGS(flows, BPF_MAP_TYPE_LRU_HASH, BPF_F_NO_COMMON_LRU, struct flow_key, struct flow_value, 65536);

/* Full NAT's translations: a reply's 5-tuple -> the flow it answers. A plain hash (never evicted behind a
 * live flow's back): the control plane reclaims entries whose flow ended. Not preallocated: sized like
 * the flow table, it costs memory only for the translations full NAT claims. */
BLIXT_MAP_FLAGS(nat_ports, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, struct flow_key, struct nat_entry, 65536);
/* Source ranges (sized at load; entries cost memory only when written). */
BLIXT_MAP_FLAGS(src_ranges4, BPF_MAP_TYPE_LPM_TRIE, BPF_F_NO_PREALLOC, struct src_key4, __u8, 262144);
BLIXT_MAP_FLAGS(src_ranges6, BPF_MAP_TYPE_LPM_TRIE, BPF_F_NO_PREALLOC, struct src_key6, __u8, 262144);

/* Full NAT's working memory, per CPU (blixt_fnat.h). Not pinned. */
BLIXT_MAP(fnat_scratch, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct fnat_scratch, 1);

/* The address pre-filter words (see BLIXT_FILTER_WORDS). */
BLIXT_MAP(addr_filter, BPF_MAP_TYPE_ARRAY, __u32, __u64, 2 * BLIXT_FILTER_WORDS);
/* Runtime switches the control plane flips (entry 0). */
BLIXT_MAP(config, BPF_MAP_TYPE_ARRAY, __u32, struct config, 1);
/* egress ifindex -> XDP-safe flag and what left through it, per CPU. */
BLIXT_MAP(egress, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct egress, BLIXT_MAX_IFINDEX);

/* ---- counters (per CPU) ---- */

BLIXT_MAP(vip_stats, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct counters, 64);
BLIXT_MAP(backend_stats, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct counters, 4096);
BLIXT_MAP(global_stats, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct global_counters, 1);

#endif /* BLIXT_MAPS_H */
