package dev.blixt.internal.datapath;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Key of the {@code vips} map: a VIP's address, port (0 = all ports) and protocol. Protocol 0
 * with port 0 is the address marker present while any VIP uses the address.
 *
 * @param address the VIP address
 * @param port the port, 0..65535
 * @param protocol IANA protocol number (6 TCP, 17 UDP) or 0 for the marker
 */
public record VipKey(InetAddress address, int port, int protocol) {
    /** Validates the fields. */
    public VipKey {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (protocol < 0 || protocol > 255) throw new IllegalArgumentException("protocol out of range: " + protocol);
    }

    /** The address marker of a VIP address. */
    public static VipKey marker(InetAddress address) {
        return new VipKey(address, 0, 0);
    }

    /** Writes this key in the layout of {@link Layouts#VIP_KEY}. */
    public void encode(MemorySegment dst) {
        Layouts.putAddress(dst, 0, address);
        dst.set(Layouts.BE16, 16, (short) port);
        dst.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 18, (byte) protocol);
        dst.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 19, (byte) Layouts.family(address));
    }

    /** Reads a key in the layout of {@link Layouts#VIP_KEY}. */
    public static VipKey decode(MemorySegment src) {
        int family = src.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 19);
        return new VipKey(Layouts.getAddress(src, 0, family), Short.toUnsignedInt(src.get(Layouts.BE16, 16)),
                Byte.toUnsignedInt(src.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 18)));
    }
}
