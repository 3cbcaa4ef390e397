/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The load-balancing pipeline, written once and inlined into the XDP and tc entry points.
 * This header only orchestrates; each stage lives in a header of its own:
 *
 *   blixt_parse.h     parse Ethernet / VLAN / IPv4 / IPv6 / TCP / UDP / ICMP (and ICMP quotes)
 *   blixt_lookup.h    pre-filter, VIP, the flow of a forward packet, the flow of a reply
 *   blixt_select.h    Maglev ring selection and flow insertion for a new flow
 *   blixt_forward.h   route (FIB / next-hop cache), TTL, XDP-safe egress, the one forward tail
 *   blixt_nat.h       address/port rewrite with incremental checksums (blixt_csum.h)
 *   blixt_encap.h     direct server return: the packet inside IPIP / GUE to the backend
 *   blixt_fnat.h      full NAT: an address and port per flow, both endpoints rewritten
 *   blixt_icmp.h      echo replies and ICMP errors
 *   blixt_counters.h  global, per-VIP, per-backend and per-egress counters
 *   blixt_types.h / blixt_maps.h / blixt_hash.h / blixt_ctx.h   types, maps, hashes, context
 *
 * Order for a packet: parse -> classify (fragment, ICMP, to a VIP address, from a backend
 * address) -> forward: established flow, else VIP lookup and ring selection; or reply: the
 * tracked flow it answers -> count -> the forward tail (route, checks, MACs and TTL, rewrite), or
 * for a DSR flow the encapsulating tail (route the outer header, MTU, push it, MACs), or for a
 * full-NAT flow the full-NAT tail (route, checks, MACs and TTL, both endpoints rewritten).
 */
#ifndef BLIXT_CORE_H
#define BLIXT_CORE_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "blixt_maps.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"
#include "blixt_lookup.h"
#include "blixt_select.h"
#include "blixt_forward.h"
#include "blixt_encap.h"
#include "blixt_fnat.h"
#include "blixt_icmp.h"

/* Whether the VIP's source ranges refuse the client of flow fk (counted, per VIP and by reason). */
static __always_inline int source_refused(struct pctx *c, const struct vip_info *vi, const struct flow_key *fk)
{
	int why;

	if (!(vi->flags & BLIXT_VIP_F_SRC_CHECK))
		return 0;
	why = blixt_source_refused(fk, vi->id << 1 | !!(vi->flags & BLIXT_VIP_F_SRC_GEN), vi->flags & BLIXT_VIP_F_SRC_ALLOWLIST);
	if (!why)
		return 0;
	if (why == BLIXT_SRC_DENY)
		COUNT(c, GC_DROP_SOURCE_DENIED);
	else
		COUNT(c, GC_DROP_SOURCE_NOT_ALLOWED);
	count_refused(vi->id);
	return 1;
}

/*
 * A TCP/UDP packet to a VIP address (client -> backend). The flow table is consulted first: an
 * established flow needs neither the VIP lookup nor the ring (its backend entry names its VIP
 * for the counters). Returns -1 when the packet is for no VIP after all (the caller goes on
 * classifying it).
 */
static __always_inline int do_forward(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	struct l4ports *ports = p->l4;
	struct flow_key fk;
	struct backend *be;
	__u32 bid = 0, vip_id, new_flow = 0;
	struct flow_mode fm = {.mode = BLIXT_MODE_NAT};
	__u64 now = 0;

	flow_key_of(&fk, p, words);
	be = flow_backend(c, p, &fk, &bid, &fm, &now);
	if (be) {
		vip_id = be->vip_id;
	} else {
		struct vip_info *vi = vip_lookup(p->daddr, ports->dport, p->proto, words);
		struct vip_info vinfo;

		if (!vi)
			return -1;
		vinfo = *vi;
		fm.mode = vinfo.mode;
		if (fm.mode > BLIXT_MODE_FULL_NAT) {
			COUNT(c, GC_DROP_UNSUPPORTED);
			return V_DROP;
		}
		vip_id = vinfo.id;
		if (source_refused(c, &vinfo, &fk))
			return V_DROP;
		COUNT(c, GC_FLOW_MISS);
		if (p->proto == IPPROTO_TCP && !bid && (p->tcp_flags & (TCPF_SYN | TCPF_ACK)) != TCPF_SYN)
			COUNT(c, GC_FLOW_LOST);
		be = ring_select(&vinfo, &fk, &bid, words);
		if (!be) {
			COUNT(c, GC_DROP_NO_BACKEND);
			return V_DROP;
		}
		if (fm.mode == BLIXT_MODE_FULL_NAT) {
			int k = fnat_claim(c, &fk, be, bid, vip_id, now, words);

			if (k < 0)
				return V_DROP;
			fm.nat = k;
		}
		new_flow = flow_insert(c, p, &fk, bid, vip_id, fm.mode, fm.nat, now, BPF_ANY);
	}
	count_vip(vip_id, bid, CK_FORWARD, p->l3_len, new_flow);
	if (fm.mode == BLIXT_MODE_FULL_NAT)
		return fnat_stash_forward(c, &fk, be, bid, fm.nat, words);
	if (fm.mode != BLIXT_MODE_NAT)
		return dsr_stash(bid, fm.mode);
	{
		struct rewrite rw = {.addr = p->daddr, .port = &ports->dport};

		addr_load(rw.new_addr, (__u32 *)be->addr, words);
		rw.new_port = be->port ? be->port : fk.dport;
		return forward(c, p, p->saddr, rw.new_addr, bid, &rw, NULL, FWD_TO_BACKEND, words, is_tc);
	}
}

/* A TCP/UDP packet from a backend address (backend -> client): translated back to the VIP if tracked. */
static __always_inline int do_reply(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	struct l4ports *ports = p->l4;
	struct rewrite rw = {.addr = p->saddr, .port = &ports->sport};
	struct reply_match m;
	int found;

	if (fnat_enabled(words) && fnat_is_address(p->daddr, words))
		return fnat_reply(c, p, words);
	found = resolve_reply(p->saddr, ports->sport, p->daddr, ports->dport, p->proto, &m, words);
	/* A stateless match to this host is the host's own connection to the backend (health checks, an
	 * operator's curl): its socket gets the packet as sent. */
	if (!found || (found == 2 && to_this_host(c, p->saddr, p->daddr, p->proto, words))) {
		COUNT(c, GC_REPLY_UNTRACKED);
		return V_PASS;
	}
	COUNT(c, GC_REPLY);
	if (found == 2) {
		/* A stateless match: the flow is re-created, so the client's next packet goes to this
		 * backend again (and not wherever a changed ring would send it). */
		struct flow_key fk = {.sport = ports->dport, .dport = m.vip.port, .proto = p->proto, .family = p->family};

		struct vip_info *vi = vip_lookup((const __u32 *)m.vip.addr, m.vip.port, p->proto, words);

		addr_load((__u32 *)fk.src, p->daddr, words);
		__builtin_memcpy(fk.dst, m.vip.addr, 16);
		/* Not for a client the VIP's source ranges refuse (its flow was removed for that). */
		if (vi && source_refused(c, vi, &fk))
			return V_DROP;

		COUNT(c, GC_REPLY_STATELESS);
		flow_insert(c, p, &fk, m.backend_id, m.vip_id, BLIXT_MODE_NAT, 0, 0, BPF_NOEXIST);
	}
	addr_load(rw.new_addr, (__u32 *)m.vip.addr, words);
	rw.new_port = m.vip.port;
	count_vip(m.vip_id, m.backend_id, CK_REPLY, p->l3_len, 0);
	return forward(c, p, rw.new_addr, p->daddr, 0, &rw, NULL, FWD_TO_CLIENT, words, is_tc);
}

/* Classifies a parsed packet and hands it to its stage. */
static __always_inline int classify(struct pctx *c, struct packet *p, int rc, const int words, const int is_tc)
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

/* A classified packet's stage, then the encapsulating or the full-NAT tail when the stage asked for it. */
static __always_inline int pipeline(struct pctx *c, struct packet *p, int rc, const int words, const int is_tc)
{
	int v = classify(c, p, rc, words, is_tc);

	if (v == V_DSR)
		return dsr_stashed(c, p, words, is_tc);
	if (v == V_FNAT)
		return fnat_stashed(c, p, words, is_tc);
	return v;
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
