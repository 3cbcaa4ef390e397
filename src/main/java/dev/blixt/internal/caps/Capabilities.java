package dev.blixt.internal.caps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The effective Linux capabilities of the calling thread and what loading and attaching the data plane
 * needs of them.
 *
 * <p>The kernel's real minimum (measured on 6.18 with a child JVM under each set, see
 * {@code CapabilitiesTest}): {@code CAP_BPF} to create maps and load programs, {@code CAP_PERFMON}
 * because without it the verifier refuses the program's pointer arithmetic ("R1 pointer -= pointer
 * prohibited": pointer leaks are allowed only to perfmon-capable loaders), and {@code CAP_NET_ADMIN}
 * to attach to interfaces. {@code CAP_SYS_ADMIN} alone is enough too: it stands in for {@code CAP_BPF} and
 * {@code CAP_PERFMON} (and is the only way before Linux 5.8, which has neither), and the kernel accepts it
 * for attaching through BPF links (tcx, XDP links) as it does {@code CAP_NET_ADMIN}; before Linux 6.6
 * (no tcx) tc programs attach through rtnetlink, which wants {@code CAP_NET_ADMIN} as well.
 *
 * <p>Parsing is pure ({@link #parseEffective}, {@link #missing}) so that it is unit-tested without
 * changing the test's own capabilities.
 */
public final class Capabilities {
    /** {@code CAP_NET_ADMIN}. */
    public static final int CAP_NET_ADMIN = 12;
    /** {@code CAP_SYS_ADMIN}. */
    public static final int CAP_SYS_ADMIN = 21;
    /** {@code CAP_PERFMON} (Linux 5.8+). */
    public static final int CAP_PERFMON = 38;
    /** {@code CAP_BPF} (Linux 5.8+). */
    public static final int CAP_BPF = 39;

    private Capabilities() {}

    /**
     * What the running kernel offers that changes the rules.
     *
     * @param capBpf whether it knows CAP_BPF and CAP_PERFMON (Linux 5.8+); if not, only CAP_SYS_ADMIN
     *     lets a process load BPF programs
     * @param tcx whether tc programs attach through tcx links (Linux 6.6+), which CAP_SYS_ADMIN may create;
     *     if not, they attach through rtnetlink (a clsact filter), which needs CAP_NET_ADMIN
     */
    public record Kernel(boolean capBpf, boolean tcx) {
        /** A current kernel: CAP_BPF and tcx links. */
        public static final Kernel CURRENT = new Kernel(true, true);

        /**
         * The running kernel, from {@code /proc/sys/kernel/cap_last_cap} and {@code osrelease}; each
         * assumed present when it cannot be read.
         *
         * @return the running kernel
         */
        public static Kernel running() {
            boolean capBpf = true;
            boolean tcx = true;
            try {
                capBpf = Integer.parseInt(read(Path.of("/proc/sys/kernel/cap_last_cap")).strip()) >= CAP_BPF;
            } catch (IOException | NumberFormatException e) {
                // assume a current kernel
            }
            try {
                tcx = atLeast(read(Path.of("/proc/sys/kernel/osrelease")).strip(), 6, 6);
            } catch (IOException | RuntimeException e) {
                // assume a current kernel
            }
            return new Kernel(capBpf, tcx);
        }
    }

    /**
     * Whether a kernel release string ({@code 6.18.0-1-amd64}) is at least {@code major.minor}.
     *
     * @param release the release
     * @param major the major version
     * @param minor the minor version
     * @return true if at least that version
     * @throws NumberFormatException if the release does not start with {@code N.N}
     */
    static boolean atLeast(String release, int major, int minor) {
        String[] p = release.split("[.-]", 3);
        int ma = Integer.parseInt(p[0]);
        int mi = Integer.parseInt(p[1].replaceAll("\\D.*", ""));
        return ma > major || (ma == major && mi >= minor);
    }

    /**
     * The effective set from the text of {@code /proc/<pid>/status}: its {@code CapEff:} line (hex).
     *
     * @param status the file's text
     * @return the set as a bit mask ({@code 1L << CAP_X})
     * @throws IllegalArgumentException if there is no parsable {@code CapEff:} line
     */
    public static long parseEffective(String status) {
        for (String line : status.split("\n")) {
            if (!line.startsWith("CapEff:")) continue;
            String hex = line.substring("CapEff:".length()).strip();
            try {
                return Long.parseUnsignedLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CapEff is not hexadecimal: '" + hex + "'", e);
            }
        }
        throw new IllegalArgumentException("no CapEff line in the process status");
    }

    /**
     * Whether {@code cap} is in {@code set}.
     *
     * @param set a bit mask
     * @param cap a capability number
     * @return true if present
     */
    public static boolean has(long set, int cap) {
        return (set & (1L << cap)) != 0;
    }

    /**
     * The capabilities that {@code effective} lacks for loading and attaching the data plane, as
     * names ({@code CAP_BPF}, ...), in the order to grant them; empty if it has enough.
     *
     * @param effective the effective set
     * @param kernel what the kernel offers
     * @return the missing capabilities
     */
    public static List<String> missing(long effective, Kernel kernel) {
        List<String> out = new ArrayList<>();
        boolean sys = has(effective, CAP_SYS_ADMIN);
        if (kernel.capBpf()) {
            if (!sys && !has(effective, CAP_BPF)) out.add("CAP_BPF");
            if (!sys && !has(effective, CAP_PERFMON)) out.add("CAP_PERFMON");
        } else if (!sys) {
            out.add("CAP_SYS_ADMIN");
        }
        // The kernel lets CAP_SYS_ADMIN attach through BPF links (tcx, XDP links) too; a clsact filter
        // (no tcx before 6.6) goes through rtnetlink, which wants CAP_NET_ADMIN.
        if ((!sys || !kernel.tcx()) && !has(effective, CAP_NET_ADMIN)) out.add("CAP_NET_ADMIN");
        return out;
    }

    /**
     * The names of the capabilities in {@code effective} that matter here.
     *
     * @param effective the effective set
     * @return e.g. {@code [CAP_BPF, CAP_NET_ADMIN]}
     */
    public static List<String> relevant(long effective) {
        List<String> out = new ArrayList<>();
        if (has(effective, CAP_BPF)) out.add("CAP_BPF");
        if (has(effective, CAP_PERFMON)) out.add("CAP_PERFMON");
        if (has(effective, CAP_NET_ADMIN)) out.add("CAP_NET_ADMIN");
        if (has(effective, CAP_SYS_ADMIN)) out.add("CAP_SYS_ADMIN");
        return out;
    }

    /**
     * Why loading would fail for lack of capabilities, or empty if the process has enough (or its
     * capabilities cannot be read: then the kernel decides and its error is mapped instead).
     *
     * @param effective the effective set
     * @param kernel what the kernel offers
     * @return the refusal, naming exactly the missing capabilities and what to do
     */
    public static Optional<String> refusal(long effective, Kernel kernel) {
        List<String> missing = missing(effective, kernel);
        if (missing.isEmpty()) return Optional.empty();
        List<String> has = relevant(effective);
        String sysAlone = kernel.tcx() ? "CAP_SYS_ADMIN" : "CAP_SYS_ADMIN and CAP_NET_ADMIN";
        String needs = kernel.capBpf() ? "CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN (or " + sysAlone + ")"
                : sysAlone + " (this kernel predates CAP_BPF)";
        return Optional.of("the process lacks " + String.join(" and ", missing)
                + (has.isEmpty() ? " (it has none of the capabilities involved)" : " (it has " + String.join(", ", has) + ")")
                + ": loading and attaching the data plane needs " + needs + ". Grant " + String.join(" and ", missing)
                + " (systemd: AmbientCapabilities=, containers: --cap-add, files: setcap) or run as root");
    }

    /**
     * The calling thread's effective set, from {@code /proc/thread-self/status}.
     *
     * @return the set, or empty if it cannot be read (no procfs)
     */
    public static Optional<Long> effective() {
        for (String p : List.of("/proc/thread-self/status", "/proc/self/status")) {
            try {
                return Optional.of(parseEffective(read(Path.of(p))));
            } catch (IOException | IllegalArgumentException e) {
                // try the next, else unknown
            }
        }
        return Optional.empty();
    }

    /** Reads a procfs file to its end (Files.readString trusts the size procfs reports and can stop short). */
    private static String read(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * {@link #refusal} for the calling thread, or empty if it has enough or its set is unknown.
     *
     * @return the refusal
     */
    public static Optional<String> checkCurrent() {
        return effective().flatMap(e -> refusal(e, Kernel.running()));
    }

    /**
     * Advice for a load that the kernel refused with EPERM or EACCES: the missing capabilities if any,
     * else what else makes the kernel refuse a process that has them.
     *
     * @return the advice
     */
    public static String adviceForRefusedLoad() {
        Optional<Long> eff = effective();
        if (eff.isEmpty()) return "run as root or grant CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN";
        return adviceForRefusedLoad(eff.get(), Kernel.running());
    }

    /**
     * {@link #adviceForRefusedLoad()} for a given effective set.
     *
     * @param effective the effective set
     * @param kernel what the kernel offers
     * @return the advice
     */
    public static String adviceForRefusedLoad(long effective, Kernel kernel) {
        Optional<String> refusal = refusal(effective, kernel);
        if (refusal.isPresent()) return refusal.get();
        return "the process already has " + String.join(", ", relevant(effective)) + ", so capabilities are not the"
                + " cause: look for an LSM policy (SELinux, AppArmor, BPF LSM), kernel lockdown, a seccomp filter, or"
                + " a user namespace (capabilities there do not count for BPF)";
    }
}
