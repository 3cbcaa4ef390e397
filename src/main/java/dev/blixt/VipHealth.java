package dev.blixt;

import java.util.Map;
import java.util.Objects;

/**
 * A health-checked VIP: its check, the route as the user stated it, and each backend's health
 * ({@link Dataplane#health(Vip)}).
 *
 * <p>{@link Dataplane#routeOf(Vip)} returns the route the kernel applies: {@link #desired()} with unhealthy
 * backends at weight 0 ({@link HealthCheck.Action#DRAIN}) or left out ({@link HealthCheck.Action#REMOVE}). To change
 * the route by reading it first, read {@code desired()}, not {@code routeOf}: a backend drained by its health check
 * would otherwise be stated at weight 0 and stay drained once healthy again.
 *
 * @param vip the VIP
 * @param check its health check
 * @param desired the route as last stated by {@code route(vip).to(...)}, {@code update} or {@code drain}
 * @param backends the health of each backend of {@code desired}, in its order
 */
public record VipHealth(Vip vip, HealthCheck check, Route desired, Map<Endpoint, BackendHealth> backends) {
    /**
     * Validates and copies.
     *
     * @throws NullPointerException if an argument is null
     */
    public VipHealth {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(desired, "desired");
        backends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backends));
    }
}
