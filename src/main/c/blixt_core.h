/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The load-balancing pipeline, written once and inlined into the XDP and tc entry points.
 *
 * Stages: parse (blixt_parse.h) -> classify (VIP, reply of a tracked flow, ICMP) -> select a
 * backend (flow table, then Maglev ring) -> plan the rewrite -> route (bpf_fib_lookup) ->
 * apply the rewrite -> count. Every function takes `words` (1 for IPv4, 4 for IPv6) and
 * `is_tc` as compile-time constants, so each entry point gets a specialised copy.
 */
#ifndef BLIXT_CORE_H
#define BLIXT_CORE_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "blixt_maps.h"
#include "blixt_csum.h"
#include "blixt_parse.h"

#define BLIXT_AF_INET 2
#define BLIXT_AF_INET6 10

enum verdict {
	V_PASS = 0,
	V_DROP,
	V_TX,               /* out of the ingress interface */
	V_REDIRECT,         /* out of c->out_ifindex, MACs already set */
	V_REDIRECT_NEIGH,   /* tc only: out of c->out_ifindex, the kernel resolves the neighbour */
};

struct pctx {
	void *ctx;            /* struct xdp_md * or struct __sk_buff * */
	__u32 ifindex;        /* ingress interface */
	__u32 out_ifindex;    /* for V_REDIRECT / V_REDIRECT_NEIGH */
	struct bpf_redir_neigh nh;
	struct global_counters *g;
};

#define COUNT(pc, idx)                     \
	do {                               \
		if ((pc)->g)               \
			(pc)->g->c[idx]++; \
	} while (0)

/* ---- small utilities ---- */

static __always_inline void addr_load(__u32 *dst, const __u32 *src, const int words)
{
	dst[0] = src[0];
	if (words == 4) {
		dst[1] = src[1];
		dst[2] = src[2];
		dst[3] = src[3];
	} else {
		dst[1] = 0;
		dst[2] = 0;
		dst[3] = 0;
	}
}

static __always_inline void addr_store(__u32 *dst, const __u32 *src, const int words)
{
	dst[0] = src[0];
	if (words == 4) {
		dst[1] = src[1];
		dst[2] = src[2];
		dst[3] = src[3];
	}
}

static __always_inline int addr_eq(const __u32 *a, const __u32 *b, const int words)
{
	if (words == 4)
		return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
	return a[0] == b[0];
}

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

static __always_inline struct vip_info *vip_lookup(const __u32 *addr, __be16 port, __u8 proto, const int words)
{
	struct vip_key vk;
	struct vip_info *vi;

	__builtin_memset(&vk, 0, sizeof(vk));
	addr_load((__u32 *)vk.addr, addr, words);
	vk.port = port;
	vk.proto = proto;
	vk.family = words == 1 ? BLIXT_FAMILY_V4 : BLIXT_FAMILY_V6;
	vi = bpf_map_lookup_elem(&vips, &vk);
	if (!vi && port && proto && (config_flags() & BLIXT_CFG_PORT0_VIPS)) {
		vk.port = 0;
		vi = bpf_map_lookup_elem(&vips, &vk);
	}
	return vi;
}

static __always_inline void count_vip(__u32 vip_id, __u32 backend_id, __u32 bytes, int reply, int new_flow, int icmp)
{
	struct counters *v = bpf_map_lookup_elem(&vip_stats, &vip_id);
	struct counters *b = bpf_map_lookup_elem(&backend_stats, &backend_id);

	if (v) {
		if (icmp) {
			v->icmp++;
		} else if (reply) {
			v->reply_packets++;
			v->reply_bytes += bytes;
		} else {
			v->packets++;
			v->bytes += bytes;
			v->new_flows += new_flow;
		}
	}
	if (b) {
		if (icmp) {
			b->icmp++;
		} else if (reply) {
			b->reply_packets++;
			b->reply_bytes += bytes;
		} else {
			b->packets++;
			b->bytes += bytes;
			b->new_flows += new_flow;
		}
	}
}

/* ---- routing ---- */

/*
 * Looks up the next hop for a packet whose addresses will be src -> dst. On success fills
 * smac/dmac and c->out_ifindex and returns the verdict to use; otherwise V_PASS (the kernel
 * forwards the already rewritten packet, or answers with an ICMP error).
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
	return V_PASS;
}

/* Whether a packet may be forwarded by the data plane: its TTL / hop limit would not expire. */
static __always_inline int ttl_ok(struct packet *p, const int words)
{
	if (words == 1)
		return ((struct iphdr *)p->l3)->ttl > 1;
	return ((struct ipv6hdr *)p->l3)->hop_limit > 1;
}

/*
 * route() for a packet towards a backend: reuses the backend's cached next hop while it is
 * fresh (one inlined per-CPU array lookup and a coarse clock read instead of a FIB lookup).
 * Only successful lookups are cached.
 */
static __always_inline int route_to_backend(struct pctx *c, __u32 bid, const __u32 *src, const __u32 *dst, __u8 proto,
					    __u32 l3_len, __u8 *smac, __u8 *dmac, const int words, const int is_tc)
{
	struct nexthop *nh;
	__u64 now;
	int v;

	if ((OPTIONS & BLIXT_OPT_NO_FIB) || !NEXTHOP_CACHE_NS)
		return route(c, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	nh = bpf_map_lookup_elem(&nexthops, &bid);
	if (!nh)
		return route(c, src, dst, proto, l3_len, smac, dmac, words, is_tc);
	now = bpf_ktime_get_coarse_ns();
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

/*
 * Checks that a routed packet may leave through the data plane. A packet whose TTL would
 * expire goes to the kernel untouched (it answers with time-exceeded): returns 0 then.
 */
static __always_inline int may_forward(struct pctx *c, struct packet *p, int v, const int words)
{
	if (v != V_PASS && !ttl_ok(p, words)) {
		COUNT(c, GC_TTL_EXCEEDED);
		return 0;
	}
	return 1;
}

/*
 * Finishes a packet the data plane rewrote: when it leaves through the data plane, set the
 * MACs and decrement the TTL (checked by may_forward); count the action.
 */
static __always_inline int finish_forward(struct pctx *c, struct packet *p, int v, const __u8 *smac,
					  const __u8 *dmac, const int words)
{
	if (v == V_PASS) {
		COUNT(c, GC_TO_STACK);
		return V_PASS;
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

/* ---- NAT rewrite of a TCP/UDP packet ---- */

/*
 * Rewrites one address (source or destination) and the matching port of a TCP/UDP packet,
 * with incremental L3/L4 checksum updates. In tc the L4 checksum goes through
 * bpf_l4_csum_replace so that CHECKSUM_PARTIAL/COMPLETE skbs stay right: that helper
 * invalidates packet pointers, so this must be the last packet access of the pipeline.
 */
static __always_inline void nat_rewrite(struct pctx *c, struct packet *p, __u32 *field, __be16 *port_field,
					const __u32 *new_addr, __be16 new_port, const int words, const int is_tc)
{
	__u32 old_addr[4];
	__be16 old_port = *port_field;
	__u32 l4_off = p->l4 - p->data;
	__u64 diff;

	addr_load(old_addr, field, words);
	diff = csum_diff_addr(0, old_addr, new_addr, words);
	if (words == 1) {
		struct iphdr *ip = p->l3;

		ip->check = csum_apply(ip->check, diff);
	}
	addr_store(field, new_addr, words);
	*port_field = new_port;

	if (!is_tc) {
		__u64 l4diff = csum_diff16(diff, old_port, new_port);

		if (p->proto == IPPROTO_TCP) {
			struct tcphdr *tcp = p->l4;

			tcp->check = csum_apply(tcp->check, l4diff);
		} else {
			struct udphdr *udp = p->l4;

			udp->check = csum_apply_udp(udp->check, l4diff, words == 1);
		}
	} else {
		struct __sk_buff *skb = c->ctx;
		__u32 off = l4_off + (p->proto == IPPROTO_TCP ? offsetof(struct tcphdr, check)
							       : offsetof(struct udphdr, check));
		__u64 flags = p->proto == IPPROTO_UDP ? BPF_F_MARK_MANGLED_0 : 0;
		int i;

		for (i = 0; i < words; i++)
			bpf_l4_csum_replace(skb, off, old_addr[i], new_addr[i], flags | BPF_F_PSEUDO_HDR | 4);
		if (old_port != new_port)
			bpf_l4_csum_replace(skb, off, old_port, new_port, flags | 2);
	}
}

/* ---- the client -> backend direction ---- */

/*
 * A TCP/UDP packet to a VIP address. The flow table is consulted first: an established flow
 * needs neither the VIP lookup nor the ring (its backend entry names its VIP for the counters).
 * Returns -1 when the packet is for no VIP after all (the caller goes on classifying it).
 */
static __always_inline int do_forward(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	struct l4ports *ports = p->l4;
	struct vip_info *vi;
	struct flow_key fk;
	struct flow_value *fv;
	struct backend *be = NULL;
	__u32 bid = 0, vip_id, dst_new[4], src[4];
	__u8 smac[6], dmac[6];
	__u64 now = 0;
	int is_udp = p->proto == IPPROTO_UDP;
	int new_flow = 0, v;
	__be16 dport_new;

	__builtin_memset(&fk, 0, sizeof(fk));
	addr_load((__u32 *)fk.src, p->saddr, words);
	addr_load((__u32 *)fk.dst, p->daddr, words);
	fk.sport = ports->sport;
	fk.dport = ports->dport;
	fk.proto = p->proto;
	fk.family = p->family;

	/* A SYN always selects afresh (a reused port must not inherit an old backend). */
	if (!(p->proto == IPPROTO_TCP && (p->tcp_flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN)) {
		fv = bpf_map_lookup_elem(&flows, &fk);
		if (fv) {
			bid = fv->backend_id;
			if (is_udp) {
				now = bpf_ktime_get_coarse_ns();
				if (now - fv->atime_ns > UDP_TIMEOUT_NS)
					bid = 0;
				else if (now - fv->atime_ns > UDP_TIMEOUT_NS / 16)
					fv->atime_ns = now;
			}
			if (bid) {
				be = bpf_map_lookup_elem(&backends, &bid);
				/* Ids are reused once no ring names them, while flows may still name
				 * them: the backend must still be a valid backend of the flow's VIP. */
				if (be && (be->flags & BLIXT_BACKEND_F_VALID) && be->vip_id == fv->vip_id)
					COUNT(c, GC_FLOW_HIT);
				else
					be = NULL;
			}
			if (!be)
				COUNT(c, GC_FLOW_RESELECT);
		}
	}
	if (be) {
		vip_id = be->vip_id;
	} else {
		struct vip_info vinfo;
		__u32 h, idx, *rid;

		vi = vip_lookup(p->daddr, ports->dport, p->proto, words);
		if (!vi)
			return -1;
		vinfo = *vi;
		if (vinfo.mode != BLIXT_MODE_NAT) {
			COUNT(c, GC_DROP_UNSUPPORTED);
			return V_DROP;
		}
		vip_id = vinfo.id;
		COUNT(c, GC_FLOW_MISS);
		h = flow_hash((__u32 *)fk.src, (__u32 *)fk.dst,
			      (vinfo.flags & BLIXT_VIP_F_HASH_NO_SRC_PORT) ? 0 : fk.sport, fk.dport, fk.proto, words,
			      HASH_SEED);
		idx = (vinfo.id * 2 + (vinfo.active & 1)) * RING_SIZE + h % RING_SIZE;
		rid = bpf_map_lookup_elem(&rings, &idx);
		if (rid && *rid) {
			bid = *rid;
			be = bpf_map_lookup_elem(&backends, &bid);
		}
		if (!be || !(be->flags & BLIXT_BACKEND_F_VALID)) {
			COUNT(c, GC_DROP_NO_BACKEND);
			return V_DROP;
		}
		/* An RST never creates state. */
		if (!(p->proto == IPPROTO_TCP && (p->tcp_flags & TCPF_RST))) {
			struct flow_value nv = {};

			nv.backend_id = bid;
			nv.vip_id = vip_id;
			if (is_udp)
				nv.atime_ns = now ? now : bpf_ktime_get_coarse_ns();
			if (bpf_map_update_elem(&flows, &fk, &nv, BPF_ANY))
				COUNT(c, GC_FLOW_INSERT_FAIL);
			else
				new_flow = 1;
		}
	}

	addr_load(dst_new, (__u32 *)be->addr, words);
	dport_new = be->port ? be->port : fk.dport;
	count_vip(vip_id, bid, p->l3_len, 0, new_flow, 0);

	addr_load(src, p->saddr, words);
	v = route_to_backend(c, bid, src, dst_new, p->proto, p->l3_len, smac, dmac, words, is_tc);
	if (!may_forward(c, p, v, words))
		return V_PASS;
	v = finish_forward(c, p, v, smac, dmac, words);
	nat_rewrite(c, p, p->daddr, &ports->dport, dst_new, dport_new, words, is_tc);
	return v;
}

/* ---- the backend -> client direction ---- */

/* What a reply (or an ICMP error about a forwarded packet) maps back to. */
struct reply_match {
	struct vip_key vip;
	__u32 vip_id;
	__u32 backend_id;
};

/*
 * Finds the tracked flow client:cport -> VIP that was sent to backend:bport. The backend's
 * VIPs come from backend_vips; the flow table proves the flow exists and still uses that
 * backend. Returns 1 and fills m on success.
 */
static __always_inline int resolve_reply(const __u32 *backend, __be16 bport, const __u32 *client, __be16 cport,
					 __u8 proto, struct reply_match *m, const int words)
{
	struct backend_key bk;
	struct backend_vips *bv;
	struct flow_key fk;
	int i;

	__builtin_memset(&bk, 0, sizeof(bk));
	addr_load((__u32 *)bk.addr, backend, words);
	bk.port = bport;
	bk.proto = proto;
	bk.family = words == 1 ? BLIXT_FAMILY_V4 : BLIXT_FAMILY_V6;
	bv = bpf_map_lookup_elem(&backend_vips, &bk);
	if (!bv && (config_flags() & BLIXT_CFG_PORT0_BACKENDS)) {
		bk.port = 0;
		bv = bpf_map_lookup_elem(&backend_vips, &bk);
	}
	if (!bv)
		return 0;

	__builtin_memset(&fk, 0, sizeof(fk));
	addr_load((__u32 *)fk.src, client, words);
	fk.sport = cport;
	fk.proto = proto;
	fk.family = bk.family;
	for (i = 0; i < BLIXT_MAX_VIPS_PER_BACKEND; i++) {
		struct vip_key *vk;
		struct flow_value *fv;
		__u32 vid;

		if (i >= bv->count)
			break;
		vid = bv->refs[i].vip_id;
		vk = bpf_map_lookup_elem(&vip_table, &vid);
		if (!vk)
			continue;
		__builtin_memcpy(fk.dst, vk->addr, 16);
		fk.dport = vk->port ? vk->port : bport;
		fv = bpf_map_lookup_elem(&flows, &fk);
		if (fv && fv->backend_id == bv->refs[i].backend_id && fv->vip_id == vid) {
			m->vip = *vk;
			m->vip.port = fk.dport;
			m->vip_id = vid;
			m->backend_id = fv->backend_id;
			return 1;
		}
	}
	return 0;
}

static __always_inline int do_reply(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	struct l4ports *ports = p->l4;
	struct reply_match m;
	__u32 src_new[4], dst[4];
	__u8 smac[6], dmac[6];
	int v;

	if (!resolve_reply(p->saddr, ports->sport, p->daddr, ports->dport, p->proto, &m, words)) {
		COUNT(c, GC_REPLY_UNTRACKED);
		return V_PASS;
	}
	COUNT(c, GC_REPLY);
	addr_load(src_new, (__u32 *)m.vip.addr, words);
	count_vip(m.vip_id, m.backend_id, p->l3_len, 1, 0, 0);

	addr_load(dst, p->daddr, words);
	v = route(c, src_new, dst, p->proto, p->l3_len, smac, dmac, words, is_tc);
	if (!may_forward(c, p, v, words))
		return V_PASS;
	v = finish_forward(c, p, v, smac, dmac, words);
	nat_rewrite(c, p, p->saddr, &ports->sport, src_new, m.vip.port, words, is_tc);
	return v;
}

/* ---- ICMP ---- */

#define BLIXT_ICMP_ECHO_REQUEST 8
#define BLIXT_ICMP_ECHO_REPLY 0
#define BLIXT_ICMP_DEST_UNREACH 3
#define BLIXT_ICMP_TIME_EXCEEDED 11
#define BLIXT_ICMP6_DEST_UNREACH 1
#define BLIXT_ICMP6_PKT_TOOBIG 2
#define BLIXT_ICMP6_TIME_EXCEED 3
#define BLIXT_ICMP6_ECHO_REQUEST 128
#define BLIXT_ICMP6_ECHO_REPLY 129

/* Answers an echo request to a VIP address: swap addresses and MACs, turn it into a reply. */
static __always_inline int do_echo(struct pctx *c, struct packet *p, const int words)
{
	__u8 *icmp = p->l4;
	__u16 old_w, new_w;
	__u32 tmp[4];
	__u8 mac[6];

	old_w = *(__u16 *)icmp;
	icmp[0] = words == 1 ? BLIXT_ICMP_ECHO_REPLY : BLIXT_ICMP6_ECHO_REPLY;
	new_w = *(__u16 *)icmp;
	/* Swapping source and destination changes neither the IPv4 header checksum nor the
	 * ICMPv6 pseudo-header sum. */
	*(__u16 *)(icmp + 2) = csum_apply(*(__u16 *)(icmp + 2), csum_diff16(0, old_w, new_w));
	addr_load(tmp, p->saddr, words);
	addr_store(p->saddr, p->daddr, words);
	addr_store(p->daddr, tmp, words);
	if (words == 1) {
		struct iphdr *ip = p->l3;
		__u16 o = *(__u16 *)&ip->ttl, n;

		ip->ttl = 64;
		n = *(__u16 *)&ip->ttl;
		ip->check = csum_apply(ip->check, csum_diff16(0, o, n));
	} else {
		struct ipv6hdr *ip6 = p->l3;

		ip6->hop_limit = 64;
	}
	__builtin_memcpy(mac, p->eth->h_source, 6);
	__builtin_memcpy(p->eth->h_source, p->eth->h_dest, 6);
	__builtin_memcpy(p->eth->h_dest, mac, 6);
	COUNT(c, GC_ICMP_ECHO_REPLY);
	COUNT(c, GC_TX);
	return V_TX;
}

/* The packet an ICMP error quotes: its IP header and the first 8 bytes of its TCP/UDP header. */
struct inner {
	void *l3;
	__u32 *saddr;
	__u32 *daddr;
	struct l4ports *ports;
	__u16 *l4check;   /* NULL when the quote does not reach the L4 checksum */
	__u16 *l3check;   /* IPv4 only */
	__u8 proto;
};

static __always_inline int parse_inner(struct packet *p, struct inner *in, const int words)
{
	void *end = p->data_end;
	void *l3 = p->l4 + 8;
	void *l4;

	if (words == 1) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > end || ip->version != 4 || ip->ihl < 5)
			return 0;
		l4 = l3 + ip->ihl * 4;
		in->proto = ip->protocol;
		in->saddr = (__u32 *)&ip->saddr;
		in->daddr = (__u32 *)&ip->daddr;
		in->l3check = &ip->check;
	} else {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > end || ip6->version != 6)
			return 0;
		l4 = ip6 + 1;
		in->proto = ip6->nexthdr;
		in->saddr = (__u32 *)&ip6->saddr;
		in->daddr = (__u32 *)&ip6->daddr;
		in->l3check = NULL;
	}
	if (in->proto != IPPROTO_TCP && in->proto != IPPROTO_UDP)
		return 0;
	if (l4 + 8 > end)
		return 0;
	in->l3 = l3;
	in->ports = l4;
	in->l4check = NULL;
	if (in->proto == IPPROTO_UDP)
		in->l4check = (__u16 *)(l4 + 6);
	else if (l4 + 18 <= end)
		in->l4check = (__u16 *)(l4 + 16);
	return 1;
}

/*
 * Rewrites, inside an ICMP error, one address and port of the quoted packet, fixing the
 * quoted packet's checksums. Returns the difference to fold into the ICMP checksum.
 */
static __always_inline __u64 icmp_rewrite_inner(struct inner *in, __u32 *field, __be16 *port_field,
						const __u32 *new_addr, __be16 new_port, const int words)
{
	__u32 old_addr[4];
	__be16 old_port = *port_field;
	__u64 diff, icmp_diff, l4diff;

	addr_load(old_addr, field, words);
	diff = csum_diff_addr(0, old_addr, new_addr, words);
	icmp_diff = csum_diff16(diff, old_port, new_port);
	if (words == 1 && in->l3check) {
		__u16 o = *in->l3check, n = csum_apply(o, diff);

		*in->l3check = n;
		icmp_diff = csum_diff16(icmp_diff, o, n);
	}
	if (in->l4check) {
		__u16 o = *in->l4check, n;

		l4diff = csum_diff16(diff, old_port, new_port);
		n = in->proto == IPPROTO_UDP ? csum_apply_udp(o, l4diff, words == 1) : csum_apply(o, l4diff);
		*in->l4check = n;
		icmp_diff = csum_diff16(icmp_diff, o, n);
	}
	addr_store(field, new_addr, words);
	*port_field = new_port;
	return icmp_diff;
}

/* Rewrites an outer address of an ICMP error (IPv4 header checksum; ICMPv6 pseudo-header). */
static __always_inline __u64 icmp_rewrite_outer(struct packet *p, __u32 *field, const __u32 *new_addr,
						__u64 icmp_diff, const int words)
{
	__u32 old_addr[4];
	__u64 diff;

	addr_load(old_addr, field, words);
	diff = csum_diff_addr(0, old_addr, new_addr, words);
	if (words == 1) {
		struct iphdr *ip = p->l3;

		ip->check = csum_apply(ip->check, diff);
	} else {
		icmp_diff += diff;
	}
	addr_store(field, new_addr, words);
	return icmp_diff;
}

static __always_inline int is_icmp_error(__u8 type, const int words)
{
	if (words == 1)
		return type == BLIXT_ICMP_DEST_UNREACH || type == BLIXT_ICMP_TIME_EXCEEDED;
	return type == BLIXT_ICMP6_DEST_UNREACH || type == BLIXT_ICMP6_PKT_TOOBIG || type == BLIXT_ICMP6_TIME_EXCEED;
}

/*
 * An ICMP error quoting a packet of a tracked flow:
 *  - quoting a reply (inner VIP -> client, sent to the VIP): deliver it to the flow's backend,
 *    with the outer destination and the inner source translated to the backend;
 *  - quoting a forwarded packet (inner client -> backend): deliver it to the client, with the
 *    inner destination translated back to the VIP, and the outer source too when the backend
 *    itself sent the error.
 */
static __always_inline int do_icmp_error(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	struct inner in;
	__u32 new_addr[4], src[4], dst[4];
	__u8 smac[6], dmac[6];
	__u16 *check = (__u16 *)(p->l4 + 2);
	__u64 icmp_diff;
	int v;

	if (!parse_inner(p, &in, words))
		return -1;

	if (filter_has(p->daddr, words, 0) && addr_eq(p->daddr, in.saddr, words)) {
		/* Case 1: about a reply we sent from the VIP. The flow is client -> VIP. */
		struct vip_info *vi = vip_lookup(in.saddr, in.ports->sport, in.proto, words);
		struct flow_key fk;
		struct flow_value *fv;
		struct backend *be;
		__u32 bid;
		__be16 bport;

		if (!vi)
			return -1;
		__builtin_memset(&fk, 0, sizeof(fk));
		addr_load((__u32 *)fk.src, in.daddr, words);
		addr_load((__u32 *)fk.dst, in.saddr, words);
		fk.sport = in.ports->dport;
		fk.dport = in.ports->sport;
		fk.proto = in.proto;
		fk.family = p->family;
		fv = bpf_map_lookup_elem(&flows, &fk);
		if (!fv)
			return -1;
		bid = fv->backend_id;
		be = bpf_map_lookup_elem(&backends, &bid);
		if (!be || !(be->flags & BLIXT_BACKEND_F_VALID) || be->vip_id != fv->vip_id)
			return -1;
		addr_load(new_addr, (__u32 *)be->addr, words);
		bport = be->port ? be->port : fk.dport;
		count_vip(vi->id, bid, 0, 0, 0, 1);
		COUNT(c, GC_ICMP_TO_BACKEND);

		addr_load(src, p->saddr, words);
		v = route(c, src, new_addr, p->proto, p->l3_len, smac, dmac, words, is_tc);
		if (!may_forward(c, p, v, words))
			return V_PASS;
		icmp_diff = icmp_rewrite_inner(&in, in.saddr, &in.ports->sport, new_addr, bport, words);
		icmp_diff = icmp_rewrite_outer(p, p->daddr, new_addr, icmp_diff, words);
		*check = csum_apply(*check, icmp_diff);
		return finish_forward(c, p, v, smac, dmac, words);
	}
	if (filter_has(in.daddr, words, BLIXT_FILTER_WORDS)) {
		/* Case 2: about a packet we forwarded to a backend. The flow is client -> VIP. */
		struct reply_match m;
		int from_backend;

		if (!resolve_reply(in.daddr, in.ports->dport, in.saddr, in.ports->sport, in.proto, &m, words))
			return -1;
		count_vip(m.vip_id, m.backend_id, 0, 0, 0, 1);
		COUNT(c, GC_ICMP_TO_CLIENT);
		addr_load(new_addr, (__u32 *)m.vip.addr, words);
		from_backend = addr_eq(p->saddr, in.daddr, words);

		addr_load(src, from_backend ? new_addr : p->saddr, words);
		addr_load(dst, p->daddr, words);
		v = route(c, src, dst, p->proto, p->l3_len, smac, dmac, words, is_tc);
		if (!may_forward(c, p, v, words))
			return V_PASS;
		icmp_diff = icmp_rewrite_inner(&in, in.daddr, &in.ports->dport, new_addr, m.vip.port, words);
		if (from_backend)
			icmp_diff = icmp_rewrite_outer(p, p->saddr, new_addr, icmp_diff, words);
		*check = csum_apply(*check, icmp_diff);
		return finish_forward(c, p, v, smac, dmac, words);
	}
	return -1;
}

static __always_inline int do_icmp(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	__u8 type = *(__u8 *)p->l4;
	__u8 code = *((__u8 *)p->l4 + 1);
	int v;

	if (type == (words == 1 ? BLIXT_ICMP_ECHO_REQUEST : BLIXT_ICMP6_ECHO_REQUEST) && code == 0) {
		if ((OPTIONS & BLIXT_OPT_ICMP_ECHO) && filter_has(p->daddr, words, 0) &&
		    vip_lookup(p->daddr, 0, 0, words))
			return do_echo(c, p, words);
	} else if (is_icmp_error(type, words)) {
		v = do_icmp_error(c, p, words, is_tc);
		if (v >= 0)
			return v;
	}
	COUNT(c, GC_PASS);
	return V_PASS;
}

/* ---- classification ---- */

static __always_inline int pipeline(struct pctx *c, struct packet *p, int rc, const int words, const int is_tc)
{
	if (rc == PARSE_FRAGMENT) {
		if (filter_has(p->daddr, words, 0) && vip_lookup(p->daddr, 0, 0, words)) {
			if (OPTIONS & BLIXT_OPT_FRAGMENTS_PASS) {
				COUNT(c, GC_PASS_FRAGMENT);
				return V_PASS;
			}
			COUNT(c, GC_DROP_FRAGMENT);
			return V_DROP;
		}
		COUNT(c, GC_PASS);
		return V_PASS;
	}
	if (p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6)
		return do_icmp(c, p, words, is_tc);

	if (filter_has(p->daddr, words, 0)) {
		int v = do_forward(c, p, words, is_tc);

		if (v >= 0)
			return v;
	}
	if (filter_has(p->saddr, words, BLIXT_FILTER_WORDS))
		return do_reply(c, p, words, is_tc);
	COUNT(c, GC_PASS);
	return V_PASS;
}

/* Parses and processes one frame; returns a verdict. */
static __always_inline int process(struct pctx *c, void *data, void *data_end, __u32 frame_len, const int is_tc)
{
	struct packet p = {};
	__u32 k = 0;
	int rc;

	c->g = bpf_map_lookup_elem(&global_stats, &k);
	COUNT(c, GC_PACKETS);
	p.data = data;
	p.data_end = data_end;
	rc = parse_packet(&p, frame_len);
	switch (rc) {
	case PARSE_OK:
	case PARSE_FRAGMENT:
		break;
	case PARSE_TRUNCATED:
		COUNT(c, GC_DROP_TRUNCATED);
		return V_DROP;
	case PARSE_MALFORMED:
		COUNT(c, GC_DROP_MALFORMED);
		return V_DROP;
	case PARSE_UNPARSED:
		COUNT(c, GC_PASS_UNPARSED);
		return V_PASS;
	default:
		COUNT(c, GC_PASS);
		return V_PASS;
	}
	if (p.family == BLIXT_FAMILY_V4)
		return pipeline(c, &p, rc, 1, is_tc);
	return pipeline(c, &p, rc, 4, is_tc);
}

#endif /* BLIXT_CORE_H */
