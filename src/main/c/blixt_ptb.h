/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * "Too big" answers: a DSR packet that would exceed the egress MTU once encapsulated is turned,
 * in place, into an ICMP fragmentation-needed (IPv4, when the packet has DF) or ICMPv6
 * packet-too-big, from the VIP to the client, carrying the MTU the client may use (the egress
 * MTU less the outer header), and sent back out of the interface it came in on, as Katran does.
 * The quote is the packet's IP header and the first 8 bytes after it, as RFC 792 asks and as much
 * as a client needs to find its connection.
 */
#ifndef BLIXT_PTB_H
#define BLIXT_PTB_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "blixt_maps.h"
#include "blixt_csum.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"
#include "blixt_forward.h"

#define BLIXT_PTB_L2_MAX (ETH_HLEN + 4)
#define BLIXT_PTB_QUOTE_MAX (60 + 8)
_Static_assert(BLIXT_PTB_L2_MAX + 40 + 8 + BLIXT_PTB_QUOTE_MAX <= BLIXT_ANSWER_MAX, "the answer fits its buffer");
#define BLIXT_IPV6_MIN_MTU 1280


/* The one's-complement sum of len bytes (a multiple of 4, at most 512) at buf. */
static __always_inline __u64 sum_bytes(void *buf, __u32 len, __u64 seed)
{
	long s = bpf_csum_diff(NULL, 0, buf, len, seed);

	return s < 0 ? seed : (__u64)s;
}

/*
 * Answers packet p (a TCP/UDP packet to a VIP) with "too big" for an egress MTU of mtu, olen bytes
 * of which the outer header takes. Returns V_TX, or V_DROP when it cannot be answered (an IPv4
 * packet without DF, which only a router that fragments could carry; an ingress XDP may not
 * transmit on; the kernel refused to resize).
 */
static __always_inline int answer_too_big(struct pctx *c, struct packet *p, __u32 mtu, __u32 olen, const int words,
					  const int is_tc)
{
	__u32 k = 0, l2 = p->l3 - p->data, iph = words == 1 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	struct dsr_scratch *b = bpf_map_lookup_elem(&dsr_scratch, &k);
	__u32 qlen, total, room = mtu > olen ? mtu - olen : 0;
	__u8 *ip, *icmp;
	long cur;

	if (!b || (l2 != ETH_HLEN && l2 != ETH_HLEN + 4))
		return V_DROP;
	if (words == 1) {
		struct iphdr *in = p->l3;

		if (!(in->frag_off & bpf_htons(BLIXT_IP_DF)))
			return V_DROP;
		qlen = in->ihl * 4 + 8;
	} else {
		qlen = sizeof(struct ipv6hdr) + 8;
		if (room < BLIXT_IPV6_MIN_MTU)
			room = BLIXT_IPV6_MIN_MTU;
	}
	c->out_ifindex = c->ifindex;
	if (!egress_ok(c, iph + 8 + qlen, is_tc))
		return V_DROP;
	total = l2 + iph + 8 + qlen;
	if (qlen < 28 || qlen > BLIXT_PTB_QUOTE_MAX || total > BLIXT_PTB_L2_MAX + 40 + 8 + BLIXT_PTB_QUOTE_MAX)
		return V_DROP;
	/* Masks the verifier sees on the registers the helpers get (clang would fold them away). */
	asm volatile("" : "+r"(qlen));
	asm volatile("" : "+r"(total));
	qlen &= 0x7f;
	total &= 0xff;
	if (qlen < 28 || total < 28)
		return V_DROP;
	ip = b->frame + (l2 == ETH_HLEN ? ETH_HLEN : ETH_HLEN + 4);
	icmp = ip + iph;

	/* L2: the client's frame with the MACs swapped (and its tag). */
	if (l2 == ETH_HLEN)
		__builtin_memcpy(b->frame, p->data, ETH_HLEN);
	else
		__builtin_memcpy(b->frame, p->data, ETH_HLEN + 4);
	__builtin_memcpy(b->frame, p->eth->h_source, 6);
	__builtin_memcpy(b->frame + 6, p->eth->h_dest, 6);
	/* The quote: the packet's IP header and the 8 bytes after it, from the packet. */
	if (is_tc ? bpf_skb_load_bytes(c->ctx, l2, icmp + 8, qlen) : bpf_xdp_load_bytes(c->ctx, l2, icmp + 8, qlen))
		return V_DROP;
	__builtin_memset(icmp, 0, 8);
	if (words == 1) {
		struct iphdr *o = (void *)ip;

		__builtin_memset(o, 0, sizeof(*o));
		o->version = 4;
		o->ihl = 5;
		o->tot_len = bpf_htons(iph + 8 + qlen);
		o->ttl = BLIXT_ENCAP_TTL;
		o->protocol = IPPROTO_ICMP;
		o->saddr = p->daddr[0];
		o->daddr = p->saddr[0];
		o->check = ipv4_header_csum(o);
		icmp[0] = 3; /* destination unreachable */
		icmp[1] = 4; /* fragmentation needed and DF set */
		*(__be16 *)(icmp + 6) = bpf_htons(room);
		*(__u16 *)(icmp + 2) = ~csum_fold(sum_bytes(icmp, 8 + qlen, 0));
	} else {
		struct ipv6hdr *o = (void *)ip;

		__builtin_memset(o, 0, sizeof(*o));
		o->version = 6;
		o->payload_len = bpf_htons(8 + qlen);
		o->nexthdr = IPPROTO_ICMPV6;
		o->hop_limit = BLIXT_ENCAP_TTL;
		addr_store((__u32 *)&o->saddr, p->daddr, 4);
		addr_store((__u32 *)&o->daddr, p->saddr, 4);
		icmp[0] = 2; /* packet too big */
		*(__be32 *)(icmp + 4) = bpf_htonl(room);
		__builtin_memcpy(b->pseudo, &o->saddr, 32);
		*(__be32 *)(b->pseudo + 32) = bpf_htonl(8 + qlen);
		*(__be32 *)(b->pseudo + 36) = bpf_htonl(IPPROTO_ICMPV6);
		*(__u16 *)(icmp + 2) = ~csum_fold(sum_bytes(icmp, 8 + qlen, sum_bytes(b->pseudo, 40, 0)));
	}
	/* Resize the packet to the answer, then write it. */
	if (is_tc) {
		if (bpf_skb_change_tail(c->ctx, total, 0) ||
		    bpf_skb_store_bytes(c->ctx, 0, b->frame, total, BPF_F_INVALIDATE_HASH))
			return V_DROP;
	} else {
		cur = (long)p->data_end - (long)p->data;
		if (bpf_xdp_adjust_tail(c->ctx, (int)total - (int)cur) || bpf_xdp_store_bytes(c->ctx, 0, b->frame, total))
			return V_DROP;
	}
	COUNT(c, GC_ICMP_TOO_BIG);
	COUNT(c, GC_TX);
	return V_TX;
}

#endif /* BLIXT_PTB_H */
