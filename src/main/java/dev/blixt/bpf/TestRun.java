package dev.blixt.bpf;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The result of running a program on a test packet ({@code BPF_PROG_TEST_RUN}).
 *
 * @param verdict the program's return value: an {@link XdpAction} code or a {@link TcAction} value
 * @param output the packet after the program ran (the last run when repeated)
 * @param durationNanos the kernel's mean time per run in nanoseconds
 */
public record TestRun(int verdict, byte[] output, long durationNanos) {

    /**
     * Validates and copies the output.
     *
     * @param verdict the return value
     * @param output the output packet
     * @param durationNanos the mean duration, at least 0
     * @throws IllegalArgumentException if {@code durationNanos} is negative
     */
    public TestRun {
        Objects.requireNonNull(output, "output");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must be >= 0, got " + durationNanos);
        }
        output = output.clone();
    }

    /**
     * The output packet (a copy).
     *
     * @return the bytes
     */
    @Override
    public byte[] output() {
        return output.clone();
    }

    /**
     * The verdict as an XDP action.
     *
     * @return the action
     * @throws IllegalArgumentException if the verdict is not an XDP action
     */
    public XdpAction xdpAction() {
        return XdpAction.of(verdict);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestRun t && t.verdict == verdict && t.durationNanos == durationNanos
                && Arrays.equals(t.output, output);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * verdict + Arrays.hashCode(output)) + Long.hashCode(durationNanos);
    }

    @Override
    public String toString() {
        return "TestRun[verdict=" + verdict + ", output=" + HexFormat.of().formatHex(output)
                + ", durationNanos=" + durationNanos + "]";
    }
}
