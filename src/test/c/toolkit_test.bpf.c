// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Test programs and maps for the dev.blixt.bpf toolkit tests (not part of the data plane). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u32 addr;
	__u16 port;
	__u8 proto;
	__u8 pad;
};

struct flow_val {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} hash_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} array_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} lru_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pcpu_array SEC(".maps");

/* 4-byte values: per-CPU buffers round each CPU's value up to 8 bytes. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} pcpu_hash SEC(".maps");

const volatile __u32 xdp_verdict = XDP_PASS;
const volatile __u32 tc_verdict = TC_ACT_OK;
const volatile __u16 small_const = 7;
const volatile __u8 marker[6] = {0, 0, 0, 0, 0, 0};

/* Counts packets in pcpu_array[0] and the bytes seen in array_map[0]; returns xdp_verdict. */
SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *packets = bpf_map_lookup_elem(&pcpu_array, &key);
	__u64 *bytes = bpf_map_lookup_elem(&array_map, &key);

	if (packets)
		(*packets)++;
	if (bytes)
		__sync_fetch_and_add(bytes, ctx->data_end - ctx->data);
	return xdp_verdict;
}

static __always_inline int swap_macs(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];
	int i;

	if ((void *)(eth + 1) > data_end)
		return -1;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	if (marker[0] | marker[1] | marker[2] | marker[3] | marker[4] | marker[5]) {
		for (i = 0; i < ETH_ALEN; i++)
			eth->h_source[i] = marker[i];
	}
	return 0;
}

/* Swaps the Ethernet addresses (the source becomes `marker` when it is set) and sends the frame back. */
SEC("xdp")
int xdp_swap(struct xdp_md *ctx)
{
	if (swap_macs((void *)(long)ctx->data, (void *)(long)ctx->data_end))
		return XDP_ABORTED;
	return XDP_TX;
}

/* The same rewrite on the tc hook; returns tc_verdict and counts in array_map[1]. */
SEC("tc")
int tc_swap(struct __sk_buff *skb)
{
	__u32 key = 1;
	__u64 *count = bpf_map_lookup_elem(&array_map, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	if (swap_macs((void *)(long)skb->data, (void *)(long)skb->data_end))
		return TC_ACT_SHOT;
	return tc_verdict;
}

/* Returns small_const as the XDP verdict (tests 2-byte constants). */
SEC("xdp")
int xdp_small(struct xdp_md *ctx)
{
	return small_const;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
