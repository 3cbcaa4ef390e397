/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Route and forward: the next hop (bpf_fib_lookup, or a backend's or client's cached one), whether the
 * packet may leave through the data plane (TTL, an XDP-safe egress), and the one forward tail
 * that every translated packet goes through: route, check, set MACs and TTL, rewrite, count.
 */
#ifndef BLIXT_FORWARD_H
#define BLIXT_FORWARD_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "blixt_maps.h"
#include "blixt_csum.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"
#include "blixt_nat.h"

/*
 * Looks up the next hop for a packet whose addresses will be src -> dst. On success fills
 * smac/dmac and c->out_ifindex and returns the verdict to use; otherwise V_PASS (the kernel
 * forwards the already rewritten packet, or answers with an ICMP error), with c->frag_mtu set
 * when the packet (tot_len l3_len) is too big for the route.
 */
static __always_inline int route(struct pctx *c, const __u32 *src, const __u32 *dst, __u8 proto, __u32 l3_len,
				 __u8 *smac, __u8 *dmac, const int words, const int is_tc)
{
	struct bpf_fib_lookup fib;
	long rc;

	if (OPTIONS & BLIXT_OPT_NO_FIB)
		return V_PASS;
	__builtin_memset(&fib, 0, sizeof(fib));
	fib.family = words == 1 ? BLIXT_AF_INET : BLIXT_AF_INET6;
	fib.l4_protocol = proto;
	fib.tot_len = l3_len;
	fib.ifindex = c->ifindex;
	if (words == 1) {
		fib.ipv4_src = src[0];
		fib.ipv4_dst = dst[0];
	} else {
		addr_store(fib.ipv6_src, src, 4);
		addr_store(fib.ipv6_dst, dst, 4);
	}
	rc = bpf_fib_lookup(c->ctx, &fib, sizeof(fib), 0);
	if (rc == BPF_FIB_LKUP_RET_SUCCESS) {
		__builtin_memcpy(smac, fib.smac, 6);
		__builtin_memcpy(dmac, fib.dmac, 6);
		c->out_ifindex = fib.ifindex;
		return fib.ifindex == c->ifindex ? V_TX : V_REDIRECT;
	}
	if (is_tc && rc == BPF_FIB_LKUP_RET_NO_NEIGH) {
		c->out_ifindex = fib.ifindex;
		__builtin_memset(&c->nh, 0, sizeof(c->nh));
		c->nh.nh_family = fib.family;
		if (fib.family == BLIXT_AF_INET)
			c->nh.ipv4_nh = fib.ipv4_dst;
		else
			addr_store(c->nh.ipv6_nh, fib.ipv6_dst, 4);
		return V_REDIRECT_NEIGH;
	}
	if (rc == BPF_FIB_LKUP_RET_FRAG_NEEDED)
		c->frag_mtu = fib.mtu_result;
	return V_PASS;
}

/*
 * Whether a packet src -> dst is for this host (the kernel's FIB calls dst local: not forwarded). The
 * stateless reply path asks before it translates a backend's packet: the host's own connections to a
 * backend (health checks, an operator's curl) must reach their socket untouched.
 */
static __always_inline int to_this_host(struct pctx *c, const __u32 *src, const __u32 *dst, __u8 proto, const int words)
{
	struct bpf_fib_lookup fib;

	__builtin_memset(&fib, 0, sizeof(fib));
	fib.family = words == 1 ? BLIXT_AF_INET : BLIXT_AF_INET6;
	fib.l4_protocol = proto;
	fib.ifindex = c->ifindex;
	if (words == 1) {
		fib.ipv4_src = src[0];
		fib.ipv4_dst = dst[0];
	} else {
		addr_store(fib.ipv6_src, src, 4);
		addr_store(fib.ipv6_dst, dst, 4);
	}
	return bpf_fib_lookup(c->ctx, &fib, sizeof(fib), BPF_FIB_LOOKUP_SKIP_NEIGH) == BPF_FIB_LKUP_RET_NOT_FWDED;
}

/*
 * route() through a cache entry: reuses the next hop in nh while it is fresh (a coarse clock read
 * instead of a FIB lookup), else looks it up and, when that succeeds, refreshes nh. Only
 * successful lookups are cached.
 */
static __always_inline int route_cached(struct pctx *c, struct nexthop *nh, __u64 now, const __u32 *src,
					const __u32 *dst, __u8 proto, __u32 l3_len, __u8 *smac, __u8 *dmac,
					const int words, const int is_tc)
{
	int v;

	if (nh->expires_ns > now) {
		__builtin_memcpy(smac, nh->smac, 6);
		__builtin_memcpy(dmac, nh->dmac, 6);
		c->out_ifindex = nh->ifindex;
		return nh->ifindex == c->ifindex ? V_TX : V_REDIRECT;
	}
	v = route(c, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	if (v == V_TX || v == V_REDIRECT) {
		nh->ifindex = c->out_ifindex;
		__builtin_memcpy(nh->smac, smac, 6);
		__builtin_memcpy(nh->dmac, dmac, 6);
		nh->expires_ns = now + NEXTHOP_CACHE_NS;
	}
	return v;
}

/* route() for a packet towards a backend: through the backend's next hop, cached per CPU. */
static __always_inline int route_to_backend(struct pctx *c, __u32 bid, const __u32 *src, const __u32 *dst, __u8 proto,
					    __u32 l3_len, __u8 *smac, __u8 *dmac, const int words, const int is_tc)
{
	struct nexthop *nh;

	if ((OPTIONS & BLIXT_OPT_NO_FIB) || !NEXTHOP_CACHE_NS)
		return route(c, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	nh = bpf_map_lookup_elem(&nexthops, &bid);
	if (!nh)
		return route(c, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	return route_cached(c, nh, bpf_ktime_get_coarse_ns(), src, dst, proto, l3_len, smac, dmac, words, is_tc);
}

/*
 * route() for a reply towards a client: through the client's next hop, cached in client_nexthops
 * (an entry is created by the first successful lookup; the LRU forgets clients that went quiet).
 */
static __always_inline int route_to_client(struct pctx *c, const __u32 *src, const __u32 *dst, __u8 proto,
					   __u32 l3_len, __u8 *smac, __u8 *dmac, const int words, const int is_tc)
{
	struct client_key k = {.family = words};
	struct nexthop *nh, fresh = {};
	__u64 now;
	int v;

	if ((OPTIONS & BLIXT_OPT_NO_FIB) || !NEXTHOP_CACHE_NS)
		return route(c, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	addr_load((__u32 *)k.addr, dst, words);
	now = bpf_ktime_get_coarse_ns();
	nh = bpf_map_lookup_elem(&client_nexthops, &k);
	if (nh)
		return route_cached(c, nh, now, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	v = route_cached(c, &fresh, now, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	if (fresh.expires_ns)
		bpf_map_update_elem(&client_nexthops, &k, &fresh, BPF_ANY);
	return v;
}

/* Whether a packet may be forwarded by the data plane: its TTL / hop limit would not expire. */
static __always_inline int ttl_ok(struct packet *p, const int words)
{
	if (words == 1)
		return ((struct iphdr *)p->l3)->ttl > 1;
	return ((struct ipv6hdr *)p->l3)->hop_limit > 1;
}

/*
 * Whether a packet routed out of c->out_ifindex may leave through the data plane, counting it
 * there if so. XDP: only into an egress the control plane marked XDP-safe (a redirect into a
 * veth whose peer has no NAPI, or into a device without ndo_xdp_xmit, would be dropped
 * silently). tc: always.
 */
static __always_inline int egress_ok(struct pctx *c, __u32 l3_len, const int is_tc)
{
	struct egress *e = bpf_map_lookup_elem(&egress, &c->out_ifindex);

	if (!is_tc && (!e || !(e->flags & BLIXT_EGRESS_F_XDP_SAFE))) {
		COUNT(c, GC_EGRESS_UNSAFE);
		return 0;
	}
	if (e) {
		e->packets++;
		e->bytes += l3_len;
	}
	return 1;
}

/* How the forward tail routes and rewrites. */
enum fwd_kind {
	FWD_TO_BACKEND,   /* a TCP/UDP packet towards a backend: cached next hop, destination NAT */
	FWD_TO_CLIENT,    /* a TCP/UDP reply: source NAT */
	FWD_ICMP,         /* an ICMP error: its quote (and an outer address) translated */
};

/*
 * The forward tail's first half: routes src -> dst and, when the packet may leave through the data
 * plane, sets its MACs and decrements its TTL. Returns the verdict, or -1 when the TTL would
 * expire (the packet goes to the kernel untouched, which answers with time-exceeded). V_PASS: the
 * caller rewrites the packet all the same and the kernel forwards it (TO_STACK).
 */
static __always_inline int forward_route(struct pctx *c, struct packet *p, const __u32 *src, const __u32 *dst,
					 __u32 bid, const int kind, const int words, const int is_tc)
{
	__u8 smac[6], dmac[6];
	int v;

	if (kind == FWD_TO_BACKEND)
		v = route_to_backend(c, bid, src, dst, p->proto, p->l3_len, smac, dmac, words, is_tc);
	else if (kind == FWD_TO_CLIENT)
		v = route_to_client(c, src, dst, p->proto, p->l3_len, smac, dmac, words, is_tc);
	else
		v = route(c, src, dst, p->proto, p->l3_len, smac, dmac, words, is_tc);
	if (v != V_PASS && !ttl_ok(p, words)) {
		COUNT(c, GC_TTL_EXCEEDED);
		return -1;
	}
	if (v != V_PASS && !egress_ok(c, p->l3_len, is_tc))
		v = V_PASS;
	if (v == V_PASS) {
		COUNT(c, GC_TO_STACK);
		return v;
	}
	if (words == 1) {
		struct iphdr *ip = p->l3;
		__u16 old = *(__u16 *)&ip->ttl, new;

		ip->ttl--;
		new = *(__u16 *)&ip->ttl;
		ip->check = csum_apply(ip->check, csum_diff16(0, old, new));
	} else {
		((struct ipv6hdr *)p->l3)->hop_limit--;
	}
	if (v != V_REDIRECT_NEIGH) {
		__builtin_memcpy(p->eth->h_source, smac, 6);
		__builtin_memcpy(p->eth->h_dest, dmac, 6);
	}
	COUNT(c, v == V_TX ? GC_TX : GC_REDIRECT);
	return v;
}

/*
 * The forward tail: forward_route, then the packet is rewritten as rw says (in: the quote of an
 * ICMP error, FWD_ICMP; else NULL). Returns the verdict.
 */
static __always_inline int forward(struct pctx *c, struct packet *p, const __u32 *src, const __u32 *dst, __u32 bid,
				   const struct rewrite *rw, struct inner *in, const int kind, const int words,
				   const int is_tc)
{
	int v = forward_route(c, p, src, dst, bid, kind, words, is_tc);

	if (v < 0)
		return V_PASS;
	/* Last: in tc, nat_rewrite's bpf_l4_csum_replace invalidates every packet pointer. */
	if (kind == FWD_ICMP)
		icmp_rewrite(p, rw, in, words);
	else
		nat_rewrite(c, p, rw, words, is_tc);
	return v;
}

#endif /* BLIXT_FORWARD_H */
