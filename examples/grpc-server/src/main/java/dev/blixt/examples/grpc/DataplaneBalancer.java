package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.Endpoint;
import dev.blixt.GlobalStats;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Transaction;
import dev.blixt.Vip;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** A {@link Balancer} that programs the kernel through a {@link Dataplane}. */
public final class DataplaneBalancer implements Balancer {
    private final Dataplane dataplane;

    /**
     * Wraps an open data plane; {@link #close()} closes it.
     *
     * @param dataplane the data plane
     */
    public DataplaneBalancer(Dataplane dataplane) {
        this.dataplane = Objects.requireNonNull(dataplane, "dataplane");
    }

    /**
     * The data plane.
     *
     * @return the wrapped data plane
     */
    public Dataplane dataplane() {
        return dataplane;
    }

    @Override
    public Route apply(Vip vip, List<Backend> backends) {
        return dataplane.route(vip).to(backends);
    }

    @Override
    public List<Route> update(Consumer<Transaction> changes) {
        dataplane.update(changes);
        return dataplane.routes();
    }

    @Override
    public boolean remove(Vip vip) {
        return dataplane.remove(vip);
    }

    @Override
    public Optional<Route> route(Vip vip) {
        return dataplane.routeOf(vip);
    }

    @Override
    public List<Route> routes() {
        return dataplane.routes();
    }

    @Override
    public Route drain(Vip vip, Backend backend) {
        return dataplane.drain(vip, backend);
    }

    @Override
    public TrafficStats stats(Vip vip) {
        return dataplane.stats(vip);
    }

    @Override
    public Map<Backend, TrafficStats> backendStats(Vip vip) {
        // The library keys counters by endpoint; the API reports each backend with its weight.
        Map<Endpoint, TrafficStats> byEndpoint = dataplane.backendStats(vip);
        Map<Backend, TrafficStats> out = new LinkedHashMap<>();
        for (Backend b : dataplane.routeOf(vip).map(Route::backends).orElse(List.of())) {
            TrafficStats t = byEndpoint.get(b.endpoint());
            if (t != null) out.put(b, t);
        }
        return out;
    }

    @Override
    public GlobalStats globalStats() {
        return dataplane.globalStats();
    }

    @Override
    public int maxVips() {
        return dataplane.config().maxVips();
    }

    @Override
    public int maxBackends() {
        return dataplane.config().maxBackends();
    }

    @Override
    public void close() {
        dataplane.close();
    }

    @Override
    public String toString() {
        return dataplane.toString();
    }
}
