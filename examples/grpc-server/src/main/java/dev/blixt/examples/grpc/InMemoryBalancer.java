package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.DataplaneConfig;
import dev.blixt.GlobalStats;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Transaction;
import dev.blixt.Vip;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link Balancer} that keeps routes in memory and forwards nothing: for tests, and for trying the
 * API without root ({@code server --in-memory}).
 *
 * <p>It validates through the library's own planner ({@link Transaction#validate}), so it refuses
 * exactly what a {@link dev.blixt.Dataplane} opened with {@link #maxVips()} and {@link #maxBackends()}
 * refuses, with the same messages. Counters are zero unless set with {@link #setStats}.
 */
public final class InMemoryBalancer implements Balancer {
    private final int maxVips;
    private final int maxBackends;
    private final Map<Vip, Route> routes = new LinkedHashMap<>();
    private final Map<Vip, TrafficStats> vipStats = new LinkedHashMap<>();
    private final Map<Vip, Map<String, TrafficStats>> backendStats = new LinkedHashMap<>();
    private GlobalStats global = zeroGlobal();
    private boolean closed;

    /** An in-memory balancer with the data plane's default limits. */
    public InMemoryBalancer() {
        this(DataplaneConfig.DEFAULT_MAX_VIPS, DataplaneConfig.DEFAULT_MAX_BACKENDS);
    }

    /**
     * An in-memory balancer with the given limits.
     *
     * @param maxVips the most VIPs, at least 1
     * @param maxBackends the most backends over all VIPs, at least 1
     * @throws IllegalArgumentException if a limit is below 1
     */
    public InMemoryBalancer(int maxVips, int maxBackends) {
        if (maxVips < 1) throw new IllegalArgumentException("maxVips must be at least 1, got " + maxVips);
        if (maxBackends < 1) throw new IllegalArgumentException("maxBackends must be at least 1, got " + maxBackends);
        this.maxVips = maxVips;
        this.maxBackends = maxBackends;
    }

    @Override
    public synchronized Route apply(Vip vip, List<Backend> backends) {
        List<Backend> wanted = List.copyOf(backends);
        update(tx -> tx.route(vip).to(wanted));
        return routes.get(vip);
    }

    @Override
    public synchronized List<Route> update(Consumer<Transaction> changes) {
        checkOpen();
        List<Route> after = Transaction.validate(List.copyOf(routes.values()), maxVips, maxBackends, changes);
        routes.clear();
        Map<Vip, TrafficStats> oldVipStats = new LinkedHashMap<>(vipStats);
        Map<Vip, Map<String, TrafficStats>> oldBackendStats = new LinkedHashMap<>(backendStats);
        vipStats.clear();
        backendStats.clear();
        for (Route r : after) {
            routes.put(r.vip(), r);
            vipStats.put(r.vip(), oldVipStats.getOrDefault(r.vip(), TrafficStats.ZERO));
            Map<String, TrafficStats> old = oldBackendStats.getOrDefault(r.vip(), Map.of());
            Map<String, TrafficStats> next = new LinkedHashMap<>();
            for (Backend b : r.backends()) next.put(b.key(), old.getOrDefault(b.key(), TrafficStats.ZERO));
            backendStats.put(r.vip(), next);
        }
        return after;
    }

    @Override
    public synchronized boolean remove(Vip vip) {
        checkOpen();
        boolean existed = routes.containsKey(vip);
        update(tx -> tx.remove(vip));
        return existed;
    }

    @Override
    public synchronized Optional<Route> route(Vip vip) {
        checkOpen();
        return Optional.ofNullable(routes.get(vip));
    }

    @Override
    public synchronized List<Route> routes() {
        checkOpen();
        return List.copyOf(routes.values());
    }

    @Override
    public synchronized Route drain(Vip vip, Backend backend) {
        update(tx -> tx.drain(vip, backend));
        return routes.get(vip);
    }

    @Override
    public synchronized TrafficStats stats(Vip vip) {
        checkOpen();
        requireRoute(vip);
        return vipStats.getOrDefault(vip, TrafficStats.ZERO);
    }

    @Override
    public synchronized Map<Backend, TrafficStats> backendStats(Vip vip) {
        checkOpen();
        Route r = requireRoute(vip);
        Map<String, TrafficStats> byKey = backendStats.getOrDefault(vip, Map.of());
        Map<Backend, TrafficStats> out = new LinkedHashMap<>();
        for (Backend b : r.backends()) out.put(b, byKey.getOrDefault(b.key(), TrafficStats.ZERO));
        return out;
    }

    @Override
    public synchronized GlobalStats globalStats() {
        checkOpen();
        return global;
    }

    /**
     * Sets the counters a routed VIP reports (tests and demos).
     *
     * @param vip the VIP
     * @param stats its counters
     * @throws IllegalArgumentException if the VIP has no route
     */
    public synchronized void setStats(Vip vip, TrafficStats stats) {
        requireRoute(vip);
        vipStats.put(vip, stats);
    }

    /**
     * Sets the counters a backend of a routed VIP reports (tests and demos).
     *
     * @param vip the VIP
     * @param backend the backend, matched by address and port
     * @param stats its counters
     * @throws IllegalArgumentException if the VIP has no route or the backend is not part of it
     */
    public synchronized void setStats(Vip vip, Backend backend, TrafficStats stats) {
        Route r = requireRoute(vip);
        if (r.find(backend).isEmpty()) throw new IllegalArgumentException(backend.key() + " is not a backend of " + vip);
        backendStats.computeIfAbsent(vip, v -> new LinkedHashMap<>()).put(backend.key(), stats);
    }

    /**
     * Sets the global counters (tests and demos).
     *
     * @param stats the counters
     */
    public synchronized void setGlobalStats(GlobalStats stats) {
        this.global = stats;
    }

    private Route requireRoute(Vip vip) {
        Route r = routes.get(vip);
        if (r == null) throw new IllegalArgumentException("no route for " + vip);
        return r;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the data plane is closed");
    }

    @Override
    public int maxVips() {
        return maxVips;
    }

    @Override
    public int maxBackends() {
        return maxBackends;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private static GlobalStats zeroGlobal() {
        return new GlobalStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "InMemoryBalancer[" + routes.size() + " routes, maxVips=" + maxVips + ", maxBackends=" + maxBackends + "]";
    }
}
