/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Incremental Internet checksum updates (RFC 1624).
 *
 * The data path never recomputes a checksum over a payload: it folds the difference of the
 * 16-bit words it changed into the existing checksum. Tests re-verify every checksum of every
 * output frame from scratch in Java (dev.blixt.packet.Checksums), independently of this code.
 */
#ifndef BLIXT_CSUM_H
#define BLIXT_CSUM_H

#include <linux/types.h>

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

/* The IPv4 header checksum of a 20-byte header (struct iphdr) whose check field is 0. */
static __always_inline __u16 ipv4_header_csum(const void *ip)
{
	const __u16 *w = ip;
	__u64 sum = 0;

#pragma unroll
	for (int i = 0; i < 10; i++)
		sum += w[i];
	return ~csum_fold(sum);
}

#endif /* BLIXT_CSUM_H */
