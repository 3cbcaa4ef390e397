package dev.blixt;

import dev.blixt.bpf.BpfMap;
import dev.blixt.bpf.BpfObject;
import dev.blixt.bpf.BpfProgram;
import dev.blixt.bpf.Codec;
import dev.blixt.bpf.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The restore-mode harness of {@code src/bench/c/harness.bpf.c}: per iteration it restores the
 * original frame, optionally XORs an iteration counter into the source port and the low half of
 * the source address (a new flow every iteration), and tail-calls the program in slot 0 of its
 * PROG_ARRAY. Also holds the baselines: the null program, parse then pass, rewrite then TX.
 */
final class Harness implements AutoCloseable {
    static final String RESOURCE = "/bench-bpf/harness.bpf.o";
    static final int FRAME_MAX = 256;
    private static final int HEADER = 16;

    final BpfObject object;
    final BpfProgram harness;
    final BpfProgram nullTarget;
    final BpfProgram parsePass;
    final BpfProgram rewriteTx;
    private final BpfMap<Integer, byte[]> frames;
    private final BpfMap<Integer, Integer> target;

    private Harness(BpfObject object) {
        this.object = object;
        this.harness = object.program("harness");
        this.nullTarget = object.program("null_target");
        this.parsePass = object.program("parse_pass");
        this.rewriteTx = object.program("rewrite_tx");
        this.frames = object.map("frames", Codec.u32(), Codec.bytes(HEADER + FRAME_MAX));
        this.target = object.map("target", Codec.u32(), Codec.u32());
    }

    static byte[] resource(String name) {
        try (InputStream in = Harness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path: build with -Pbench (scripts/bench)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Harness load() {
        try (var spec = BpfObject.open(resource(RESOURCE), "harness")) {
            return new Harness(spec.load());
        }
    }

    /** No variation: every iteration runs on the same frame. */
    static final int SAME = 0;
    /** A new flow every iteration: all 32 counter bits, source port and low half of the IPv4 source. */
    static final int NEW_FLOW = -1;
    /** 65536 flows in turn: the low 16 counter bits into the source port. */
    static final int FLOWS_64K = 0xffff;

    /**
     * Sets the frame that every iteration starts from, keeping the iteration counter.
     *
     * @param frame the original frame
     * @param mask the counter bits XORed into the frame: {@link #SAME}, {@link #NEW_FLOW} or {@link #FLOWS_64K}
     */
    void frame(byte[] frame, int mask) {
        if (frame.length < 14 || frame.length > FRAME_MAX) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes: the harness takes 14.." + FRAME_MAX);
        }
        int counter = counter();
        ByteBuffer b = ByteBuffer.allocate(HEADER + FRAME_MAX).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(frame.length).putInt(counter).putInt(mask);
        // IPv4 without options: source port at 14 + 20, low half of the source address at 14 + 14.
        b.putShort((short) 34).putShort((short) 28);
        b.put(frame);
        frames.put(0, b.array());
    }

    /** The iteration counter (how many iterations ran so far, modulo 2^32). */
    int counter() {
        byte[] v = frames.get(0).orElseThrow();
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    /** Puts the program under test into the harness's PROG_ARRAY. */
    void target(BpfProgram program) {
        target.put(0, program.fd());
    }

    /** Runs the harness: {@code repeat} iterations of restore + tail call. */
    TestRun run(byte[] frame, byte[] ctx, int repeat) {
        return harness.testRun(frame, ctx, repeat);
    }

    @Override
    public void close() {
        object.close();
    }
}
