package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.CapacityException;
import dev.blixt.DataplaneConfig;
import dev.blixt.GlobalStats;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Balancer} that keeps routes in memory and forwards nothing: for tests, and for trying the
 * API without root ({@code server --in-memory}).
 *
 * <p>It validates like {@link dev.blixt.Dataplane}: backends of the VIP's address family, no backend
 * listed twice, port-0 VIPs with port-0 backends, unicast addresses, at most {@link #maxVips()} VIPs
 * and {@link #maxBackends()} backends over all VIPs. Counters are zero unless set with {@link
 * #setStats}.
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
        checkOpen();
        List<Backend> wanted = List.copyOf(backends);
        validate(vip, wanted);
        Route route = new Route(vip, wanted);
        routes.put(vip, route);
        vipStats.putIfAbsent(vip, TrafficStats.ZERO);
        Map<String, TrafficStats> old = backendStats.getOrDefault(vip, Map.of());
        Map<String, TrafficStats> next = new LinkedHashMap<>();
        for (Backend b : wanted) next.put(b.key(), old.getOrDefault(b.key(), TrafficStats.ZERO));
        backendStats.put(vip, next);
        return route;
    }

    private void validate(Vip vip, List<Backend> wanted) {
        Set<String> seen = new HashSet<>();
        for (Backend b : wanted) {
            if (b.address() instanceof Inet4Address != vip.address() instanceof Inet4Address) {
                throw new IllegalArgumentException("backend " + b.key() + " is not of the address family of " + vip);
            }
            if (!seen.add(b.key())) {
                throw new IllegalArgumentException("backend " + b.key() + " is listed twice for " + vip);
            }
            if (vip.port() == 0 && b.port() != 0) {
                throw new IllegalArgumentException("backend " + b.key() + " of the all-ports VIP " + vip
                        + " must have port 0 (keep the packet's port)");
            }
            if (b.address().isAnyLocalAddress() || b.address().isMulticastAddress()) {
                throw new IllegalArgumentException("backend address " + b.key() + " is not a unicast address");
            }
        }
        if (vip.address().isAnyLocalAddress() || vip.address().isMulticastAddress()) {
            throw new IllegalArgumentException("VIP address of " + vip + " is not a unicast address");
        }
        boolean isNew = !routes.containsKey(vip);
        if (isNew && routes.size() >= maxVips) {
            throw new CapacityException("cannot add " + vip + ": all " + maxVips
                    + " VIPs are in use (DataplaneConfig.maxVips)");
        }
        int others = 0;
        for (Route r : routes.values()) {
            if (!r.vip().equals(vip)) others += r.backends().size();
        }
        if (others + wanted.size() > maxBackends) {
            throw new CapacityException("cannot add " + wanted.size() + " backends to " + vip + ": only "
                    + (maxBackends - others) + " of " + maxBackends + " backend ids are free (DataplaneConfig.maxBackends)");
        }
    }

    @Override
    public synchronized boolean remove(Vip vip) {
        checkOpen();
        vipStats.remove(vip);
        backendStats.remove(vip);
        return routes.remove(vip) != null;
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
        checkOpen();
        Route r = routes.get(vip);
        if (r == null) throw new IllegalArgumentException("no route for " + vip);
        if (r.find(backend).isEmpty()) {
            List<String> keys = r.backends().stream().map(Backend::key).toList();
            throw new IllegalArgumentException(backend.key() + " is not a backend of " + vip + " (backends: " + keys + ")");
        }
        List<Backend> next = new ArrayList<>();
        for (Backend b : r.backends()) next.add(b.key().equals(backend.key()) ? b.weight(0) : b);
        Route drained = new Route(vip, next);
        routes.put(vip, drained);
        return drained;
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
        return new GlobalStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "InMemoryBalancer[" + routes.size() + " routes, maxVips=" + maxVips + ", maxBackends=" + maxBackends + "]";
    }
}
