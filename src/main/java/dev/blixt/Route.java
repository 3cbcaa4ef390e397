package dev.blixt;

import java.util.List;
import java.util.Objects;

/**
 * A VIP and its backends, as the data plane holds them.
 *
 * @param vip the VIP
 * @param backends its backends in the order they were given (weight 0: draining)
 * @param mode how its packets reach the backends
 * @param policy its affinity and source ranges
 */
public record Route(Vip vip, List<Backend> backends, ForwardingMode mode, RoutePolicy policy) {
    /**
     * Validates and copies.
     *
     * @throws NullPointerException if an argument is null
     */
    public Route {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        backends = List.copyOf(backends);
    }

    /**
     * A route with the {@link RoutePolicy#DEFAULT default policy}.
     *
     * @param vip the VIP
     * @param backends its backends
     * @param mode how its packets reach the backends
     */
    public Route(Vip vip, List<Backend> backends, ForwardingMode mode) {
        this(vip, backends, mode, RoutePolicy.DEFAULT);
    }

    /**
     * A {@link ForwardingMode#NAT} route with the default policy.
     *
     * @param vip the VIP
     * @param backends its backends
     */
    public Route(Vip vip, List<Backend> backends) {
        this(vip, backends, ForwardingMode.NAT);
    }

    /**
     * The backend with the given address and port, if it is part of this route.
     *
     * @param backend a backend (its weight is ignored)
     * @return the backend as held in the route, with its weight
     */
    public java.util.Optional<Backend> find(Backend backend) {
        return backends.stream().filter(b -> b.key().equals(backend.key())).findFirst();
    }
}
