/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What every stage shares: the verdicts, the per-packet context and the address helpers.
 * Every function of the pipeline takes `words` (1 for IPv4, 4 for IPv6) and `is_tc` as
 * compile-time constants, so each entry point gets a specialised copy.
 */
#ifndef BLIXT_CTX_H
#define BLIXT_CTX_H

#include <linux/types.h>
#include <linux/bpf.h>
#include "blixt_types.h"

#define BLIXT_AF_INET 2
#define BLIXT_AF_INET6 10

enum verdict {
	V_PASS = 0,
	V_DROP,
	V_TX,               /* out of the ingress interface */
	V_REDIRECT,         /* out of c->out_ifindex, MACs already set */
	V_REDIRECT_NEIGH,   /* tc only: out of c->out_ifindex, the kernel resolves the neighbour */
	V_DSR,              /* internal: to be encapsulated (blixt_encap.h dsr_stash), never returned by an entry point */
	V_FNAT,             /* internal: to be translated both ways (blixt_fnat.h fnat_stash_*), never returned either */
};

struct pctx {
	void *ctx;            /* struct xdp_md * or struct __sk_buff * */
	__u32 ifindex;        /* ingress interface */
	__u32 out_ifindex;    /* egress interface of V_TX / V_REDIRECT / V_REDIRECT_NEIGH */
	union {
		struct bpf_redir_neigh nh; /* V_REDIRECT_NEIGH: the next hop the kernel resolves */
		__u32 frag_mtu;            /* V_PASS: the route's MTU when bpf_fib_lookup found the packet too big */
	};
	struct global_counters *g;
};

static __always_inline __u8 family_of(const int words)
{
	return words == 1 ? BLIXT_FAMILY_V4 : BLIXT_FAMILY_V6;
}

/* Copies an address into a 16-byte field, zeroing the unused words of an IPv4 address. */
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

/* Copies the `words` words of an address (into a packet: nothing beyond them is touched). */
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

#endif /* BLIXT_CTX_H */
