/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Blixt data path: the contract between the eBPF program and the Java control plane.
 *
 * Every map key and value is defined here once. The Java side mirrors these layouts in
 * dev.blixt.internal.DatapathLayouts, and a test compares both against this object's BTF,
 * so the two cannot drift. Defining BLIXT_TYPES_ONLY leaves out the maps and constants (for
 * the host-compiled layout probe). Addresses and ports are in network byte order (__be*); counters
 * and ids are in host byte order. IPv4 addresses occupy the first 4 bytes of a 16-byte
 * address field; the other 12 bytes are zero. Padding is explicit and always zero.
 */
#ifndef BLIXT_MAPS_H
#define BLIXT_MAPS_H

#include <linux/types.h>
#include <linux/bpf.h>
#ifndef BLIXT_TYPES_ONLY
#include <bpf/bpf_helpers.h>
#endif

#define BLIXT_FAMILY_V4 4
#define BLIXT_FAMILY_V6 6

/* ---- load-time constants (.rodata), written by the loader before load ---- */

#ifndef BLIXT_TYPES_ONLY
/* Maglev ring size M (prime). Each VIP owns two halves of M slots in the rings map. */
const volatile __u32 RING_SIZE = 65537;
/* Seed of the flow hash; identical on every node so that all pick the same backend. */
const volatile __u32 HASH_SEED = 0;
/* A UDP flow idle for longer than this is forgotten (re-selected on its next datagram). */
const volatile __u64 UDP_TIMEOUT_NS = 30ULL * 1000000000ULL;
/* Behaviour switches, see BLIXT_OPT_*. */
const volatile __u32 OPTIONS = 0;
/* How long a backend's next hop (bpf_fib_lookup result) is reused before it is looked up again; 0: never cached. */
const volatile __u64 NEXTHOP_CACHE_NS = 1000000000ULL;
#endif

/* Answer ICMP/ICMPv6 echo requests sent to a VIP address (from the data plane, XDP_TX). */
#define BLIXT_OPT_ICMP_ECHO (1u << 0)
/* Pass IP fragments for a VIP address to the kernel instead of dropping them. */
#define BLIXT_OPT_FRAGMENTS_PASS (1u << 1)
/* Do not call bpf_fib_lookup: leave rewritten packets to the kernel's forwarding (XDP_PASS / TC_ACT_OK). */
#define BLIXT_OPT_NO_FIB (1u << 2)

/* ---- VIPs ---- */

/* Key of the vips map. proto 0 with port 0 is the "address marker" of a VIP address: present
 * while any VIP uses the address; it answers ICMP echo and claims fragments and ICMP errors. */
struct vip_key {
	__u8 addr[16];
	__be16 port;  /* 0: all ports */
	__u8 proto;   /* IPPROTO_TCP, IPPROTO_UDP, or 0 for the address marker */
	__u8 family;  /* BLIXT_FAMILY_V4 or BLIXT_FAMILY_V6 */
};

#define BLIXT_MODE_NAT 0

/* VIP flags. */
#define BLIXT_VIP_F_HASH_NO_SRC_PORT (1u << 0) /* source-IP affinity: the flow hash ignores the source port */

struct vip_info {
	__u32 id;     /* index into vip_table, rings (halves 2*id and 2*id+1) and vip_stats */
	__u8 mode;    /* BLIXT_MODE_* */
	__u8 active;  /* which ring half is live: 0 or 1; flipped with one update of this entry */
	__u16 flags;  /* BLIXT_VIP_F_* */
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct vip_key);
	__type(value, struct vip_info);
	__uint(max_entries, 1024);
} vips SEC(".maps");
#endif

/* vip id -> its key (the reverse index, used by the reply path). Cleared (zero address, port and protocol) when the id is freed. */
#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct vip_key);
	__uint(max_entries, 64);
} vip_table SEC(".maps");
#endif

/* Sizes here are defaults; the loader sets every max_entries from DataplaneConfig. */
/* Maglev rings: entry (2*vip_id + half) * RING_SIZE + slot holds a backend id (0 = none). */
#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 2 * 64 * 65537);
} rings SEC(".maps");
#endif

/* ---- backends ---- */

#define BLIXT_BACKEND_F_VALID (1u << 0)

/* backend id -> where to send. Id 0 is never used. Ids are per (VIP, backend). */
struct backend {
	__u8 addr[16];
	__be16 port;   /* 0: keep the packet's destination port */
	__u8 family;
	__u8 flags;    /* BLIXT_BACKEND_F_*: a flow whose backend lost VALID is re-selected */
	__u32 vip_id;  /* the VIP this id belongs to (checked against the flow's vip_id) */
	__u32 weight;  /* its weight (control plane bookkeeping: read back after a restart) */
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct backend);
	__uint(max_entries, 4096);
} backends SEC(".maps");
#endif

/* A backend's next hop as bpf_fib_lookup found it, per CPU, reused until expires_ns (coarse
 * clock) so that established flows do not pay a FIB lookup per packet. Zeroed by the control
 * plane whenever the backend id is (re)assigned. */
struct nexthop {
	__u32 ifindex;
	__u8 smac[6];
	__u8 dmac[6];
	__u64 expires_ns;
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct nexthop);
	__uint(max_entries, 4096);
} nexthops SEC(".maps");
#endif

/* The reply path: (backend address, backend port on the wire, proto) -> the VIPs it serves. */
struct backend_key {
	__u8 addr[16];
	__be16 port;   /* 0 when the backend takes every port of a port-0 VIP */
	__u8 proto;
	__u8 family;
};

#define BLIXT_MAX_VIPS_PER_BACKEND 4

struct backend_ref {
	__u32 vip_id;
	__u32 backend_id;
};

struct backend_vips {
	__u32 count;
	__u32 pad;
	struct backend_ref refs[BLIXT_MAX_VIPS_PER_BACKEND];
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct backend_key);
	__type(value, struct backend_vips);
	__uint(max_entries, 4096);
} backend_vips SEC(".maps");
#endif

/* ---- flow table ---- */

/* A flow as the client sent it: client -> VIP. */
struct flow_key {
	__u8 src[16];
	__u8 dst[16];
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 family;
	__u8 pad[2];
};

struct flow_value {
	__u32 backend_id;
	__u32 vip_id;     /* the VIP the flow was created for: a backend id freed and reused by
			   * another VIP since then no longer matches, and the flow re-selects */
	__u64 atime_ns; /* UDP: coarse time of the last datagram (refreshed at most every UDP_TIMEOUT_NS/16); TCP: 0 */
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
	__type(key, struct flow_key);
	__type(value, struct flow_value);
	__uint(max_entries, 65536);
} flows SEC(".maps");
#endif

/* ---- pre-filter ---- */

/* A 65536-bit filter per direction: words [0, 1024) hold VIP addresses, [1024, 2048) backend
 * addresses. bucket = (fold(addr) * 0x9E3779B1) >> 16 where fold is the first 32-bit word of
 * the address (IPv4) or the XOR of its four words (IPv6), loaded in host order. A clear bit
 * proves the address is none of ours: non-VIP traffic pays no hash-map lookup. */
#define BLIXT_FILTER_WORDS 1024
#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2 * BLIXT_FILTER_WORDS);
} addr_filter SEC(".maps");
#endif

/* Runtime switches the control plane flips (entry 0). */
#define BLIXT_CFG_PORT0_VIPS (1u << 0)      /* some VIP has port 0: try (addr, 0, proto) after a miss */
#define BLIXT_CFG_PORT0_BACKENDS (1u << 1)  /* some backend_vips key has port 0 */

struct config {
	__u32 flags;
	__u32 pad;
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct config);
	__uint(max_entries, 1);
} config SEC(".maps");
#endif

/* ---- counters (per CPU) ---- */

struct counters {
	__u64 packets;        /* client -> backend packets */
	__u64 bytes;          /* their L3 bytes */
	__u64 new_flows;      /* flows created (ring selections that were inserted) */
	__u64 reply_packets;  /* backend -> client packets translated back */
	__u64 reply_bytes;
	__u64 icmp;           /* ICMP errors steered for this VIP / backend */
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct counters);
	__uint(max_entries, 64);
} vip_stats SEC(".maps");
#endif

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct counters);
	__uint(max_entries, 4096);
} backend_stats SEC(".maps");
#endif

/* Global counters: one per-CPU array entry holding them all (one lookup per packet). */
enum global_counter {
	GC_PACKETS = 0,         /* every packet the program saw */
	GC_PASS,                /* not ours: passed untouched */
	GC_TX,                  /* forwarded out of the interface it came in on */
	GC_REDIRECT,            /* forwarded to another interface */
	GC_TO_STACK,            /* rewritten, then left to the kernel (no neighbour / route / FIB off) */
	GC_FLOW_HIT,
	GC_FLOW_MISS,
	GC_FLOW_RESELECT,       /* flow entry named a removed backend, or an idle UDP flow: selected again */
	GC_FLOW_INSERT_FAIL,
	GC_REPLY,               /* backend -> client packets translated back to the VIP */
	GC_REPLY_UNTRACKED,     /* from a backend's address and port, but no tracked flow: passed */
	GC_DROP_NO_BACKEND,     /* the VIP has no backend with weight > 0 */
	GC_DROP_TRUNCATED,      /* frame shorter than its headers say */
	GC_DROP_MALFORMED,      /* bad IP version, header length or total length */
	GC_DROP_FRAGMENT,       /* an IP fragment for a VIP address (policy: drop) */
	GC_PASS_FRAGMENT,       /* an IP fragment for a VIP address (policy: pass) */
	GC_ICMP_ECHO_REPLY,
	GC_ICMP_TO_BACKEND,     /* ICMP error about a reply, delivered to the flow's backend */
	GC_ICMP_TO_CLIENT,      /* ICMP error about a forwarded packet, delivered to the client */
	GC_TTL_EXCEEDED,        /* TTL / hop limit would expire: left to the kernel, which answers */
	GC_PASS_UNPARSED,       /* IPv6 with too many extension headers: passed */
	GC_DROP_UNSUPPORTED,    /* VIP mode not supported by this program */
	GC_MAX = 32,
};

struct global_counters {
	__u64 c[GC_MAX];
};

#ifndef BLIXT_TYPES_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct global_counters);
	__uint(max_entries, 1);
} global_stats SEC(".maps");
#endif

#endif /* BLIXT_MAPS_H */
