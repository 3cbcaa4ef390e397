/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * NAT: rewriting one endpoint (address and port) of a TCP/UDP packet, or of the packet an
 * ICMP error quotes, with incremental checksum updates (blixt_csum.h).
 */
#ifndef BLIXT_NAT_H
#define BLIXT_NAT_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <stddef.h>
#include "blixt_csum.h"
#include "blixt_ctx.h"
#include "blixt_parse.h"

/* What the forward tail rewrites once the packet may leave. */
struct rewrite {
	__u32 *addr;          /* the address field to set (in the packet, or in the quote of an ICMP error) */
	__be16 *port;         /* the matching port field */
	__u32 new_addr[4];
	__be16 new_port;
	/* ICMP errors only (addr and port then point into the quote): */
	__u8 outer_too;       /* 1: set the outer address field `outer` to new_addr as well */
	__u32 *outer;         /* always a valid pointer */
};

/*
 * Rewrites one address (source or destination) and the matching port of a TCP/UDP packet,
 * with incremental L3/L4 checksum updates. In tc the L4 checksum goes through
 * bpf_l4_csum_replace so that CHECKSUM_PARTIAL/COMPLETE skbs stay right: that helper
 * invalidates packet pointers, so this must be the last packet access of the pipeline.
 */
static __always_inline void nat_rewrite(struct pctx *c, struct packet *p, const struct rewrite *rw, const int words,
					const int is_tc)
{
	__u32 old_addr[4];
	__be16 old_port = *rw->port;
	__u32 l4_off = p->l4 - p->data;
	__u64 diff;

	addr_load(old_addr, rw->addr, words);
	diff = csum_diff_addr(0, old_addr, rw->new_addr, words);
	if (words == 1) {
		struct iphdr *ip = p->l3;

		ip->check = csum_apply(ip->check, diff);
	}
	addr_store(rw->addr, rw->new_addr, words);
	*rw->port = rw->new_port;

	if (!is_tc) {
		__u64 l4diff = csum_diff16(diff, old_port, rw->new_port);

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
			bpf_l4_csum_replace(skb, off, old_addr[i], rw->new_addr[i], flags | BPF_F_PSEUDO_HDR | 4);
		if (old_port != rw->new_port)
			bpf_l4_csum_replace(skb, off, old_port, rw->new_port, flags | 2);
	}
}

/*
 * Full NAT: rewrites both endpoints of a TCP/UDP packet (source to nsrc:nsport, destination to
 * ndst:ndport) with one incremental update of each checksum. In tc the L4 checksum takes two
 * bpf_l4_csum_replace calls with the accumulated differences (the addresses as pseudo-header
 * fields, the ports not), which must be the last packet accesses of the pipeline.
 */
static __always_inline void nat_rewrite_both(struct pctx *c, struct packet *p, const __u32 *nsrc, __be16 nsport,
					     const __u32 *ndst, __be16 ndport, const int words, const int is_tc)
{
	struct l4ports *ports = p->l4;
	__u32 l4_off = p->l4 - p->data;
	__u64 diff = csum_diff_addr(csum_diff_addr(0, p->saddr, nsrc, words), p->daddr, ndst, words);
	__u64 pdiff = csum_diff16(csum_diff16(0, ports->sport, nsport), ports->dport, ndport);

	if (words == 1) {
		struct iphdr *ip = p->l3;

		ip->check = csum_apply(ip->check, diff);
	}
	addr_store(p->saddr, nsrc, words);
	addr_store(p->daddr, ndst, words);
	ports->sport = nsport;
	ports->dport = ndport;
	if (!is_tc) {
		if (p->proto == IPPROTO_TCP) {
			struct tcphdr *tcp = p->l4;

			tcp->check = csum_apply(tcp->check, diff + pdiff);
		} else {
			struct udphdr *udp = p->l4;

			udp->check = csum_apply_udp(udp->check, diff + pdiff, words == 1);
		}
	} else {
		__u32 off = l4_off + (p->proto == IPPROTO_TCP ? offsetof(struct tcphdr, check)
							       : offsetof(struct udphdr, check));
		__u64 flags = p->proto == IPPROTO_UDP ? BPF_F_MARK_MANGLED_0 : 0;

		bpf_l4_csum_replace(c->ctx, off, 0, csum_fold(diff), flags | BPF_F_PSEUDO_HDR);
		bpf_l4_csum_replace(c->ctx, off, 0, csum_fold(pdiff), flags);
	}
}

/*
 * Rewrites, inside an ICMP error, one address and port of the quoted packet, fixing the
 * quoted packet's checksums. Returns the difference to fold into the ICMP checksum.
 */
static __always_inline __u64 icmp_rewrite_inner(const struct rewrite *rw, struct inner *in, const int words)
{
	__u32 old_addr[4];
	__be16 old_port = *rw->port;
	__u64 diff, icmp_diff, l4diff;

	addr_load(old_addr, rw->addr, words);
	diff = csum_diff_addr(0, old_addr, rw->new_addr, words);
	icmp_diff = csum_diff16(diff, old_port, rw->new_port);
	if (words == 1 && in->l3check) {
		__u16 o = *in->l3check, n = csum_apply(o, diff);

		*in->l3check = n;
		icmp_diff = csum_diff16(icmp_diff, o, n);
	}
	if (in->l4check) {
		__u16 o = *in->l4check, n;

		l4diff = csum_diff16(diff, old_port, rw->new_port);
		n = in->proto == IPPROTO_UDP ? csum_apply_udp(o, l4diff, words == 1) : csum_apply(o, l4diff);
		*in->l4check = n;
		icmp_diff = csum_diff16(icmp_diff, o, n);
	}
	addr_store(rw->addr, rw->new_addr, words);
	*rw->port = rw->new_port;
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

/* The ICMP error's checksum field (bytes 2-3 of the ICMP header). */
#define BLIXT_ICMP_CSUM_OFF 2

/* Rewrites the quote of an ICMP error (and an outer address), then its ICMP checksum. */
static __always_inline void icmp_rewrite(struct packet *p, const struct rewrite *rw, struct inner *in, const int words)
{
	__u16 *check = (__u16 *)(p->l4 + BLIXT_ICMP_CSUM_OFF);
	__u64 icmp_diff = icmp_rewrite_inner(rw, in, words);

	if (rw->outer_too)
		icmp_diff = icmp_rewrite_outer(p, rw->outer, rw->new_addr, icmp_diff, words);
	*check = csum_apply(*check, icmp_diff);
}

/*
 * Full NAT's ICMP errors: rewrites both endpoints of the quote (source to nsrc:nsport, destination to
 * ndst:ndport, the quote's checksums with them), the outer destination to nsrc and, when
 * outer_src_too, the outer source to ndst; then the ICMP checksum, once.
 */
static __always_inline void icmp_rewrite_both(struct packet *p, struct inner *in, const __u32 *nsrc, __be16 nsport,
					      const __u32 *ndst, __be16 ndport, int outer_src_too, const int words)
{
	__u16 *check = (__u16 *)(p->l4 + BLIXT_ICMP_CSUM_OFF);
	__u64 diff = csum_diff_addr(csum_diff_addr(0, in->saddr, nsrc, words), in->daddr, ndst, words);
	__u64 pdiff = csum_diff16(csum_diff16(0, in->ports->sport, nsport), in->ports->dport, ndport);
	__u64 icmp_diff = diff + pdiff;

	if (words == 1 && in->l3check) {
		__u16 o = *in->l3check, n = csum_apply(o, diff);

		*in->l3check = n;
		icmp_diff = csum_diff16(icmp_diff, o, n);
	}
	if (in->l4check) {
		__u16 o = *in->l4check, n;

		n = in->proto == IPPROTO_UDP ? csum_apply_udp(o, diff + pdiff, words == 1) : csum_apply(o, diff + pdiff);
		*in->l4check = n;
		icmp_diff = csum_diff16(icmp_diff, o, n);
	}
	addr_store(in->saddr, nsrc, words);
	addr_store(in->daddr, ndst, words);
	in->ports->sport = nsport;
	in->ports->dport = ndport;
	icmp_diff = icmp_rewrite_outer(p, p->daddr, nsrc, icmp_diff, words);
	if (outer_src_too)
		icmp_diff = icmp_rewrite_outer(p, p->saddr, ndst, icmp_diff, words);
	*check = csum_apply(*check, icmp_diff);
}

#endif /* BLIXT_NAT_H */
