// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Cost breakdown of the data path: programs that run growing prefixes of blixt_xdp's pipeline,
 * built from the very same inline functions (blixt_core.h) on the very same maps (the loader
 * reuses the loaded data path's map fds). Each prefix stops with XDP_DROP once its last stage
 * succeeded (XDP_ABORTED if a stage failed, which the runner reports as an error), so the
 * difference between two consecutive prefixes is the cost of one stage in its real context.
 *
 * Established IPv4 TCP (flow hit), est_1 .. est_8:
 *   1 parse + global counters   2 + address pre-filter   3 + VIP lookup   4 + flow-table lookup
 *   5 + backend lookup          6 + per-VIP/backend counters   7 + bpf_fib_lookup
 *   8 + the forward tail: TTL, XDP-safe egress check and counters, MACs, NAT rewrite with
 *       checksums, bpf_redirect (the whole forward path)
 * New flow (SYN, the harness varies the source every iteration), syn_1 .. syn_3:
 *   1 = est_3 (parse, counters, filter, VIP)   2 + flow hash, ring and backend lookups
 *   3 + flow-table insert (bpf_map_update_elem on the LRU hash)
 * Single items after parse: fib6 (bpf_fib_lookup for IPv6), ktime (bpf_ktime_get_coarse_ns).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "../../main/c/blixt_core.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define OK_DROP XDP_DROP
#define FAILED XDP_ABORTED

static __always_inline int est_prefix(struct xdp_md *ctx, const int stage)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct pctx cx = {.ctx = ctx, .ifindex = ctx->ingress_ifindex}, *c = &cx;
	struct packet p = {};
	struct l4ports *ports;
	struct vip_info *vi;
	struct flow_key fk;
	struct flow_value *fv;
	struct backend *be;
	struct rewrite rw = {};
	__u32 k = 0, bid, dst_new[4], src[4];
	__u8 smac[6], dmac[6];
	int v;

	c->g = bpf_map_lookup_elem(&global_stats, &k);
	COUNT(c, GC_PACKETS);
	p.data = data;
	p.data_end = data_end;
	if (parse_packet(&p, data_end - data) != PARSE_OK || p.family != BLIXT_FAMILY_V4 || p.proto != IPPROTO_TCP)
		return FAILED;
	if (stage < 2)
		return OK_DROP;
	if (!filter_has(p.daddr, 1, 0))
		return FAILED;
	if (stage < 3)
		return OK_DROP;
	ports = p.l4;
	vi = vip_lookup(p.daddr, ports->dport, p.proto, 1);
	if (!vi)
		return FAILED;
	if (stage < 4)
		return OK_DROP;
	flow_key_of(&fk, &p, 1);
	fv = bpf_map_lookup_elem(&flows, &fk);
	if (!fv)
		return FAILED;
	if (stage < 5)
		return OK_DROP;
	bid = fv->backend_id;
	be = bpf_map_lookup_elem(&backends, &bid);
	if (!be || !(be->flags & BLIXT_BACKEND_F_VALID))
		return FAILED;
	COUNT(c, GC_FLOW_HIT);
	if (stage < 6)
		return OK_DROP;
	count_vip(vi->id, bid, CK_FORWARD, p.l3_len, 0);
	if (stage < 7)
		return OK_DROP;
	if (stage < 8) {
		addr_load(dst_new, (__u32 *)be->addr, 1);
		addr_load(src, p.saddr, 1);
		v = route(c, src, dst_new, p.proto, p.l3_len, smac, dmac, 1, 0);
		return v == V_REDIRECT || v == V_TX ? OK_DROP : FAILED;
	}
	/* The forward tail as do_forward calls it, minus the next-hop cache (FWD_TO_CLIENT routes). */
	rw.addr = p.daddr;
	rw.port = &ports->dport;
	addr_load(rw.new_addr, (__u32 *)be->addr, 1);
	rw.new_port = be->port ? be->port : fk.dport;
	v = forward(c, &p, p.saddr, rw.new_addr, bid, &rw, NULL, FWD_TO_CLIENT, 1, 0);
	if (v != V_REDIRECT && v != V_TX)
		return FAILED;
	return v == V_TX ? XDP_TX : bpf_redirect(c->out_ifindex, 0);
}

#define EST(n)                                   \
	SEC("xdp")                               \
	int est_##n(struct xdp_md *ctx)          \
	{                                        \
		return est_prefix(ctx, n);       \
	}
EST(1)
EST(2)
EST(3)
EST(4)
EST(5)
EST(6)
EST(7)
EST(8)

static __always_inline int syn_prefix(struct xdp_md *ctx, const int stage)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct pctx cx = {.ctx = ctx, .ifindex = ctx->ingress_ifindex}, *c = &cx;
	struct packet p = {};
	struct l4ports *ports;
	struct vip_info *vi;
	struct flow_key fk;
	struct flow_value nv = {};
	struct backend *be = NULL;
	__u32 k = 0, h, idx, *rid, bid = 0;

	c->g = bpf_map_lookup_elem(&global_stats, &k);
	COUNT(c, GC_PACKETS);
	p.data = data;
	p.data_end = data_end;
	if (parse_packet(&p, data_end - data) != PARSE_OK || p.family != BLIXT_FAMILY_V4 || p.proto != IPPROTO_TCP)
		return FAILED;
	if (!filter_has(p.daddr, 1, 0))
		return FAILED;
	ports = p.l4;
	vi = vip_lookup(p.daddr, ports->dport, p.proto, 1);
	if (!vi)
		return FAILED;
	if (stage < 2)
		return OK_DROP;
	flow_key_of(&fk, &p, 1);
	COUNT(c, GC_FLOW_MISS);
	h = flow_hash((__u32 *)fk.src, (__u32 *)fk.dst, fk.sport, fk.dport, fk.proto, 1, HASH_SEED);
	idx = (vi->id * 2 + (vi->active & 1)) * RING_SIZE + h % RING_SIZE;
	rid = bpf_map_lookup_elem(&rings, &idx);
	if (rid && *rid) {
		bid = *rid;
		be = bpf_map_lookup_elem(&backends, &bid);
	}
	if (!be || !(be->flags & BLIXT_BACKEND_F_VALID))
		return FAILED;
	if (stage < 3)
		return OK_DROP;
	nv.backend_id = bid;
	if (bpf_map_update_elem(&flows, &fk, &nv, BPF_ANY))
		return FAILED;
	return OK_DROP;
}

SEC("xdp")
int syn_1(struct xdp_md *ctx)
{
	return syn_prefix(ctx, 1);
}

SEC("xdp")
int syn_2(struct xdp_md *ctx)
{
	return syn_prefix(ctx, 2);
}

SEC("xdp")
int syn_3(struct xdp_md *ctx)
{
	return syn_prefix(ctx, 3);
}

/* Parse an IPv6 TCP packet, then one bpf_fib_lookup towards a fixed backend address. */
SEC("xdp")
int fib6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct pctx cx = {.ctx = ctx, .ifindex = ctx->ingress_ifindex}, *c = &cx;
	struct packet p = {};
	__u32 src[4], dst[4];
	__u8 smac[6], dmac[6];
	int v;

	p.data = data;
	p.data_end = data_end;
	if (parse_packet(&p, data_end - data) != PARSE_OK || p.family != BLIXT_FAMILY_V6)
		return FAILED;
	addr_load(src, p.saddr, 4);
	/* 2001:db8:2::2, the first IPv6 backend of the benchmark */
	dst[0] = bpf_htonl(0x20010db8);
	dst[1] = bpf_htonl(0x00020000);
	dst[2] = 0;
	dst[3] = bpf_htonl(2);
	v = route(c, src, dst, p.proto, p.l3_len, smac, dmac, 4, 0);
	if (v != V_REDIRECT && v != V_TX)
		return FAILED;
	return OK_DROP;
}

/* Parse, then one bpf_ktime_get_coarse_ns (what an established UDP packet adds). */
SEC("xdp")
int ktime(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct packet p = {};

	p.data = data;
	p.data_end = data_end;
	if (parse_packet(&p, data_end - data) != PARSE_OK)
		return FAILED;
	if (bpf_ktime_get_coarse_ns() == 0)
		return FAILED;
	return OK_DROP;
}
