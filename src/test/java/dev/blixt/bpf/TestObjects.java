package dev.blixt.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test BPF objects compiled from src/test/c into target/test-classes/bpf, and codecs for their maps. */
final class TestObjects {

    private TestObjects() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = TestObjects.class.getResourceAsStream("/bpf/" + name + ".bpf.o")) {
            if (in == null) {
                throw new IllegalStateException("test object /bpf/" + name + ".bpf.o missing: build with Maven");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String name) {
        try {
            return Path.of(TestObjects.class.getResource("/bpf/" + name + ".bpf.o").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens src/test/c/toolkit_test.bpf.c (not loaded). */
    static OpenObject open() {
        return BpfObject.open(bytes("toolkit_test"), "toolkit_test");
    }

    /** Opens and loads src/test/c/toolkit_test.bpf.c. */
    static BpfObject load() {
        try (OpenObject spec = open()) {
            return spec.load();
        }
    }

    /** {@code struct flow_key { __u32 addr; __u16 port; __u8 proto; __u8 pad; }}. */
    record FlowKey(int addr, short port, byte proto) {
    }

    /** {@code struct flow_val { __u64 packets; __u64 bytes; }}. */
    record FlowVal(long packets, long bytes) {
    }

    static final StructLayout FLOW_KEY = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("addr"),
            ValueLayout.JAVA_SHORT.withName("port"),
            ValueLayout.JAVA_BYTE.withName("proto"),
            MemoryLayout.paddingLayout(1));

    static final StructLayout FLOW_VAL = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("packets"),
            ValueLayout.JAVA_LONG.withName("bytes"));

    static final Codec<FlowKey> FLOW_KEY_CODEC = Codec.of(FLOW_KEY,
            (k, s) -> {
                s.set(ValueLayout.JAVA_INT, 0, k.addr());
                s.set(ValueLayout.JAVA_SHORT, 4, k.port());
                s.set(ValueLayout.JAVA_BYTE, 6, k.proto());
            },
            s -> new FlowKey(s.get(ValueLayout.JAVA_INT, 0), s.get(ValueLayout.JAVA_SHORT, 4), s.get(ValueLayout.JAVA_BYTE, 6)));

    static final Codec<FlowVal> FLOW_VAL_CODEC = Codec.of(FLOW_VAL,
            (v, s) -> {
                s.set(ValueLayout.JAVA_LONG, 0, v.packets());
                s.set(ValueLayout.JAVA_LONG, 8, v.bytes());
            },
            s -> new FlowVal(s.get(ValueLayout.JAVA_LONG, 0), s.get(ValueLayout.JAVA_LONG, 8)));

    /** A 64-byte IPv4/UDP-looking frame: dst 02:00:00:00:00:01, src 02:00:00:00:00:02. */
    static byte[] frame() {
        byte[] f = new byte[64];
        byte[] dst = {2, 0, 0, 0, 0, 1};
        byte[] src = {2, 0, 0, 0, 0, 2};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x00;
        f[14] = 0x45;
        for (int i = 15; i < f.length; i++) {
            f[i] = (byte) i;
        }
        return f;
    }

    /** {@link #frame()} with the two MAC addresses swapped. */
    static byte[] swapped(byte[] f) {
        byte[] o = f.clone();
        System.arraycopy(f, 6, o, 0, 6);
        System.arraycopy(f, 0, o, 6, 6);
        return o;
    }
}
