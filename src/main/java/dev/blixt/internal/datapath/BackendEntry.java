package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Value of the {@code backends} map (indexed by backend id).
 *
 * @param address where packets go
 * @param port destination port, or 0 to keep the packet's destination port
 * @param flags {@link #F_VALID} while the backend is part of its VIP
 * @param vipId the VIP the backend id belongs to
 * @param weight the backend's weight (bookkeeping, read back after a restart)
 */
public record BackendEntry(InetAddress address, int port, int flags, int vipId, int weight) {
    /** Set while the backend belongs to its VIP; a flow whose backend lost it is re-selected. */
    public static final int F_VALID = 1;

    /** Validates the fields. */
    public BackendEntry {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** Writes this value in the layout of {@link Layouts#BACKEND}. */
    public void encode(MemorySegment dst) {
        Layouts.putAddress(dst, 0, address);
        dst.set(Layouts.BE16, 16, (short) port);
        dst.set(JAVA_BYTE, 18, (byte) Layouts.family(address));
        dst.set(JAVA_BYTE, 19, (byte) flags);
        dst.set(JAVA_INT, 20, vipId);
        dst.set(JAVA_INT, 24, weight);
    }

    /** Reads a value in the layout of {@link Layouts#BACKEND}, or null for an all-zero entry. */
    public static @org.jspecify.annotations.Nullable BackendEntry decode(MemorySegment src) {
        int family = src.get(JAVA_BYTE, 18);
        if (family != Layouts.FAMILY_V4 && family != Layouts.FAMILY_V6) return null;
        return new BackendEntry(Layouts.getAddress(src, 0, family), Short.toUnsignedInt(src.get(Layouts.BE16, 16)),
                Byte.toUnsignedInt(src.get(JAVA_BYTE, 19)), src.get(JAVA_INT, 20), src.get(JAVA_INT, 24));
    }
}
