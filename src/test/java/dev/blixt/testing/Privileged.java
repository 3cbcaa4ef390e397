package dev.blixt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (class or method) that needs root and a working bpf(2): tagged {@code privileged}.
 *
 * <p>Without the privileges the test is skipped with a loud banner on stderr, unless the environment
 * sets {@code BLIXT_REQUIRE_PRIVILEGED=1}, where it fails with the reason.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("privileged")
@ExtendWith(PrivilegedExtension.class)
public @interface Privileged {
}
