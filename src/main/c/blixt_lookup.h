/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Lookups: the address pre-filter, the runtime switches, the VIP, the flow of a forward packet
 * (established flows), and the flow a reply belongs to (through backend_vips / backend_refs).
 */
#ifndef BLIXT_LOOKUP_H
#define BLIXT_LOOKUP_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "blixt_maps.h"
#include "blixt_hash.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"

/* Whether the address's bit is set in the filter half starting at word `base` (0: VIPs, BLIXT_FILTER_WORDS: backends). */
static __always_inline int filter_has(const __u32 *addr, const int words, __u32 base)
{
	__u32 b = filter_bucket(addr, words);
	__u32 k = base + (b >> 6);
	__u64 *w = bpf_map_lookup_elem(&addr_filter, &k);

	return w && (*w & (1ULL << (b & 63)));
}

static __always_inline __u32 config_flags(void)
{
	__u32 k = 0;
	struct config *cfg = bpf_map_lookup_elem(&config, &k);

	return cfg ? cfg->flags : 0;
}

/* The VIP (addr, port, proto); a port-0 VIP of the address and protocol when no exact one exists. */
static __always_inline struct vip_info *vip_lookup(const __u32 *addr, __be16 port, __u8 proto, const int words)
{
	struct vip_key vk;
	struct vip_info *vi;

	__builtin_memset(&vk, 0, sizeof(vk));
	addr_load((__u32 *)vk.addr, addr, words);
	vk.port = port;
	vk.proto = proto;
	vk.family = family_of(words);
	vi = bpf_map_lookup_elem(&vips, &vk);
	if (!vi && port && proto && (config_flags() & BLIXT_CFG_PORT0_VIPS)) {
		vk.port = 0;
		vi = bpf_map_lookup_elem(&vips, &vk);
	}
	return vi;
}

/* The flow key of a client -> VIP packet. */
static __always_inline void flow_key_of(struct flow_key *fk, struct packet *p, const int words)
{
	struct l4ports *ports = p->l4;

	__builtin_memset(fk, 0, sizeof(*fk));
	addr_load((__u32 *)fk->src, p->saddr, words);
	addr_load((__u32 *)fk->dst, p->daddr, words);
	fk->sport = ports->sport;
	fk->dport = ports->dport;
	fk->proto = p->proto;
	fk->family = p->family;
}

/* A flow's forwarding mode and full-NAT probe (flow_value.mode, .nat): one stack slot. */
struct flow_mode {
	__u8 mode;
	__u8 nat;
};

/* Whether backend id `bid` may still carry a flow of VIP `vip_id` (ids are reused once no ring names them). */
static __always_inline struct backend *backend_of_flow(__u32 bid, __u32 vip_id)
{
	struct backend *be = bpf_map_lookup_elem(&backends, &bid);

	if (be && (be->flags & BLIXT_BACKEND_F_VALID) && be->vip_id == vip_id)
		return be;
	return NULL;
}

/*
 * The backend of an established flow, or NULL (then the caller selects). A SYN always selects
 * afresh (a reused port must not inherit an old backend); a UDP flow idle past UDP_TIMEOUT_NS
 * and a flow whose backend was removed re-select. *fm receives the flow's forwarding mode (it
 * keeps the one it was created in) and its full-NAT probe, *now the coarse time if it was read.
 */
static __always_inline struct backend *flow_backend(struct pctx *c, struct packet *p, struct flow_key *fk,
						    __u32 *bid, struct flow_mode *fm, __u64 *now)
{
	struct flow_value *fv;
	struct backend *be = NULL;

	if (p->proto == IPPROTO_TCP && (p->tcp_flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN)
		return NULL;
	fv = bpf_map_lookup_elem(&flows, fk);
	if (!fv)
		return NULL;
	*bid = fv->backend_id;
	fm->mode = fv->mode;
	fm->nat = fv->nat;
	if (p->proto == IPPROTO_UDP) {
		*now = bpf_ktime_get_coarse_ns();
		if (*now - fv->atime_ns > UDP_TIMEOUT_NS)
			*bid = 0;
		else if (*now - fv->atime_ns > UDP_TIMEOUT_NS / 16)
			fv->atime_ns = *now;
	}
	if (*bid)
		be = backend_of_flow(*bid, fv->vip_id);
	COUNT(c, be ? GC_FLOW_HIT : GC_FLOW_RESELECT);
	return be;
}

/* ---- the reply path: which tracked flow a backend's packet answers ---- */


/* Whether the flow fk (client fields set), sent to VIP ref->vip_id, went to ref->backend_id; fills m.
 * *exists is set when the flow has an entry, whatever its backend. */
static __always_inline int reply_ref_matches(const struct backend_ref *ref, struct flow_key *fk, __be16 bport,
					     struct reply_match *m, __u16 *exists)
{
	__u32 vid = ref->vip_id;
	struct vip_key *vk = bpf_map_lookup_elem(&vip_table, &vid);
	struct flow_value *fv;

	if (!vk)
		return 0;
	__builtin_memcpy(fk->dst, vk->addr, 16);
	fk->dport = vk->port ? vk->port : bport;
	fv = bpf_map_lookup_elem(&flows, fk);
	if (!fv)
		return 0;
	*exists = 1;
	/* A DSR flow's replies never come through here: the backend answers the client itself. */
	if (fv->backend_id != ref->backend_id || fv->vip_id != vid || fv->mode != BLIXT_MODE_NAT)
		return 0;
	m->vip = *vk;
	m->vip.port = fk->dport;
	m->vip_id = vid;
	m->backend_id = fv->backend_id;
	return 1;
}

/* Scans the refs of the backend key s->rk.backend for the flow s->fk: the inline ones, then
 * (rarely: more than BLIXT_INLINE_REFS VIPs) the rest with bpf_loop. s is this CPU's scratch. */
static long reply_scan_step(__u32 i, void *unused)
{
	__u32 k = 0;
	struct reply_scan *s = bpf_map_lookup_elem(&reply_scratch, &k);
	struct backend_ref *ref;

	if (!s)
		return 1;
	s->rk.index = BLIXT_INLINE_REFS + i;
	ref = bpf_map_lookup_elem(&backend_refs, &s->rk);
	if (ref && reply_ref_matches(ref, &s->fk, s->bport, &s->m, &s->flow_exists)) {
		s->found = 1;
		return 1;
	}
	return 0;
}

static __always_inline int reply_scan_key(struct reply_scan *s, struct reply_match *m)
{
	struct backend_vips *bv = bpf_map_lookup_elem(&backend_vips, &s->rk.backend);
	__u32 n;
	int i;

	if (!bv)
		return 0;
	n = bv->count;
	s->keys++;
	if (n == 1) {
		s->sole = bv->refs[0];
		s->sole_set = 1;
	}
	for (i = 0; i < BLIXT_INLINE_REFS; i++) {
		if (i >= n)
			return 0;
		if (reply_ref_matches(&bv->refs[i], &s->fk, s->bport, m, &s->flow_exists))
			return 1;
	}
	if (n <= BLIXT_INLINE_REFS)
		return 0;
	s->found = 0;
	bpf_loop(n - BLIXT_INLINE_REFS, reply_scan_step, NULL, 0);
	if (!s->found)
		return 0;
	*m = s->m;
	return 1;
}

/*
 * A packet from a backend that no tracked flow explains, when its address and port serve exactly
 * one VIP: then it can only answer that VIP (its flow entry was evicted, or the backend wrote
 * first after a restart), and it is translated without the flow. Not when another key of the
 * address could claim it, nor when the flow has an entry that names another backend. A port-0 VIP has port-0 backends only (the planner refuses others),
 * so its port is the one the backend answers from. Returns 2 and fills m, else 0.
 */
static __always_inline int reply_stateless(struct reply_scan *s, struct reply_match *m)
{
	__u32 vid = s->sole.vip_id;
	struct vip_key *vk;
	struct vip_info *vi;

	if ((OPTIONS & BLIXT_OPT_TRACKED_REPLIES_ONLY) || s->keys != 1 || !s->sole_set || s->flow_exists)
		return 0;
	vk = bpf_map_lookup_elem(&vip_table, &vid);
	if (!vk || !backend_of_flow(s->sole.backend_id, vid))
		return 0;
	vi = bpf_map_lookup_elem(&vips, vk);
	if (!vi || vi->mode != BLIXT_MODE_NAT) /* a DSR backend's own traffic is not a reply */
		return 0;
	m->vip = *vk;
	m->vip.port = vk->port ? vk->port : s->bport;
	m->vip_id = vid;
	m->backend_id = s->sole.backend_id;
	return 2;
}

/*
 * The reply resolution proper, shared by every caller and verified once (a global function):
 * the refs under (backend, bport, proto), then, when some backend takes every port (a port-0
 * VIP) and none matched, those under (backend, 0, proto). Returns 1 for a tracked flow, 2 for a
 * stateless match (reply_stateless), 0 for none.
 */
__noinline int blixt_resolve_reply(const struct reply_query *q, struct reply_match *m)
{
	__u32 k = 0;
	struct reply_scan *s;

	if (!q || !m)
		return 0;
	__builtin_memset(m, 0, sizeof(*m));
	s = bpf_map_lookup_elem(&reply_scratch, &k);
	if (!s)
		return 0;
	__builtin_memset(&s->fk, 0, sizeof(s->fk));
	s->rk.backend = q->backend;
	__builtin_memcpy(s->fk.src, q->client, 16);
	s->fk.sport = q->cport;
	s->fk.proto = q->backend.proto;
	s->fk.family = q->backend.family;
	s->bport = q->backend.port;
	s->keys = 0;
	s->sole_set = 0;
	s->flow_exists = 0;
	if (reply_scan_key(s, m))
		return 1;
	if (s->bport && (config_flags() & BLIXT_CFG_PORT0_BACKENDS)) {
		s->rk.backend.port = 0;
		if (reply_scan_key(s, m))
			return 1;
	}
	return reply_stateless(s, m);
}

/*
 * Finds the tracked flow client:cport -> VIP that was sent to backend:bport. The backend's
 * VIPs come from backend_vips (and backend_refs); the flow table proves the flow exists and
 * still uses that backend. Returns 1 and fills m on success, 2 for a stateless match, else 0.
 */
static __always_inline int resolve_reply(const __u32 *backend, __be16 bport, const __u32 *client, __be16 cport,
					 __u8 proto, struct reply_match *m, const int words)
{
	struct reply_query q;

	__builtin_memset(&q, 0, sizeof(q));
	addr_load((__u32 *)q.backend.addr, backend, words);
	q.backend.port = bport;
	q.backend.proto = proto;
	q.backend.family = family_of(words);
	addr_load((__u32 *)q.client, client, words);
	q.cport = cport;
	return blixt_resolve_reply(&q, m);
}

#endif /* BLIXT_LOOKUP_H */
