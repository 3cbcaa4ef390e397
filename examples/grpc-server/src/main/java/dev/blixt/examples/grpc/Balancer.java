package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.CapacityException;
import dev.blixt.error.DataplaneException;
import dev.blixt.GlobalStats;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Transaction;
import dev.blixt.Vip;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the gRPC services need from a data plane: the route operations of {@link dev.blixt.Dataplane}
 * and its counters, plus its limits. {@link DataplaneBalancer} is the real one; {@link
 * InMemoryBalancer} keeps routes in memory and validates through the library's own planner ({@link
 * Transaction#validate}), so the services can be tested
 * and tried without root.
 */
public interface Balancer extends AutoCloseable {

    /**
     * Replaces a VIP's backend set (creating the VIP if new), atomically: on error nothing changes.
     *
     * @param vip the VIP
     * @param backends its full backend set
     * @return the route as applied
     * @throws IllegalArgumentException if the backend set is invalid for the VIP
     * @throws CapacityException if a limit of the data plane is reached
     * @throws DataplaneException if the kernel refuses the update
     */
    Route apply(Vip vip, List<Backend> backends);

    /**
     * Applies several route changes all or nothing ({@link dev.blixt.Dataplane#update}): every change
     * is validated before anything changes, and a failure leaves every route as it was.
     *
     * @param changes fills the transaction
     * @return every route afterwards
     * @throws IllegalArgumentException if a change is invalid (nothing changed)
     * @throws CapacityException if a limit of the data plane is reached (nothing changed)
     * @throws DataplaneException if the kernel refuses the update (nothing changed)
     */
    List<Route> update(Consumer<Transaction> changes);

    /**
     * Removes a VIP, its backends and its tracked flows.
     *
     * @param vip the VIP
     * @return whether it existed
     */
    boolean remove(Vip vip);

    /**
     * One VIP's route.
     *
     * @param vip the VIP
     * @return the route, or empty when the VIP has none
     */
    Optional<Route> route(Vip vip);

    /**
     * Every route.
     *
     * @return the routes
     */
    List<Route> routes();

    /**
     * Drains a backend: no new flows, existing flows continue (its weight becomes 0).
     *
     * @param vip the VIP
     * @param backend the backend, matched by address and port
     * @return the route as applied
     * @throws IllegalArgumentException if the VIP has no route or the backend is not part of it
     */
    Route drain(Vip vip, Backend backend);

    /**
     * A VIP's counters.
     *
     * @param vip the VIP
     * @return its counters
     * @throws IllegalArgumentException if the VIP has no route
     */
    TrafficStats stats(Vip vip);

    /**
     * The counters of each backend of a VIP, in route order.
     *
     * @param vip the VIP
     * @return counters per backend
     * @throws IllegalArgumentException if the VIP has no route
     */
    Map<Backend, TrafficStats> backendStats(Vip vip);

    /**
     * The global counters.
     *
     * @return the counters
     */
    GlobalStats globalStats();

    /**
     * The most VIPs (a Blixt VIP takes two: TCP and UDP).
     *
     * @return max VIPs
     */
    int maxVips();

    /**
     * The most backends over all VIPs.
     *
     * @return max backends
     */
    int maxBackends();

    /** Releases the data plane (a pinned data plane keeps forwarding). */
    @Override
    void close();
}
