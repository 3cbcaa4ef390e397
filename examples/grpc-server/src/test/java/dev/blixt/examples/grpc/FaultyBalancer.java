package dev.blixt.examples.grpc;

import dev.blixt.Backend;
import dev.blixt.GlobalStats;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Transaction;
import dev.blixt.Vip;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An in-memory balancer whose next updates throw, as a data plane that refuses a transaction does
 * (nothing changed): for the failure tests.
 */
final class FaultyBalancer implements Balancer {
    final InMemoryBalancer delegate;
    private Supplier<RuntimeException> failure = IllegalStateException::new;
    private int failures;

    FaultyBalancer(InMemoryBalancer delegate) {
        this.delegate = delegate;
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

    @Override
    public Route apply(Vip vip, List<Backend> backends) {
        maybeFail();
        return delegate.apply(vip, backends);
    }

    @Override
    public List<Route> update(Consumer<Transaction> changes) {
        maybeFail();
        return delegate.update(changes);
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
