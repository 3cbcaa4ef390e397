package dev.blixt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Several route changes applied all or nothing: passed to {@link Dataplane#update(Consumer)}.
 *
 * {@snippet class=dev.blixt.Snippets region=transaction}
 *
 * <p>Changes are validated in order, each against the routes the earlier ones leave (a drain can
 * follow the route that adds the backend); the transaction then applies the net change of each VIP.
 * Every change is validated and every VIP's new ring written before any VIP switches to it; if a
 * switch fails, the VIPs already switched are switched back. A refused transaction changes nothing.
 *
 * <p>{@link #validate} runs the same checks without a data plane, for control planes that must
 * refuse exactly what the data plane refuses (a dry run, an in-memory test double).
 */
public final class Transaction {
    private final List<RoutePlanner.Change> changes = new ArrayList<>();

    Transaction() {}

    /**
     * Starts a route change; {@link RouteChange#to} states the VIP's full backend set.
     *
     * @param vip the VIP
     * @return the change, whose {@code to(...)} adds it to this transaction
     */
    public RouteChange route(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        return new RouteChange(vip);
    }

    /**
     * Drains a backend of a VIP (weight 0: no new flows, existing flows continue), as {@link
     * Dataplane#drain} does.
     *
     * @param vip the VIP
     * @param backend the backend (matched by address and port)
     * @return this transaction
     */
    public Transaction drain(Vip vip, Backend backend) {
        changes.add(new RoutePlanner.Drain(Objects.requireNonNull(vip, "vip"), Objects.requireNonNull(backend, "backend")));
        return this;
    }

    /**
     * Removes a VIP with its backends and tracked flows, as {@link Dataplane#remove} does; nothing
     * when it has no route.
     *
     * @param vip the VIP
     * @return this transaction
     */
    public Transaction remove(Vip vip) {
        changes.add(new RoutePlanner.Remove(Objects.requireNonNull(vip, "vip")));
        return this;
    }

    /** A route change of a transaction; returned by {@link Transaction#route(Vip)}. */
    public final class RouteChange {
        private final Vip vip;
        private @Nullable ForwardingMode mode;
        private @Nullable Affinity affinity;
        private @Nullable SourceRanges sources;

        private RouteChange(Vip vip) {
            this.vip = vip;
        }

        /**
         * Sets the VIP's affinity, as {@link Dataplane.RouteBuilder#affinity(Affinity)} does.
         *
         * @param affinity the affinity
         * @return this change
         */
        public RouteChange affinity(Affinity affinity) {
            this.affinity = Objects.requireNonNull(affinity, "affinity");
            return this;
        }

        /**
         * Sets the VIP's source ranges, as {@link Dataplane.RouteBuilder#sourceRanges(SourceRanges)} does.
         *
         * @param sources the ranges
         * @return this change
         */
        public RouteChange sourceRanges(SourceRanges sources) {
            this.sources = Objects.requireNonNull(sources, "sources");
            return this;
        }

        /**
         * Sets the VIP's forwarding mode, as {@link Dataplane.RouteBuilder#mode(ForwardingMode)} does.
         *
         * @param mode the forwarding mode
         * @return this change
         */
        public RouteChange mode(ForwardingMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the VIP's full backend set, as {@link Dataplane.RouteBuilder#to(Backend...)} does.
         *
         * @param backends the backends
         * @return the transaction
         */
        public Transaction to(Backend... backends) {
            return to(Arrays.asList(backends));
        }

        /**
         * Sets the VIP's full backend set (see {@link #to(Backend...)}).
         *
         * @param backends the backends
         * @return the transaction
         */
        public Transaction to(List<Backend> backends) {
            changes.add(new RoutePlanner.Put(vip, new ArrayList<>(backends), mode, affinity, sources));
            return Transaction.this;
        }
    }

    List<RoutePlanner.Change> changes() {
        return List.copyOf(changes);
    }

    /**
     * Checks a transaction against a set of routes without a data plane: refuses exactly what
     * {@link Dataplane#update} would refuse on a data plane holding these routes and opened with
     * these limits, and otherwise returns the routes it would hold afterwards. (It assumes
     * encapsulation sources for both families: a DSR route to backends of a family the data plane has
     * no {@link DataplaneConfig.Builder#encapsulationSources(String...)} for is refused by the data plane
     * only.)
     *
     * @param routes the routes before (as {@link Dataplane#routes()} returns them)
     * @param maxVips the data plane's {@link DataplaneConfig#maxVips()}
     * @param maxBackends the data plane's {@link DataplaneConfig#maxBackends()}
     * @param changes the changes
     * @return the routes afterwards, in the data plane's order
     * @throws IllegalArgumentException if a change is invalid, or the routes before are
     * @throws CapacityException if VIPs or backend ids run out
     */
    public static List<Route> validate(List<Route> routes, int maxVips, int maxBackends, Consumer<Transaction> changes) {
        Objects.requireNonNull(changes, "changes");
        if (maxVips < 1 || maxBackends < 1) {
            throw new IllegalArgumentException("maxVips and maxBackends must be at least 1, got " + maxVips + " and "
                    + maxBackends);
        }
        // Any prime ring size gives the same verdicts; a small one keeps the check cheap.
        RouteState state = RouteState.empty(new RouteState.Sizing(maxVips, maxBackends, 13, 0));
        List<RoutePlanner.Change> initial = new ArrayList<>();
        for (Route r : routes) {
            initial.add(new RoutePlanner.Put(r.vip(), r.backends(), r.mode(), r.policy().affinity(), r.policy().sources()));
        }
        state = RoutePlanner.plan(state, initial).after();
        Transaction tx = new Transaction();
        changes.accept(tx);
        return RoutePlanner.plan(state, tx.changes()).after().routes();
    }
}
