package dev.blixt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.blixt.internal.libbpf.libbpf_h;

/**
 * Marks a test (class or method) that needs libbpf installed but no privileges. Without libbpf it is
 * skipped with a banner as loud as {@link Privileged}'s, and fails where {@code BLIXT_REQUIRE_PRIVILEGED=1}
 * (CI), since there nothing may be skipped.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NeedsLibbpf.Condition.class)
public @interface NeedsLibbpf {

    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (libbpf_h.isAvailable()) return ConditionEvaluationResult.enabled("libbpf is installed");
            String reason = "libbpf (libbpf.so.1) is not installed: apt-get install libbpf1 (scripts/test does)";
            if (PrivilegedExtension.required()) {
                throw new IllegalStateException(context.getDisplayName() + " cannot run: " + reason
                        + " (BLIXT_REQUIRE_PRIVILEGED=1 forbids skipping)");
            }
            String line = "!".repeat(100);
            System.err.println(line + "\n!!! SKIPPING TEST " + context.getDisplayName() + ": " + reason + "\n" + line);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
