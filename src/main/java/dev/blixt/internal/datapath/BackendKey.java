package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Key of the {@code backend_vips} map: a backend as its replies show it.
 *
 * @param address the backend address
 * @param port the backend port on the wire, 0 for a backend of a port-0 VIP
 * @param protocol IANA protocol number
 */
public record BackendKey(InetAddress address, int port, int protocol) {
    /** Validates the fields. */
    public BackendKey {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** Writes this key in the layout of {@link Layouts#BACKEND_KEY}. */
    public void encode(MemorySegment dst) {
        Layouts.putAddress(dst, 0, address);
        dst.set(Layouts.BE16, 16, (short) port);
        dst.set(JAVA_BYTE, 18, (byte) protocol);
        dst.set(JAVA_BYTE, 19, (byte) Layouts.family(address));
    }

    /** Reads a key in the layout of {@link Layouts#BACKEND_KEY}. */
    public static BackendKey decode(MemorySegment src) {
        int family = src.get(JAVA_BYTE, 19);
        return new BackendKey(Layouts.getAddress(src, 0, family), Short.toUnsignedInt(src.get(Layouts.BE16, 16)),
                Byte.toUnsignedInt(src.get(JAVA_BYTE, 18)));
    }
}
