// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The end-to-end benchmark's floor: an XDP program that lets every packet through, so that the
 * cost of XDP on a veth (a copy per packet, no TSO on the peer) shows without any logic. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
