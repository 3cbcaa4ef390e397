package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * Value of the {@code flows} map.
 *
 * @param backendId the backend the flow goes to
 * @param vipId the VIP the flow was created for (0 to 65534)
 * @param mode the VIP's forwarding mode when the flow was created ({@code VipInfo.MODE_*}): a flow keeps it
 * @param nat full NAT: the probe that found the flow's address and port ({@link FullNat#slot}); else 0
 * @param atimeNs UDP: coarse monotonic time of the last datagram; TCP: 0
 */
public record FlowValue(int backendId, int vipId, int mode, int nat, long atimeNs) {

    /** Writes this value in the layout of {@link Layouts#FLOW_VALUE}. */
    public void encode(MemorySegment dst) {
        dst.set(JAVA_INT, 0, backendId);
        dst.set(JAVA_SHORT, 4, (short) vipId);
        dst.set(JAVA_BYTE, 6, (byte) mode);
        dst.set(JAVA_BYTE, 7, (byte) nat);
        dst.set(JAVA_LONG, 8, atimeNs);
    }

    /** Reads a value in the layout of {@link Layouts#FLOW_VALUE}. */
    public static FlowValue decode(MemorySegment src) {
        return new FlowValue(src.get(JAVA_INT, 0), Short.toUnsignedInt(src.get(JAVA_SHORT, 4)),
                Byte.toUnsignedInt(src.get(JAVA_BYTE, 6)), Byte.toUnsignedInt(src.get(JAVA_BYTE, 7)), src.get(JAVA_LONG, 8));
    }
}
