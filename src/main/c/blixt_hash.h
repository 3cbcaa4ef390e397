/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hashes: the flow hash that picks a ring slot (MurmurHash3_x86_32, reproduced in Java by
 * dev.blixt.internal.hash.FlowHash) and the address pre-filter bucket.
 */
#ifndef BLIXT_HASH_H
#define BLIXT_HASH_H

#include <linux/types.h>

/* MurmurHash3_x86_32 over 32-bit words loaded in host order. */
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

/* MurmurHash3's finaliser: every input bit reaches every output bit. */
static __always_inline __u32 fmix32(__u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

static __always_inline __u32 murmur_final(__u32 h, __u32 len)
{
	return fmix32(h ^ len);
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

/* The pre-filter bucket of an address (see BLIXT_FILTER_WORDS in blixt_types.h). */
static __always_inline __u32 filter_bucket(const __u32 *addr, int words)
{
	__u32 a = addr[0];

	if (words == 4)
		a ^= addr[1] ^ addr[2] ^ addr[3];
	return (a * 0x9E3779B1u) >> 16;
}

#endif /* BLIXT_HASH_H */
