package dev.blixt.examples.grpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link Privileged}. */
final class PrivilegedCondition implements ExecutionCondition {

    static Optional<String> problem() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String euid = line.split("\\s+")[2];
                    if (!euid.equals("0")) return Optional.of("not running as root (euid " + euid + ")");
                }
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            return Optional.of("iproute2's ip is not installed");
        }
        return Optional.empty();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = problem();
        if (problem.isEmpty()) return ConditionEvaluationResult.enabled("running as root");
        if ("1".equals(System.getenv("BLIXT_REQUIRE_PRIVILEGED"))) {
            throw new AssertionError("BLIXT_REQUIRE_PRIVILEGED=1 but " + context.getDisplayName() + " cannot run: "
                    + problem.get());
        }
        String bar = "!".repeat(90);
        System.err.println(bar + "\n!!! SKIPPED privileged test " + context.getDisplayName() + ": " + problem.get()
                + "\n!!! run as root, or set BLIXT_REQUIRE_PRIVILEGED=1 to make this a failure\n" + bar);
        return ConditionEvaluationResult.disabled("privileged: " + problem.get());
    }
}
