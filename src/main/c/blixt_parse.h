/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Parsing: Ethernet (+ one 802.1Q/802.1ad tag), IPv4 (with options), IPv6 (with extension
 * headers), TCP, UDP, ICMP, ICMPv6, and the packet an ICMP error quotes.
 *
 * A packet ends where its IP datagram ends (IPv4 total length, IPv6 40 + payload length), not
 * where the frame ends: bytes after it (Ethernet padding, trailers) are never parsed, rewritten or
 * folded into a checksum, and leave with the packet untouched. So every header beyond the IP
 * header is checked twice: against the datagram (p->ip_end, an offset: a header the datagram does
 * not hold makes the packet malformed) and against data_end (for the verifier; in tc the headers
 * may also lie beyond the linear part: truncated).
 */
#ifndef BLIXT_PARSE_H
#define BLIXT_PARSE_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <stddef.h>
#include <bpf/bpf_endian.h>
#include "blixt_types.h"

#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif
#define BLIXT_IP_MF 0x2000
#define BLIXT_IP_OFFSET 0x1fff
#define BLIXT_MAX_EXT_HEADERS 4
/* ICMP / ICMPv6 header: type, code, checksum and 4 bytes (id/seq, pointer, MTU, unused). */
#define BLIXT_ICMP_HDR_LEN 8
/* An ICMP error quotes at least the first 8 bytes of the L4 header (ports and more). */
#define BLIXT_QUOTED_L4_LEN 8

struct vlanhdr {
	__be16 tci;
	__be16 proto;
};

/* Ports (or ICMP type/code/id) at the start of an L4 header. */
struct l4ports {
	__be16 sport;
	__be16 dport;
};

/* Outcome of parsing. PARSE_OK means l3/l4 are valid and the protocol is one we handle. */
enum parse_result {
	PARSE_OK = 0,
	PARSE_PASS,        /* not IP, or an L4 protocol we do not touch */
	PARSE_FRAGMENT,    /* an IP fragment: l3 valid, l4 not parsed */
	PARSE_TRUNCATED,
	PARSE_MALFORMED,
	PARSE_UNPARSED,    /* IPv6 extension header chain too long */
};

struct packet {
	void *data;
	void *data_end;
	struct ethhdr *eth;
	void *l3;              /* struct iphdr or struct ipv6hdr */
	void *l4;
	__u32 frame_len;       /* length of the whole frame (tc: skb->len, which may exceed data_end) */
	__u32 l3_len;          /* IPv4 total length / IPv6 40 + payload length */
	__u32 ip_end;          /* offset from data of the datagram's end (l3 offset + l3_len) */
	__u8 family;           /* BLIXT_FAMILY_V4 / _V6 */
	__u8 proto;            /* L4 protocol */
	__u8 tcp_flags;        /* the TCP flags byte (BLIXT_TCP_FLAGS_OFF) */
	__u32 *saddr;          /* points into the packet */
	__u32 *daddr;
};

#define BLIXT_TCP_FLAGS_OFF 13 /* the byte of CWR..FIN in struct tcphdr */
#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_ACK 0x10
#define BLIXT_IP_DF 0x4000 /* IPv4 don't-fragment, in frag_off (host order) */

/* Whether the len bytes at `at` (a pointer into the frame) lie inside the IP datagram. */
static __always_inline int in_datagram(const struct packet *p, const void *at, __u32 len)
{
	return (__u32)(at - p->data) + len <= p->ip_end;
}

/* A header of len bytes at `at`: PARSE_OK, or why it cannot be read (outside the datagram, or
 * inside it but beyond data_end). */
static __always_inline int need(const struct packet *p, void *at, __u32 len)
{
	if (!in_datagram(p, at, len))
		return PARSE_MALFORMED;
	if (at + len > p->data_end)
		return PARSE_TRUNCATED;
	return PARSE_OK;
}

static __always_inline int parse_l4(struct packet *p)
{
	void *l4 = p->l4;
	__u32 len;
	int rc;

	switch (p->proto) {
	case IPPROTO_TCP: {
		struct tcphdr *tcp = l4;

		rc = need(p, l4, sizeof(*tcp));
		if (rc != PARSE_OK)
			return rc;
		/* The options need not be readable (nothing reads them), but they are in the datagram. */
		if (tcp->doff < 5 || !in_datagram(p, l4, tcp->doff * 4))
			return PARSE_MALFORMED;
		p->tcp_flags = ((__u8 *)tcp)[BLIXT_TCP_FLAGS_OFF];
		return PARSE_OK;
	}
	case IPPROTO_UDP:
		len = sizeof(struct udphdr);
		break;
	case IPPROTO_ICMP:
		if (p->family != BLIXT_FAMILY_V4)
			return PARSE_PASS;
		len = BLIXT_ICMP_HDR_LEN;
		break;
	case IPPROTO_ICMPV6:
		if (p->family != BLIXT_FAMILY_V6)
			return PARSE_PASS;
		len = BLIXT_ICMP_HDR_LEN;
		break;
	default:
		return PARSE_PASS;
	}
	return need(p, l4, len);
}

static __always_inline int parse_ipv4(struct packet *p, void *l3)
{
	void *end = p->data_end;
	struct iphdr *ip = l3;
	__u32 ihl, tot;

	if ((void *)(ip + 1) > end)
		return PARSE_TRUNCATED;
	if (ip->version != 4 || ip->ihl < 5)
		return PARSE_MALFORMED;
	ihl = ip->ihl * 4;
	tot = bpf_ntohs(ip->tot_len);
	if (tot < ihl)
		return PARSE_MALFORMED;
	if ((__u32)(l3 - p->data) + tot > p->frame_len || l3 + ihl > end)
		return PARSE_TRUNCATED;
	p->l3 = l3;
	p->l3_len = tot;
	p->ip_end = (__u32)(l3 - p->data) + tot;
	p->family = BLIXT_FAMILY_V4;
	p->proto = ip->protocol;
	p->saddr = (__u32 *)&ip->saddr;
	p->daddr = (__u32 *)&ip->daddr;
	p->l4 = l3 + ihl;
	if (ip->frag_off & bpf_htons(BLIXT_IP_MF | BLIXT_IP_OFFSET))
		return PARSE_FRAGMENT;
	return parse_l4(p);
}

static __always_inline int parse_ipv6(struct packet *p, void *l3)
{
	void *end = p->data_end;
	struct ipv6hdr *ip6 = l3;
	void *cur;
	__u8 next;
	int i, rc;

	if ((void *)(ip6 + 1) > end)
		return PARSE_TRUNCATED;
	if (ip6->version != 6)
		return PARSE_MALFORMED;
	p->l3_len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
	p->ip_end = (__u32)(l3 - p->data) + p->l3_len;
	if (p->ip_end > p->frame_len)
		return PARSE_TRUNCATED;
	p->l3 = l3;
	p->family = BLIXT_FAMILY_V6;
	p->saddr = (__u32 *)&ip6->saddr;
	p->daddr = (__u32 *)&ip6->daddr;
	next = ip6->nexthdr;
	cur = ip6 + 1;
	for (i = 0; i < BLIXT_MAX_EXT_HEADERS; i++) {
		__u8 *ext = cur;

		switch (next) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			rc = need(p, ext, 2);
			if (rc != PARSE_OK)
				return rc;
			next = ext[0];
			cur += (ext[1] + 1) * 8;
			break;
		case IPPROTO_FRAGMENT:
			rc = need(p, ext, 8);
			if (rc != PARSE_OK)
				return rc;
			/* An atomic fragment (offset 0, no more fragments; RFC 6946) is a whole packet. */
			if ((*(__be16 *)(ext + 2) & bpf_htons(0xfff9)) == 0) {
				next = ext[0];
				cur += 8;
				break;
			}
			p->proto = ext[0];
			p->l4 = cur + 8;
			return PARSE_FRAGMENT;
		default:
			p->proto = next;
			p->l4 = cur;
			return parse_l4(p);
		}
	}
	return PARSE_UNPARSED;
}

/* Parses the frame in p->data .. p->data_end (frame_len bytes in all). */
static __always_inline int parse_packet(struct packet *p, __u32 frame_len)
{
	void *end = p->data_end;
	struct ethhdr *eth = p->data;
	void *l3;
	__be16 proto;

	if ((void *)(eth + 1) > end)
		return PARSE_PASS;
	p->frame_len = frame_len;
	p->eth = eth;
	proto = eth->h_proto;
	l3 = eth + 1;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct vlanhdr *vh = l3;

		if ((void *)(vh + 1) > end)
			return PARSE_TRUNCATED;
		proto = vh->proto;
		l3 = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_IP))
		return parse_ipv4(p, l3);
	if (proto == bpf_htons(ETH_P_IPV6))
		return parse_ipv6(p, l3);
	return PARSE_PASS;
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

/*
 * Parses the packet quoted by the ICMP error p (same family as p). Returns 1 when it is TCP or UDP
 * and the quote holds its IP header and the first 8 bytes of its L4 header. The quote ends where
 * the outer datagram ends: its L4 checksum counts as quoted only when that field lies inside.
 */
static __always_inline int parse_inner(struct packet *p, struct inner *in, const int words)
{
	void *end = p->data_end;
	void *l3 = p->l4 + BLIXT_ICMP_HDR_LEN;
	void *l4;

	if (words == 1) {
		struct iphdr *ip = l3;

		if (!in_datagram(p, ip, sizeof(*ip)) || (void *)(ip + 1) > end || ip->version != 4 || ip->ihl < 5)
			return 0;
		/* A fragment after the first carries no L4 header: what follows its IP header is data. */
		if (ip->frag_off & bpf_htons(BLIXT_IP_OFFSET))
			return 0;
		l4 = l3 + ip->ihl * 4;
		in->proto = ip->protocol;
		in->saddr = (__u32 *)&ip->saddr;
		in->daddr = (__u32 *)&ip->daddr;
		in->l3check = &ip->check;
	} else {
		struct ipv6hdr *ip6 = l3;

		if (!in_datagram(p, ip6, sizeof(*ip6)) || (void *)(ip6 + 1) > end || ip6->version != 6)
			return 0;
		l4 = ip6 + 1;
		in->proto = ip6->nexthdr;
		in->saddr = (__u32 *)&ip6->saddr;
		in->daddr = (__u32 *)&ip6->daddr;
		in->l3check = NULL;
	}
	if (in->proto != IPPROTO_TCP && in->proto != IPPROTO_UDP)
		return 0;
	if (!in_datagram(p, l4, BLIXT_QUOTED_L4_LEN) || l4 + BLIXT_QUOTED_L4_LEN > end)
		return 0;
	in->l3 = l3;
	in->ports = l4;
	in->l4check = NULL;
	if (in->proto == IPPROTO_UDP)
		in->l4check = &((struct udphdr *)l4)->check;
	else if (in_datagram(p, l4, offsetof(struct tcphdr, check) + sizeof(__u16)) &&
		 l4 + offsetof(struct tcphdr, check) + sizeof(__u16) <= end)
		in->l4check = &((struct tcphdr *)l4)->check;
	return 1;
}

#endif /* BLIXT_PARSE_H */
