/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Direct server return: the packet leaves unchanged inside an outer header to the backend, which
 * holds the VIP on a local interface and answers the client itself. IPIP (IPv4 outer, protocol 4),
 * IPv4-in-IPv6 and ip6ip6 (IPv6 outer, next header 4 / 41), or either inside UDP to ENCAP.gue_port
 * (GUE variant 1: the inner IP packet right after the UDP header, UDP checksum 0).
 *
 * The outer source is ENCAP's prefix of the outer family with its host bits taken from a hash of
 * the client's address and ports, so that the backend's NIC (whose RSS sees only the outer header)
 * spreads flows over its queues, as Katran does. The outer destination is the backend.
 */
#ifndef BLIXT_ENCAP_H
#define BLIXT_ENCAP_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "blixt_maps.h"
#include "blixt_csum.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"
#include "blixt_forward.h"
#include "blixt_ptb.h"
#include "blixt_hash.h"


/* Fills out (owords words) with the outer source; returns the flow's hash (GUE port, flow label). */
static __always_inline __u32 encap_source(__u32 *out, const struct packet *p, const int words, const int owords)
{
	const struct l4ports *ports = p->l4;
	__u32 h = p->saddr[0] ^ (((__u32)ports->sport << 16) | ports->dport);

	if (words == 4)
		h ^= p->saddr[1] ^ p->saddr[2] ^ p->saddr[3];
	h = fmix32(h); /* every input bit reaches the low bits the prefix keeps */
	if (owords == 1) {
		out[0] = ENCAP.src4 | bpf_htonl(h & ENCAP.src4_host);
	} else {
		const volatile __u32 *s6 = (const volatile __u32 *)ENCAP.src6;

		out[0] = s6[0];
		out[1] = s6[1];
		out[2] = s6[2];
		out[3] = s6[3] | bpf_htonl(h & ENCAP.src6_host);
	}
	return h;
}

/* The inner packet's DSCP/ECN byte (IPv4 TOS, IPv6 traffic class), copied to the outer header. */
static __always_inline __u8 inner_tos(const struct packet *p, const int words)
{
	const __u8 *b = p->l3;

	if (words == 1)
		return ((const struct iphdr *)p->l3)->tos;
	return (b[0] << 4) | (b[1] >> 4);
}

/* Builds the outer header (IP, then UDP for GUE) in hdr; returns its length. */
static __always_inline __u32 encap_header(__u8 *hdr, const struct packet *p, const __u32 *src, const __u32 *dst,
					  __u32 h, int gue, const int words, const int owords)
{
	__u32 iplen = owords == 1 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	__u32 olen = iplen + (gue ? sizeof(struct udphdr) : 0);
	__u8 proto = gue ? IPPROTO_UDP : (words == 1 ? IPPROTO_IPIP : IPPROTO_IPV6);
	__u8 tos = inner_tos(p, words);

	if (owords == 1) {
		struct iphdr *o = (void *)hdr;

		o->version = 4;
		o->ihl = 5;
		o->tos = tos;
		o->tot_len = bpf_htons(p->l3_len + olen);
		o->id = 0;
		o->frag_off = bpf_htons(BLIXT_IP_DF); /* the tunnel never fragments: too big is answered instead */
		o->ttl = BLIXT_ENCAP_TTL;
		o->protocol = proto;
		o->check = 0;
		o->saddr = src[0];
		o->daddr = dst[0];
		o->check = ipv4_header_csum(o);
	} else {
		struct ipv6hdr *o = (void *)hdr;

		o->version = 6;
		o->priority = tos >> 4;
		o->flow_lbl[0] = (tos << 4) | ((h >> 16) & 0x0f);
		o->flow_lbl[1] = h >> 8;
		o->flow_lbl[2] = h;
		o->payload_len = bpf_htons(p->l3_len + olen - iplen);
		o->nexthdr = proto;
		o->hop_limit = BLIXT_ENCAP_TTL;
		addr_store((__u32 *)&o->saddr, src, 4);
		addr_store((__u32 *)&o->daddr, dst, 4);
	}
	if (gue) {
		struct udphdr *u = (void *)(hdr + iplen);

		u->source = bpf_htons(0x8000 | (h & 0x7fff));
		u->dest = ENCAP.gue_port;
		u->len = bpf_htons(p->l3_len + sizeof(struct udphdr));
		u->check = 0;
	}
	return olen;
}

/*
 * Makes room for olen bytes between the L2 header and the packet and writes them from hdr (l2 holds
 * the L2 header meanwhile in XDP), the
 * Ethernet type for the outer family, and (when routed) the MACs. The packet pointers are invalid
 * afterwards. Returns 0, or -1 when the kernel refused room.
 */
static __always_inline int encap_push(struct pctx *c, struct packet *p, const __u8 *hdr, __u8 *l2, __u32 olen,
				      int gue, const __u8 *smac, const __u8 *dmac, int routed, const int owords,
				      const int is_tc)
{
	const __u32 iplen = owords == 1 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	int tagged = p->l3 - p->data == ETH_HLEN + 4;
	__be16 proto = bpf_htons(owords == 1 ? ETH_P_IP : ETH_P_IPV6);
	void *data, *data_end, *q;

	if (is_tc) {
		__u64 flags = (owords == 1 ? BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 : BPF_F_ADJ_ROOM_ENCAP_L3_IPV6) |
			      (gue ? BPF_F_ADJ_ROOM_ENCAP_L4_UDP : 0);

		/* tc sees VLAN tags out of band: the L2 header is the Ethernet header, which the kernel moves. */
		if (tagged || bpf_skb_adjust_room(c->ctx, olen, BPF_ADJ_ROOM_MAC, flags))
			return -1;
		data = (void *)(long)((struct __sk_buff *)c->ctx)->data;
		data_end = (void *)(long)((struct __sk_buff *)c->ctx)->data_end;
	} else {
		/* The L2 header (one 802.1Q/802.1ad tag at most) moves to the new front. */
		if (tagged)
			__builtin_memcpy(l2, p->data, ETH_HLEN + 4);
		else
			__builtin_memcpy(l2, p->data, ETH_HLEN);
		if (bpf_xdp_adjust_head(c->ctx, -(int)olen))
			return -1;
		data = (void *)(long)((struct xdp_md *)c->ctx)->data;
		data_end = (void *)(long)((struct xdp_md *)c->ctx)->data_end;
	}
	if (tagged) {
		if (data + ETH_HLEN + 4 > data_end)
			return -1;
		if (!is_tc)
			__builtin_memcpy(data, l2, ETH_HLEN + 4);
		*(__be16 *)(data + ETH_HLEN + 2) = proto;
		q = data + ETH_HLEN + 4;
	} else {
		if (data + ETH_HLEN > data_end)
			return -1;
		if (!is_tc)
			__builtin_memcpy(data, l2, ETH_HLEN);
		*(__be16 *)(data + ETH_HLEN - 2) = proto;
		q = data + ETH_HLEN;
	}
	if (routed) {
		__builtin_memcpy(data, dmac, 6);
		__builtin_memcpy(data + 6, smac, 6);
	}
	if (q + iplen > data_end)
		return -1;
	__builtin_memcpy(q, hdr, iplen);
	if (gue) {
		if (q + iplen + sizeof(struct udphdr) > data_end)
			return -1;
		__builtin_memcpy(q + iplen, hdr + iplen, sizeof(struct udphdr));
	}
	return 0;
}

/*
 * The forward tail of a DSR packet towards backend `be` (id bid) with an outer header of owords
 * words: route the outer addresses (the backend's cached next hop), check the egress and its MTU
 * (too big: answered, see blixt_ptb.h), encapsulate, set the MACs. Not routed (no neighbour in XDP, no route, FIB off, an egress that is
 * not XDP-safe): encapsulated all the same and left to the kernel, which forwards it (TO_STACK).
 */
static __always_inline int dsr_tail(struct pctx *c, struct packet *p, const struct backend *be, __u32 bid, int gue,
				    const int words, const int owords, const int is_tc)
{
	__u32 k = 0, *src, *dst;
	struct dsr_scratch *scratch = bpf_map_lookup_elem(&dsr_scratch, &k);
	__u8 *smac, *dmac, *hdr;
	__u32 h, olen, mtu_len;
	int v;

	if ((owords == 1 ? !ENCAP.has4 : !ENCAP.has6) || !scratch) {
		COUNT(c, GC_DROP_ENCAP);
		return V_DROP;
	}
	hdr = scratch->hdr;
	src = scratch->src;
	dst = scratch->dst;
	smac = scratch->macs;
	dmac = scratch->macs + 6;
	h = encap_source(src, p, words, owords);
	addr_load(dst, (const __u32 *)be->addr, owords);
	olen = encap_header(hdr, p, src, dst, h, gue, words, owords);
	c->frag_mtu = 0;
	v = route_to_backend(c, bid, src, dst, gue ? IPPROTO_UDP : (words == 1 ? IPPROTO_IPIP : IPPROTO_IPV6),
			     p->l3_len + olen, smac, dmac, owords, is_tc);
	/* Too big: the FIB lookup says so, or (a cached next hop) the egress device's MTU does. */
	if (v == V_PASS) {
		mtu_len = c->frag_mtu;
	} else {
		mtu_len = p->l3_len + olen;
		if (bpf_check_mtu(c->ctx, c->out_ifindex, &mtu_len, 0, 0) != BPF_MTU_CHK_RET_FRAG_NEEDED)
			mtu_len = 0;
	}
	if (mtu_len) {
		v = p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6 ? V_DROP
			: answer_too_big(c, p, mtu_len, olen, words, is_tc);
		if (v == V_DROP)
			COUNT(c, GC_DROP_TOO_BIG);
		return v;
	}
	if (v != V_PASS && !egress_ok(c, p->l3_len + olen, is_tc))
		v = V_PASS;
	if (encap_push(c, p, hdr, scratch->l2, olen, gue, smac, dmac, v != V_PASS, owords, is_tc)) {
		COUNT(c, GC_DROP_ENCAP);
		return V_DROP;
	}
	COUNT(c, gue ? GC_ENCAP_GUE : GC_ENCAP_IPIP);
	COUNT(c, v == V_PASS ? GC_TO_STACK : v == V_TX ? GC_TX : GC_REDIRECT);
	return v;
}

/* A DSR packet (mode BLIXT_MODE_DSR_*) to backend be: the outer family is the backend's. */
static __always_inline int dsr_forward(struct pctx *c, struct packet *p, const struct backend *be, __u32 bid,
				       __u8 mode, const int words, const int is_tc)
{
	int gue = mode == BLIXT_MODE_DSR_GUE;

	if (be->family == BLIXT_FAMILY_V6)
		return dsr_tail(c, p, be, bid, gue, words, 4, is_tc);
	if (words == 4) { /* IPv6 in IPv4: refused by the control plane */
		COUNT(c, GC_DROP_ENCAP);
		return V_DROP;
	}
	return dsr_tail(c, p, be, bid, gue, words, 1, is_tc);
}

/*
 * A stage that wants a packet encapsulated (a DSR flow's packet, an ICMP error about a DSR reply)
 * stashes its backend id and mode and returns V_DSR; the pipeline then runs the one inlined copy of
 * the encapsulating tail (dsr_stashed), instead of one copy per stage.
 */
static __always_inline int dsr_stash(__u32 bid, __u8 mode)
{
	__u32 k = 0;
	struct dsr_scratch *s = bpf_map_lookup_elem(&dsr_scratch, &k);

	if (!s)
		return V_DROP;
	s->bid = bid;
	s->mode = mode;
	return V_DSR;
}

static __always_inline int dsr_stashed(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	__u32 k = 0, bid;
	struct dsr_scratch *s = bpf_map_lookup_elem(&dsr_scratch, &k);
	struct backend *be;

	if (!s)
		return V_DROP;
	bid = s->bid;
	be = bpf_map_lookup_elem(&backends, &bid);
	if (!be) {
		COUNT(c, GC_DROP_ENCAP);
		return V_DROP;
	}
	return dsr_forward(c, p, be, bid, s->mode, words, is_tc);
}

#endif /* BLIXT_ENCAP_H */
