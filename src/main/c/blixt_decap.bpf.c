// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Blixt for Java: the backend-side decapsulator for direct server return.
 *
 * Its own object (blixt_decap.bpf.o, loaded by dev.blixt.Decapsulator): a backend loads none of
 * the load balancer's maps. One tc program (tcx link or clsact ingress, direct action) strips the
 * outer header the load balancer put around a client's packet (blixt_encap.h) and hands the inner
 * packet to the stack as if it had arrived plain, so that a backend needs no ipip / ip6tnl / fou
 * driver:
 *
 *   IPv4 outer (any IHL, not a fragment), protocol 4 (IPIP) or 41 (6in4);
 *   IPv6 outer (no extension headers), next header 4 (4in6) or 41 (ip6ip6);
 *   either, UDP to GUE_PORT with the inner IP packet right after the UDP header (GUE variant 1:
 *   the payload's first nibble is 4 or 6; the UDP checksum is not verified, 0 is the norm).
 *
 * Both the outer and the inner destination must be in decap_addrs (the Java side keeps every
 * address of the namespace there); anything else passes untouched (TC_ACT_UNSPEC). An inner
 * packet that is not a whole IP packet inside the outer datagram is dropped.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "blixt_parse.h"

#ifndef BPF_F_ADJ_ROOM_DECAP_L3_IPV4
/* Linux 6.3 (older UAPI headers lack them): the inner IP version, so that skb->protocol follows it. */
#define BPF_F_ADJ_ROOM_DECAP_L3_IPV4 (1ULL << 7)
#define BPF_F_ADJ_ROOM_DECAP_L3_IPV6 (1ULL << 8)
#endif

#define BLIXT_DECAP_PULL 256
#define BLIXT_DECAP_ADDRS 4096

/* An accepted address: 16 bytes in network order (IPv4 in the first 4, the rest zero), family. */
struct decap_addr {
	__u32 addr[4];
	__u32 family; /* BLIXT_FAMILY_V4 or BLIXT_FAMILY_V6 */
};

/* The counters, indexes into struct decap_counters (mirrored by dev.blixt.Decapsulator.Stats). */
enum decap_counter {
	DC_IPIP = 0,   /* IPv4 in IPv4 decapsulated */
	DC_4IN6,       /* IPv4 in IPv6 */
	DC_6IN6,       /* IPv6 in IPv6 */
	DC_6IN4,       /* IPv6 in IPv4 */
	DC_GUE,        /* either inside UDP to GUE_PORT, over either family */
	DC_BYTES,      /* bytes of the inner IP packets handed on */
	DC_PASSED,     /* not encapsulated, or not to this host: untouched */
	DC_REFUSED,    /* encapsulated to this host, inner destination not accepted: untouched */
	DC_MALFORMED,  /* the inner packet is not a whole IP packet: dropped */
	DC_FAILED,     /* the kernel refused to strip the outer header (bpf_skb_adjust_room): dropped */
	DC_MAX,
};

struct decap_counters {
	__u64 c[16]; /* DC_MAX used, the rest spare */
};

/* UDP destination port of GUE (host order), set by the loader. */
const volatile __u16 GUE_PORT = 6080;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct decap_addr);
	__type(value, __u32);
	__uint(max_entries, BLIXT_DECAP_ADDRS);
} decap_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct decap_counters);
	__uint(max_entries, 1);
} decap_stats SEC(".maps");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* What the outer header holds, found before anything is changed. */
struct decap {
	__u32 outer_len;   /* outer IP header (+ UDP) to strip */
	__u32 inner_len;   /* the inner IP packet's length */
	__u8 inner_family;
	__u8 kind;         /* DC_IPIP .. DC_GUE */
};

static __always_inline void count(struct decap_counters *s, int idx, __u64 n)
{
	if (s && idx >= 0 && idx < DC_MAX)
		s->c[idx] += n;
}

static __always_inline int accepted(const __u32 *addr, __u8 family)
{
	struct decap_addr k = {.family = family};

	k.addr[0] = addr[0];
	if (family == BLIXT_FAMILY_V6) {
		k.addr[1] = addr[1];
		k.addr[2] = addr[2];
		k.addr[3] = addr[3];
	}
	return bpf_map_lookup_elem(&decap_addrs, &k) != NULL;
}

/*
 * Checks the inner packet at `inner` (the outer datagram's last `avail` bytes start there): a whole
 * IP packet of `family`. Returns DC_MAX when it is one to decapsulate, else the counter that says why
 * not (DC_MALFORMED, DC_REFUSED).
 */
static __always_inline int check_inner(const struct packet *p, void *inner, __u32 avail, struct decap *d)
{
	if (d->inner_family == BLIXT_FAMILY_V4) {
		struct iphdr *ip = inner;
		__u32 tot;

		if (avail < sizeof(*ip) || (void *)(ip + 1) > p->data_end)
			return DC_MALFORMED;
		tot = bpf_ntohs(ip->tot_len);
		if (ip->version != 4 || ip->ihl < 5 || tot < ip->ihl * 4 || tot > avail)
			return DC_MALFORMED;
		d->inner_len = tot;
		return accepted((__u32 *)&ip->daddr, BLIXT_FAMILY_V4) ? DC_MAX : DC_REFUSED;
	} else {
		struct ipv6hdr *ip6 = inner;
		__u32 tot;

		if (avail < sizeof(*ip6) || (void *)(ip6 + 1) > p->data_end)
			return DC_MALFORMED;
		tot = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
		if (ip6->version != 6 || tot > avail)
			return DC_MALFORMED;
		d->inner_len = tot;
		return accepted((__u32 *)&ip6->daddr, BLIXT_FAMILY_V6) ? DC_MAX : DC_REFUSED;
	}
}

/*
 * Classifies the frame: DC_MAX with *d filled when it is to be decapsulated, else the counter of
 * what happens to it (DC_PASSED, DC_REFUSED, DC_MALFORMED).
 */
static __always_inline int classify(struct packet *p, __u32 frame_len, struct decap *d)
{
	int rc = parse_packet(p, frame_len);
	void *inner;

	/* Not IP, a fragment, or an outer header the stack will judge itself: not ours. */
	if ((rc != PARSE_OK && rc != PARSE_PASS) || !p->l3)
		return DC_PASSED;
	if (p->family == BLIXT_FAMILY_V6 && p->l4 != p->l3 + sizeof(struct ipv6hdr))
		return DC_PASSED; /* extension headers */
	inner = p->l4;
	if (p->proto == IPPROTO_IPIP || p->proto == IPPROTO_IPV6) {
		d->inner_family = p->proto == IPPROTO_IPIP ? BLIXT_FAMILY_V4 : BLIXT_FAMILY_V6;
		if (p->family == BLIXT_FAMILY_V4)
			d->kind = d->inner_family == BLIXT_FAMILY_V4 ? DC_IPIP : DC_6IN4;
		else
			d->kind = d->inner_family == BLIXT_FAMILY_V4 ? DC_4IN6 : DC_6IN6;
	} else if (p->proto == IPPROTO_UDP && rc == PARSE_OK) {
		struct udphdr *udp = p->l4;
		__u8 *first = (__u8 *)(udp + 1);

		if ((void *)(udp + 1) > p->data_end) /* parse_l4 checked it; the verifier needs it here */
			return DC_PASSED;
		if (udp->dest != bpf_htons(GUE_PORT))
			return DC_PASSED;
		/* GUE variant 1 carries the IP packet directly; anything else (variant 0) is not ours. */
		if (!in_datagram(p, first, 1) || (void *)(first + 1) > p->data_end)
			return DC_PASSED;
		if (*first >> 4 == 4)
			d->inner_family = BLIXT_FAMILY_V4;
		else if (*first >> 4 == 6)
			d->inner_family = BLIXT_FAMILY_V6;
		else
			return DC_PASSED;
		d->kind = DC_GUE;
		inner = first;
	} else {
		return DC_PASSED;
	}
	if (!accepted(p->daddr, p->family))
		return DC_PASSED; /* not to this host */
	d->outer_len = inner - p->l3;
	return check_inner(p, inner, p->ip_end - (__u32)(inner - p->data), d);
}

/* Strips the outer header; the inner packet keeps the Ethernet header (its type rewritten) and the VLAN tag. */
static __always_inline int strip(struct __sk_buff *skb, const struct packet *p, const struct decap *d)
{
	__u64 flags = 0;
	__be16 vlan_proto = 0, vlan_tci = 0;
	struct ethhdr *eth;
	void *data, *data_end;

	if (d->inner_family != p->family)
		flags = d->inner_family == BLIXT_FAMILY_V4 ? BPF_F_ADJ_ROOM_DECAP_L3_IPV4 : BPF_F_ADJ_ROOM_DECAP_L3_IPV6;
	/* A tag still in the frame (received ones are normally taken out into skb->vlan_tci before tc):
	 * bpf_skb_adjust_room refuses an skb whose protocol is 802.1Q, so the tag moves out of the frame
	 * first and back into the skb's tag afterwards, as the kernel's own receive path leaves it. */
	if (p->l3 != (void *)(p->eth + 1)) {
		struct vlanhdr *vh = (void *)(p->eth + 1);

		if ((void *)(vh + 1) > p->data_end)
			return -1;
		vlan_proto = p->eth->h_proto;
		vlan_tci = vh->tci;
		if (bpf_skb_vlan_pop(skb))
			return -1;
	}
	if (bpf_skb_adjust_room(skb, -(__s32)d->outer_len, BPF_ADJ_ROOM_MAC, flags))
		return -1;
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return -1;
	eth->h_proto = bpf_htons(d->inner_family == BLIXT_FAMILY_V4 ? ETH_P_IP : ETH_P_IPV6);
	if (vlan_proto && bpf_skb_vlan_push(skb, vlan_proto, bpf_ntohs(vlan_tci)))
		return -1;
	return 0;
}

SEC("tc")
int blixt_decap(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct decap_counters *s = bpf_map_lookup_elem(&decap_stats, &zero);
	struct packet p = {};
	struct decap d = {};
	int why;

	/* Headers of a non-linear skb may lie outside the linear part: pull them in. */
	if (skb->data_end - skb->data < BLIXT_DECAP_PULL && skb->len > skb->data_end - skb->data)
		bpf_skb_pull_data(skb, skb->len < BLIXT_DECAP_PULL ? skb->len : BLIXT_DECAP_PULL);
	p.data = (void *)(long)skb->data;
	p.data_end = (void *)(long)skb->data_end;
	why = classify(&p, skb->len, &d);
	if (why == DC_MALFORMED) {
		count(s, DC_MALFORMED, 1);
		return TC_ACT_SHOT;
	}
	if (why != DC_MAX) {
		count(s, why, 1);
		return TC_ACT_UNSPEC;
	}
	if (strip(skb, &p, &d)) {
		count(s, DC_FAILED, 1);
		return TC_ACT_SHOT;
	}
	count(s, d.kind, 1);
	count(s, DC_BYTES, d.inner_len);
	/* As if it had arrived plain: the next tcx program or filter, then the stack. */
	return TC_ACT_UNSPEC;
}
