package dev.blixt.internal.datapath;

/**
 * The global counters of the data path, in the order of {@code enum global_counter} in
 * {@code blixt_types.h} (the ordinal is the index).
 */
public enum GlobalCounter {
    /** Every packet the program saw. */
    PACKETS,
    /** Not ours: passed untouched. */
    PASS,
    /** Forwarded out of the interface it came in on. */
    TX,
    /** Forwarded to another interface. */
    REDIRECT,
    /** Rewritten, then left to the kernel (no neighbour or route yet, FIB lookups off, or an egress not XDP-safe). */
    TO_STACK,
    /** Flow-table hits. */
    FLOW_HIT,
    /** Flow-table misses (a backend was selected from the ring). */
    FLOW_MISS,
    /** Flow entries whose backend was removed, or idle UDP flows, selected again. */
    FLOW_RESELECT,
    /** Flow-table inserts that failed. */
    FLOW_INSERT_FAIL,
    /** Replies translated back to the VIP. */
    REPLY,
    /** Packets from a backend's address and port without a tracked flow: passed. */
    REPLY_UNTRACKED,
    /** Dropped: the VIP has no backend with weight above 0. */
    DROP_NO_BACKEND,
    /** Dropped: the frame is shorter than its headers or its IP length (IPv4 total, IPv6 payload) say. */
    DROP_TRUNCATED,
    /**
     * Dropped: bad IP version or header length, or an IP length too short for the headers it must hold
     * (IPv4 options, IPv6 extension headers, the TCP header with its options, UDP, ICMP).
     */
    DROP_MALFORMED,
    /** Dropped: an IP fragment for a VIP address. */
    DROP_FRAGMENT,
    /** Passed: an IP fragment for a VIP address (fragment policy PASS). */
    PASS_FRAGMENT,
    /** ICMP echo requests to a VIP answered. */
    ICMP_ECHO_REPLY,
    /** ICMP errors about replies delivered to the flow's backend. */
    ICMP_TO_BACKEND,
    /** ICMP errors about forwarded packets delivered to the client. */
    ICMP_TO_CLIENT,
    /** TTL would expire: left to the kernel, which answers. */
    TTL_EXCEEDED,
    /** IPv6 with too many extension headers: passed. */
    PASS_UNPARSED,
    /** Dropped: a VIP mode this program does not support. */
    DROP_UNSUPPORTED,
    /** XDP: the egress (for XDP_TX the ingress) is not marked XDP-safe: left to the kernel (also counted in TO_STACK). */
    EGRESS_UNSAFE,
    /** TCP to a VIP, not a SYN, without a flow entry: evicted (table too small) or older than the load balancer. */
    FLOW_LOST,
    /** Untracked packets from a backend that serves one VIP: translated statelessly, and the flow re-created. */
    REPLY_STATELESS,
    /** DSR: sent to a backend inside IPIP, IPv4-in-IPv6 or ip6ip6. */
    ENCAP_IPIP,
    /** DSR: sent to a backend inside UDP/GUE. */
    ENCAP_GUE,
    /** DSR: dropped, the encapsulated packet would exceed the egress interface's MTU and cannot be answered. */
    DROP_TOO_BIG,
    /** DSR: dropped, the kernel refused room for the outer header (or no outer source for the family). */
    DROP_ENCAP,
    /** DSR: too big once encapsulated, answered with ICMP fragmentation-needed / packet-too-big. */
    ICMP_TOO_BIG,
    /** Full NAT: a new flow claimed an address and port. */
    FNAT_NEW,
    /** Full NAT: every probed address and port was taken (or the translation table full): dropped. */
    FNAT_EXHAUSTED,
    /** Dropped: a VIP's source ranges deny the client (before any flow state). */
    DROP_SOURCE_DENIED,
    /** Dropped: the client is in none of a VIP's allowed source prefixes. */
    DROP_SOURCE_NOT_ALLOWED;
}
