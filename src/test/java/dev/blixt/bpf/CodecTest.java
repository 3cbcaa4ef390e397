package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class CodecTest {

    private static <T> T roundTrip(Codec<T> codec, T value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(codec.layout());
            codec.encode(value, seg);
            return codec.decode(seg);
        }
    }

    @Test
    void u32RoundTripsEveryIntInNativeOrder() {
        qt().forAll(integers().all()).check(i -> roundTrip(Codec.u32(), i).equals(i));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(4);
            Codec.u32().encode(0x01020304, seg);
            assertThat(seg.get(ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder()), 0)).isEqualTo(0x01020304);
        }
        assertThat(Codec.u32().byteSize()).isEqualTo(4);
    }

    @Test
    void u64RoundTripsEveryLong() {
        qt().forAll(longs().all()).check(l -> roundTrip(Codec.u64(), l).equals(l));
        assertThat(Codec.u64().byteSize()).isEqualTo(8);
    }

    @Test
    void bytesRoundTripArraysOfTheirSize() {
        qt().forAll(integers().between(1, 64), integers().all())
                .check((size, seed) -> {
                    byte[] value = new byte[size];
                    new java.util.Random(seed).nextBytes(value);
                    return java.util.Arrays.equals(roundTrip(Codec.bytes(size), value), value);
                });
    }

    @Test
    void bytesRefuseAnArrayOfAnotherSize() {
        assertThatThrownBy(() -> roundTrip(Codec.bytes(4), new byte[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 4 bytes, got 3");
        assertThatThrownBy(() -> Codec.bytes(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void recordCodecsRoundTripAndKeepPaddingZero() {
        qt().forAll(integers().all(), integers().between(0, 65535), integers().between(0, 255))
                .check((addr, port, proto) -> {
                    var key = new TestObjects.FlowKey(addr, (short) (int) port, (byte) (int) proto);
                    return roundTrip(TestObjects.FLOW_KEY_CODEC, key).equals(key);
                });
        qt().forAll(longs().all(), longs().all())
                .check((p, b) -> roundTrip(TestObjects.FLOW_VAL_CODEC, new TestObjects.FlowVal(p, b))
                        .equals(new TestObjects.FlowVal(p, b)));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(TestObjects.FLOW_KEY);
            TestObjects.FLOW_KEY_CODEC.encode(new TestObjects.FlowKey(-1, (short) -1, (byte) -1), seg);
            assertThat(seg.get(ValueLayout.JAVA_BYTE, 7)).isZero();
        }
        assertThat(TestObjects.FLOW_KEY_CODEC.byteSize()).isEqualTo(8);
    }

    @Test
    void ofRefusesALayoutWithoutTrailingPadding() {
        MemoryLayout unpadded = MemoryLayout.structLayout(ValueLayout.JAVA_INT, ValueLayout.JAVA_SHORT);
        assertThatThrownBy(() -> Codec.of(unpadded, (Integer v, MemorySegment s) -> { }, s -> 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size 6").hasMessageContaining("alignment 4").hasMessageContaining("padding");
    }

    @Test
    void bytesDecodeIsACopy() {
        qt().forAll(arrays().ofIntegers(integers().between(-128, 127)).withLength(8)).check(ints -> {
            byte[] v = new byte[8];
            for (int i = 0; i < 8; i++) {
                v[i] = (byte) (int) ints[i];
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(8);
                Codec.bytes(8).encode(v, seg);
                byte[] out = Codec.bytes(8).decode(seg);
                seg.fill((byte) 0x11);
                return java.util.Arrays.equals(out, v);
            }
        });
    }
}
