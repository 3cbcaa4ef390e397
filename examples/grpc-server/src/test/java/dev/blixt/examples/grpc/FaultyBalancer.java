package dev.blixt.examples.grpc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Wraps a balancer so that its next updates throw, as a data plane that refuses a transaction does
 * (nothing changed): for the failure tests. Every other call passes through.
 */
final class FaultyBalancer {
    private static final Set<String> UPDATES = Set.of("apply", "update");

    private final Balancer balancer;
    private Supplier<RuntimeException> failure = IllegalStateException::new;
    private int failures;

    FaultyBalancer(Balancer delegate) {
        this.balancer = (Balancer) Proxy.newProxyInstance(Balancer.class.getClassLoader(), new Class<?>[] {Balancer.class},
                (proxy, method, args) -> {
                    if (UPDATES.contains(method.getName())) {
                        maybeFail();
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The balancer to serve: the delegate, except for the failures set by {@link #failUpdate}. */
    Balancer balancer() {
        return balancer;
    }

    /** The next {@code count} updates (and applies) throw {@code failure}, changing nothing. */
    synchronized void failUpdate(int count, Supplier<RuntimeException> failure) {
        this.failures = count;
        this.failure = failure;
    }

    private synchronized void maybeFail() {
        if (failures > 0) {
            failures--;
            throw failure.get();
        }
    }
}
