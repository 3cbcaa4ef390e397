// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Blixt for Java: the eBPF layer-4 load balancer.
 *
 * Two entry points share one pipeline (blixt_core.h): an XDP program (native or generic) and a
 * tc program (clsact ingress, for hosts where XDP cannot be used). The same program is attached
 * to every interface the data plane serves, client side and backend side: it translates
 * client -> VIP packets to a backend and backend -> client replies back to the VIP.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "blixt_core.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int blixt_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct pctx c = {.ctx = ctx, .ifindex = ctx->ingress_ifindex};

	switch (process(&c, data, data_end, data_end - data, 0)) {
	case V_DROP:
		return XDP_DROP;
	case V_TX:
		return XDP_TX;
	case V_REDIRECT:
		return bpf_redirect(c.out_ifindex, 0);
	default:
		return XDP_PASS;
	}
}

#define BLIXT_TC_PULL 256

SEC("tc")
int blixt_tc(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct pctx c = {.ctx = skb, .ifindex = skb->ifindex};

	/* Headers of a non-linear skb may lie outside the linear part: pull them in. */
	if (data_end - data < BLIXT_TC_PULL && skb->len > data_end - data) {
		bpf_skb_pull_data(skb, skb->len < BLIXT_TC_PULL ? skb->len : BLIXT_TC_PULL);
		data = (void *)(long)skb->data;
		data_end = (void *)(long)skb->data_end;
	}
	switch (process(&c, data, data_end, skb->len, 1)) {
	case V_DROP:
		return TC_ACT_SHOT;
	case V_TX:
		return bpf_redirect(c.ifindex, 0);
	case V_REDIRECT:
		return bpf_redirect(c.out_ifindex, 0);
	case V_REDIRECT_NEIGH:
		return bpf_redirect_neigh(c.out_ifindex, &c.nh, sizeof(c.nh), 0);
	default:
		/* Not ours (or for the kernel): TC_ACT_UNSPEC is TCX_NEXT on a tcx link and "next filter"
		 * on a clsact filter, so programs attached after ours still see the packet. */
		return TC_ACT_UNSPEC;
	}
}
