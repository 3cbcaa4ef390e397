package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * Value of the {@code vips} map.
 *
 * @param id the VIP's index (vip_table, rings, vip_stats)
 * @param mode forwarding mode ({@code MODE_*})
 * @param active the live ring half, 0 or 1
 * @param flags {@code BLIXT_VIP_F_*}
 */
public record VipInfo(int id, int mode, int active, int flags) {
    /** NAT mode: destination rewritten to the backend, replies rewritten back. */
    public static final int MODE_NAT = 0;
    /** DSR over IPIP: the packet unchanged inside an outer IPv4 or IPv6 header. */
    public static final int MODE_DSR_IPIP = 1;
    /** DSR over UDP/GUE (variant 1: the inner IP packet directly after the UDP header). */
    public static final int MODE_DSR_GUE = 2;
    /** Full NAT: source rewritten to a full-NAT address and port, destination to the backend. */
    public static final int MODE_FULL_NAT = 3;
    /** The flow hash ignores the source port (source-IP affinity). */
    public static final int F_HASH_NO_SRC_PORT = 1;
    /** Source ranges: a client that needs a backend selected is checked against the VIP's prefixes. */
    public static final int F_SRC_CHECK = 2;
    /** Source ranges: a client in none of the prefixes is refused (the allow list is not empty). */
    public static final int F_SRC_ALLOWLIST = 4;
    /** Source ranges: the live generation of the VIP's prefixes (bit 0 of their tag). */
    public static final int F_SRC_GEN = 8;

    /** Validates the fields. */
    public VipInfo {
        if (id < 0) throw new IllegalArgumentException("negative vip id: " + id);
        if (active != 0 && active != 1) throw new IllegalArgumentException("active half must be 0 or 1: " + active);
    }

    /** Writes this value in the layout of {@link Layouts#VIP_INFO}. */
    public void encode(MemorySegment dst) {
        dst.set(JAVA_INT, 0, id);
        dst.set(JAVA_BYTE, 4, (byte) mode);
        dst.set(JAVA_BYTE, 5, (byte) active);
        dst.set(JAVA_SHORT, 6, (short) flags);
    }

    /** Reads a value in the layout of {@link Layouts#VIP_INFO}. */
    public static VipInfo decode(MemorySegment src) {
        return new VipInfo(src.get(JAVA_INT, 0), Byte.toUnsignedInt(src.get(JAVA_BYTE, 4)),
                src.get(JAVA_BYTE, 5) & 1, Short.toUnsignedInt(src.get(JAVA_SHORT, 6)));
    }
}
