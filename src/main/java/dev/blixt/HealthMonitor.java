package dev.blixt;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The health checks of a data plane's VIPs, without the probing ({@link HealthProbes} probes and calls {@link
 * #record}): for each checked VIP the route the user stated (desired) and each backend's state; every route change
 * of the data plane passes through {@link #update}, which turns the desired route of a checked VIP into the route to
 * apply (unhealthy backends drained or left out), and every state change that changes that route applies it through
 * the same atomic update.
 *
 * <p>One lock orders everything: route updates of the data plane, probe results and check changes; the route
 * engine's lock is taken inside it.
 */
final class HealthMonitor {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    /** What the monitor needs of the route engine. */
    interface Routes {
        /** Applies a batch all or nothing (as {@link RouteEngine#update}). */
        RoutePlan update(List<RoutePlanner.Change> changes);

        /** A VIP's route as applied. */
        Optional<Route> route(Vip vip);
    }

    /** One backend of a checked VIP: where to probe it and its state. Fields other than the finals are guarded by the lock. */
    static final class Tracker {
        final Vip vip;
        final Endpoint endpoint;
        final HealthCheck check;
        /** Where probes go; null when there is no port to probe. */
        final @Nullable InetSocketAddress target;
        volatile boolean active = true;
        HealthState state = HealthState.UNKNOWN;
        int successes;
        int failures;
        @Nullable String lastError;
        Instant since;

        Tracker(Vip vip, Backend b, HealthCheck check, Instant now) {
            this.vip = vip;
            this.endpoint = b.endpoint();
            this.check = check;
            int port = check.port() != 0 ? check.port() : b.port() != 0 ? b.port() : vip.port();
            this.target = port == 0 ? null : new InetSocketAddress(b.address(), port);
            this.since = now;
            if (target == null) {
                lastError = "no port to probe: the backend and the VIP have port 0; set HealthCheck.port";
            }
        }

        @Override
        public String toString() {
            return vip + " -> " + endpoint;
        }
    }

    /** A checked VIP. */
    private static final class Checked {
        HealthCheck check;
        Route desired;
        /** By endpoint, in desired order. */
        Map<Endpoint, Tracker> trackers = new LinkedHashMap<>();
        /** Unhealthy backends kept serving because all are down. */
        Set<Endpoint> kept = Set.of();
        /** The last apply failed: retry at the next result. */
        boolean dirty;

        Checked(HealthCheck check, Route desired) {
            this.check = check;
            this.desired = desired;
        }
    }

    /** The route to apply for a desired backend set, and who is kept serving although down. */
    private record Effective(List<Backend> backends, Set<Endpoint> kept) {}

    private final Routes routes;
    private final InstantSource clock;
    private final Consumer<Tracker> start;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Vip, Checked> vips = new LinkedHashMap<>();
    private final List<Consumer<HealthEvent>> listeners = new CopyOnWriteArrayList<>();
    private boolean closed;

    /**
     * @param start told of each new tracker, to probe it until it is no longer {@link Tracker#active}
     */
    HealthMonitor(Routes routes, InstantSource clock, Consumer<Tracker> start) {
        this.routes = routes;
        this.clock = clock;
        this.start = start;
    }

    void listen(Consumer<HealthEvent> listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- checks

    /** Attaches or replaces the check of a routed VIP; states are kept across a replacement, counts restart. */
    void attach(Vip vip, HealthCheck check) {
        List<Tracker> started = new ArrayList<>();
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("the data plane is closed");
            Checked ch = vips.get(vip);
            Route current = ch != null ? ch.desired : routes.route(vip).orElseThrow(() -> new IllegalArgumentException(
                    "no route for " + vip + ": route the VIP before attaching a health check"));
            if (check.port() == 0 && vip.port() == 0) {
                for (Backend b : current.backends()) {
                    if (b.port() == 0) {
                        throw new IllegalArgumentException("health check of " + vip + " needs a port: backend " + b
                                + " and the VIP have port 0 (packets keep their port); set HealthCheck.port");
                    }
                }
            }
            Checked next = new Checked(check, current);
            Instant now = clock.instant();
            for (Backend b : current.backends()) {
                Tracker t = new Tracker(vip, b, check, now);
                Tracker old = ch == null ? null : ch.trackers.get(b.endpoint());
                if (old != null) {
                    old.active = false;
                    t.state = old.state;
                    t.since = old.since;
                    t.lastError = old.lastError;
                }
                next.trackers.put(b.endpoint(), t);
                started.add(t);
            }
            if (ch != null) ch.trackers.values().forEach(t -> t.active = false);
            vips.put(vip, next);
            applyLocked(vip, next);
        } finally {
            lock.unlock();
        }
        started.forEach(start);
    }

    /** Removes a VIP's check and applies its desired route again; false when it had none. */
    boolean detach(Vip vip) {
        lock.lock();
        try {
            Checked ch = vips.remove(vip);
            if (ch == null) return false;
            ch.trackers.values().forEach(t -> t.active = false);
            if (!closed && routes.route(vip).isPresent() && !routes.route(vip).get().backends().equals(ch.desired.backends())) {
                routes.update(List.of(new RoutePlanner.Put(vip, ch.desired.backends(), null)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops every check (probing ends as trackers turn inactive); the routes stay as they are. */
    void close() {
        lock.lock();
        try {
            closed = true;
            for (Checked ch : vips.values()) ch.trackers.values().forEach(t -> t.active = false);
        } finally {
            lock.unlock();
        }
    }

    Optional<VipHealth> health(Vip vip) {
        lock.lock();
        try {
            Checked ch = vips.get(vip);
            if (ch == null) return Optional.empty();
            Map<Endpoint, BackendHealth> out = new LinkedHashMap<>();
            for (Tracker t : ch.trackers.values()) {
                out.put(t.endpoint, new BackendHealth(t.state, t.successes, t.failures, Optional.ofNullable(t.lastError),
                        t.since, ch.kept.contains(t.endpoint)));
            }
            return Optional.of(new VipHealth(vip, ch.check, ch.desired, out));
        } finally {
            lock.unlock();
        }
    }

    /** The trackers being probed (tests, diagnostics). */
    List<Tracker> trackers() {
        lock.lock();
        try {
            List<Tracker> out = new ArrayList<>();
            for (Checked ch : vips.values()) out.addAll(ch.trackers.values());
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- route updates

    /**
     * Applies a batch of route changes of the data plane: changes of checked VIPs are stated on their desired routes
     * and applied as their effective routes; a removed VIP loses its check.
     */
    RoutePlan update(List<RoutePlanner.Change> changes) {
        List<Tracker> started = new ArrayList<>();
        RoutePlan plan;
        lock.lock();
        try {
            if (vips.isEmpty()) return routes.update(changes);
            Map<Vip, List<Backend>> desired = new LinkedHashMap<>();
            Set<Vip> unchecked = new HashSet<>();
            List<RoutePlanner.Change> out = new ArrayList<>();
            for (RoutePlanner.Change c : changes) {
                Vip vip = c.vip();
                Checked ch = unchecked.contains(vip) ? null : vips.get(vip);
                switch (c) {
                    case RoutePlanner.Put p when ch != null && !hasDuplicates(p.backends()) -> {
                        desired.put(vip, List.copyOf(p.backends()));
                        out.add(withBackends(p, effective(vip, ch, p.backends()).backends()));
                    }
                    case RoutePlanner.Drain d when ch != null -> {
                        List<Backend> now = desired.getOrDefault(vip, ch.desired.backends());
                        int at = indexOf(now, d.backend());
                        if (at < 0) {
                            out.add(d); // refused by the planner: not part of the route
                        } else {
                            List<Backend> next = new ArrayList<>(now);
                            next.set(at, now.get(at).weight(0));
                            desired.put(vip, List.copyOf(next));
                            out.add(new RoutePlanner.Put(vip, effective(vip, ch, next).backends(), null));
                        }
                    }
                    case RoutePlanner.Remove r when ch != null -> {
                        out.add(r);
                        unchecked.add(vip);
                        desired.remove(vip);
                    }
                    default -> out.add(c);
                }
            }
            plan = routes.update(out);
            // Taken: commit the desired routes and the trackers.
            for (Vip vip : unchecked) {
                Checked ch = vips.remove(vip);
                if (ch != null) ch.trackers.values().forEach(t -> t.active = false);
            }
            for (Map.Entry<Vip, List<Backend>> e : desired.entrySet()) {
                Vip vip = e.getKey();
                Checked ch = vips.get(vip);
                Route applied = routes.route(vip).orElseThrow();
                ch.desired = new Route(vip, e.getValue(), applied.mode());
                ch.kept = effective(vip, ch, e.getValue()).kept();
                ch.dirty = false;
                Map<Endpoint, Tracker> next = new LinkedHashMap<>();
                Instant now = clock.instant();
                for (Backend b : e.getValue()) {
                    Tracker t = ch.trackers.get(b.endpoint());
                    if (t == null || !t.active) {
                        t = new Tracker(vip, b, ch.check, now);
                        started.add(t);
                    }
                    next.put(b.endpoint(), t);
                }
                for (Tracker t : ch.trackers.values()) {
                    if (!next.containsKey(t.endpoint)) t.active = false;
                }
                ch.trackers = next;
            }
        } finally {
            lock.unlock();
        }
        started.forEach(start);
        return plan;
    }

    /**
     * The user's change with another backend set (the place to carry over any other field a {@code Put} gains).
     */
    static RoutePlanner.Put withBackends(RoutePlanner.Put p, List<Backend> backends) {
        return new RoutePlanner.Put(p.vip(), backends, p.mode(), p.affinity(), p.sources());
    }

    private static boolean hasDuplicates(List<Backend> backends) {
        Set<Endpoint> seen = new HashSet<>();
        for (Backend b : backends) {
            if (!seen.add(b.endpoint())) return true;
        }
        return false;
    }

    private static int indexOf(List<Backend> backends, Backend b) {
        for (int i = 0; i < backends.size(); i++) {
            if (backends.get(i).endpoint().equals(b.endpoint())) return i;
        }
        return -1;
    }

    private static HealthState stateOf(Checked ch, Backend b) {
        Tracker t = ch.trackers.get(b.endpoint());
        return t == null || !t.active ? HealthState.UNKNOWN : t.state;
    }

    /**
     * The route to apply for a desired backend set: unhealthy backends drained or left out, unless that leaves no
     * backend with a weight while some has one in {@code desired} and the check does not allow all down: then the
     * backends that serve now (those of them still desired) keep serving, or all desired ones if none of them is.
     */
    private Effective effective(Vip vip, Checked ch, List<Backend> desired) {
        boolean anyServing = false;
        boolean anyWeight = false;
        for (Backend b : desired) {
            if (b.weight() == 0) continue;
            anyWeight = true;
            if (stateOf(ch, b) != HealthState.UNHEALTHY) anyServing = true;
        }
        Set<Endpoint> kept = new HashSet<>();
        if (!anyServing && anyWeight && !ch.check.allowAllDown()) {
            Set<Endpoint> servingNow = new HashSet<>();
            routes.route(vip).ifPresent(r -> r.backends().forEach(b -> {
                if (b.weight() > 0) servingNow.add(b.endpoint());
            }));
            for (Backend b : desired) {
                if (b.weight() > 0 && servingNow.contains(b.endpoint())) kept.add(b.endpoint());
            }
            if (kept.isEmpty()) {
                for (Backend b : desired) {
                    if (b.weight() > 0) kept.add(b.endpoint());
                }
            }
        }
        List<Backend> out = new ArrayList<>(desired.size());
        for (Backend b : desired) {
            if (stateOf(ch, b) != HealthState.UNHEALTHY || kept.contains(b.endpoint())) {
                out.add(b);
            } else if (ch.check.onFailure() == HealthCheck.Action.DRAIN) {
                out.add(b.weight(0));
            }
        }
        return new Effective(List.copyOf(out), Set.copyOf(kept));
    }

    /** Applies a checked VIP's effective route if it differs from the applied one; returns who is kept serving. */
    private Set<Endpoint> applyLocked(Vip vip, Checked ch) {
        Effective eff = effective(vip, ch, ch.desired.backends());
        ch.kept = eff.kept();
        Optional<Route> applied = routes.route(vip);
        if (applied.isPresent() && !applied.get().backends().equals(eff.backends())) {
            routes.update(List.of(new RoutePlanner.Put(vip, eff.backends(), null)));
        }
        ch.dirty = false;
        return eff.kept();
    }

    // ---------------------------------------------------------------- probe results

    /**
     * Records the result of one probe of a tracker: counts it, changes the state at the thresholds, applies the
     * VIP's route when that changes it, and tells the listeners (on the calling thread, after the lock is released).
     *
     * @param error null for a success, else why the probe failed
     */
    void record(Tracker t, @Nullable String error) {
        HealthEvent event = null;
        lock.lock();
        try {
            Checked ch = vips.get(t.vip);
            if (closed || !t.active || ch == null || ch.trackers.get(t.endpoint) != t) return;
            HealthState from = t.state;
            HealthState to = from;
            if (error == null) {
                t.successes++;
                t.failures = 0;
                if (from != HealthState.HEALTHY && t.successes >= t.check.rise()) to = HealthState.HEALTHY;
            } else {
                t.failures++;
                t.successes = 0;
                t.lastError = error;
                if (from != HealthState.UNHEALTHY && t.failures >= t.check.fall()) to = HealthState.UNHEALTHY;
            }
            if (to == from) {
                if (ch.dirty) retry(t.vip, ch);
                return;
            }
            t.state = to;
            t.since = clock.instant();
            String reason = to == HealthState.HEALTHY
                    ? t.successes + " consecutive successful probes" + (from == HealthState.UNHEALTHY ? ": back in service" : "")
                    : t.failures + " consecutive failed probes (last: " + error + ")";
            try {
                Set<Endpoint> kept = applyLocked(t.vip, ch);
                if (to == HealthState.UNHEALTHY) {
                    if (kept.contains(t.endpoint)) {
                        reason += "; kept serving: every backend of " + t.vip + " is down and the check does not allow"
                                + " all down";
                        LOG.log(System.Logger.Level.WARNING, "every backend of {0} is down; keeping {1} serving", t.vip,
                                kept);
                    } else {
                        reason += ch.check.onFailure() == HealthCheck.Action.DRAIN ? "; drained" : "; removed";
                    }
                }
            } catch (RuntimeException e) {
                ch.dirty = true;
                reason += "; applying the route failed (retried at the next probe): " + e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "health change of " + t + " could not be applied", e);
            }
            event = new HealthEvent(t.vip, t.endpoint, from, to, reason, t.since);
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.INFO, "health of {0} at {1}: {2} -> {3} ({4})", event.endpoint(), event.vip(),
                event.from(), event.to(), event.reason());
        for (Consumer<HealthEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "health listener failed", e);
            }
        }
    }

    private void retry(Vip vip, Checked ch) {
        try {
            applyLocked(vip, ch);
        } catch (RuntimeException e) {
            ch.dirty = true;
            LOG.log(System.Logger.Level.WARNING, "applying the health of " + vip + " failed again: " + e.getMessage());
        }
    }

    /** Test hook: the tracker of a VIP's backend. */
    Optional<Tracker> tracker(Vip vip, Endpoint endpoint) {
        lock.lock();
        try {
            Checked ch = vips.get(vip);
            return ch == null ? Optional.empty() : Optional.ofNullable(ch.trackers.get(endpoint));
        } finally {
            lock.unlock();
        }
    }

    /** Whether a VIP has a check. */
    boolean checked(Vip vip) {
        lock.lock();
        try {
            return vips.containsKey(vip);
        } finally {
            lock.unlock();
        }
    }
}
