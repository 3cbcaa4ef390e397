/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Blixt data path: every map key and value, and the constants the control plane shares.
 *
 * This header is the contract between the eBPF program and the Java control plane. It holds
 * types and constants only (no maps, no helpers), so that the host-compiled layout probe
 * (LayoutsProbeTest) includes it as it is. The Java mirror is dev.blixt.internal.datapath.Layouts;
 * the probe compares both, so the two cannot drift. Addresses and ports are in network byte
 * order (__be*); counters and ids are in host byte order. IPv4 addresses occupy the first 4
 * bytes of a 16-byte address field; the other 12 bytes are zero. Padding is explicit and zero.
 */
#ifndef BLIXT_TYPES_H
#define BLIXT_TYPES_H

#include <linux/types.h>

#define BLIXT_FAMILY_V4 4
#define BLIXT_FAMILY_V6 6

/* OPTIONS (.rodata) bits. */
#define BLIXT_OPT_ICMP_ECHO (1u << 0)      /* answer ICMP/ICMPv6 echo requests to a VIP address (XDP_TX) */
#define BLIXT_OPT_FRAGMENTS_PASS (1u << 1) /* pass IP fragments for a VIP address to the kernel instead of dropping */
#define BLIXT_OPT_NO_FIB (1u << 2)         /* no bpf_fib_lookup: rewritten packets go to the kernel's forwarding */
#define BLIXT_OPT_TRACKED_REPLIES_ONLY (1u << 3) /* no stateless reply translation (see blixt_resolve_reply) */

/* ---- VIPs ---- */

/* Key of the vips map. proto 0 with port 0 is the "address marker" of a VIP address: present
 * while any VIP uses the address; it answers ICMP echo and claims fragments and ICMP errors. */
struct vip_key {
	__u8 addr[16];
	__be16 port;  /* 0: all ports */
	__u8 proto;   /* IPPROTO_TCP, IPPROTO_UDP, or 0 for the address marker */
	__u8 family;  /* BLIXT_FAMILY_V4 or BLIXT_FAMILY_V6 */
};

/* Forwarding modes (vip_info.mode, flow_value.mode). */
#define BLIXT_MODE_NAT 0       /* destination rewritten to the backend; replies come back and are rewritten */
#define BLIXT_MODE_DSR_IPIP 1  /* the packet unchanged inside an outer IPv4/IPv6 header to the backend */
#define BLIXT_MODE_DSR_GUE 2   /* the same inside UDP to encap.gue_port (GUE variant 1: no GUE header) */
#define BLIXT_MODE_FULL_NAT 3  /* source and destination rewritten: client -> a full-NAT address and port */

#define BLIXT_VIP_F_HASH_NO_SRC_PORT (1u << 0) /* source-IP affinity: the flow hash ignores the source port */
#define BLIXT_VIP_F_SRC_CHECK (1u << 1)        /* source ranges: a client needing a backend is checked first */
#define BLIXT_VIP_F_SRC_ALLOWLIST (1u << 2)    /* ... and one in no prefix is refused (the allow list is not empty) */
#define BLIXT_VIP_F_SRC_GEN (1u << 3)          /* which generation of the VIP's prefixes is live (src_key.tag bit 0) */

struct vip_info {
	__u32 id;     /* index into vip_table, rings (halves 2*id and 2*id+1) and vip_stats */
	__u8 mode;    /* BLIXT_MODE_* */
	__u8 active;  /* which ring half is live: 0 or 1; flipped with one update of this entry */
	__u16 flags;  /* BLIXT_VIP_F_* */
};

/* ---- source ranges ---- */

/* LPM keys of src_ranges4 / src_ranges6: the tag (vip id << 1 | generation, host order) is always
 * matched in full, so prefixlen = 32 + the prefix's length. A VIP's new list is written under the
 * other generation and goes live with the flip of its vip_info (BLIXT_VIP_F_SRC_GEN). */
struct src_key4 {
	__u32 prefixlen;
	__u32 tag;
	__u8 addr[4];
};

struct src_key6 {
	__u32 prefixlen;
	__u32 tag;
	__u8 addr[16];
};

#define BLIXT_SRC_ALLOW 1 /* src_ranges value: the longest matching prefix allows ... */
#define BLIXT_SRC_DENY 2  /* ... or refuses (the control plane leaves out allowed prefixes inside denied ones) */

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

/* A backend's next hop as bpf_fib_lookup found it, per CPU, reused until expires_ns (coarse
 * clock) so that established flows do not pay a FIB lookup per packet. Zeroed by the control
 * plane whenever the backend id is (re)assigned. */
struct nexthop {
	__u32 ifindex;
	__u8 smac[6];
	__u8 dmac[6];
	__u64 expires_ns;
};

/* Key of the reply path's next-hop cache: the client (or router) a reply goes to. */
struct client_key {
	__u8 addr[16];
	__u32 family;
};

/* The reply path: (backend address, backend port on the wire, proto) -> the VIPs it serves. */
struct backend_key {
	__u8 addr[16];
	__be16 port;   /* 0 when the backend takes every port of a port-0 VIP */
	__u8 proto;
	__u8 family;
};

/* The first refs of a backend live in its backend_vips value (one lookup for the common case);
 * ref i >= BLIXT_INLINE_REFS lives in backend_refs under (backend key, i). */
#define BLIXT_INLINE_REFS 4

struct backend_ref {
	__u32 vip_id;
	__u32 backend_id;
};

struct backend_vips {
	__u32 count;   /* refs in all: min(count, BLIXT_INLINE_REFS) inline, the rest in backend_refs */
	__u32 pad;
	struct backend_ref refs[BLIXT_INLINE_REFS];
};

/* Key of backend_refs: ref number `index` (>= BLIXT_INLINE_REFS) of a backend. */
struct backend_ref_key {
	struct backend_key backend;
	__u32 index;
};

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
	__u16 vip_id;     /* the VIP the flow was created for: a backend id freed and reused by
			   * another VIP since then no longer matches, and the flow re-selects */
	__u8 mode;        /* BLIXT_MODE_* of the VIP when the flow was created: a flow keeps its mode */
	__u8 nat;         /* FULL_NAT: the probe (0 .. BLIXT_FNAT_PROBES-1) that found its address and port */
	__u64 atime_ns;   /* UDP: coarse time of the last datagram (refreshed at most every UDP_TIMEOUT_NS/16); TCP: 0 */
};

/* ---- direct server return ---- */

/* How DSR packets are encapsulated (the ENCAP load-time constant). The outer source is the
 * prefix with its host bits taken from a hash of the client's address and ports, so that a
 * backend's NIC spreads the flows over its receive queues (RSS sees only the outer header). */
struct encap_cfg {
	__be32 src4;         /* IPv4 outer source prefix (network order) */
	__u32 src4_host;     /* its host bits (host order mask; 0: the one address) */
	__u8 src6[16];       /* IPv6 outer source prefix */
	__u32 src6_host;     /* host bits of its last word (host order mask) */
	__be16 gue_port;     /* UDP destination port of GUE */
	__u8 has4;           /* an IPv4 source is configured */
	__u8 has6;           /* an IPv6 source is configured */
};

#define BLIXT_ENCAP_TTL 64

/* ---- full NAT ---- */

/* How FULL_NAT flows are translated (the FNAT load-time constant): the source becomes one of the
 * family's addresses and a port of [port_lo, port_lo + port_count). Probe k of a flow picks
 * fnat_probe(fnat hash of the flow, k) (blixt_fnat.h, reproduced by dev.blixt.internal.datapath.FullNat):
 * its address is entry (r >> 24) % n of the family, its port port_lo + r % port_count. */
#define BLIXT_FNAT_ADDRS 8
#define BLIXT_FNAT_PROBES 16
#define BLIXT_FNAT_SEED 0x5bd1e995 /* xor-ed into HASH_SEED: the port does not follow the ring slot */

struct fnat_cfg {
	__u8 addr4[BLIXT_FNAT_ADDRS][4];
	__u8 addr6[BLIXT_FNAT_ADDRS][16];
	__u32 port_lo;       /* host order */
	__u32 port_count;    /* 1 .. 65535 */
	__u8 n4;             /* IPv4 addresses configured (0: no full NAT for IPv4 backends) */
	__u8 n6;
	__u8 pad[2];
};

#define BLIXT_NAT_F_CLOSING (1u << 0) /* a FIN or RST passed: the entry is reclaimed sooner */

/* A full-NAT translation, keyed by the reply's 5-tuple as a struct flow_key (src = backend and the
 * port it answers from, dst = full-NAT address and port): the flow it belongs to. The data path
 * claims an entry with BPF_NOEXIST, so one (address, port) carries one flow to each backend port;
 * the control plane reclaims entries whose flow has ended. */
struct nat_entry {
	struct flow_key flow;   /* client -> VIP */
	__u32 backend_id;
	__u16 vip_id;
	__u16 flags;            /* BLIXT_NAT_F_* */
	__u64 atime_ns;         /* coarse time of creation, then of its last reply (refreshed at most every second) */
};

/* ---- the reply path's working state (internal: not written by the control plane) ---- */

/* What a reply (or an ICMP error about a forwarded packet) maps back to. */
struct reply_match {
	struct vip_key vip;
	__u32 vip_id;
	__u32 backend_id;
};

/* A reply as the data path asks about it: from backend:port (the key), to client:cport. */
struct reply_query {
	struct backend_key backend;
	__u8 client[16];
	__be16 cport;
	__u16 pad;
};

/* The scan of a backend's refs (reply_scratch, one per CPU: bpf_loop's callback reads it). */
struct reply_scan {
	struct backend_ref_key rk;
	struct flow_key fk;
	struct reply_match m;
	__be16 bport;
	__u16 flow_exists;    /* a ref's flow key had an entry (naming another backend, or it would have matched) */
	__u32 found;
	__u16 keys;           /* backend keys of this address and port (the exact one, the port-0 one) found */
	__u16 sole_set;       /* whether sole holds a ref */
	struct backend_ref sole; /* the only ref of the last key found with exactly one, else zero */
};

/* DSR's working memory (dsr_scratch, one per CPU: too large for the pipeline's stack, which is at the
 * verifier's limit). */
#define BLIXT_ENCAP_MAX 48   /* the longest outer header: IPv6 + UDP */
#define BLIXT_ANSWER_MAX 256 /* a too-big answer (134 bytes at most; 256 for the verifier's length masks) */

struct dsr_scratch {
	__u8 hdr[BLIXT_ENCAP_MAX]; /* the outer header under construction (blixt_encap.h) */
	__u32 src[4];              /* its addresses */
	__u32 dst[4];
	__u8 l2[20];               /* XDP: the L2 header, moved to the new front */
	__u8 macs[12];             /* the next hop's source and destination MAC */
	__u32 bid;                 /* the packet to encapsulate: its backend id and mode (dsr_stash) */
	__u32 mode;
	__u8 frame[BLIXT_ANSWER_MAX]; /* a too-big answer under construction (blixt_ptb.h) */
	__u8 pseudo[40];           /* its ICMPv6 pseudo-header */
};

/* Full NAT's working memory (fnat_scratch, one per CPU). */
struct fnat_scratch {
	struct flow_key rk;      /* the reverse key being probed */
	struct nat_entry ne;     /* the entry to claim */
	__u32 h;                 /* the flow's fnat hash */
	__u32 found;             /* the probe that succeeded, + 1 (0: none) */
	__u32 bid;               /* the stashed translation (fnat_stash) ... */
	__u32 kind;              /* FWD_TO_BACKEND or FWD_TO_CLIENT */
	__u32 src[4];            /* ... its new source and destination */
	__u32 dst[4];
	__be16 sport;
	__be16 dport;
	__u32 vip_id;
};

/* ---- pre-filter ---- */

/* A 65536-bit filter per direction: words [0, 1024) hold VIP addresses, [1024, 2048) backend
 * addresses. bucket = (fold(addr) * 0x9E3779B1) >> 16 where fold is the first 32-bit word of
 * the address (IPv4) or the XOR of its four words (IPv6), loaded in host order. A clear bit
 * proves the address is none of ours: non-VIP traffic pays no hash-map lookup. */
#define BLIXT_FILTER_WORDS 1024

/* ---- runtime switches (config map, entry 0) ---- */

#define BLIXT_CFG_PORT0_VIPS (1u << 0)      /* some VIP has port 0: try (addr, 0, proto) after a miss */
#define BLIXT_CFG_PORT0_BACKENDS (1u << 1)  /* some backend_vips key has port 0 */

struct config {
	__u32 flags;
	__u32 pad;
};

/* ---- egress interfaces ---- */

/* egress entry flags: written by the control plane (in every CPU's copy). */
#define BLIXT_EGRESS_F_XDP_SAFE (1u << 0) /* an XDP_REDIRECT / XDP_TX into this device is delivered */

/* egress ifindex -> what the control plane knows of it, and what the data path sent out of it
 * (per CPU). An XDP program sends a packet out of an interface only when it is marked
 * XDP_SAFE there; otherwise the rewritten packet goes to the kernel (GC_TO_STACK). */
#define BLIXT_MAX_IFINDEX 1024

struct egress {
	__u32 flags;    /* BLIXT_EGRESS_F_* */
	__u32 pad;
	__u64 packets;  /* packets the data plane sent out of this interface (TX or redirect) */
	__u64 bytes;    /* their L3 bytes */
};

/* ---- counters (per CPU) ---- */

struct counters {
	__u64 packets;        /* client -> backend packets */
	__u64 bytes;          /* their L3 bytes */
	__u64 new_flows;      /* flows created (ring selections that were inserted) */
	__u64 reply_packets;  /* backend -> client packets translated back */
	__u64 reply_bytes;
	__u64 icmp;           /* ICMP errors steered for this VIP / backend */
	__u64 refused;        /* VIP: packets dropped by its source ranges; backend: 0 */
};

/* Global counters: one per-CPU array entry holding them all (one lookup per packet). */
enum global_counter {
	GC_PACKETS = 0,         /* every packet the program saw */
	GC_PASS,                /* not ours: passed untouched */
	GC_TX,                  /* forwarded out of the interface it came in on */
	GC_REDIRECT,            /* forwarded to another interface */
	GC_TO_STACK,            /* rewritten, then left to the kernel (no neighbour / route / FIB off / egress not XDP-safe) */
	GC_FLOW_HIT,
	GC_FLOW_MISS,
	GC_FLOW_RESELECT,       /* flow entry named a removed backend, or an idle UDP flow: selected again */
	GC_FLOW_INSERT_FAIL,
	GC_REPLY,               /* backend -> client packets translated back to the VIP */
	GC_REPLY_UNTRACKED,     /* from a backend's address and port, but no tracked flow: passed */
	GC_DROP_NO_BACKEND,     /* the VIP has no backend with weight > 0 */
	GC_DROP_TRUNCATED,      /* frame shorter than its headers or its IP length say */
	GC_DROP_MALFORMED,      /* bad IP version or header length; an IP length that does not hold the headers */
	GC_DROP_FRAGMENT,       /* an IP fragment for a VIP address (policy: drop) */
	GC_PASS_FRAGMENT,       /* an IP fragment for a VIP address (policy: pass) */
	GC_ICMP_ECHO_REPLY,
	GC_ICMP_TO_BACKEND,     /* ICMP error about a reply, delivered to the flow's backend */
	GC_ICMP_TO_CLIENT,      /* ICMP error about a forwarded packet, delivered to the client */
	GC_TTL_EXCEEDED,        /* TTL / hop limit would expire: left to the kernel, which answers */
	GC_PASS_UNPARSED,       /* IPv6 with too many extension headers: passed */
	GC_DROP_UNSUPPORTED,    /* VIP mode not supported by this program */
	GC_EGRESS_UNSAFE,       /* XDP: the egress does not take XDP redirects: left to the kernel (also TO_STACK) */
	GC_FLOW_LOST,           /* TCP to a VIP, not a SYN, without a flow entry: evicted (table too small) or older than the LB */
	GC_REPLY_STATELESS,     /* untracked packets from a backend serving one VIP: translated, and the flow re-created */
	GC_ENCAP_IPIP,          /* DSR: sent to a backend inside IPIP / IPv4-in-IPv6 / ip6ip6 */
	GC_ENCAP_GUE,           /* DSR: sent to a backend inside UDP/GUE */
	GC_DROP_TOO_BIG,        /* DSR: the encapsulated packet would exceed the egress MTU and cannot be answered */
	GC_DROP_ENCAP,          /* DSR: the kernel refused room for the outer header, or no outer source for the family */
	GC_ICMP_TOO_BIG,        /* DSR: too big once encapsulated: answered with ICMP fragmentation-needed / packet-too-big */
	GC_FNAT_NEW,            /* full NAT: a new flow claimed an address and port */
	GC_FNAT_EXHAUSTED,      /* full NAT: every probed address and port was taken (or the table full): dropped */
	GC_DROP_SOURCE_DENIED,  /* a VIP's source ranges deny the client: dropped before any flow state */
	GC_DROP_SOURCE_NOT_ALLOWED, /* the client is in none of a VIP's allowed prefixes: dropped */
	GC_MAX = 40,
};

struct global_counters {
	__u64 c[GC_MAX];
};

#endif /* BLIXT_TYPES_H */
