package dev.blixt.internal.hash;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * MurmurHash3_x86_32, the 32-bit variant of Austin Appleby's public-domain MurmurHash3.
 *
 * <p>The input is consumed as little-endian 32-bit blocks, then a tail of 0 to 3 bytes, then the length
 * (modulo 2<sup>32</sup>) is mixed in and the result goes through the {@code fmix32} finaliser. Results
 * are bit-for-bit those of the reference C code ({@code MurmurHash3_x86_32} in SMHasher) on a
 * little-endian machine, returned as a Java {@code int} (reinterpret as unsigned where needed).
 *
 * <p>The block and finalisation steps are also exposed to this package so that fixed-layout inputs
 * (see {@link FlowHash}) can be hashed word by word without building a byte array.
 */
public final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt SEGMENT_INT_LE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Murmur3() {}

    /**
     * Hashes all of {@code data}.
     *
     * @param data the bytes to hash
     * @param seed the seed (any 32-bit value)
     * @return the 32-bit hash
     */
    public static int hash32(byte[] data, int seed) {
        return hash32(data, 0, data.length, seed);
    }

    /**
     * Hashes {@code length} bytes of {@code data} starting at {@code offset}.
     *
     * @param data the bytes to hash
     * @param offset the index of the first byte to hash
     * @param length the number of bytes to hash
     * @param seed the seed (any 32-bit value)
     * @return the 32-bit hash
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not describe a range of
     *     {@code data}
     */
    public static int hash32(byte[] data, int offset, int length, int seed) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int h = seed;
        int end = offset + (length & ~3);
        for (int i = offset; i < end; i += 4) {
            h = mixBlock(h, (int) INT_LE.get(data, i));
        }
        int rem = length & 3;
        if (rem != 0) {
            int k = data[end] & 0xff;
            if (rem >= 2) {
                k |= (data[end + 1] & 0xff) << 8;
            }
            if (rem == 3) {
                k |= (data[end + 2] & 0xff) << 16;
            }
            h ^= mixK(k);
        }
        return finish(h, length);
    }

    /**
     * Hashes all bytes of {@code segment}, in address order.
     *
     * <p>The length mixed into the hash is the segment size modulo 2<sup>32</sup>, as in the reference
     * code (whose length parameter is 32 bits wide).
     *
     * @param segment the bytes to hash (heap or native; must be accessible from the calling thread)
     * @param seed the seed (any 32-bit value)
     * @return the 32-bit hash
     */
    public static int hash32(MemorySegment segment, int seed) {
        long length = segment.byteSize();
        long end = length & ~3L;
        int h = seed;
        for (long i = 0; i < end; i += 4) {
            h = mixBlock(h, segment.get(SEGMENT_INT_LE, i));
        }
        int rem = (int) (length & 3);
        if (rem != 0) {
            int k = segment.get(ValueLayout.JAVA_BYTE, end) & 0xff;
            if (rem >= 2) {
                k |= (segment.get(ValueLayout.JAVA_BYTE, end + 1) & 0xff) << 8;
            }
            if (rem == 3) {
                k |= (segment.get(ValueLayout.JAVA_BYTE, end + 2) & 0xff) << 16;
            }
            h ^= mixK(k);
        }
        return finish(h, (int) length);
    }

    /**
     * Scrambles one block or tail value (the c1, rotate 15, c2 step).
     *
     * @param k the block, read as a little-endian 32-bit value (a tail zero-extended)
     * @return the scrambled value, to be XORed into the running state
     */
    static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    /**
     * Mixes one full 4-byte block into the running state.
     *
     * @param h the running state (the seed before the first block)
     * @param k the block, read as a little-endian 32-bit value
     * @return the new running state
     */
    static int mixBlock(int h, int k) {
        h ^= mixK(k);
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    /**
     * Mixes in the length and applies {@code fmix32}. Callers that have a tail mix it in first with
     * {@code h ^= mixK(tail)}.
     *
     * @param h the running state after all blocks (and the tail)
     * @param length the total input length in bytes, modulo 2<sup>32</sup>
     * @return the final hash
     */
    static int finish(int h, int length) {
        h ^= length;
        return fmix32(h);
    }

    /**
     * The MurmurHash3 32-bit finaliser (an avalanche mixer); a bijection on {@code int}.
     *
     * @param h the value to mix
     * @return the mixed value
     */
    public static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
