package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Key of the {@code flows} map: a flow as the client sent it (client -> VIP).
 *
 * @param src client address
 * @param dst VIP address
 * @param srcPort client port
 * @param dstPort VIP port (the packet's, also for a port-0 VIP)
 * @param protocol IANA protocol number
 */
public record FlowKey(InetAddress src, InetAddress dst, int srcPort, int dstPort, int protocol) {
    /** Validates the fields. */
    public FlowKey {
        if (Layouts.family(src) != Layouts.family(dst)) {
            throw new IllegalArgumentException("mixed address families: " + src + " -> " + dst);
        }
    }

    /** Writes this key in the layout of {@link Layouts#FLOW_KEY}. */
    public void encode(MemorySegment dst) {
        dst.fill((byte) 0);
        Layouts.putAddress(dst, 0, src);
        Layouts.putAddress(dst, 16, this.dst);
        dst.set(Layouts.BE16, 32, (short) srcPort);
        dst.set(Layouts.BE16, 34, (short) dstPort);
        dst.set(JAVA_BYTE, 36, (byte) protocol);
        dst.set(JAVA_BYTE, 37, (byte) Layouts.family(src));
    }

    /** Reads a key in the layout of {@link Layouts#FLOW_KEY}. */
    public static FlowKey decode(MemorySegment src) {
        int family = src.get(JAVA_BYTE, 37);
        return new FlowKey(Layouts.getAddress(src, 0, family), Layouts.getAddress(src, 16, family),
                Short.toUnsignedInt(src.get(Layouts.BE16, 32)), Short.toUnsignedInt(src.get(Layouts.BE16, 34)),
                Byte.toUnsignedInt(src.get(JAVA_BYTE, 36)));
    }
}
