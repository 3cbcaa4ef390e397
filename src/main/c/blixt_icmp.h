/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ICMP: echo requests to a VIP address answered in place, and ICMP errors steered to the flow
 * they quote (towards its backend, or back to its client) with the quote translated.
 */
#ifndef BLIXT_ICMP_H
#define BLIXT_ICMP_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "blixt_maps.h"
#include "blixt_csum.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"
#include "blixt_lookup.h"
#include "blixt_forward.h"
#include "blixt_encap.h"
#include "blixt_fnat.h"

#define BLIXT_ICMP_ECHO_REQUEST 8
#define BLIXT_ICMP_ECHO_REPLY 0
#define BLIXT_ICMP_DEST_UNREACH 3
#define BLIXT_ICMP_TIME_EXCEEDED 11
#define BLIXT_ICMP6_DEST_UNREACH 1
#define BLIXT_ICMP6_PKT_TOOBIG 2
#define BLIXT_ICMP6_TIME_EXCEED 3
#define BLIXT_ICMP6_ECHO_REQUEST 128
#define BLIXT_ICMP6_ECHO_REPLY 129
#define BLIXT_ECHO_REPLY_TTL 64

/* The first 16-bit word of the ICMP header: type and code. */
struct icmp_type_code {
	__u8 type;
	__u8 code;
};

/* Answers an echo request to a VIP address: swap addresses and MACs, turn it into a reply. */
static __always_inline int do_echo(struct pctx *c, struct packet *p, const int words)
{
	struct icmp_type_code *tc = p->l4;
	__u16 *check = (__u16 *)(p->l4 + BLIXT_ICMP_CSUM_OFF);
	__u16 old_w, new_w;
	__u32 tmp[4];
	__u8 mac[6];

	old_w = *(__u16 *)tc;
	tc->type = words == 1 ? BLIXT_ICMP_ECHO_REPLY : BLIXT_ICMP6_ECHO_REPLY;
	new_w = *(__u16 *)tc;
	/* Swapping source and destination changes neither the IPv4 header checksum nor the
	 * ICMPv6 pseudo-header sum. */
	*check = csum_apply(*check, csum_diff16(0, old_w, new_w));
	addr_load(tmp, p->saddr, words);
	addr_store(p->saddr, p->daddr, words);
	addr_store(p->daddr, tmp, words);
	if (words == 1) {
		struct iphdr *ip = p->l3;
		__u16 o = *(__u16 *)&ip->ttl, n;

		ip->ttl = BLIXT_ECHO_REPLY_TTL;
		n = *(__u16 *)&ip->ttl;
		ip->check = csum_apply(ip->check, csum_diff16(0, o, n));
	} else {
		((struct ipv6hdr *)p->l3)->hop_limit = BLIXT_ECHO_REPLY_TTL;
	}
	__builtin_memcpy(mac, p->eth->h_source, 6);
	__builtin_memcpy(p->eth->h_source, p->eth->h_dest, 6);
	__builtin_memcpy(p->eth->h_dest, mac, 6);
	COUNT(c, GC_ICMP_ECHO_REPLY);
	COUNT(c, GC_TX);
	return V_TX;
}

static __always_inline int is_icmp_error(__u8 type, const int words)
{
	if (words == 1)
		return type == BLIXT_ICMP_DEST_UNREACH || type == BLIXT_ICMP_TIME_EXCEEDED;
	return type == BLIXT_ICMP6_DEST_UNREACH || type == BLIXT_ICMP6_PKT_TOOBIG || type == BLIXT_ICMP6_TIME_EXCEED;
}

/*
 * An ICMP error quoting a reply we sent from the VIP (inner VIP -> client, sent to the VIP):
 * deliver it to the flow's backend, outer destination and inner source translated (a DSR flow's:
 * encapsulated unchanged, since its backend sent the quoted packet as the VIP). The flow
 * is client -> VIP. Returns -1 when it quotes no tracked flow.
 */
static __always_inline int icmp_to_backend(struct pctx *c, struct packet *p, struct inner *in, const int words,
					   const int is_tc)
{
	struct vip_info *vi = vip_lookup(in->saddr, in->ports->sport, in->proto, words);
	struct rewrite rw = {.addr = in->saddr, .port = &in->ports->sport, .outer = p->daddr, .outer_too = 1};
	struct flow_key fk;
	struct flow_value *fv;
	struct backend *be;
	__u32 bid;

	if (!vi)
		return -1;
	__builtin_memset(&fk, 0, sizeof(fk));
	addr_load((__u32 *)fk.src, in->daddr, words);
	addr_load((__u32 *)fk.dst, in->saddr, words);
	fk.sport = in->ports->dport;
	fk.dport = in->ports->sport;
	fk.proto = in->proto;
	fk.family = p->family;
	fv = bpf_map_lookup_elem(&flows, &fk);
	if (!fv)
		return -1;
	bid = fv->backend_id;
	be = backend_of_flow(bid, fv->vip_id);
	if (!be)
		return -1;
	count_vip(vi->id, bid, CK_ICMP, 0, 0);
	COUNT(c, GC_ICMP_TO_BACKEND);
	if (fv->mode == BLIXT_MODE_FULL_NAT)
		return fnat_icmp_to_backend(&fk, be, fv->nat, words);
	/* A DSR backend sent the quoted packet from the VIP itself: the error goes to it unchanged. */
	if (fv->mode != BLIXT_MODE_NAT)
		return dsr_stash(bid, fv->mode);
	addr_load(rw.new_addr, (__u32 *)be->addr, words);
	rw.new_port = be->port ? be->port : fk.dport;
	return forward(c, p, p->saddr, rw.new_addr, 0, &rw, in, FWD_ICMP, words, is_tc);
}

/*
 * An ICMP error quoting a packet we forwarded to a backend (inner client -> backend): deliver
 * it to the client, inner destination translated back to the VIP, and the outer source too
 * when the backend itself sent the error. Returns -1 when it quotes no tracked flow.
 */
static __always_inline int icmp_to_client(struct pctx *c, struct packet *p, struct inner *in, const int words,
					  const int is_tc)
{
	struct rewrite rw = {.addr = in->daddr, .port = &in->ports->dport, .outer = p->saddr};
	struct reply_match m;

	if (!resolve_reply(in->daddr, in->ports->dport, in->saddr, in->ports->sport, in->proto, &m, words))
		return -1;
	count_vip(m.vip_id, m.backend_id, CK_ICMP, 0, 0);
	COUNT(c, GC_ICMP_TO_CLIENT);
	addr_load(rw.new_addr, (__u32 *)m.vip.addr, words);
	rw.new_port = m.vip.port;
	rw.outer_too = addr_eq(p->saddr, in->daddr, words);
	return forward(c, p, rw.outer_too ? rw.new_addr : p->saddr, p->daddr, 0, &rw, in, FWD_ICMP, words, is_tc);
}

static __always_inline int do_icmp(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	struct icmp_type_code *tc = p->l4;
	struct inner in;
	int v = -1;

	if (tc->type == (words == 1 ? BLIXT_ICMP_ECHO_REQUEST : BLIXT_ICMP6_ECHO_REQUEST) && tc->code == 0) {
		if ((OPTIONS & BLIXT_OPT_ICMP_ECHO) && filter_has(p->daddr, words, 0) &&
		    vip_lookup(p->daddr, 0, 0, words)) {
			/* Answered out of the ingress: in XDP only if it takes XDP_TX (else the kernel gets the request). */
			c->out_ifindex = c->ifindex;
			if (egress_ok(c, p->l3_len, is_tc))
				return do_echo(c, p, words);
		}
	} else if (is_icmp_error(tc->type, words) && parse_inner(p, &in, words)) {
		if (filter_has(p->daddr, words, 0) && addr_eq(p->daddr, in.saddr, words))
			v = icmp_to_backend(c, p, &in, words, is_tc);
		else if (fnat_enabled(words) && fnat_is_address(in.saddr, words))
			v = fnat_icmp_to_client(c, p, &in, words);
		else if (filter_has(in.daddr, words, BLIXT_FILTER_WORDS))
			v = icmp_to_client(c, p, &in, words, is_tc);
		if (v == V_FNAT)
			return fnat_icmp(c, p, &in, words, is_tc);
		if (v >= 0)
			return v;
	}
	COUNT(c, GC_PASS);
	return V_PASS;
}

#endif /* BLIXT_ICMP_H */
