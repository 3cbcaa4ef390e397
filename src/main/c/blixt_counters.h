/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Counters: the global ones (one per-CPU entry, looked up once per packet in process()), the
 * per-VIP and per-backend ones, and what left through each egress interface.
 */
#ifndef BLIXT_COUNTERS_H
#define BLIXT_COUNTERS_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include "blixt_maps.h"
#include "blixt_ctx.h"

#define COUNT(pc, idx)                     \
	do {                               \
		if ((pc)->g)               \
			(pc)->g->c[idx]++; \
	} while (0)

/* What a per-VIP / per-backend count is about. */
enum count_kind {
	CK_FORWARD,   /* a client -> backend packet (bytes; new_flow when it created its flow) */
	CK_REPLY,     /* a backend -> client packet translated back (bytes) */
	CK_ICMP,      /* an ICMP error steered for the flow */
};

static __always_inline void counters_add(struct counters *x, const int kind, __u32 bytes, __u32 new_flow)
{
	switch (kind) {
	case CK_FORWARD:
		x->packets++;
		x->bytes += bytes;
		x->new_flows += new_flow;
		break;
	case CK_REPLY:
		x->reply_packets++;
		x->reply_bytes += bytes;
		break;
	default:
		x->icmp++;
	}
}

/* Counts one packet of kind `kind` (a compile-time constant) for a VIP and its backend. */
static __always_inline void count_vip(__u32 vip_id, __u32 backend_id, const int kind, __u32 bytes, __u32 new_flow)
{
	struct counters *v = bpf_map_lookup_elem(&vip_stats, &vip_id);
	struct counters *b = bpf_map_lookup_elem(&backend_stats, &backend_id);

	if (v)
		counters_add(v, kind, bytes, new_flow);
	if (b)
		counters_add(b, kind, bytes, new_flow);
}

/* Counts a packet a VIP's source ranges refused. */
static __always_inline void count_refused(__u32 vip_id)
{
	struct counters *v = bpf_map_lookup_elem(&vip_stats, &vip_id);

	if (v)
		v->refused++;
}

#endif /* BLIXT_COUNTERS_H */
