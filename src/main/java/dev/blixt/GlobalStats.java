package dev.blixt;

/**
 * The data plane's global counters, summed over CPUs.
 *
 * @param packets every packet the program saw
 * @param passed packets not for the load balancer, passed to the kernel untouched
 * @param transmitted packets forwarded out of the interface they came in on
 * @param redirected packets forwarded to another interface
 * @param toKernel packets rewritten and then left to the kernel (no neighbour or route yet)
 * @param flowHits flow-table hits
 * @param flowMisses flow-table misses (backend selected from the Maglev ring)
 * @param flowReselects flows whose backend was removed, or idle UDP flows, selected again
 * @param flowInsertFailures flow-table inserts that failed
 * @param replies replies translated back to the VIP
 * @param untrackedReplies packets from a backend's address and port without a tracked flow
 * @param droppedNoBackend dropped: the VIP has no backend with a weight above 0
 * @param droppedTruncated dropped: frame shorter than its headers or its IP length (IPv4 total length,
 *     IPv6 payload length) say
 * @param droppedMalformed dropped: bad IP version or header length, or an IP length too short for the
 *     headers it must hold (options, IPv6 extension headers, the TCP, UDP or ICMP header)
 * @param droppedFragments dropped: IP fragments for a VIP address
 * @param passedFragments passed: IP fragments for a VIP address (fragment policy PASS)
 * @param icmpEchoReplies echo requests to a VIP answered
 * @param icmpToBackend ICMP errors about replies delivered to the backend
 * @param icmpToClient ICMP errors about forwarded packets delivered to the client
 * @param ttlExceeded packets whose TTL would expire, left to the kernel
 * @param passedUnparsed IPv6 packets with too many extension headers, passed
 * @param droppedUnsupported dropped: VIP mode not supported
 * @param toKernelNoXdpEgress of {@code toKernel}: packets an XDP program rewrote for an interface
 *     it may not redirect into (see {@link EgressStats#xdpRedirect()}), left to the kernel to send
 * @param flowsLost TCP segments to a VIP, other than a SYN, that found no flow entry: the entry was
 *     evicted because the flow table is too small for the traffic (or the flow is older than the data
 *     plane); the segment goes to the backend the ring selects now (see the sizing guidance in the
 *     operations guide)
 * @param statelessReplies of {@code replies}: packets from a backend that serves exactly one VIP
 *     whose flow entry was missing, translated without it (and the entry re-created); see
 *     {@link DataplaneConfig.Builder#statelessReplies(boolean)}
 * @param encapsulatedIpip packets sent to a backend in IPIP, IPv4-in-IPv6 or ip6ip6 ({@link ForwardingMode#DSR_IPIP})
 * @param encapsulatedGue packets sent to a backend in UDP/GUE ({@link ForwardingMode#DSR_GUE})
 * @param droppedTooBig dropped: a DSR packet that would exceed the egress interface's MTU once encapsulated
 *     and that cannot be answered with {@code icmpTooBig} (IPv4 without DF, an ICMP packet)
 * @param droppedEncapsulation dropped: the kernel refused room for a DSR packet's outer header
 * @param icmpTooBig DSR packets too big once encapsulated, answered to the client with ICMP
 *     fragmentation-needed (IPv4) or packet-too-big (IPv6) carrying the MTU it may use
 * @param fullNatFlows claims of an address and port by full-NAT flows ({@link ForwardingMode#FULL_NAT}): new
 *     flows, and flows that took their own translation back (a re-sent SYN, an evicted or expired flow entry)
 * @param fullNatExhausted dropped: a new full-NAT flow found every address and port it may use taken
 *     towards its backend, or the translation table full (see {@link
 *     DataplaneConfig.Builder#fullNatPorts(int, int)})
 * @param droppedSourceDenied dropped: the client is in a denied prefix of the VIP's {@link SourceRanges}
 * @param droppedSourceNotAllowed dropped: the client is in none of the allowed prefixes of the VIP's
 *     {@link SourceRanges}
 */
public record GlobalStats(long packets, long passed, long transmitted, long redirected, long toKernel,
        long flowHits, long flowMisses, long flowReselects, long flowInsertFailures, long replies,
        long untrackedReplies, long droppedNoBackend, long droppedTruncated, long droppedMalformed,
        long droppedFragments, long passedFragments, long icmpEchoReplies, long icmpToBackend, long icmpToClient,
        long ttlExceeded, long passedUnparsed, long droppedUnsupported, long toKernelNoXdpEgress, long flowsLost,
        long statelessReplies, long encapsulatedIpip, long encapsulatedGue, long droppedTooBig,
        long droppedEncapsulation, long icmpTooBig, long fullNatFlows, long fullNatExhausted,
        long droppedSourceDenied, long droppedSourceNotAllowed) {

    static GlobalStats of(long[] c) {
        return new GlobalStats(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
                c[13], c[14], c[15], c[16], c[17], c[18], c[19], c[20], c[21], c[22], c[23], c[24], c[25], c[26],
                c[27], c[28], c[29], c[30], c[31], c[32], c[33]);
    }

    /**
     * All packets dropped, whatever the reason.
     *
     * @return the sum of the drop counters
     */
    public long dropped() {
        return droppedNoBackend + droppedTruncated + droppedMalformed + droppedFragments + droppedUnsupported
                + droppedTooBig + droppedEncapsulation + fullNatExhausted + droppedSourceDenied + droppedSourceNotAllowed;
    }
}
