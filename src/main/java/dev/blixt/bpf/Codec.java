package dev.blixt.bpf;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Converts between a Java value and the bytes of a map key or value.
 *
 * <p>{@link #layout()} must describe exactly the C type: its size is checked against the map's key or
 * value size. {@link #encode} writes into a zeroed segment of that size (so padding stays zero) and
 * {@link #decode} reads from one; both segments are aligned to the layout's alignment.
 *
 * <p>Example, a record key matching {@code struct vip_key { __be32 addr; __be16 port; __u8 proto; __u8 pad; }}:
 * <pre>{@code
 * record VipKey(int addr, short port, byte proto) {}
 * static final StructLayout VIP_KEY = MemoryLayout.structLayout(
 *         ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("addr"),
 *         ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("port"),
 *         ValueLayout.JAVA_BYTE.withName("proto"),
 *         MemoryLayout.paddingLayout(1));
 * static final Codec<VipKey> VIP_KEY_CODEC = Codec.of(VIP_KEY,
 *         (k, seg) -> {
 *             seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0, k.addr());
 *             seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, k.port());
 *             seg.set(ValueLayout.JAVA_BYTE, 6, k.proto());
 *         },
 *         seg -> new VipKey(seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0),
 *                 seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4),
 *                 seg.get(ValueLayout.JAVA_BYTE, 6)));
 * }</pre>
 *
 * @param <T> the Java type
 */
public interface Codec<T> {

    /**
     * The memory layout of the encoded value; its size is the key or value size.
     *
     * @return the layout
     */
    MemoryLayout layout();

    /**
     * Writes {@code value} into {@code dst}.
     *
     * @param value the value
     * @param dst a zeroed segment of {@code layout().byteSize()} bytes
     */
    void encode(T value, MemorySegment dst);

    /**
     * Reads a value from {@code src}.
     *
     * @param src a segment of {@code layout().byteSize()} bytes
     * @return the value
     */
    T decode(MemorySegment src);

    /**
     * The encoded size in bytes.
     *
     * @return {@code layout().byteSize()}
     */
    default long byteSize() {
        return layout().byteSize();
    }

    /**
     * A 32-bit unsigned integer in native byte order ({@code __u32}); Java's {@code int} holds its bits.
     *
     * @return the codec
     */
    static Codec<Integer> u32() {
        return Codecs.U32;
    }

    /**
     * A 64-bit unsigned integer in native byte order ({@code __u64}); Java's {@code long} holds its bits.
     *
     * @return the codec
     */
    static Codec<Long> u64() {
        return Codecs.U64;
    }

    /**
     * Raw bytes of a fixed size: encoding checks the array's length, decoding returns a copy.
     *
     * @param size the size in bytes, at least 1
     * @return the codec
     * @throws IllegalArgumentException if {@code size < 1}
     */
    static Codec<byte[]> bytes(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("byte codec size must be at least 1, got " + size);
        }
        return new Codecs.Bytes(size);
    }

    /**
     * A codec from a layout and two functions, for records and other structured values (no reflection).
     *
     * @param <T> the Java type
     * @param layout the C layout; its size must be a multiple of its alignment, as C's {@code sizeof} is
     * @param encoder writes a value into a zeroed segment of the layout's size
     * @param decoder reads a value from a segment of the layout's size
     * @return the codec
     * @throws IllegalArgumentException if the layout is empty or lacks trailing padding
     */
    static <T> Codec<T> of(MemoryLayout layout, BiConsumer<? super T, MemorySegment> encoder,
                           Function<MemorySegment, ? extends T> decoder) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        if (layout.byteSize() < 1) {
            throw new IllegalArgumentException("codec layout " + layout + " is empty");
        }
        if (layout.byteSize() % layout.byteAlignment() != 0) {
            throw new IllegalArgumentException("codec layout " + layout + " has size " + layout.byteSize()
                    + ", not a multiple of its alignment " + layout.byteAlignment()
                    + ": add trailing padding as C does (MemoryLayout.paddingLayout)");
        }
        return new Codecs.Of<>(layout, encoder, decoder, "Codec.of(" + layout + ")");
    }
}

/** Implementations of the built-in codecs. */
final class Codecs {
    private Codecs() {
    }

    static final Codec<Integer> U32 = new Of<>(ValueLayout.JAVA_INT,
            (value, dst) -> dst.set(ValueLayout.JAVA_INT_UNALIGNED, 0, value),
            src -> src.get(ValueLayout.JAVA_INT_UNALIGNED, 0), "Codec.u32()");

    static final Codec<Long> U64 = new Of<>(ValueLayout.JAVA_LONG,
            (value, dst) -> dst.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, value),
            src -> src.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), "Codec.u64()");

    record Bytes(int size) implements Codec<byte[]> {
        @Override
        public MemoryLayout layout() {
            return MemoryLayout.sequenceLayout(size, ValueLayout.JAVA_BYTE);
        }

        @Override
        public void encode(byte[] value, MemorySegment dst) {
            if (value.length != size) {
                throw new IllegalArgumentException("expected " + size + " bytes, got " + value.length);
            }
            MemorySegment.copy(value, 0, dst, ValueLayout.JAVA_BYTE, 0, size);
        }

        @Override
        public byte[] decode(MemorySegment src) {
            return src.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
        }

        @Override
        public String toString() {
            return "Codec.bytes(" + size + ")";
        }
    }

    record Of<T>(MemoryLayout layout, BiConsumer<? super T, MemorySegment> encoder,
                 Function<MemorySegment, ? extends T> decoder, String name) implements Codec<T> {
        @Override
        public void encode(T value, MemorySegment dst) {
            encoder.accept(value, dst);
        }

        @Override
        public T decode(MemorySegment src) {
            return decoder.apply(src);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
