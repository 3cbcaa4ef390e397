/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Backend selection for a flow the table does not know: the VIP's live Maglev ring half, then
 * the flow is inserted (TCP: never for an RST; UDP: with the coarse time of its last datagram).
 */
#ifndef BLIXT_SELECT_H
#define BLIXT_SELECT_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "blixt_maps.h"
#include "blixt_hash.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"

/*
 * The ring hash of flow fk (flow_hash; the source port left out when no_src_port). A global
 * function: verified once, and the registers of its IPv6 form (16 words in flight) spill into a
 * frame of its own instead of the pipeline's, which is at the verifier's stack limit.
 */
__noinline __u32 blixt_ring_hash(const struct flow_key *fk, __u32 no_src_port)
{
	if (!fk)
		return 0;
	if (fk->family == BLIXT_FAMILY_V6)
		return flow_hash((const __u32 *)fk->src, (const __u32 *)fk->dst, no_src_port ? 0 : fk->sport, fk->dport,
				 fk->proto, 4, HASH_SEED);
	return flow_hash((const __u32 *)fk->src, (const __u32 *)fk->dst, no_src_port ? 0 : fk->sport, fk->dport,
			 fk->proto, 1, HASH_SEED);
}

/*
 * Whether a VIP's source ranges refuse the client of flow fk: 0 (allowed), BLIXT_SRC_DENY (a denied
 * prefix matched) or BLIXT_SRC_ALLOW (in no allowed prefix). tag = vip id << 1 | live generation; allowlist: an address in no prefix is refused.
 * A global function: its LPM key lives in a frame of its own.
 */
__noinline int blixt_source_refused(const struct flow_key *fk, __u32 tag, __u32 allowlist)
{
	__u8 *v;

	if (!fk)
		return 0;
	if (fk->family == BLIXT_FAMILY_V6) {
		struct src_key6 k = {.prefixlen = 32 + 128, .tag = tag};

		__builtin_memcpy(k.addr, fk->src, 16);
		v = bpf_map_lookup_elem(&src_ranges6, &k);
	} else {
		struct src_key4 k = {.prefixlen = 32 + 32, .tag = tag};

		__builtin_memcpy(k.addr, fk->src, 4);
		v = bpf_map_lookup_elem(&src_ranges4, &k);
	}
	if (v)
		return *v == BLIXT_SRC_DENY ? BLIXT_SRC_DENY : 0;
	return allowlist ? BLIXT_SRC_ALLOW : 0;
}

/* The backend the VIP's live ring half names for flow fk, or NULL (none, not VALID, or not this VIP's). */
static __always_inline struct backend *ring_select(const struct vip_info *vi, const struct flow_key *fk, __u32 *bid,
						   const int words)
{
	struct backend *be;
	__u32 h, idx, *rid;

	h = blixt_ring_hash(fk, vi->flags & BLIXT_VIP_F_HASH_NO_SRC_PORT);
	idx = (vi->id * 2 + (vi->active & 1)) * RING_SIZE + h % RING_SIZE;
	rid = bpf_map_lookup_elem(&rings, &idx);
	if (!rid || !*rid)
		return NULL;
	*bid = *rid;
	be = bpf_map_lookup_elem(&backends, bid);
	/* An id of another VIP: a ring half read before its rewrite, the id since freed and reused. */
	if (!be || !(be->flags & BLIXT_BACKEND_F_VALID) || be->vip_id != vi->id)
		return NULL;
	return be;
}

/* Remembers the selection, the VIP's mode and the full-NAT probe (map update flags: BPF_ANY, or BPF_NOEXIST to keep an entry that
 * exists). Returns 1 when a flow was created. */
static __always_inline int flow_insert(struct pctx *c, struct packet *p, const struct flow_key *fk, __u32 bid,
				       __u32 vip_id, __u8 mode, __u8 nat, __u64 now, __u64 flags)
{
	struct flow_value nv = {};

	if (p->proto == IPPROTO_TCP && (p->tcp_flags & TCPF_RST))
		return 0;
	nv.backend_id = bid;
	nv.vip_id = vip_id;
	nv.mode = mode;
	nv.nat = nat;
	if (p->proto == IPPROTO_UDP)
		nv.atime_ns = now ? now : bpf_ktime_get_coarse_ns();
	if (bpf_map_update_elem(&flows, fk, &nv, flags)) {
		if (flags != BPF_NOEXIST) /* an existing entry is not a failure */
			COUNT(c, GC_FLOW_INSERT_FAIL);
		return 0;
	}
	return 1;
}

#endif /* BLIXT_SELECT_H */
