package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * Value of the per-CPU {@code vip_stats} and {@code backend_stats} maps.
 *
 * @param packets client -> backend packets
 * @param bytes their L3 bytes
 * @param newFlows flows created
 * @param replyPackets backend -> client packets translated back
 * @param replyBytes their L3 bytes
 * @param icmp ICMP errors steered
 * @param refused VIP: packets its source ranges refused; backend: 0
 */
public record Counters(long packets, long bytes, long newFlows, long replyPackets, long replyBytes, long icmp,
        long refused) {
    /** All zero. */
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0);

    /** The field-wise sum of two values (for summing per-CPU values). */
    public Counters plus(Counters o) {
        return new Counters(packets + o.packets, bytes + o.bytes, newFlows + o.newFlows,
                replyPackets + o.replyPackets, replyBytes + o.replyBytes, icmp + o.icmp, refused + o.refused);
    }

    /** Writes this value in the layout of {@link Layouts#COUNTERS}. */
    public void encode(MemorySegment dst) {
        dst.set(JAVA_LONG, 0, packets);
        dst.set(JAVA_LONG, 8, bytes);
        dst.set(JAVA_LONG, 16, newFlows);
        dst.set(JAVA_LONG, 24, replyPackets);
        dst.set(JAVA_LONG, 32, replyBytes);
        dst.set(JAVA_LONG, 40, icmp);
        dst.set(JAVA_LONG, 48, refused);
    }

    /** Reads a value in the layout of {@link Layouts#COUNTERS}. */
    public static Counters decode(MemorySegment src) {
        return new Counters(src.get(JAVA_LONG, 0), src.get(JAVA_LONG, 8), src.get(JAVA_LONG, 16),
                src.get(JAVA_LONG, 24), src.get(JAVA_LONG, 32), src.get(JAVA_LONG, 40), src.get(JAVA_LONG, 48));
    }
}
