/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Incremental Internet checksum updates (RFC 1624) and the flow hash.
 *
 * The data path never recomputes a checksum over a payload: it folds the difference of the
 * 16-bit words it changed into the existing checksum. Tests re-verify every checksum of every
 * output frame from scratch in Java (dev.blixt.packet.Checksums), independently of this code.
 */
#ifndef BLIXT_CSUM_H
#define BLIXT_CSUM_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

static __always_inline __u16 csum_fold(__u64 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* Accumulates "remove old, add new" for one 32-bit word (as stored in the packet). */
static __always_inline __u64 csum_diff32(__u64 acc, __u32 old, __u32 new)
{
	old = ~old;
	return acc + (old & 0xffff) + (old >> 16) + (new & 0xffff) + (new >> 16);
}

static __always_inline __u64 csum_diff16(__u64 acc, __u16 old, __u16 new)
{
	return acc + (__u16)~old + new;
}

/* Accumulates the change of a 16-byte address (4 words; IPv4 uses only the first when words == 1). */
static __always_inline __u64 csum_diff_addr(__u64 acc, const __u32 *old, const __u32 *new, int words)
{
	acc = csum_diff32(acc, old[0], new[0]);
	if (words == 4) {
		acc = csum_diff32(acc, old[1], new[1]);
		acc = csum_diff32(acc, old[2], new[2]);
		acc = csum_diff32(acc, old[3], new[3]);
	}
	return acc;
}

/* Applies an accumulated difference to a checksum field: HC' = ~(~HC + diff). */
static __always_inline __u16 csum_apply(__u16 check, __u64 diff)
{
	return ~csum_fold((__u64)(__u16)~check + diff);
}

/*
 * Applies a difference to a UDP checksum. Over IPv4 a zero checksum means "none" and stays
 * zero; a computed zero is sent as 0xffff (RFC 768), which also holds for IPv6.
 */
static __always_inline __u16 csum_apply_udp(__u16 check, __u64 diff, int v4)
{
	__u16 c;

	if (v4 && check == 0)
		return 0;
	c = csum_apply(check, diff);
	return c == 0 ? 0xffff : c;
}

/* ---- flow hash: MurmurHash3_x86_32 over 32-bit words loaded in host order ---- */

static __always_inline __u32 rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

static __always_inline __u32 murmur_mix(__u32 h, __u32 k)
{
	k *= 0xcc9e2d51;
	k = rotl32(k, 15);
	k *= 0x1b873593;
	h ^= k;
	h = rotl32(h, 13);
	return h * 5 + 0xe6546b64;
}

static __always_inline __u32 murmur_final(__u32 h, __u32 len)
{
	h ^= len;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

/*
 * The flow hash, reproduced by dev.blixt.internal.hash.FlowHash: MurmurHash3_x86_32 (seed) over
 * src || dst || sport || dport || proto || 0 0 0 (addresses 4 or 16 bytes each, network order;
 * ports big-endian), so 16 bytes for IPv4 and 40 for IPv6.
 */
static __always_inline __u32 flow_hash(const __u32 *src, const __u32 *dst, __be16 sport, __be16 dport,
				       __u8 proto, int words, __u32 seed)
{
	__u32 h = seed;

	h = murmur_mix(h, src[0]);
	if (words == 4) {
		h = murmur_mix(h, src[1]);
		h = murmur_mix(h, src[2]);
		h = murmur_mix(h, src[3]);
	}
	h = murmur_mix(h, dst[0]);
	if (words == 4) {
		h = murmur_mix(h, dst[1]);
		h = murmur_mix(h, dst[2]);
		h = murmur_mix(h, dst[3]);
	}
	h = murmur_mix(h, (__u32)sport | ((__u32)dport << 16));
	h = murmur_mix(h, (__u32)proto);
	return murmur_final(h, words == 4 ? 40 : 16);
}

/* The pre-filter bucket of an address (see addr_filter in blixt_maps.h). */
static __always_inline __u32 filter_bucket(const __u32 *addr, int words)
{
	__u32 a = addr[0];

	if (words == 4)
		a ^= addr[1] ^ addr[2] ^ addr[3];
	return (a * 0x9E3779B1u) >> 16;
}

#endif /* BLIXT_CSUM_H */
