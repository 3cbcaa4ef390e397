package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.GlobalStats;
import dev.blixt.Protocol;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** An in-memory balancer whose next {@code apply} for one protocol throws: for the rollback tests. */
final class FaultyBalancer implements Balancer {
    final InMemoryBalancer delegate;
    private Protocol failing;
    private Supplier<RuntimeException> failure;
    private int failures;

    FaultyBalancer(InMemoryBalancer delegate) {
        this.delegate = delegate;
    }

    /** The next {@code count} applies of a VIP of this protocol throw {@code failure}. */
    synchronized void failApply(Protocol protocol, int count, Supplier<RuntimeException> failure) {
        this.failing = protocol;
        this.failures = count;
        this.failure = failure;
    }

    @Override
    public Route apply(Vip vip, List<Backend> backends) {
        synchronized (this) {
            if (failures > 0 && vip.protocol() == failing) {
                failures--;
                throw failure.get();
            }
        }
        return delegate.apply(vip, backends);
    }

    @Override
    public boolean remove(Vip vip) {
        return delegate.remove(vip);
    }

    @Override
    public Optional<Route> route(Vip vip) {
        return delegate.route(vip);
    }

    @Override
    public List<Route> routes() {
        return delegate.routes();
    }

    @Override
    public Route drain(Vip vip, Backend backend) {
        return delegate.drain(vip, backend);
    }

    @Override
    public TrafficStats stats(Vip vip) {
        return delegate.stats(vip);
    }

    @Override
    public Map<Backend, TrafficStats> backendStats(Vip vip) {
        return delegate.backendStats(vip);
    }

    @Override
    public GlobalStats globalStats() {
        return delegate.globalStats();
    }

    @Override
    public int maxVips() {
        return delegate.maxVips();
    }

    @Override
    public int maxBackends() {
        return delegate.maxBackends();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
