package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.Layouts;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import dev.blixt.internal.hash.FlowHash;
import dev.blixt.maglev.MaglevNode;
import dev.blixt.maglev.MaglevTable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The control plane behind {@link Dataplane}: holds the {@link RouteState} under one lock; an update
 * takes a snapshot, has {@link RoutePlanner} plan the batch (validation, id assignment, retirement,
 * Maglev tables, the ordered writes), has {@link RouteWriter} write it, and takes the plan's state.
 * See {@link RoutePlanner} for the write order.
 *
 * <p>All mutations hold one lock; reads of counters do not take it.
 */
final class RouteEngine {
    private static final System.Logger LOG = System.getLogger(RouteEngine.class.getName());

    /** A backend under one VIP, with its id. */
    record Slot(int id, Backend backend) {}

    private final Datapath dp;
    private final RouteMaps maps;
    private final int ringSize;
    private final int seed;
    private final ReentrantLock lock = new ReentrantLock();
    private RouteState state;
    private @Nullable AdoptionReport adoption;

    RouteEngine(Datapath dp) {
        this(dp, RouteMaps.of(dp));
    }

    RouteEngine(Datapath dp, RouteMaps maps) {
        this.dp = dp;
        this.maps = maps;
        this.ringSize = dp.sizing().ringSize();
        this.seed = dp.sizing().hashSeed();
        this.state = RouteState.empty(sizing(dp.sizing()));
    }

    /** What the planner needs of a data path's sizing. */
    static RouteState.Sizing sizing(Datapath.Sizing s) {
        return new RouteState.Sizing(s.maxVips(), s.maxBackends(), s.ringSize(), s.hashSeed(), s.encap().has4(),
                s.encap().has6(), !s.fullNat().v4().isEmpty(), !s.fullNat().v6().isEmpty(), s.sourceRanges());
    }

    /** The current state (tests). */
    RouteState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- adoption

    /**
     * Rebuilds the engine's state from maps that already hold a configuration (pinned maps), whatever
     * instant their previous owner died at: the VIP entries and their active ring halves are the truth,
     * what an interrupted update left half-written is repaired (see {@link Adoption}).
     */
    void adopt() {
        lock.lock();
        try {
            Adoption.Result r = Adoption.run(dp);
            List<String> repairs = new ArrayList<>(r.repairs());
            Map<Vip, RouteState.VipState> adopted = new LinkedHashMap<>();
            for (Adoption.AdoptedVip v : r.vips()) {
                List<RouteState.Slot> slots = new ArrayList<>();
                for (Slot slot : v.backends()) slots.add(new RouteState.Slot(slot.id(), slot.backend()));
                // The active half as adopted (null when the weights are unknown: written in full next time);
                // the idle half is unknown until rewritten.
                MaglevTable active = v.table();
                adopted.put(v.vip(), new RouteState.VipState(v.vip(), v.id(), v.active(), slots,
                        v.active() == 0 ? active : null, v.active() == 1 ? active : null, ForwardingMode.of(v.mode()),
                        v.policy(), v.sourceGen()));
            }
            // Adoption freed every entry that is no adopted backend: nothing stays retired.
            long[][] filter = RoutePlanner.filterOf(adopted.values());
            long flags = RoutePlanner.flagsOf(adopted.values());
            state = new RouteState(sizing(dp.sizing()), adopted, Map.of(), filter, flags);
            checkAdoptedFilterAndFlags(repairs, filter, flags);
            int backends = adopted.values().stream().mapToInt(v -> v.backends().size()).sum();
            adoption = new AdoptionReport(adopted.size(), backends, repairs);
            if (repairs.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "adopted {0} VIPs and {1} backends from pinned maps; nothing to repair",
                        adopted.size(), backends);
            } else {
                LOG.log(System.Logger.Level.INFO, "adopted {0} VIPs and {1} backends from pinned maps, after {2}"
                        + " repairs of what the previous owner left half-written: {3}", adopted.size(), backends,
                        repairs.size(), String.join("; ", repairs));
            }
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #adopt()} found and repaired; null when the engine did not adopt. */
    @Nullable AdoptionReport adoption() {
        return adoption;
    }

    /**
     * Makes the kernel's address pre-filter and runtime switches those of the adopted routes: an update
     * that died between writing them and its flip (or after its flip, before clearing them) left bits
     * of backends and VIPs that are not (or no longer) there. The take-over mark in the high word of
     * the config entry is kept.
     */
    private void checkAdoptedFilterAndFlags(List<String> repairs, long[][] filter, long configFlags) {
        Map<Integer, Long> have = dp.addrFilter.getAll();
        Map<Integer, Long> changed = new TreeMap<>();
        for (int dir = 0; dir < 2; dir++) {
            for (int w = 0; w < Layouts.FILTER_WORDS; w++) {
                int k = dir * Layouts.FILTER_WORDS + w;
                if (have.getOrDefault(k, 0L) != filter[dir][w]) changed.put(k, filter[dir][w]);
            }
        }
        if (!changed.isEmpty()) {
            dp.addrFilter.putAll(changed);
            repairs.add("rewrote " + changed.size() + " words of the address pre-filter");
        }
        long cfg = dp.config.get(0).orElse(0L);
        if ((cfg & 0xFFFF_FFFFL) != configFlags) {
            dp.config.put(0, (cfg & 0xFFFF_FFFF_0000_0000L) | configFlags);
            repairs.add("set the runtime switches to " + configFlags + " (were " + (cfg & 0xFFFF_FFFFL) + ")");
        }
    }

    // ---------------------------------------------------------------- updates

    /** Replaces the backend set of a VIP (creating the VIP if new), keeping its mode. */
    Route apply(Vip vip, List<Backend> wanted) {
        return apply(vip, wanted, null);
    }

    /** Replaces the backend set of a VIP (creating the VIP if new); a null mode keeps the VIP's. */
    Route apply(Vip vip, List<Backend> wanted, @Nullable ForwardingMode mode) {
        return update(List.of(new RoutePlanner.Put(vip, wanted, mode))).changed().getFirst();
    }

    /** Sets one backend's weight to 0: no new flows, existing flows continue. */
    Route drain(Vip vip, Backend backend) {
        return update(List.of(new RoutePlanner.Drain(vip, backend))).changed().getFirst();
    }

    /** Removes a VIP, its backends and its flows. Returns false when there was no such VIP. */
    boolean remove(Vip vip) {
        return !update(List.of(new RoutePlanner.Remove(vip))).removed().isEmpty();
    }

    /**
     * Applies a batch of changes all or nothing: plans it against the current state (refusing it
     * whole when a change is invalid), writes the plan, and takes the new state.
     *
     * @return the plan that was applied
     */
    RoutePlan update(List<? extends RoutePlanner.Change> changes) {
        lock.lock();
        try {
            RouteState before = state;
            RoutePlan plan = RoutePlanner.plan(before, changes);
            try {
                RouteWriter.write(plan, maps);
            } catch (RouteWriter.Undone e) {
                state = forgetHalves(before, e.unknownHalves);
                throw (RuntimeException) e.getCause();
            } catch (RouteWriter.CleanupFailed e) {
                Map<Integer, RouteState.Retired> retired = new HashMap<>(plan.after().retired());
                retired.putAll(plan.freedInCleanup());
                RouteState a = plan.after();
                state = new RouteState(a.sizing(), a.vips(), retired, a.filter(), a.flags());
                throw new DataplaneException("the route change is live, but cleaning up after it failed ("
                        + e.getCause().getMessage() + "): the ids of removed backends stay reserved until a later"
                        + " update frees them; check the kernel's state (bpftool map) if this repeats", e.getCause());
            }
            state = plan.after();
            return plan;
        } finally {
            lock.unlock();
        }
    }

    /** The state with ring halves whose content is unknown (a failed undo) marked so. */
    private static RouteState forgetHalves(RouteState s, Set<Integer> halves) {
        if (halves.isEmpty()) return s;
        Map<Vip, RouteState.VipState> vips = new LinkedHashMap<>();
        for (RouteState.VipState v : s.vips().values()) {
            RouteState.VipState w = v;
            for (int h = 0; h < 2; h++) {
                if (halves.contains(v.id() * 2 + h)) w = w.withHalf(h, null);
            }
            vips.put(v.vip(), w);
        }
        return new RouteState(s.sizing(), vips, s.retired(), s.filter(), s.flags());
    }

    // ---------------------------------------------------------------- reads

    List<Route> routes() {
        return state().routes();
    }

    Optional<Route> route(Vip vip) {
        return Optional.ofNullable(state().vips().get(vip)).map(RouteState.VipState::route);
    }

    /** VIP id, for counters; empty when the VIP has no route. */
    Optional<Integer> vipId(Vip vip) {
        return Optional.ofNullable(state().vips().get(vip)).map(RouteState.VipState::id);
    }

    /** Backend ids of a VIP, in route order. */
    Map<Backend, Integer> backendIds(Vip vip) {
        RouteState.VipState s = state().vips().get(vip);
        if (s == null) throw new IllegalArgumentException("no route for " + vip);
        Map<Backend, Integer> out = new LinkedHashMap<>();
        for (RouteState.Slot slot : s.backends()) out.put(slot.backend(), slot.id());
        return out;
    }

    /** The backend the data path selects for a new flow (the active ring), if any. */
    Optional<Backend> backendFor(Vip vip, InetAddress client, int clientPort, int vipPort) {
        RouteState current = state();
        RouteState.VipState s = current.vips().get(vip);
        if (s == null) throw new IllegalArgumentException("no route for " + vip);
        MaglevTable t = s.half(s.active());
        if (t == null) t = current.table(s.backends());
        int h = FlowHash.hash(client, vip.address(), clientPort, vipPort, vip.protocol().number(), seed);
        int id = t.get(FlowHash.slot(h, ringSize));
        if (id == 0) return Optional.empty();
        for (RouteState.Slot slot : s.backends()) {
            if (slot.id() == id) return Optional.of(slot.backend());
        }
        return Optional.empty();
    }

    /** Looks a backend id up among the current routes. */
    Optional<Map.Entry<Vip, Backend>> backendById(int id) {
        for (RouteState.VipState s : state().vips().values()) {
            for (RouteState.Slot slot : s.backends()) {
                if (slot.id() == id) return Optional.of(Map.entry(s.vip(), slot.backend()));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- internals

    /** The pre-filter bucket of an address, as {@code filter_bucket} in blixt_csum.h computes it. */
    static int filterBucket(InetAddress address) {
        byte[] b = address.getAddress();
        int a = 0;
        for (int i = 0; i < b.length; i += 4) {
            a ^= (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
        }
        return (a * 0x9E3779B1) >>> 16;
    }

    static VipKey vipKey(Vip vip) {
        return new VipKey(vip.address(), vip.port(), vip.protocol().number());
    }

    static BackendKey backendKey(Vip vip, Backend b) {
        return new BackendKey(b.address(), b.port() != 0 ? b.port() : vip.port(), vip.protocol().number());
    }

    private MaglevTable table(Collection<Slot> slots) {
        List<MaglevNode> nodes = new ArrayList<>(slots.size());
        for (Slot s : slots) nodes.add(new MaglevNode(s.id(), s.backend().key(), s.backend().weight()));
        return MaglevTable.build(nodes, ringSize, seed);
    }
}
