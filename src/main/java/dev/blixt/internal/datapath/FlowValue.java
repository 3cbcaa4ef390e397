package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * Value of the {@code flows} map.
 *
 * @param backendId the backend the flow goes to
 * @param vipId the VIP the flow was created for
 * @param atimeNs UDP: coarse monotonic time of the last datagram; TCP: 0
 */
public record FlowValue(int backendId, int vipId, long atimeNs) {
    /** Writes this value in the layout of {@link Layouts#FLOW_VALUE}. */
    public void encode(MemorySegment dst) {
        dst.set(JAVA_INT, 0, backendId);
        dst.set(JAVA_INT, 4, vipId);
        dst.set(JAVA_LONG, 8, atimeNs);
    }

    /** Reads a value in the layout of {@link Layouts#FLOW_VALUE}. */
    public static FlowValue decode(MemorySegment src) {
        return new FlowValue(src.get(JAVA_INT, 0), src.get(JAVA_INT, 4), src.get(JAVA_LONG, 8));
    }
}
