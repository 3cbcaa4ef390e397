package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * A value of {@code nat_ports} ({@code struct nat_entry}): the full-NAT flow that owns a reply 5-tuple
 * (the map's key, a {@link FlowKey} from the backend to the full-NAT address and port).
 *
 * @param flow the flow, client -> VIP
 * @param backendId its backend
 * @param vipId its VIP
 * @param flags {@code BLIXT_NAT_F_*}
 * @param atimeNs coarse monotonic time of its creation or of a recent reply
 */
public record NatEntry(FlowKey flow, int backendId, int vipId, int flags, long atimeNs) {
    /** {@return whether a FIN or RST of the backend passed} */
    public boolean closing() {
        return (flags & Layouts.NAT_F_CLOSING) != 0;
    }

    /** Writes this entry in the layout of {@link Layouts#NAT_ENTRY}. */
    public void encode(MemorySegment dst) {
        flow.encode(dst.asSlice(0, 40));
        dst.set(JAVA_INT, 40, backendId);
        dst.set(JAVA_SHORT, 44, (short) vipId);
        dst.set(JAVA_SHORT, 46, (short) flags);
        dst.set(JAVA_LONG, 48, atimeNs);
    }

    /** Reads an entry in the layout of {@link Layouts#NAT_ENTRY}. */
    public static NatEntry decode(MemorySegment src) {
        return new NatEntry(FlowKey.decode(src.asSlice(0, 40)), src.get(JAVA_INT, 40),
                Short.toUnsignedInt(src.get(JAVA_SHORT, 44)), Short.toUnsignedInt(src.get(JAVA_SHORT, 46)),
                src.get(JAVA_LONG, 48));
    }
}
