package dev.blixt;

/**
 * Counters of a VIP or of one of its backends, summed over CPUs since the VIP or backend was
 * added.
 *
 * @param packets client → backend packets forwarded
 * @param bytes their IP bytes (header included)
 * @param newFlows flows created (backend selections recorded in the flow table)
 * @param replyPackets backend → client packets translated back to the VIP
 * @param replyBytes their IP bytes
 * @param icmpErrors ICMP errors steered to the flow's backend or client
 * @param refused a VIP's packets its {@link SourceRanges} refused (dropped before any flow state); 0 for a backend
 */
public record TrafficStats(long packets, long bytes, long newFlows, long replyPackets, long replyBytes,
        long icmpErrors, long refused) {
    /** All zero. */
    public static final TrafficStats ZERO = new TrafficStats(0, 0, 0, 0, 0, 0, 0);
}
