package dev.blixt;

import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.Layouts;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import dev.blixt.internal.hash.FlowHash;
import dev.blixt.maglev.MaglevNode;
import dev.blixt.maglev.MaglevTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The control plane behind {@link Dataplane}: validates routes, allocates VIP and backend ids,
 * builds Maglev tables and writes the maps in an order that never exposes a half-applied state.
 *
 * <p>Write order of an update: new backend entries and reply-path refs (invisible until a ring
 * names them) → changed slots of the VIP's idle ring half → one update of the VIP entry that
 * flips the active half (the commit point) → removed backends invalidated (their flows are
 * re-selected) → ids no ring half references any more are freed. Backend ids are therefore
 * reused only when neither half of any ring references them.
 *
 * <p>All mutations hold one lock; reads of counters do not take it.
 */
final class RouteEngine {
    private static final System.Logger LOG = System.getLogger(RouteEngine.class.getName());

    /** A backend under one VIP, with its id. */
    record Slot(int id, Backend backend) {}

    /** What the engine knows of one VIP. */
    static final class VipState {
        final Vip vip;
        final int id;
        int active;
        final Map<String, Slot> backends = new LinkedHashMap<>();
        /** The table in each half; null when unknown (after adopting pinned maps). */
        final @Nullable MaglevTable[] halves = new MaglevTable[2];

        VipState(Vip vip, int id) {
            this.vip = vip;
            this.id = id;
        }
    }

    private final Datapath dp;
    private final int ringSize;
    private final int maxVips;
    private final int maxBackends;
    private final int seed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Vip, VipState> vips = new LinkedHashMap<>();
    /** Backend ids removed from their VIP but maybe still named by an idle ring half. */
    private final Map<Integer, Integer> retired = new HashMap<>(); // id -> vip id
    private final long[][] filter = new long[2][Layouts.FILTER_WORDS];
    private long configFlags;
    private @Nullable AdoptionReport adoption;

    RouteEngine(Datapath dp) {
        this.dp = dp;
        this.ringSize = dp.sizing().ringSize();
        this.maxVips = dp.sizing().maxVips();
        this.maxBackends = dp.sizing().maxBackends();
        this.seed = dp.sizing().hashSeed();
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
            for (Adoption.AdoptedVip v : r.vips()) {
                VipState s = new VipState(v.vip(), v.id());
                s.active = v.active();
                for (Slot slot : v.backends()) s.backends.put(slot.backend().key(), slot);
                s.halves[s.active] = v.table(); // null when the weights are unknown: written in full next time
                s.halves[1 - s.active] = null; // unknown until rewritten
                vips.put(v.vip(), s);
            }
            recomputeFilterAndFlags(false);
            checkAdoptedFilterAndFlags(repairs);
            int backends = vips.values().stream().mapToInt(v -> v.backends.size()).sum();
            adoption = new AdoptionReport(vips.size(), backends, repairs);
            if (repairs.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "adopted {0} VIPs and {1} backends from pinned maps; nothing to repair",
                        vips.size(), backends);
            } else {
                LOG.log(System.Logger.Level.INFO, "adopted {0} VIPs and {1} backends from pinned maps, after {2}"
                        + " repairs of what the previous owner left half-written: {3}", vips.size(), backends,
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
    private void checkAdoptedFilterAndFlags(List<String> repairs) {
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

    /** Replaces the backend set of a VIP (creating the VIP if new). */
    Route apply(Vip vip, List<Backend> wanted) {
        lock.lock();
        try {
            VipState existing = vips.get(vip);
            validate(vip, wanted, existing);
            boolean isNew = existing == null;
            VipState s = isNew ? new VipState(vip, freeVipId()) : existing;

            // Assign ids: keep those of known backends, allocate for new ones.
            Map<String, Slot> next = new LinkedHashMap<>();
            List<Slot> added = new ArrayList<>();
            BitSet used = usedBackendIds();
            int cursor = 1;
            for (Backend b : wanted) {
                Slot old = s.backends.get(b.key());
                if (old != null) {
                    next.put(b.key(), new Slot(old.id(), b));
                } else {
                    cursor = used.nextClearBit(cursor);
                    used.set(cursor);
                    Slot slot = new Slot(cursor, b);
                    next.put(b.key(), slot);
                    added.add(slot);
                }
            }
            List<Slot> removed = new ArrayList<>();
            for (Slot old : s.backends.values()) {
                if (!next.containsKey(old.backend().key())) removed.add(old);
            }

            MaglevTable table = table(next.values());
            int idle = 1 - s.active;

            // 1. New backends: entries, zeroed counters, reply-path refs. Invisible until a ring names them.
            List<Slot> written = new ArrayList<>();
            try {
                for (Slot slot : next.values()) {
                    Slot old = s.backends.get(slot.backend().key());
                    if (old == null || old.backend().weight() != slot.backend().weight()) {
                        dp.backends.put(slot.id(), entry(slot, s.id, BackendEntry.F_VALID));
                    }
                }
                for (Slot slot : added) {
                    dp.backendStats.fill(slot.id(), Counters.ZERO);
                    dp.nexthops.fill(slot.id(), new byte[Datapath.NEXTHOP_SIZE]);
                    addRef(vip, slot, s.id);
                    written.add(slot);
                }
                if (isNew) {
                    dp.vipStats.fill(s.id, Counters.ZERO);
                    dp.vipTable.put(s.id, vipKey(vip));
                }
                // 2. The idle half, delta against what it holds. A new VIP gets the table in both
                // halves, so that its first change is a delta too.
                writeHalf(s, idle, table);
                if (isNew) writeHalf(s, s.active, table);
            } catch (RuntimeException e) {
                // Nothing is visible yet: undo the additions.
                for (Slot slot : written) {
                    safely(() -> removeRef(vip, slot));
                    safely(() -> dp.backends.put(slot.id(), zeroEntry()));
                }
                s.halves[idle] = null;
                throw e;
            }

            // 3. Commit: flip the active half (creates the VIP when new).
            s.backends.clear();
            s.backends.putAll(next);
            if (isNew) vips.put(vip, s);
            recomputeFilterAndFlags(true); // filter bits and port-0 flags before the VIP becomes visible
            if (isNew) dp.vips.put(VipKey.marker(vip.address()), new VipInfo(s.id, VipInfo.MODE_NAT, 0, 0));
            dp.vips.put(vipKey(vip), new VipInfo(s.id, VipInfo.MODE_NAT, idle, 0));
            int previous = s.active;
            s.active = idle;

            // 4. Removed backends: invalid now (their flows re-select); retired until no half names them.
            for (Slot slot : removed) {
                dp.backends.put(slot.id(), entry(slot, s.id, 0));
                removeRef(vip, slot);
                retired.put(slot.id(), s.id);
            }
            recomputeFilterAndFlags(true);
            freeRetired(s, previous);
            return snapshot(s);
        } finally {
            lock.unlock();
        }
    }

    /** Sets one backend's weight to 0: no new flows, existing flows continue. */
    Route drain(Vip vip, Backend backend) {
        lock.lock();
        try {
            VipState s = vips.get(vip);
            if (s == null) throw new IllegalArgumentException("no route for " + vip);
            Slot slot = s.backends.get(backend.key());
            if (slot == null) {
                throw new IllegalArgumentException(backend.key() + " is not a backend of " + vip
                        + " (backends: " + s.backends.keySet() + ")");
            }
            List<Backend> next = new ArrayList<>();
            for (Slot x : s.backends.values()) {
                next.add(x == slot ? x.backend().weight(0) : x.backend());
            }
            return apply(vip, next);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a VIP, its backends and its flows. Returns false when there was no such VIP. */
    boolean remove(Vip vip) {
        lock.lock();
        try {
            VipState s = vips.get(vip);
            if (s == null) return false;
            dp.vips.delete(vipKey(vip)); // traffic stops matching here
            vips.remove(vip);
            boolean addressInUse = vips.keySet().stream().anyMatch(v -> v.address().equals(vip.address()));
            if (!addressInUse) dp.vips.delete(VipKey.marker(vip.address()));
            for (Slot slot : s.backends.values()) {
                removeRef(vip, slot);
                dp.backends.put(slot.id(), zeroEntry());
            }
            recomputeFilterAndFlags(true);
            // Clear both halves so that no ring names a backend id of this VIP.
            for (int half = 0; half < 2; half++) {
                clearHalf(s, half);
            }
            List<Integer> stale = new ArrayList<>();
            retired.forEach((id, vipId) -> {
                if (vipId == s.id) stale.add(id);
            });
            for (int id : stale) {
                dp.backends.put(id, zeroEntry());
                retired.remove(id);
            }
            dp.vipTable.put(s.id, new VipKey(zeroAddress(vip.address()), 0, 0));
            purgeFlows(vip);
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    List<Route> routes() {
        lock.lock();
        try {
            List<Route> out = new ArrayList<>();
            for (VipState s : vips.values()) out.add(snapshot(s));
            return out;
        } finally {
            lock.unlock();
        }
    }

    Optional<Route> route(Vip vip) {
        lock.lock();
        try {
            VipState s = vips.get(vip);
            return s == null ? Optional.empty() : Optional.of(snapshot(s));
        } finally {
            lock.unlock();
        }
    }

    /** VIP id, for counters; empty when the VIP has no route. */
    Optional<Integer> vipId(Vip vip) {
        lock.lock();
        try {
            VipState s = vips.get(vip);
            return s == null ? Optional.empty() : Optional.of(s.id);
        } finally {
            lock.unlock();
        }
    }

    /** Backend ids of a VIP, in route order. */
    Map<Backend, Integer> backendIds(Vip vip) {
        lock.lock();
        try {
            VipState s = vips.get(vip);
            if (s == null) throw new IllegalArgumentException("no route for " + vip);
            Map<Backend, Integer> out = new LinkedHashMap<>();
            for (Slot slot : s.backends.values()) out.put(slot.backend(), slot.id());
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The backend the data path selects for a new flow (the active ring), if any. */
    Optional<Backend> backendFor(Vip vip, InetAddress client, int clientPort, int vipPort) {
        lock.lock();
        try {
            VipState s = vips.get(vip);
            if (s == null) throw new IllegalArgumentException("no route for " + vip);
            MaglevTable t = s.halves[s.active];
            if (t == null) t = table(s.backends.values());
            int h = FlowHash.hash(client, vip.address(), clientPort, vipPort, vip.protocol().number(), seed);
            int id = t.get(FlowHash.slot(h, ringSize));
            if (id == 0) return Optional.empty();
            for (Slot slot : s.backends.values()) {
                if (slot.id() == id) return Optional.of(slot.backend());
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Looks a backend id up among the current routes. */
    Optional<Map.Entry<Vip, Backend>> backendById(int id) {
        lock.lock();
        try {
            for (VipState s : vips.values()) {
                for (Slot slot : s.backends.values()) {
                    if (slot.id() == id) return Optional.of(Map.entry(s.vip, slot.backend()));
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    private void validate(Vip vip, List<Backend> wanted, @Nullable VipState existing) {
        Set<String> seen = new HashSet<>();
        for (Backend b : wanted) {
            if (b == null) throw new IllegalArgumentException("null backend in route for " + vip);
            if (b.address() instanceof java.net.Inet4Address != vip.address() instanceof java.net.Inet4Address) {
                throw new IllegalArgumentException("backend " + b.key() + " is not of the address family of " + vip);
            }
            if (!seen.add(b.key())) throw new IllegalArgumentException("backend " + b.key() + " is listed twice for " + vip);
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
        if (existing == null && vips.size() >= maxVips) {
            throw new CapacityException("cannot add " + vip + ": all " + maxVips
                    + " VIPs are in use (DataplaneConfig.maxVips)");
        }
        int newOnes = 0;
        for (Backend b : wanted) {
            if (existing == null || !existing.backends.containsKey(b.key())) newOnes++;
        }
        BitSet used = usedBackendIds();
        int free = maxBackends - (used.cardinality() - (used.get(0) ? 1 : 0));
        if (newOnes > free) {
            throw new CapacityException("cannot add " + newOnes + " backends to " + vip + ": only " + free + " of "
                    + maxBackends + " backend ids are free (DataplaneConfig.maxBackends; ids of removed backends are"
                    + " freed by the next update of their VIP)");
        }
    }

    private int freeVipId() {
        BitSet used = new BitSet();
        for (VipState s : vips.values()) used.set(s.id);
        return used.nextClearBit(0);
    }

    private BitSet usedBackendIds() {
        BitSet used = new BitSet();
        used.set(0);
        for (VipState s : vips.values()) {
            for (Slot slot : s.backends.values()) used.set(slot.id());
        }
        for (int id : retired.keySet()) used.set(id);
        return used;
    }

    private MaglevTable table(Collection<Slot> slots) {
        List<MaglevNode> nodes = new ArrayList<>(slots.size());
        for (Slot s : slots) nodes.add(new MaglevNode(s.id(), s.backend().key(), s.backend().weight()));
        return MaglevTable.build(nodes, ringSize, seed);
    }

    /** Writes a table into one half of a VIP's ring: only the slots that differ from what it holds. */
    private void writeHalf(VipState s, int half, MaglevTable table) {
        MaglevTable current = s.halves[half];
        int[] slots;
        if (current == null) {
            slots = new int[ringSize];
            for (int i = 0; i < ringSize; i++) slots[i] = i;
        } else {
            slots = table.changedSlots(current);
        }
        s.halves[half] = null; // unknown while being written
        if (slots.length > 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment keys = arena.allocate(ValueLayout.JAVA_INT, slots.length);
                MemorySegment values = arena.allocate(ValueLayout.JAVA_INT, slots.length);
                for (int i = 0; i < slots.length; i++) {
                    keys.setAtIndex(ValueLayout.JAVA_INT, i, dp.ringIndex(s.id, half, slots[i]));
                    values.setAtIndex(ValueLayout.JAVA_INT, i, table.get(slots[i]));
                }
                dp.rings.putAllEncoded(keys, values, slots.length);
            }
        }
        s.halves[half] = table;
    }

    private void clearHalf(VipState s, int half) {
        MaglevTable empty = MaglevTable.build(List.of(), ringSize, seed);
        writeHalf(s, half, empty);
    }

    /** Frees retired ids of a VIP that neither half references any more. */
    private void freeRetired(VipState s, int idleHalf) {
        MaglevTable idle = s.halves[idleHalf];
        if (idle == null) return; // unknown: wait for the next full write
        Set<Integer> named = new HashSet<>(idle.slotCounts().keySet());
        MaglevTable active = s.halves[s.active];
        if (active != null) named.addAll(active.slotCounts().keySet());
        List<Integer> free = new ArrayList<>();
        retired.forEach((id, vipId) -> {
            if (vipId == s.id && !named.contains(id)) free.add(id);
        });
        for (int id : free) {
            dp.backends.put(id, zeroEntry());
            retired.remove(id);
        }
    }

    private void addRef(Vip vip, Slot slot, int vipId) {
        dp.addBackendRef(backendKey(vip, slot.backend()), vipId, slot.id());
    }

    private void removeRef(Vip vip, Slot slot) {
        dp.removeBackendRef(backendKey(vip, slot.backend()), slot.id());
    }

    /** Recomputes the address pre-filter and the port-0 switches; writes what changed. */
    private void recomputeFilterAndFlags(boolean write) {
        long[][] next = new long[2][Layouts.FILTER_WORDS];
        long flags = 0;
        for (VipState s : vips.values()) {
            setBit(next[0], s.vip.address());
            if (s.vip.port() == 0) flags |= Datapath.CFG_PORT0_VIPS;
            for (Slot slot : s.backends.values()) {
                setBit(next[1], slot.backend().address());
                if (backendKey(s.vip, slot.backend()).port() == 0) flags |= Datapath.CFG_PORT0_BACKENDS;
            }
        }
        if (write) {
            Map<Integer, Long> changed = new TreeMap<>();
            for (int dir = 0; dir < 2; dir++) {
                for (int w = 0; w < Layouts.FILTER_WORDS; w++) {
                    if (next[dir][w] != filter[dir][w]) changed.put(dir * Layouts.FILTER_WORDS + w, next[dir][w]);
                }
            }
            if (!changed.isEmpty()) dp.addrFilter.putAll(changed);
            if (flags != configFlags) dp.config.put(0, flags);
        }
        for (int dir = 0; dir < 2; dir++) System.arraycopy(next[dir], 0, filter[dir], 0, Layouts.FILTER_WORDS);
        configFlags = flags;
    }

    /** The pre-filter bucket of an address, as {@code filter_bucket} in blixt_csum.h computes it. */
    static int filterBucket(InetAddress address) {
        byte[] b = address.getAddress();
        int a = 0;
        for (int i = 0; i < b.length; i += 4) {
            a ^= (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
        }
        return (a * 0x9E3779B1) >>> 16;
    }

    private static void setBit(long[] words, InetAddress address) {
        int bucket = filterBucket(address);
        words[bucket >>> 6] |= 1L << (bucket & 63);
    }

    private void purgeFlows(Vip vip) {
        List<FlowKey> doomed = new ArrayList<>();
        for (FlowKey k : dp.flows.keys()) {
            if (k.dst().equals(vip.address()) && k.protocol() == vip.protocol().number()
                    && (vip.port() == 0 || k.dstPort() == vip.port())) {
                doomed.add(k);
            }
        }
        if (!doomed.isEmpty()) dp.flows.deleteAll(doomed);
    }

    private static Route snapshot(VipState s) {
        List<Backend> list = new ArrayList<>();
        for (Slot slot : s.backends.values()) list.add(slot.backend());
        return new Route(s.vip, list);
    }

    static VipKey vipKey(Vip vip) {
        return new VipKey(vip.address(), vip.port(), vip.protocol().number());
    }

    static BackendKey backendKey(Vip vip, Backend b) {
        return new BackendKey(b.address(), b.port() != 0 ? b.port() : vip.port(), vip.protocol().number());
    }

    private static BackendEntry entry(Slot slot, int vipId, int flags) {
        Backend b = slot.backend();
        return new BackendEntry(b.address(), b.port(), flags, vipId, b.weight());
    }

    private static BackendEntry zeroEntry() {
        return Datapath.FREE_BACKEND;
    }

    private static InetAddress zeroAddress(InetAddress like) {
        try {
            return InetAddress.getByAddress(new byte[like.getAddress().length]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rollback step failed", e);
        }
    }
}
