package dev.blixt;

import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.error.DataplaneException;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.internal.caps.Capabilities;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.netns.NetInterfaces;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.internal.netns.NetnsRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An eBPF layer-4 load balancer in the kernel, programmed from Java.
 *
 * <p>Opening a data plane loads the bundled eBPF object, sizes its maps from the
 * {@link DataplaneConfig} and attaches it to the configured interfaces (client side and backend
 * side). From then on the kernel forwards packets for each routed VIP to its backends with
 * Maglev consistent hashing and connection tracking, at XDP speed.
 *
 * {@snippet class=dev.blixt.Snippets region=dataplane}
 *
 * <p><b>Updates are atomic and validated:</b> {@code route(vip).to(...)} states the full backend
 * set; it is validated first and then applied so that no packet sees a half-applied state. On
 * error nothing changes. {@link #update} changes several routes in one all-or-nothing transaction.
 * Calls from many threads are serialized; counters are read without blocking the data path.
 *
 * <p><b>Pinning:</b> with {@link DataplaneConfig.Builder#pinPath(Path)}, maps and attachments
 * are pinned in bpffs; {@link #close()} then leaves the kernel forwarding, and a later
 * {@code open} with the same path adopts the configuration. {@link #destroy()} removes it all.
 *
 * <p>Needs root, or CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN, or CAP_SYS_ADMIN ({@code open} checks the
 * effective set first and names exactly what is missing), {@code libbpf.so.1} (Debian/Ubuntu package
 * {@code libbpf1}, RHEL {@code libbpf}), and {@code --enable-native-access=dev.blixt} (or
 * {@code ALL-UNNAMED} on the class path).
 */
public final class Dataplane implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private final DataplaneConfig config;
    private final Datapath datapath;
    private final RouteEngine engine;
    /** What is attached to each interface now, kept true while interfaces come and go. */
    private final LinkWatcher links;
    private final NextHopWarmer nextHops;
    /** Reads and purges the flow table. */
    private final FlowTable flowTable;
    /** The health checks: every route change passes through it. */
    private final HealthMonitor health;
    private final HealthProbes probes;
    private final List<String> interfaces;
    /** The network namespace it was opened in: later calls from any thread work there. */
    private final NetnsRef netns;
    private final @Nullable PinLock lock;
    private final Set<Integer> mapIds;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean destroyed = new AtomicBoolean();

    private Dataplane(DataplaneConfig config, Datapath datapath, RouteEngine engine, List<Attacher.Attached> attachments,
            List<String> interfaces, @Nullable PinLock lock, NetnsRef netns) {
        this.config = config;
        this.netns = netns;
        this.datapath = datapath;
        this.engine = engine;
        this.interfaces = interfaces;
        this.lock = lock;
        this.mapIds = Hooks.programMapIds(datapath.xdp().id());
        FlowPressure pressure = new FlowPressure(datapath);
        NatReclaimer reclaimer = new NatReclaimer(datapath);
        this.nextHops = new NextHopWarmer(datapath, engine);
        this.flowTable = new FlowTable(datapath, engine);
        HealthProbes[] prober = new HealthProbes[1];
        this.health = new HealthMonitor(new HealthMonitor.Routes() {
            @Override
            public RoutePlan update(List<RoutePlanner.Change> changes) {
                if (datapath.takenOverBy() != 0) {
                    throw new DataplaneException("taken over by process " + datapath.takenOverBy());
                }
                return engine.update(changes);
            }

            @Override
            public Optional<Route> route(Vip vip) {
                return engine.route(vip);
            }
        }, java.time.InstantSource.system(), t -> prober[0].start(t));
        this.probes = new HealthProbes(netns.threadFactory("blixt-health-netns:[" + netns.inode() + "]"), health::record);
        prober[0] = probes;
        this.links = LinkWatcher.start(config, datapath, attachments, netns, () -> { // last: nothing after it throws
            pressure.run();
            reclaimer.run();
            nextHops.run();
        });
    }

    /**
     * Opens a data plane with the defaults: attached in {@link AttachMode#AUTO} to the
     * interface of the default route.
     *
     * @return the open data plane
     * @throws DataplaneException if it cannot be loaded or attached (the message says why and what to do)
     */
    public static Dataplane open() {
        return open(DataplaneConfig.defaults());
    }

    /**
     * Opens a data plane: loads the program, sizes its maps, attaches it to every configured
     * interface, and with a pin path adopts a pinned configuration.
     *
     * @param config how to open it
     * @return the open data plane
     * @throws DataplaneException if it cannot be loaded or attached (the message says why and what to do);
     *     nothing stays attached then
     */
    public static Dataplane open(DataplaneConfig config) {
        Objects.requireNonNull(config, "config");
        Capabilities.checkCurrent().ifPresent(why -> {
            throw new DataplaneException("not permitted to load the data plane: " + why);
        });
        return inNamespace(config.networkNamespace(), () -> Opening.open(config, o -> new Dataplane(config,
                o.datapath(), o.engine(), o.attached(), o.interfaces(), o.lock(), NetnsRef.current())));
    }

    /**
     * Runs {@code task} in the network namespace {@code ns} names (a name or an absolute path; on a thread of
     * its own), else right here.
     */
    static <T> T inNamespace(Optional<String> ns, java.util.concurrent.Callable<T> task) {
        if (ns.isEmpty()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DataplaneException(e.getMessage(), e);
            }
        }
        return NetNamespace.callInPath(ns.get().startsWith("/") ? Path.of(ns.get()) : NetNamespace.path(ns.get()), task);
    }

    /**
     * Starts a route update for a VIP; {@link RouteBuilder#to} states its backends.
     *
     * @param vip the VIP
     * @return a builder whose {@code to(...)} applies the route
     * @throws IllegalStateException if this data plane is closed
     */
    public RouteBuilder route(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        checkOpen();
        return new RouteBuilder(vip);
    }

    /**
     * Applies a route's backend set; returned by {@link Dataplane#route(Vip)}.
     */
    public final class RouteBuilder {
        private final Vip vip;
        private @Nullable ForwardingMode mode;
        private @Nullable Affinity affinity;
        private @Nullable SourceRanges sources;

        private RouteBuilder(Vip vip) {
            this.vip = vip;
        }

        /**
         * Sets what picks a new flow's backend (see {@link Affinity}). Without it a new VIP is {@link
         * Affinity#NONE} and an existing one keeps its affinity. A change applies to new flows.
         *
         * {@snippet class=dev.blixt.Snippets region=affinity}
         *
         * @param affinity the affinity
         * @return this builder
         */
        public RouteBuilder affinity(Affinity affinity) {
            this.affinity = Objects.requireNonNull(affinity, "affinity");
            return this;
        }

        /**
         * Sets which clients may open flows (see {@link SourceRanges}). Without it a new VIP allows every
         * client and an existing one keeps its ranges. The new ranges replace the old ones atomically;
         * tracked flows of clients they refuse are removed in the same update.
         *
         * @param sources the ranges ({@link SourceRanges#ANY}: everyone)
         * @return this builder
         */
        public RouteBuilder sourceRanges(SourceRanges sources) {
            this.sources = Objects.requireNonNull(sources, "sources");
            return this;
        }

        /**
         * Sets how the VIP's packets reach its backends. Without it a new VIP is {@link
         * ForwardingMode#NAT} and an existing one keeps its mode. A change of mode applies to new
         * flows; established flows finish in the mode they started in.
         *
         * @param mode the forwarding mode
         * @return this builder
         */
        public RouteBuilder mode(ForwardingMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the VIP's full backend set, replacing the previous one (the VIP is created if
         * new). Backends that stay keep their flows; removed backends' flows move to the
         * remaining ones; weight-0 backends keep their flows and get no new ones. An empty set
         * keeps the VIP and drops its new flows.
         *
         * @param backends the backends
         * @return the route as applied
         * @throws IllegalArgumentException if a backend's family differs from the VIP's, a backend
         *     is listed twice, ports do not fit, a source range is of the other family, or a new VIP's
         *     address is one of the load balancer's own (an address of an interface in its network
         *     namespace: packets to it belong to the host) (nothing is changed)
         * @throws CapacityException if VIPs, backend ids or source-range capacity run out (nothing is changed)
         * @throws DataplaneException if the kernel refuses an update
         */
        public Route to(Backend... backends) {
            return to(Arrays.asList(backends));
        }

        /**
         * Sets the VIP's full backend set (see {@link #to(Backend...)}).
         *
         * @param backends the backends
         * @return the route as applied
         * @throws IllegalArgumentException if the backend set is invalid (nothing is changed)
         * @throws CapacityException if VIPs or backend ids run out (nothing is changed)
         * @throws DataplaneException if the kernel refuses an update
         */
        public Route to(List<Backend> backends) {
            checkOpen();
            if (engine.vipId(vip).isEmpty()) refuseOwnAddress(vip);
            RoutePlanner.Change put = new RoutePlanner.Put(vip, List.copyOf(backends), mode, affinity, sources);
            return warmed(List.of(health.update(List.of(put)).changed().getFirst())).getFirst();
        }
    }

    /**
     * Drains a backend: it gets no new flows, its existing flows continue (its weight becomes 0).
     *
     * @param vip the VIP
     * @param backend the backend (matched by address and port)
     * @return the route as applied
     * @throws IllegalArgumentException if the VIP has no route or the backend is not part of it
     */
    public Route drain(Vip vip, Backend backend) {
        checkOpen();
        return health.update(List.of(new RoutePlanner.Drain(vip, backend))).changed().getFirst();
    }

    /**
     * Removes a VIP, its backends and its tracked flows.
     *
     * @param vip the VIP
     * @return true if it existed
     */
    public boolean remove(Vip vip) {
        checkOpen();
        return !health.update(List.of(new RoutePlanner.Remove(vip))).removed().isEmpty();
    }

    /**
     * Applies several route changes all or nothing (see {@link Transaction}).
     *
     * {@snippet class=dev.blixt.Snippets region=transaction}
     *
     * @param changes fills the transaction: {@code tx.route(vip).to(...)}, {@code tx.drain(...)},
     *     {@code tx.remove(...)}
     * @return the routes as applied, one per routed or drained VIP, in the order they were first
     *     named (removed VIPs are not listed)
     * @throws IllegalArgumentException if a change is invalid, or a new VIP's address is one of the
     *     load balancer's own (nothing is changed)
     * @throws CapacityException if VIPs or backend ids run out (nothing is changed)
     * @throws DataplaneException if the kernel refuses an update (what was written is undone)
     */
    public List<Route> update(java.util.function.Consumer<Transaction> changes) {
        Objects.requireNonNull(changes, "changes");
        checkOpen();
        Transaction tx = new Transaction();
        changes.accept(tx);
        for (RoutePlanner.Change c : tx.changes()) {
            if (c instanceof RoutePlanner.Put put && engine.vipId(put.vip()).isEmpty()) refuseOwnAddress(put.vip());
        }
        return warmed(health.update(tx.changes()).changed());
    }

    /** The routes just applied, after the next hops of their full-NAT backends were asked for (NextHopWarmer). */
    private List<Route> warmed(List<Route> routes) {
        if (!nextHops.enabled()) return routes;
        netns.call(() -> {
            nextHops.warm(routes);
            return null;
        });
        return routes;
    }

    /**
     * Every route, as the data plane holds it: what the kernel applies. For a health-checked VIP that is the route
     * as stated with its unhealthy backends drained or left out; {@link #health(Vip)} tells which and why, and
     * {@link VipHealth#desired()} is the route as stated.
     *
     * @return the routes
     */
    public List<Route> routes() {
        checkOpen();
        return engine.routes();
    }

    /**
     * One VIP's route, as the kernel applies it (see {@link #routes()}). To change a health-checked VIP's route by
     * reading it first, read {@link VipHealth#desired()} instead: a backend its check drained would otherwise be
     * stated at weight 0 and stay drained once healthy.
     *
     * @param vip the VIP
     * @return the route, or empty when the VIP has none
     */
    public Optional<Route> routeOf(Vip vip) {
        checkOpen();
        return engine.route(vip);
    }

    /**
     * Attaches an active health check to a routed VIP, or replaces its check. Each backend of the VIP is probed
     * every {@linkplain HealthCheck#interval() interval}; one that fails {@linkplain HealthCheck#fall() fall} times
     * in a row becomes {@link HealthState#UNHEALTHY} and is drained (weight 0: established flows finish, no new
     * ones) or removed ({@link HealthCheck.Action#REMOVE}); {@linkplain HealthCheck#rise() rise} successes in a row
     * bring it back with its weight. Each change is one atomic route update and is reported to {@link
     * #onHealthChange} listeners.
     *
     * {@snippet class=dev.blixt.Snippets region=healthCheck}
     *
     * <p>The route the user states ({@code route(vip).to(...)}, {@link #update}, {@link #drain}) stays the desired
     * one: re-stating it while a backend is down keeps that backend drained (or out) until it rises; a backend new
     * to the route starts {@link HealthState#UNKNOWN} and serves until its first fall threshold. Unless the check
     * {@linkplain HealthCheck#allowAllDown(boolean) allows all down}, the VIP is never left without a serving
     * backend: when the last ones fall they keep serving and the event says so. Removing the VIP removes its
     * check. A replaced check keeps the backends' states (their counts restart).
     *
     * @param vip a routed VIP
     * @param check the check
     * @throws IllegalArgumentException if the VIP has no route, or a backend has no port to probe (the backend's,
     *     the VIP's and the check's ports are all 0)
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel refuses the route update the check's current states call for
     */
    public void healthCheck(Vip vip, HealthCheck check) {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(check, "check");
        checkOpen();
        health.attach(vip, check);
    }

    /**
     * Removes a VIP's health check: probing stops and the route as stated applies again (backends the check
     * drained or removed serve again).
     *
     * @param vip the VIP
     * @return false when it had no check
     * @throws IllegalStateException if this data plane is closed
     */
    public boolean removeHealthCheck(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        checkOpen();
        return health.detach(vip);
    }

    /**
     * The health of a VIP's backends as its check sees them, and the route as stated.
     *
     * @param vip the VIP
     * @return its health, or empty when the VIP has no health check
     * @throws IllegalStateException if this data plane is closed
     */
    public Optional<VipHealth> health(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        checkOpen();
        return health.health(vip);
    }

    /**
     * Registers a listener told of each backend health state change of every checked VIP. Listeners run on a probe's
     * (virtual) thread after the route change is applied, should return quickly, and are kept until close.
     *
     * @param listener told of each change
     * @throws IllegalStateException if this data plane is closed
     */
    public void onHealthChange(java.util.function.Consumer<HealthEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) throw new IllegalStateException("the data plane is closed");
        health.listen(listener);
    }

    /** Stops probing (threads ended and joined); the routes stay as they are. */
    private void stopHealthChecks() {
        health.close();
        probes.close();
    }

    /** The health checks (tests). */
    HealthMonitor healthMonitor() {
        return health;
    }

    /**
     * A VIP's counters, summed over CPUs.
     *
     * @param vip the VIP
     * @return its counters
     * @throws IllegalArgumentException if the VIP has no route
     */
    public TrafficStats stats(Vip vip) {
        checkOpen();
        int id = engine.vipId(vip).orElseThrow(() -> new IllegalArgumentException("no route for " + vip));
        return toStats(datapath.vipStats.sum(id, Counters::plus));
    }

    /**
     * The counters of each backend of a VIP, summed over CPUs, in route order, keyed by the
     * backend's address and port: {@code backendStats(vip).get(backend.endpoint())} finds a
     * backend's counters whatever its weight was or is.
     *
     * @param vip the VIP
     * @return counters per backend endpoint
     * @throws IllegalArgumentException if the VIP has no route
     */
    public Map<Endpoint, TrafficStats> backendStats(Vip vip) {
        checkOpen();
        Map<Endpoint, TrafficStats> out = new LinkedHashMap<>();
        for (Map.Entry<Backend, Integer> e : engine.backendIds(vip).entrySet()) {
            out.put(e.getKey().endpoint(), toStats(datapath.backendStats.sum(e.getValue(), Counters::plus)));
        }
        return out;
    }

    /**
     * The data plane's global counters, summed over CPUs.
     *
     * @return the counters
     */
    public GlobalStats globalStats() {
        checkOpen();
        return GlobalStats.of(datapath.globalCounters());
    }

    /**
     * The backend the data plane selects for a new flow of a VIP, computed in Java with the same
     * hash and Maglev table as the kernel (for tests and diagnostics). An established flow keeps
     * the backend recorded in the flow table, which may differ after a route change.
     *
     * @param vip the VIP
     * @param flow the client's flow
     * @return the backend, or empty when no backend has a weight above 0
     * @throws IllegalArgumentException if the VIP has no route or the flow's family differs
     */
    public Optional<Backend> backendFor(Vip vip, Flow flow) {
        checkOpen();
        if (flow.client() instanceof java.net.Inet4Address != vip.address() instanceof java.net.Inet4Address) {
            throw new IllegalArgumentException("flow from " + flow.client() + " is not of the family of " + vip);
        }
        int port = flow.destinationPort() != 0 ? flow.destinationPort() : vip.port();
        return engine.backendFor(vip, flow.client(), flow.clientPort(), port);
    }

    // ---------------------------------------------------------------- flow introspection and purge

    /**
     * The flows the kernel's flow table tracks for a VIP: each client 5-tuple and the backend its packets
     * go to.
     *
     * {@snippet class=dev.blixt.Snippets region=flows}
     *
     * <p>This is a snapshot read while packets flow: the table is scanned in chunks with batch lookups,
     * without blocking the data path or route updates, and flows begin, end and are evicted meanwhile (the
     * table is an LRU hash with an LRU list per CPU: a full table evicts entries, live or not, without
     * telling), so a flow that begins or ends during the scan may or may not be listed. Only live entries
     * are listed: an entry whose backend is no longer in the route, or a UDP entry idle past the UDP idle
     * timeout, would re-select on its next packet and is skipped ({@link #purge(Vip)} deletes those too).
     * A TCP flow's entry outlives its connection until it is evicted or its 5-tuple opens again, so
     * closed connections are listed too. The scan reads the whole table (the entries of all VIPs).
     *
     * @param vip the VIP
     * @return its live flows, in the table's order
     * @throws IllegalArgumentException if the VIP has no route
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup
     */
    public List<TrackedFlow> flows(Vip vip) {
        return flows(vip, f -> true);
    }

    /**
     * The flows of one backend of a VIP (see {@link #flows(Vip)}).
     *
     * @param vip the VIP
     * @param backend the backend, matched by address and port (whatever its weight)
     * @return its live flows
     * @throws IllegalArgumentException if the VIP has no route
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup
     */
    public List<TrackedFlow> flows(Vip vip, Backend backend) {
        Endpoint e = Objects.requireNonNull(backend, "backend").endpoint();
        return flows(vip, f -> f.backend().endpoint().equals(e));
    }

    /**
     * The flows of a VIP that a filter accepts, for instance those of one client address (see {@link
     * #flows(Vip)}): {@code dp.flows(vip, f -> f.client().getAddress().equals(client))}.
     *
     * @param vip the VIP
     * @param filter which flows to list; runs on the calling thread during the scan, so it should be quick
     * @return the live flows it accepts
     * @throws IllegalArgumentException if the VIP has no route
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup
     */
    public List<TrackedFlow> flows(Vip vip, java.util.function.Predicate<? super TrackedFlow> filter) {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(filter, "filter");
        checkOpen();
        return flowTable.list(vip, filter);
    }

    /**
     * How many live flows the flow table tracks for a VIP, counted in one scan without building the list
     * (a snapshot, see {@link #flows(Vip)}).
     *
     * @param vip the VIP
     * @return the number of its live flows
     * @throws IllegalArgumentException if the VIP has no route
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup
     */
    public int flowCount(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        checkOpen();
        return flowTable.count(vip);
    }

    /**
     * How many live flows each backend of a VIP has, counted in one scan (a snapshot, see {@link
     * #flows(Vip)}), in route order, keyed by the backend's address and port like {@link #backendStats}.
     *
     * @param vip the VIP
     * @return live flows per backend endpoint, 0 for a backend without any
     * @throws IllegalArgumentException if the VIP has no route
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup
     */
    public Map<Endpoint, Integer> flowCounts(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        checkOpen();
        return flowTable.counts(vip);
    }

    /**
     * Deletes the flow entries of one backend of a VIP at once (batch deletes): their table space is free
     * and the next packet of each of those flows selects a backend on the VIP's ring again, as a new flow
     * would (and counts as a new flow).
     *
     * {@snippet class=dev.blixt.Snippets region=purge}
     *
     * <p>Safe while packets flow. A TCP connection mid-stream is not reset by the purge: its next segment
     * re-selects, and while the backend is in the route with a weight above 0 the ring most likely picks the
     * same backend again (Maglev is consistent: the same one unless the route changed since the connection
     * began), so the connection goes on; otherwise the segment reaches another backend, which answers it
     * with a reset. To move a backend's clients away, first {@link #drain} it (or remove it from the route:
     * its flows then re-select anyway), then purge. Full NAT: the flows' translations (their full-NAT
     * address and port) are left in place: a purged flow that re-selects the same backend takes its own
     * translation back, so its connection survives, and the reclaimer of the data plane's housekeeping gives
     * back those no flow names any more after about 10 to 20 s. A flow that begins while the purge runs may
     * or may not be deleted; a flow whose 5-tuple was re-created between the scan and the delete is deleted
     * (it re-selects). Does not block route updates; counters are kept.
     *
     * @param vip the VIP
     * @param backend the backend, matched by address and port (whatever its weight)
     * @return how many flow entries were deleted
     * @throws IllegalArgumentException if the VIP has no route or the backend is not part of it
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup or a delete
     */
    public int purge(Vip vip, Backend backend) {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(backend, "backend");
        checkOpen();
        return flowTable.purge(vip, backend);
    }

    /**
     * Deletes every flow entry of a VIP at once, live or stale (see {@link #purge(Vip, Backend)}): every
     * client of the VIP selects on the ring again with its next packet.
     *
     * @param vip the VIP
     * @return how many flow entries were deleted
     * @throws IllegalArgumentException if the VIP has no route
     * @throws IllegalStateException if this data plane is closed
     * @throws DataplaneException if the kernel fails the lookup or a delete
     */
    public int purge(Vip vip) {
        Objects.requireNonNull(vip, "vip");
        checkOpen();
        return flowTable.purge(vip, null);
    }

    /**
     * Runs one Ethernet frame through the loaded XDP program (BPF_PROG_TEST_RUN) and reports
     * what the data plane did with it.
     *
     * <p>This is the real program on the real maps: a frame that creates a flow inserts it into
     * the flow table and counts in the statistics, exactly as a packet on the wire would (a full-NAT flow
     * claims its address and port, given back by the reclaimer once the flow is idle).
     * Forwarding decisions use the routes of the calling thread's network namespace.
     *
     * @param frame an Ethernet frame of at least 14 bytes (build one with {@code dev.blixt.packet})
     * @return the verdict, the output frame and the backend selected, if any
     * @throws IllegalArgumentException if the frame is shorter than 14 bytes
     */
    public Simulation simulate(byte[] frame) {
        checkOpen();
        TestRun run = netns.call(() -> datapath.xdp().testRun(frame, 1));
        return Simulation.of(XdpAction.of(run.verdict()), frame, run.output(), engine);
    }

    /**
     * The interfaces the program is attached to.
     *
     * @return interface names
     */
    public List<String> interfaces() {
        return interfaces;
    }

    /**
     * The configuration this data plane was opened with.
     *
     * @return the configuration
     */
    public DataplaneConfig config() {
        return config;
    }

    /**
     * Closes the data plane. Without a pin path the program is detached from every interface and
     * the maps are freed. With a pin path the kernel keeps forwarding with the pinned maps and
     * attachments; open again with the same path to adopt them. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        stopHealthChecks();
        boolean pinned = config.pinPath().isPresent();
        List<dev.blixt.bpf.Attachment> now = links.stop();
        netns.call(() -> {
            for (var a : now) {
                if (pinned) a.release();
                else LinkWatcher.closeQuietly(a);
            }
            return null;
        });
        if (!pinned) netns.close(); // a pinned one keeps it for destroy()
        datapath.close();
        if (lock != null) lock.close();
    }

    /**
     * Detaches the data plane from every interface — every attachment of it of every kind (XDP and
     * tcx links, legacy tc filters), including those an earlier process left on the same pins —,
     * removes the pinned maps and links and closes the data plane. Traffic to the VIPs is no longer
     * balanced afterwards. Works after {@link #close()} too (then it takes the pin path's lock
     * again). Idempotent.
     *
     * @throws DataplaneException if, after {@code close()}, another data plane has opened the pin path
     */
    public void destroy() {
        if (destroyed.get()) return;
        PinLock held = null;
        if (!closed.compareAndSet(false, true)) {
            if (config.pinPath().isEmpty() || !Files.isDirectory(config.pinPath().get())) {
                destroyed.set(true); // closed without pins, or the pins are gone: nothing is left in the kernel
                netns.close();
                return;
            }
            held = PinLock.acquire(config.pinPath().get());
        } else {
            stopHealthChecks();
            List<dev.blixt.bpf.Attachment> now = links.stop();
            netns.call(() -> {
                for (var a : now) LinkWatcher.closeQuietly(a);
                return null;
            });
            datapath.close();
        }
        try {
            netns.call(() -> {
                for (String ifname : interfaces) Attacher.removeAll(ifname, mapIds);
                return null;
            });
            config.pinPath().ifPresent(Pins::remove);
            destroyed.set(true);
        } finally {
            if (held != null) held.close();
            if (lock != null) lock.close();
            netns.close();
        }
    }

    /**
     * Removes a pinned data plane without opening it (so also pins that {@code open} cannot adopt): detaches
     * every attachment of it found through its pins (pinned XDP and tcx links wherever they are; legacy tc
     * filters and netlink XDP of its programs in the calling thread's network namespace), then deletes the pins
     * and the pin directory. Its VIPs are no longer balanced afterwards; other programs are never touched.
     *
     * @param pinPath the data plane's pin path ({@link DataplaneConfig#pinPath()})
     * @return false when nothing is at {@code pinPath}
     * @throws DataplaneException if a live data plane holds the pin path (nothing is removed then), or the path
     *     is not a data plane's pin directory
     */
    public static boolean destroy(Path pinPath) {
        return Teardown.destroy(Objects.requireNonNull(pinPath, "pinPath"));
    }

    /**
     * How each interface is attached now: the mode in effect, the mechanism, the program id and why this mode
     * was chosen; an interface that disappeared is reported {@linkplain InterfaceAttachment#attached() detached}
     * until one of the same name appears and the program is attached there again.
     *
     * @return one entry per interface, in configuration order
     * @throws IllegalStateException if this data plane is closed
     */
    public List<InterfaceAttachment> attachments() {
        checkOpen();
        return netns.call(links::describe);
    }

    /**
     * Registers a listener told when one of the interfaces disappears (the program goes with it) and when one
     * of the same name appears (the program is attached there again, in the configured mode, or cannot be).
     * Listeners run on the data plane's watcher thread, should return quickly, and are kept until close.
     *
     * @param listener told of each event
     * @throws IllegalStateException if this data plane is closed
     */
    public void onInterfaceEvent(java.util.function.Consumer<InterfaceEvent> listener) {
        if (closed.get()) throw new IllegalStateException("the data plane is closed");
        links.listen(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * What this data plane found and repaired when it adopted pinned maps: after the previous owner
     * died in the middle of an update, the repairs it made (also logged at INFO).
     *
     * @return the report; empty when this data plane did not adopt a pinned configuration
     * @throws IllegalStateException if this data plane is closed
     */
    public Optional<AdoptionReport> adoption() {
        checkOpen();
        return Optional.ofNullable(engine.adoption());
    }

    /**
     * What the data plane sent out of each interface itself (XDP redirect, XDP_TX, tc redirect),
     * for every interface it sent something out of or may XDP-redirect into.
     *
     * @return one entry per such interface, by ifindex
     * @throws IllegalStateException if this data plane is closed
     */
    public List<EgressStats> egressStats() {
        checkOpen();
        return netns.call(() -> {
            List<EgressStats> out = new ArrayList<>();
            for (int ifindex : datapath.egressInterfaces()) {
                var e = datapath.egress(ifindex);
                String name = NetInterfaces.name(ifindex).orElse("");
                out.add(new EgressStats(name, ifindex, e.xdpSafe(), e.packets(), e.bytes()));
            }
            return List.copyOf(out);
        });
    }

    /** Refuses a VIP on an address of the load balancer's own interfaces (in its network namespace). */
    void refuseOwnAddress(Vip vip) {
        Optional<String> owner = netns.call(() -> Interfaces.holding(vip.address()));
        if (owner.isPresent()) {
            throw new IllegalArgumentException(vip.address().getHostAddress() + " cannot be a VIP address: it is an"
                    + " address of this host's interface " + owner.get() + ", whose packets the kernel delivers"
                    + " locally; use an address routed to the load balancer but assigned to none of its interfaces");
        }
    }

    private void checkOpen() {
        if (closed.get()) throw new IllegalStateException("the data plane is closed");
        int by = datapath.takenOverBy();
        if (by != 0) {
            throw new DataplaneException("this data plane was taken over by process " + by + " (a data plane opened"
                    + " with DataplaneConfig.Builder.takeOver(true) on " + String.join(", ", interfaces)
                    + "): it no longer serves them and refuses changes; close() it");
        }
    }

    private static TrafficStats toStats(Counters c) {
        return new TrafficStats(c.packets(), c.bytes(), c.newFlows(), c.replyPackets(), c.replyBytes(), c.icmp(), c.refused());
    }

    @Override
    public String toString() {
        return "Dataplane[" + interfaces + ", " + config.attachMode() + (closed.get() ? ", closed]" : "]");
    }
}
