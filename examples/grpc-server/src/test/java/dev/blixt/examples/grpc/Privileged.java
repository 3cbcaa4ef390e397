package dev.blixt.examples.grpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs root (BPF, network namespaces): tagged {@code privileged}, skipped with a loud
 * message when not root, failed instead when {@code BLIXT_REQUIRE_PRIVILEGED=1}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("privileged")
@ExtendWith(PrivilegedCondition.class)
@interface Privileged {}
