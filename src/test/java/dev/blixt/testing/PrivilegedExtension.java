package dev.blixt.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.blixt.internal.libbpf.Errno;
import dev.blixt.internal.libbpf.Libbpf;
import dev.blixt.internal.libbpf.libbpf_h;
import dev.blixt.internal.libbpf.libc_h;

/**
 * The extension behind {@link Privileged}: checks once per JVM that the effective uid is 0 and that a
 * BPF map can be created. Skips (loudly) or, with {@code BLIXT_REQUIRE_PRIVILEGED=1}, fails.
 */
public final class PrivilegedExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {

    /** Why privileged tests cannot run here, or empty if they can. */
    private static final class Status {
        static final Optional<String> PROBLEM = probe();
    }

    /**
     * Whether privileged tests are required to run ({@code BLIXT_REQUIRE_PRIVILEGED=1}).
     *
     * @return {@code true} if a skip must be a failure
     */
    public static boolean required() {
        return "1".equals(System.getenv("BLIXT_REQUIRE_PRIVILEGED"));
    }

    /**
     * Why privileged tests cannot run, if they cannot.
     *
     * @return the reason, or empty
     */
    public static Optional<String> problem() {
        return Status.PROBLEM;
    }

    private static Optional<String> probe() {
        try {
            Libbpf.init();
        } catch (RuntimeException e) {
            return Optional.of("libbpf is unavailable: " + e.getMessage());
        }
        int euid = libc_h.geteuid();
        if (euid != 0) {
            return Optional.of("not running as root (euid " + euid + ")");
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = libbpf_h.bpf_map_create(libbpf_h.BPF_MAP_TYPE_ARRAY(), arena.allocateFrom("blixt_probe"), 4, 4, 1,
                    MemorySegment.NULL);
            if (fd < 0) {
                return Optional.of("cannot create a BPF map: " + Errno.name(fd) + " (" + Libbpf.strerror(fd) + ")");
            }
            libc_h.close(libbpf_h.allocateErrnoState(arena), fd);
        }
        return Optional.empty();
    }

    private static String banner(String reason, ExtensionContext context) {
        String line = "!".repeat(100);
        return line + "\n!!! SKIPPING PRIVILEGED TEST " + context.getDisplayName() + ": " + reason
                + "\n!!! run as root (scripts/test) or set BLIXT_REQUIRE_PRIVILEGED=1 to make this a failure\n" + line;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = problem();
        if (problem.isEmpty() || required()) {
            return ConditionEvaluationResult.enabled("privileged tests can run");
        }
        System.err.println(banner(problem.get(), context));
        return ConditionEvaluationResult.disabled("privileged test skipped: " + problem.get());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failIfRequired();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failIfRequired();
    }

    private static void failIfRequired() {
        Optional<String> problem = problem();
        if (problem.isPresent() && required()) {
            throw new AssertionError("BLIXT_REQUIRE_PRIVILEGED=1 but privileged tests cannot run: " + problem.get());
        }
    }
}
