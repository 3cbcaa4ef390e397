package dev.blixt.internal.datapath;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.blixt.bpf.Codec;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Key of the {@code src_ranges4} / {@code src_ranges6} LPM tries ({@code struct src_key4}, {@code struct
 * src_key6}): a VIP's tag, matched in full, then a prefix of the client address.
 *
 * @param tag {@code vip id << 1 | generation}
 * @param address the prefix's address (host bits zero)
 * @param prefixLength the prefix's length (without the tag's 32 bits)
 */
public record SourceKey(int tag, InetAddress address, int prefixLength) {
    /** Value of an allowing prefix ({@code BLIXT_SRC_ALLOW}). */
    public static final byte ALLOW = 1;
    /** Value of a refusing prefix ({@code BLIXT_SRC_DENY}). */
    public static final byte DENY = 2;
    /** Codec of IPv4 keys. */
    public static final Codec<SourceKey> V4 = Codec.of(Layouts.SRC_KEY4, SourceKey::encode, s -> decode(s, 4));
    /** Codec of IPv6 keys. */
    public static final Codec<SourceKey> V6 = Codec.of(Layouts.SRC_KEY6, SourceKey::encode, s -> decode(s, 16));

    /**
     * The tag of a VIP's prefixes of one generation.
     *
     * @param vipId the VIP id
     * @param generation 0 or 1
     * @return the tag
     */
    public static int tag(int vipId, int generation) {
        return vipId << 1 | (generation & 1);
    }

    /** {@return the VIP id of this key's tag} */
    public int vipId() {
        return tag >>> 1;
    }

    /** {@return the generation of this key's tag} */
    public int generation() {
        return tag & 1;
    }

    private void encode(MemorySegment dst) {
        dst.set(JAVA_INT, 0, 32 + prefixLength);
        dst.set(JAVA_INT, 4, tag);
        byte[] a = address.getAddress();
        for (int i = 0; i < a.length; i++) dst.set(JAVA_BYTE, 8 + i, a[i]);
    }

    private static SourceKey decode(MemorySegment src, int len) {
        byte[] a = new byte[len];
        for (int i = 0; i < len; i++) a[i] = src.get(JAVA_BYTE, 8 + i);
        try {
            return new SourceKey(src.get(JAVA_INT, 4), InetAddress.getByAddress(a), src.get(JAVA_INT, 0) - 32);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
