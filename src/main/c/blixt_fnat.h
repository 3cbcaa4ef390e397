/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Full NAT: a flow's source becomes one of the full-NAT addresses and a port of the configured
 * range (the FNAT load-time constant), its destination the backend; the backend answers that
 * address, and its replies are translated back to VIP -> client. Backends need no route to the
 * client at all.
 *
 * A new flow probes up to BLIXT_FNAT_PROBES (address, port) pairs derived from a hash of its
 * 5-tuple and claims the first one free towards its backend with BPF_NOEXIST in nat_ports (keyed by
 * the reply's 5-tuple), so that no two live flows share one; an entry that already names the same
 * flow and backend is its own (a re-sent SYN, a flow entry evicted or expired) and is taken again.
 * The flow entry keeps the probe number: an established flow recomputes its address and port from
 * it without reading nat_ports. Nothing free: counted (GC_FNAT_EXHAUSTED) and dropped. Entries are
 * reclaimed by the control plane once their flow has ended.
 */
#ifndef BLIXT_FNAT_H
#define BLIXT_FNAT_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "blixt_maps.h"
#include "blixt_hash.h"
#include "blixt_ctx.h"
#include "blixt_counters.h"
#include "blixt_parse.h"
#include "blixt_forward.h"
#include "blixt_nat.h"

/*
 * The fnat hash of a flow (client -> VIP), reproduced by dev.blixt.internal.datapath.FullNat: the
 * XOR of each address's words (loaded in host order), the ports (sport | dport << 16, as loaded)
 * and the protocol, chained through MurmurHash3's finaliser. Cheaper than flow_hash, which an
 * established flow would pay per packet (and whose IPv6 form spills registers in the pipeline).
 */
static __always_inline __u32 fnat_hash(const struct flow_key *fk, const int words)
{
	const __u32 *s = (const __u32 *)fk->src, *d = (const __u32 *)fk->dst;
	__u32 a = s[0], b = d[0];

	if (words == 4) {
		a ^= s[1] ^ s[2] ^ s[3];
		b ^= d[1] ^ d[2] ^ d[3];
	}
	return fmix32(fmix32(fmix32(a ^ HASH_SEED ^ BLIXT_FNAT_SEED) ^ b) ^ ((__u32)fk->sport | ((__u32)fk->dport << 16))) +
	       fk->proto;
}

/* Probe k of a flow with fnat hash h: fills addr (16 bytes) with its address, returns its port. */
static __always_inline __be16 fnat_slot(__u32 h, __u32 k, __u32 *addr, int v6)
{
	__u32 r = fmix32(h + k * 0x9E3779B9u);
	__u32 n = v6 ? FNAT.n6 : FNAT.n4;
	__u32 i = n ? (r >> 24) % n : 0;
	__u32 count = FNAT.port_count ? FNAT.port_count : 1;

	i &= BLIXT_FNAT_ADDRS - 1;
	if (v6) {
		const volatile __u32 *a = (const volatile __u32 *)FNAT.addr6[i];

		addr[0] = a[0];
		addr[1] = a[1];
		addr[2] = a[2];
		addr[3] = a[3];
	} else {
		addr[0] = *(const volatile __u32 *)FNAT.addr4[i];
		addr[1] = 0;
		addr[2] = 0;
		addr[3] = 0;
	}
	return bpf_htons(FNAT.port_lo + r % count);
}

/* Whether full NAT is configured for the family (a load-time constant: when not, the verifier drops
 * every full-NAT instruction as dead code). */
static __always_inline int fnat_enabled(const int words)
{
	return words == 1 ? FNAT.n4 : FNAT.n6;
}

/* Whether addr is one of the family's full-NAT addresses. */
static __always_inline int fnat_is_address(const __u32 *addr, const int words)
{
	__u32 n = words == 1 ? FNAT.n4 : FNAT.n6;

	for (int i = 0; i < BLIXT_FNAT_ADDRS; i++) {
		if (i >= n)
			return 0;
		if (words == 1) {
			if (addr[0] == *(const volatile __u32 *)FNAT.addr4[i])
				return 1;
		} else {
			const volatile __u32 *a = (const volatile __u32 *)FNAT.addr6[i];

			if (addr[0] == a[0] && addr[1] == a[1] && addr[2] == a[2] && addr[3] == a[3])
				return 1;
		}
	}
	return 0;
}

static __always_inline int flow_key_eq(const struct flow_key *a, const struct flow_key *b)
{
	const __u32 *x = (const __u32 *)a, *y = (const __u32 *)b;

	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3] && x[4] == y[4] && x[5] == y[5] &&
	       x[6] == y[6] && x[7] == y[7] && x[8] == y[8] && x[9] == y[9];
}

/* One probe of fnat_claim (a bpf_loop callback over this CPU's fnat_scratch): 1 stops the loop. */
static long fnat_claim_step(__u32 k, void *unused)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);
	struct nat_entry *cur;

	if (!s)
		return 1;
	s->rk.dport = fnat_slot(s->h, k, (__u32 *)s->rk.dst, s->rk.family == BLIXT_FAMILY_V6);
	if (!bpf_map_update_elem(&nat_ports, &s->rk, &s->ne, BPF_NOEXIST)) {
		s->found = k + 1;
		return 1;
	}
	cur = bpf_map_lookup_elem(&nat_ports, &s->rk);
	if (cur && cur->backend_id == s->ne.backend_id && flow_key_eq(&cur->flow, &s->ne.flow)) {
		cur->atime_ns = s->ne.atime_ns;
		cur->flags = 0;
		s->found = k + 1;
		return 1;
	}
	return 0;
}

/*
 * Claims an address and port for the new flow fk towards backend be (id bid, of VIP vip_id).
 * Returns the probe that found it, or -1 when none was free (counted).
 */
static __always_inline int fnat_claim(struct pctx *c, const struct flow_key *fk, const struct backend *be, __u32 bid,
				      __u32 vip_id, __u64 now, const int words)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);

	if (!fnat_enabled(words)) { /* a full-NAT VIP left in pinned maps by a configuration that had addresses */
		COUNT(c, GC_DROP_UNSUPPORTED);
		return -1;
	}
	if (!s) {
		COUNT(c, GC_FNAT_EXHAUSTED);
		return -1;
	}
	__builtin_memset(&s->rk, 0, sizeof(s->rk));
	addr_load((__u32 *)s->rk.src, (const __u32 *)be->addr, words);
	s->rk.sport = be->port ? be->port : fk->dport;
	s->rk.proto = fk->proto;
	s->rk.family = fk->family;
	s->ne.flow = *fk;
	s->ne.backend_id = bid;
	s->ne.vip_id = vip_id;
	s->ne.flags = 0;
	s->ne.atime_ns = now ? now : bpf_ktime_get_coarse_ns();
	s->h = fnat_hash(fk, words);
	s->found = 0;
	bpf_loop(BLIXT_FNAT_PROBES, fnat_claim_step, NULL, 0);
	if (!s->found) {
		COUNT(c, GC_FNAT_EXHAUSTED);
		return -1;
	}
	COUNT(c, GC_FNAT_NEW);
	return s->found - 1;
}

/* A packet of flow fk to backend be (id bid) with probe k: stashed for fnat_stashed. */
static __always_inline int fnat_stash_forward(struct pctx *c, const struct flow_key *fk, const struct backend *be,
					      __u32 bid, __u32 k, const int words)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);

	if (!fnat_enabled(words)) {
		COUNT(c, GC_DROP_UNSUPPORTED);
		return V_DROP;
	}
	if (!s)
		return V_DROP;
	s->bid = bid;
	s->kind = FWD_TO_BACKEND;
	s->sport = fnat_slot(fnat_hash(fk, words), k, s->src, words == 4);
	addr_load(s->dst, (const __u32 *)be->addr, words);
	s->dport = be->port ? be->port : fk->dport;
	return V_FNAT;
}

#define BLIXT_NAT_REFRESH_NS 1000000000ULL

/*
 * A TCP/UDP packet to a full-NAT address: a backend's reply, translated back to VIP -> client when
 * nat_ports knows it (stashed for fnat_stashed), else passed.
 */
static __always_inline int fnat_reply(struct pctx *c, struct packet *p, const int words)
{
	struct l4ports *ports = p->l4;
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);
	struct nat_entry *ne;
	__u64 now;

	if (!s)
		return V_PASS;
	__builtin_memset(&s->rk, 0, sizeof(s->rk));
	addr_load((__u32 *)s->rk.src, p->saddr, words);
	addr_load((__u32 *)s->rk.dst, p->daddr, words);
	s->rk.sport = ports->sport;
	s->rk.dport = ports->dport;
	s->rk.proto = p->proto;
	s->rk.family = p->family;
	ne = bpf_map_lookup_elem(&nat_ports, &s->rk);
	if (!ne) {
		COUNT(c, GC_REPLY_UNTRACKED);
		return V_PASS;
	}
	now = bpf_ktime_get_coarse_ns();
	if (now - ne->atime_ns > BLIXT_NAT_REFRESH_NS)
		ne->atime_ns = now;
	if (p->proto == IPPROTO_TCP && (p->tcp_flags & (TCPF_FIN | TCPF_RST)) && !(ne->flags & BLIXT_NAT_F_CLOSING))
		ne->flags |= BLIXT_NAT_F_CLOSING;
	COUNT(c, GC_REPLY);
	count_vip(ne->vip_id, ne->backend_id, CK_REPLY, p->l3_len, 0);
	s->bid = ne->backend_id;
	s->kind = FWD_TO_CLIENT;
	__builtin_memcpy(s->src, ne->flow.dst, 16);
	__builtin_memcpy(s->dst, ne->flow.src, 16);
	s->sport = ne->flow.dport;
	s->dport = ne->flow.sport;
	return V_FNAT;
}

/* The one inlined full-NAT tail: route the stashed translation, then rewrite both endpoints. */
static __always_inline int fnat_stashed(struct pctx *c, struct packet *p, const int words, const int is_tc)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);
	int v;

	if (!s)
		return V_DROP;
	/* kind is FWD_TO_BACKEND or FWD_TO_CLIENT, read at run time: one copy of the route. */
	v = forward_route(c, p, s->src, s->dst, s->bid, s->kind, words, is_tc);
	if (v < 0)
		return V_PASS;
	nat_rewrite_both(c, p, s->src, s->sport, s->dst, s->dport, words, is_tc);
	return v;
}

/*
 * An ICMP error about a full-NAT flow, both ways, as a stage stashed it (fnat_icmp_stash): its quote's
 * source becomes s->src:s->sport and its destination s->dst:s->dport; the outer destination becomes
 * s->src (whom the quoted packet came from, after translation) and, when s->kind says so, the outer
 * source s->dst. Routed, then rewritten. One inlined copy for both directions.
 */
static __always_inline int fnat_icmp(struct pctx *c, struct packet *p, struct inner *in, const int words,
				     const int is_tc)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);
	int v;

	if (!s)
		return V_DROP;
	v = forward_route(c, p, s->kind ? s->dst : p->saddr, s->src, 0, FWD_ICMP, words, is_tc);
	if (v < 0)
		return V_PASS;
	icmp_rewrite_both(p, in, s->src, s->sport, s->dst, s->dport, s->kind, words);
	return v;
}

/*
 * An ICMP error sent to a full-NAT address about a packet of ours to a backend (quote: full-NAT
 * address:port -> backend:port): to the client, as if about its packet to the VIP, and from the VIP
 * when the backend itself sent it. Returns V_FNAT (stashed for fnat_icmp), or -1 when no translation
 * explains it.
 */
static __always_inline int fnat_icmp_to_client(struct pctx *c, struct packet *p, struct inner *in, const int words)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);
	struct nat_entry *ne;

	if (!s)
		return -1;
	__builtin_memset(&s->rk, 0, sizeof(s->rk));
	addr_load((__u32 *)s->rk.src, in->daddr, words);
	addr_load((__u32 *)s->rk.dst, in->saddr, words);
	s->rk.sport = in->ports->dport;
	s->rk.dport = in->ports->sport;
	s->rk.proto = in->proto;
	s->rk.family = p->family;
	ne = bpf_map_lookup_elem(&nat_ports, &s->rk);
	if (!ne)
		return -1;
	count_vip(ne->vip_id, ne->backend_id, CK_ICMP, 0, 0);
	COUNT(c, GC_ICMP_TO_CLIENT);
	__builtin_memcpy(s->src, ne->flow.src, 16);
	__builtin_memcpy(s->dst, ne->flow.dst, 16);
	s->sport = ne->flow.sport;
	s->dport = ne->flow.dport;
	s->kind = addr_eq(p->saddr, in->daddr, words);
	return V_FNAT;
}

/*
 * An ICMP error about a reply of full-NAT flow fk (probe k) to backend be: to the backend, as if
 * about its own packet to the full-NAT address and port, from that address. Returns V_FNAT (stashed
 * for fnat_icmp).
 */
static __always_inline int fnat_icmp_to_backend(const struct flow_key *fk, const struct backend *be, __u32 k,
						const int words)
{
	__u32 z = 0;
	struct fnat_scratch *s = bpf_map_lookup_elem(&fnat_scratch, &z);

	if (!s || !fnat_enabled(words))
		return -1;
	s->sport = be->port ? be->port : fk->dport;
	addr_load(s->src, (const __u32 *)be->addr, words);
	s->dport = fnat_slot(fnat_hash(fk, words), k, s->dst, words == 4);
	s->kind = 1;
	return V_FNAT;
}

#endif /* BLIXT_FNAT_H */
