package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * One CPU's entry of the {@code egress} map (or their sum): whether an XDP redirect or XDP_TX
 * into the interface is safe, and what the data path sent out of it.
 *
 * @param flags {@code BLIXT_EGRESS_F_*} bits ({@link Layouts#EGRESS_F_XDP_SAFE})
 * @param packets packets the data plane sent out of the interface (TX or redirect)
 * @param bytes their L3 bytes
 */
public record Egress(int flags, long packets, long bytes) {
    /** An entry of an interface nothing is known of. */
    public static final Egress NONE = new Egress(0, 0, 0);

    /**
     * Whether the control plane marked the interface safe for XDP redirects and XDP_TX.
     *
     * @return the XDP_SAFE flag
     */
    public boolean xdpSafe() {
        return (flags & Layouts.EGRESS_F_XDP_SAFE) != 0;
    }

    /** Writes this entry in the layout of {@link Layouts#EGRESS}. */
    public void encode(MemorySegment dst) {
        dst.fill((byte) 0);
        dst.set(JAVA_INT, 0, flags);
        dst.set(JAVA_LONG, 8, packets);
        dst.set(JAVA_LONG, 16, bytes);
    }

    /** Reads an entry in the layout of {@link Layouts#EGRESS}. */
    public static Egress decode(MemorySegment src) {
        return new Egress(src.get(JAVA_INT, 0), src.get(JAVA_LONG, 8), src.get(JAVA_LONG, 16));
    }
}
