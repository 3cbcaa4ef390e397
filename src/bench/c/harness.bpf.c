// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Benchmark harness for BPF_PROG_TEST_RUN ("restore mode").
 *
 * With repeat = R the kernel runs an XDP program R times on one buffer, so from the second run
 * on a rewriting program sees its own output. The harness program below runs first in every
 * iteration: it puts the original frame back (length with bpf_xdp_adjust_head, bytes with
 * bpf_xdp_store_bytes), optionally makes the flow new (XOR of an iteration counter into the
 * source port and the low half of the IPv4 source address), and tail-calls the program under
 * test from slot 0 of `target`. It executes the same instructions whatever the target and the
 * case, so its cost is measured once with the two-instruction `null_target` and subtracted.
 *
 * The other programs are baselines, also run through the harness: parse then XDP_PASS, and
 * MAC swap + destination rewrite + incremental checksums then XDP_TX.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Only the types and inline functions of the data path, not its maps. */
#include "../../main/c/blixt_parse.h"
#include "../../main/c/blixt_csum.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define FRAME_MAX 256

/* The frame to restore, and how to vary it. Written from Java before each batch. */
struct frame {
	__u32 len;       /* bytes of `bytes` in use, 14..FRAME_MAX */
	__u32 counter;   /* incremented every iteration */
	__u32 mask;      /* counter bits XORed into the frame: 0 = the same frame every iteration */
	__u16 port_off;  /* offset of the 16-bit word that receives counter & 0xffff (the source port) */
	__u16 addr_off;  /* offset of the 16-bit word that receives counter >> 16 (low half of the source address) */
	__u8 bytes[FRAME_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct frame);
	__uint(max_entries, 1);
} frames SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1);
} target SEC(".maps");

SEC("xdp")
int harness(struct xdp_md *ctx)
{
	__u32 k = 0, len, v;
	struct frame *f = bpf_map_lookup_elem(&frames, &k);
	void *data, *data_end;
	__u16 *w;
	int cur;

	if (!f)
		return XDP_ABORTED;
	len = f->len;
	if (len < 14 || len > FRAME_MAX)
		return XDP_ABORTED;
	cur = (int)(ctx->data_end - ctx->data);
	if (bpf_xdp_adjust_head(ctx, cur - (int)len))
		return XDP_ABORTED;
	if (bpf_xdp_store_bytes(ctx, 0, f->bytes, len))
		return XDP_ABORTED;

	v = f->counter++ & f->mask;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	w = data + (f->port_off & (FRAME_MAX - 2));
	if ((void *)(w + 1) > data_end)
		return XDP_ABORTED;
	*w ^= (__u16)v;
	w = data + (f->addr_off & (FRAME_MAX - 2));
	if ((void *)(w + 1) > data_end)
		return XDP_ABORTED;
	*w ^= (__u16)(v >> 16);

	bpf_tail_call(ctx, &target, 0);
	return XDP_ABORTED; /* the slot is empty */
}

/* The null program: two instructions (r0 = XDP_DROP; exit). */
SEC("xdp")
int null_target(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* Baseline: the data path's own parser (Ethernet, VLAN, IPv4/IPv6, TCP/UDP/ICMP), then pass. */
SEC("xdp")
int parse_pass(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct packet p = {};

	p.data = data;
	p.data_end = data_end;
	if (parse_packet(&p, data_end - data) != PARSE_OK)
		return XDP_DROP;
	return XDP_PASS;
}

/*
 * Baseline: what any NAT forwarder must do at least. Parse, swap the MACs, rewrite the
 * destination address and port (to fixed values) with incremental IPv4 and TCP/UDP checksum
 * updates, decrement the TTL, XDP_TX. IPv4 TCP/UDP only; anything else is dropped.
 */
SEC("xdp")
int rewrite_tx(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct packet p = {};
	struct iphdr *ip;
	struct l4ports *ports;
	__u32 new_addr[1] = {bpf_htonl(0xC6120102)}; /* 198.18.1.2 */
	__be16 new_port = bpf_htons(8080), old_port;
	__u32 old_addr[1];
	__u16 old_ttl, new_ttl;
	__u64 diff, l4diff;
	__u8 mac[6];

	p.data = data;
	p.data_end = data_end;
	if (parse_packet(&p, data_end - data) != PARSE_OK || p.family != BLIXT_FAMILY_V4)
		return XDP_DROP;
	if (p.proto != IPPROTO_TCP && p.proto != IPPROTO_UDP)
		return XDP_DROP;
	ip = p.l3;
	ports = p.l4;

	__builtin_memcpy(mac, p.eth->h_source, 6);
	__builtin_memcpy(p.eth->h_source, p.eth->h_dest, 6);
	__builtin_memcpy(p.eth->h_dest, mac, 6);

	old_addr[0] = ip->daddr;
	old_port = ports->dport;
	diff = csum_diff_addr(0, old_addr, new_addr, 1);
	old_ttl = *(__u16 *)&ip->ttl;
	ip->ttl--;
	new_ttl = *(__u16 *)&ip->ttl;
	ip->check = csum_apply(ip->check, csum_diff16(diff, old_ttl, new_ttl));
	ip->daddr = new_addr[0];
	ports->dport = new_port;
	l4diff = csum_diff16(diff, old_port, new_port);
	if (p.proto == IPPROTO_TCP) {
		struct tcphdr *tcp = p.l4;

		tcp->check = csum_apply(tcp->check, l4diff);
	} else {
		struct udphdr *udp = p.l4;

		udp->check = csum_apply_udp(udp->check, l4diff, 1);
	}
	return XDP_TX;
}
