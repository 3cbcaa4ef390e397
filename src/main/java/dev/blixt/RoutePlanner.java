package dev.blixt;

import dev.blixt.RoutePlan.Phase;
import dev.blixt.RoutePlan.Step;
import dev.blixt.RoutePlan.Write;
import dev.blixt.RouteState.Retired;
import dev.blixt.RouteState.Slot;
import dev.blixt.RouteState.VipState;
import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.Layouts;
import dev.blixt.internal.datapath.SourceKey;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import dev.blixt.maglev.MaglevTable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's pure half: from a {@link RouteState} and a batch of {@link Change}s it either
 * refuses (an {@link IllegalArgumentException} or {@link CapacityException} that says why; nothing is
 * planned) or returns a {@link RoutePlan}. No kernel, no I/O: testable without root.
 *
 * <p>The plan's order (see {@code docs/architecture.md}):
 *
 * <ol>
 *   <li>PREPARE, invisible to packets: when ids run short, retired ids are reclaimed (the idle half of
 *       their VIP is rewritten to the live table, then the ids no half names are freed); new backends'
 *       entries, zeroed counters and reply-path refs, changed weights; a new VIP's id-to-key entry; the
 *       changed slots of each VIP's idle ring half (both halves for a new VIP); the pre-filter and
 *       flags as the union of before and after (a bit set early only costs a lookup).
 *   <li>COMMIT: address markers of new addresses, then each VIP's entry (a flip, a creation or a
 *       deletion), then the markers of addresses no VIP uses any more.
 *   <li>CLEANUP: removed backends invalidated (their flows re-select) and their refs removed, a removed
 *       VIP's halves cleared, ids no half names freed, the exact pre-filter and flags.
 * </ol>
 *
 * <p>Ids are freed only when neither half of their VIP's ring names them, and an id freed in a batch's
 * cleanup is not reused in that batch; so a ring never names another VIP's backend (the data path also
 * checks a selected backend's VIP id).
 */
final class RoutePlanner {
    private RoutePlanner() {}

    /** One change of a batch. */
    sealed interface Change {
        /** The VIP it changes. */
        Vip vip();
    }

    /**
     * Sets a VIP's full backend set (creating the VIP).
     *
     * @param vip the VIP
     * @param backends the backends, in route order
     * @param mode the forwarding mode; null keeps the VIP's (NAT for a new VIP)
     * @param affinity the affinity; null keeps the VIP's (NONE for a new VIP)
     * @param sources the source ranges; null keeps the VIP's (ANY for a new VIP)
     */
    record Put(Vip vip, List<Backend> backends, @Nullable ForwardingMode mode, @Nullable Affinity affinity,
            @Nullable SourceRanges sources) implements Change {
        Put {
            backends = Collections.unmodifiableList(new ArrayList<>(backends));
        }

        /** A put that keeps the VIP's policy. */
        Put(Vip vip, List<Backend> backends, @Nullable ForwardingMode mode) {
            this(vip, backends, mode, null, null);
        }

        /** A put that keeps the VIP's mode and policy. */
        Put(Vip vip, List<Backend> backends) {
            this(vip, backends, null);
        }

        /** The policy this put leaves the VIP with, given the one it had. */
        RoutePolicy policy(RoutePolicy before) {
            return new RoutePolicy(affinity != null ? affinity : before.affinity(), sources != null ? sources : before.sources());
        }
    }

    /**
     * Sets one backend's weight to 0.
     *
     * @param vip the VIP
     * @param backend the backend, matched by address and port
     */
    record Drain(Vip vip, Backend backend) implements Change {}

    /**
     * Removes a VIP (nothing when it has no route).
     *
     * @param vip the VIP
     */
    record Remove(Vip vip) implements Change {}

    /**
     * Plans a batch: validates every change (in order, each against the routes the earlier ones left),
     * then computes the net change per VIP and the writes that make it.
     *
     * @param before what the maps hold
     * @param changes the batch
     * @return the plan
     * @throws IllegalArgumentException if a change is invalid
     * @throws CapacityException if VIP or backend ids run out
     */
    static RoutePlan plan(RouteState before, List<? extends Change> changes) {
        return new Planning(before).run(changes);
    }

    /** One planning run: the working state and the steps so far. */
    private static final class Planning {
        final RouteState before;
        final RouteState.Sizing z;
        final Map<Vip, VipState> vips;
        final Map<Integer, Retired> retired;
        final BitSet used;
        final List<Step> prepare = new ArrayList<>();
        final List<Step> commit = new ArrayList<>();
        final List<Step> cleanup = new ArrayList<>();
        final Map<Integer, Retired> freedInCleanup = new TreeMap<>();

        Planning(RouteState before) {
            this.before = before;
            this.z = before.sizing();
            this.vips = new LinkedHashMap<>(before.vips());
            this.retired = new TreeMap<>(before.retired());
            this.used = before.usedBackendIds();
        }

        RoutePlan run(List<? extends Change> changes) {
            // 1. Validate, folding the batch into the wanted backend set of each VIP.
            Map<Vip, List<Backend>> desired = new LinkedHashMap<>();
            Map<Vip, ForwardingMode> modes = new HashMap<>();
            Map<Vip, RoutePolicy> policies = new HashMap<>();
            for (VipState s : before.vips().values()) {
                desired.put(s.vip(), s.route().backends());
                modes.put(s.vip(), s.mode());
                policies.put(s.vip(), s.policy());
            }
            Set<Vip> touched = new LinkedHashSet<>();
            Set<Vip> routed = new LinkedHashSet<>();
            for (Change c : changes) {
                Vip vip = c.vip();
                switch (c) {
                    case Put p -> {
                        ForwardingMode mode = p.mode() != null ? p.mode() : modes.getOrDefault(vip, ForwardingMode.NAT);
                        RouteRules.validate(vip, p.backends(), mode, z);
                        RoutePolicy policy = p.policy(policies.getOrDefault(vip, RoutePolicy.DEFAULT));
                        SourcePlan.validate(vip, policy.sources());
                        modes.put(vip, mode);
                        policies.put(vip, policy);
                        if (!desired.containsKey(vip) && desired.size() >= z.maxVips()) {
                            throw new CapacityException("cannot add " + vip + ": all " + z.maxVips()
                                    + " VIPs are in use (DataplaneConfig.maxVips)");
                        }
                        desired.put(vip, p.backends());
                        routed.add(vip);
                    }
                    case Drain d -> {
                        List<Backend> current = desired.get(vip);
                        if (current == null) throw new IllegalArgumentException("no route for " + vip);
                        List<Backend> next = new ArrayList<>(current.size());
                        boolean found = false;
                        for (Backend b : current) {
                            boolean match = b.key().equals(d.backend().key());
                            found |= match;
                            next.add(match ? b.weight(0) : b);
                        }
                        if (!found) {
                            throw new IllegalArgumentException(d.backend().key() + " is not a backend of " + vip
                                    + " (backends: " + current.stream().map(Backend::key).toList() + ")");
                        }
                        desired.put(vip, next);
                        routed.add(vip);
                    }
                    case Remove r -> {
                        desired.remove(vip);
                        modes.remove(vip);
                        policies.remove(vip);
                        routed.remove(vip);
                    }
                }
                touched.add(vip);
            }

            checkSourceCapacity(desired.keySet(), policies, touched);

            // 2. Backend ids: reclaim retired ones first when the batch needs more than are free.
            int needed = 0;
            for (Vip vip : touched) {
                List<Backend> wanted = desired.get(vip);
                if (wanted != null) needed += newOnes(vips.get(vip), wanted);
            }
            if (needed > free()) reclaim();
            int[] vipIds = freeVipIds(touched, desired);

            // 3. Each VIP's writes, in batch order.
            List<Route> changed = new ArrayList<>();
            List<Vip> removed = new ArrayList<>();
            int nextVipId = 0;
            for (Vip vip : touched) {
                VipState old = vips.get(vip);
                List<Backend> wanted = desired.get(vip);
                if (wanted == null) {
                    if (old != null) {
                        planRemove(old);
                        removed.add(vip);
                    }
                    continue;
                }
                int id;
                if (old != null) {
                    id = old.id();
                } else {
                    id = vipIds[nextVipId++];
                }
                VipState next = planRoute(vip, id, old, wanted, modes.get(vip), policies.get(vip));
                if (routed.contains(vip)) changed.add(next.route());
            }

            // 4. Address markers and the pre-filter.
            Map<InetAddress, Integer> addrsBefore = addresses(before.vips().values());
            Map<InetAddress, Integer> addrsAfter = addresses(vips.values());
            List<Step> flips = new ArrayList<>(commit);
            commit.clear();
            addrsAfter.forEach((a, id) -> {
                if (!addrsBefore.containsKey(a)) {
                    commit.add(new Step(Phase.COMMIT, new RoutePlan.PutVip(VipKey.marker(a), markerInfo(id)),
                            new RoutePlan.DeleteVip(VipKey.marker(a))));
                }
            });
            commit.addAll(flips);
            addrsBefore.forEach((a, id) -> {
                if (!addrsAfter.containsKey(a)) {
                    commit.add(new Step(Phase.COMMIT, new RoutePlan.DeleteVip(VipKey.marker(a)),
                            new RoutePlan.PutVip(VipKey.marker(a), markerInfo(id))));
                }
            });
            long[][] filter = filterOf(vips.values());
            long flags = flagsOf(vips.values());
            long[][] union = new long[2][Layouts.FILTER_WORDS];
            for (int dir = 0; dir < 2; dir++) {
                for (int w = 0; w < Layouts.FILTER_WORDS; w++) union[dir][w] = filter[dir][w] | before.filter()[dir][w];
            }
            Map<Integer, Long> early = diff(before.filter(), union);
            if (!early.isEmpty()) {
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.PutFilter(early),
                        new RoutePlan.PutFilter(words(before.filter(), early.keySet()))));
            }
            long unionFlags = flags | before.flags();
            if (unionFlags != before.flags()) {
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.PutFlags(unionFlags), new RoutePlan.PutFlags(before.flags())));
            }
            Map<Integer, Long> late = diff(union, filter);
            if (!late.isEmpty()) cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutFilter(late), null));
            if (flags != unionFlags) cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutFlags(flags), null));

            List<Step> steps = new ArrayList<>(prepare.size() + commit.size() + cleanup.size());
            steps.addAll(prepare);
            steps.addAll(commit);
            steps.addAll(cleanup);
            RouteState after = new RouteState(z, vips, retired, filter, flags);
            return new RoutePlan(after, steps, changed, removed, freedInCleanup);
        }

        /**
         * Refuses a batch whose source prefixes would not fit a family's trie at the batch's peak: the
         * lists of every VIP after it, plus the old lists of the VIPs it changes (deleted in the cleanup).
         */
        void checkSourceCapacity(Set<Vip> after, Map<Vip, RoutePolicy> policies, Set<Vip> touched) {
            long[] peak = new long[2];
            for (Vip vip : after) peak[vip.isIpv6() ? 1 : 0] += SourcePlan.size(policies.get(vip).sources());
            for (Vip vip : touched) {
                VipState old = vips.get(vip);
                RoutePolicy now = policies.get(vip);
                if (old != null && (now == null || !now.sources().equals(old.policy().sources()))) {
                    peak[vip.isIpv6() ? 1 : 0] += SourcePlan.size(old.policy().sources());
                }
            }
            for (int f = 0; f < 2; f++) {
                if (peak[f] > z.maxSourceRanges()) {
                    throw new CapacityException("the source ranges of the IPv" + (f == 0 ? "4" : "6") + " VIPs would need "
                            + peak[f] + " prefixes while this update applies (a replaced list counts twice), more than the "
                            + z.maxSourceRanges() + " the data plane holds (DataplaneConfig.maxSourceRanges)");
                }
            }
        }

        /** Backends of the wanted set the VIP does not have yet. */
        static int newOnes(@Nullable VipState s, List<Backend> wanted) {
            Map<String, Slot> have = byKey(s);
            int n = 0;
            for (Backend b : wanted) {
                if (!have.containsKey(b.key())) n++;
            }
            return n;
        }

        /** A VIP's slots by backend key (empty for none). */
        static Map<String, Slot> byKey(@Nullable VipState s) {
            if (s == null) return Map.of();
            Map<String, Slot> out = new HashMap<>();
            for (Slot slot : s.backends()) out.put(slot.backend().key(), slot);
            return out;
        }

        int free() {
            return z.maxBackends() - (used.cardinality() - 1);
        }

        /**
         * Frees every retired id: rewrites the idle half of each VIP that has some to its live table
         * (the idle half is what still names them), then frees the ids no half names. Retired ids of
         * VIPs that no longer exist are named by no ring a packet can reach and are freed directly.
         */
        void reclaim() {
            Map<Integer, VipState> byId = new HashMap<>();
            for (VipState s : vips.values()) byId.put(s.id(), s);
            Set<Integer> withRetired = new LinkedHashSet<>();
            for (Retired r : retired.values()) withRetired.add(r.vipId());
            for (int vipId : withRetired) {
                VipState s = byId.get(vipId);
                Set<Integer> named = Set.of();
                if (s != null) {
                    MaglevTable live = s.half(s.active());
                    if (live == null) live = before.table(s.backends());
                    s = writeHalf(s, 1 - s.active(), live, Phase.PREPARE);
                    vips.put(s.vip(), s);
                    named = namedIds(live);
                }
                for (Map.Entry<Integer, Retired> e : List.copyOf(retired.entrySet())) {
                    int id = e.getKey();
                    if (e.getValue().vipId() != vipId || named.contains(id)) continue;
                    prepare.add(new Step(Phase.PREPARE, new RoutePlan.PutBackend(id, Datapath.FREE_BACKEND),
                            new RoutePlan.PutBackend(id, retiredEntry(e.getValue()))));
                    retired.remove(id);
                    used.clear(id);
                }
            }
        }

        /** VIP ids for the VIPs the batch creates, never one a VIP of the state before holds. */
        int[] freeVipIds(Set<Vip> touched, Map<Vip, List<Backend>> desired) {
            BitSet taken = new BitSet();
            for (VipState s : before.vips().values()) taken.set(s.id());
            List<Integer> out = new ArrayList<>();
            int cursor = 0;
            for (Vip vip : touched) {
                if (before.vips().containsKey(vip) || !desired.containsKey(vip)) continue;
                cursor = taken.nextClearBit(cursor);
                if (cursor >= z.maxVips()) {
                    throw new CapacityException("cannot add " + vip + ": all " + z.maxVips() + " VIP ids are in use"
                            + " until the VIPs this batch removes are gone (DataplaneConfig.maxVips; remove them"
                            + " in an earlier update)");
                }
                out.add(cursor++);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        VipState planRoute(Vip vip, int id, @Nullable VipState old, List<Backend> wanted, ForwardingMode mode,
                RoutePolicy policy) {
            boolean isNew = old == null;
            int newOnes = newOnes(old, wanted);
            int free = free();
            if (newOnes > free) {
                throw new CapacityException("cannot add " + newOnes + " backends to " + vip + ": only " + free + " of "
                        + z.maxBackends() + " backend ids are free (DataplaneConfig.maxBackends; a replaced backend"
                        + " keeps its id until the new set is live, and a removed VIP's ids are free after the"
                        + " update that removes it)");
            }
            Map<String, Slot> oldByKey = byKey(old);
            List<Slot> next = new ArrayList<>(wanted.size());
            List<Slot> added = new ArrayList<>();
            int cursor = 1;
            for (Backend b : wanted) {
                Slot kept = oldByKey.get(b.key());
                if (kept != null) {
                    next.add(new Slot(kept.id(), b));
                } else {
                    cursor = used.nextClearBit(cursor);
                    used.set(cursor);
                    Slot slot = new Slot(cursor, b);
                    next.add(slot);
                    added.add(slot);
                }
            }
            Set<String> nextKeys = new HashSet<>();
            for (Slot s : next) nextKeys.add(s.backend().key());
            List<Slot> gone = new ArrayList<>();
            if (old != null) {
                for (Slot s : old.backends()) {
                    if (!nextKeys.contains(s.backend().key())) gone.add(s);
                }
            }

            // PREPARE: entries (new ones, changed weights), counters, refs.
            for (Slot slot : next) {
                Slot was = oldByKey.get(slot.backend().key());
                if (was == null || was.backend().weight() != slot.backend().weight()) {
                    BackendEntry undo = was == null ? Datapath.FREE_BACKEND : entry(was, id, BackendEntry.F_VALID);
                    prepare.add(new Step(Phase.PREPARE,
                            new RoutePlan.PutBackend(slot.id(), entry(slot, id, BackendEntry.F_VALID)),
                            new RoutePlan.PutBackend(slot.id(), undo)));
                }
            }
            for (Slot slot : added) {
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.ResetBackend(slot.id()), null));
                BackendKey key = RouteEngine.backendKey(vip, slot.backend());
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.AddRef(key, id, slot.id()),
                        new RoutePlan.RemoveRef(key, slot.id())));
            }
            int gen = planSources(vip, id, old, policy.sources());
            VipState s = old != null ? new VipState(vip, id, old.active(), next, old.half0(), old.half1(), mode, policy, gen)
                    : new VipState(vip, id, 0, next, null, null, mode, policy, gen);
            if (isNew) {
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.ResetVip(id), null));
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.PutVipTable(id, RouteEngine.vipKey(vip)),
                        new RoutePlan.PutVipTable(id, zeroVipKey(vip))));
            }
            // PREPARE: the idle half (a new VIP gets the table in both halves, so that its first change
            // is a delta too).
            MaglevTable table = before.table(next);
            int idle = 1 - s.active();
            s = writeHalf(s, idle, table, Phase.PREPARE);
            if (isNew) s = writeHalf(s, s.active(), table, Phase.PREPARE);

            // COMMIT: flip the active half (creates the VIP when new).
            VipKey key = RouteEngine.vipKey(vip);
            // The mode changes with the flip: new flows take it, established ones keep theirs.
            // So do the affinity and the source ranges (their new generation).
            commit.add(new Step(Phase.COMMIT, new RoutePlan.PutVip(key, new VipInfo(id, mode.code(), idle, s.vipFlags())),
                    isNew ? new RoutePlan.DeleteVip(key)
                            : new RoutePlan.PutVip(key, new VipInfo(id, old.mode().code(), s.active(), old.vipFlags()))));
            int previous = s.active();
            s = new VipState(vip, id, idle, next, s.half0(), s.half1(), mode, policy, gen);

            // CLEANUP: removed backends invalid now (their flows re-select); retired until no half names them.
            for (Slot slot : gone) {
                cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutBackend(slot.id(), entry(slot, id, 0)), null));
                cleanup.add(new Step(Phase.CLEANUP,
                        new RoutePlan.RemoveRef(RouteEngine.backendKey(vip, slot.backend()), slot.id()), null));
                retired.put(slot.id(), new Retired(id, slot.backend()));
            }
            MaglevTable prev = s.half(previous);
            if (prev != null) {
                Set<Integer> named = namedIds(table);
                named.addAll(namedIds(prev));
                for (Map.Entry<Integer, Retired> e : List.copyOf(retired.entrySet())) {
                    if (e.getValue().vipId() != id || named.contains(e.getKey())) continue;
                    cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutBackend(e.getKey(), Datapath.FREE_BACKEND), null));
                    freedInCleanup.put(e.getKey(), e.getValue());
                    retired.remove(e.getKey());
                    // stays in `used`: an id freed after the commit is not reused in this batch
                }
            }
            vips.put(vip, s);
            return s;
        }

        /**
         * Plans a change of a VIP's source ranges: the new list is written under the other generation
         * (PREPARE), goes live with the VIP entry's flip, and the old one is deleted, with the flows of
         * clients the new list refuses (CLEANUP). Returns the generation live after the flip.
         */
        int planSources(Vip vip, int id, @Nullable VipState old, SourceRanges sources) {
            SourceRanges was = old == null ? SourceRanges.ANY : old.policy().sources();
            int gen = old == null ? 0 : old.sourceGen();
            if (old != null && was.equals(sources)) return gen;
            int next = old == null ? 0 : 1 - gen;
            List<SourcePlan.Entry> entries = SourcePlan.compile(sources);
            if (!entries.isEmpty()) {
                int tag = SourceKey.tag(id, next);
                prepare.add(new Step(Phase.PREPARE, new RoutePlan.PutSources(tag, entries),
                        new RoutePlan.DeleteSources(tag, entries)));
            }
            if (!was.isAny()) {
                cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.DeleteSources(SourceKey.tag(id, gen),
                        SourcePlan.compile(was)), null));
            }
            if (old != null && !sources.isAny()) cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PurgeRefused(vip, sources), null));
            return next;
        }

        void planRemove(VipState s) {
            Vip vip = s.vip();
            VipKey key = RouteEngine.vipKey(vip);
            commit.add(new Step(Phase.COMMIT, new RoutePlan.DeleteVip(key),
                    new RoutePlan.PutVip(key, new VipInfo(s.id(), s.mode().code(), s.active(), s.vipFlags()))));
            if (!s.policy().sources().isAny()) {
                cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.DeleteSources(SourceKey.tag(s.id(), s.sourceGen()),
                        SourcePlan.compile(s.policy().sources())), null));
            }
            for (Slot slot : s.backends()) {
                cleanup.add(new Step(Phase.CLEANUP,
                        new RoutePlan.RemoveRef(RouteEngine.backendKey(vip, slot.backend()), slot.id()), null));
                cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutBackend(slot.id(), Datapath.FREE_BACKEND), null));
                freedInCleanup.put(slot.id(), new Retired(s.id(), slot.backend()));
            }
            // Clear both halves so that no ring names a backend id of this VIP.
            MaglevTable empty = before.table(List.of());
            VipState cleared = writeHalf(s, 0, empty, Phase.CLEANUP);
            writeHalf(cleared, 1, empty, Phase.CLEANUP);
            for (Map.Entry<Integer, Retired> e : List.copyOf(retired.entrySet())) {
                if (e.getValue().vipId() != s.id()) continue;
                cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutBackend(e.getKey(), Datapath.FREE_BACKEND), null));
                freedInCleanup.put(e.getKey(), e.getValue());
                retired.remove(e.getKey());
            }
            cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PutVipTable(s.id(), zeroVipKey(vip)), null));
            cleanup.add(new Step(Phase.CLEANUP, new RoutePlan.PurgeFlows(vip), null));
            vips.remove(vip);
        }

        /**
         * Plans writing a table into one half: only the slots that differ from what it holds (all of
         * them when that is unknown). The undo restores the old slots when they are known.
         */
        VipState writeHalf(VipState s, int half, MaglevTable table, Phase phase) {
            MaglevTable current = s.half(half);
            int[] slots;
            if (current == null) {
                slots = new int[z.ringSize()];
                for (int i = 0; i < slots.length; i++) slots[i] = i;
            } else {
                slots = table.changedSlots(current);
            }
            if (slots.length > 0) {
                int[] values = new int[slots.length];
                for (int i = 0; i < slots.length; i++) values[i] = table.get(slots[i]);
                Write undo = null;
                if (phase != Phase.CLEANUP) {
                    // A half of unknown content (a new VIP's, or an adopted idle half) is left empty.
                    int[] old = new int[slots.length];
                    if (current != null) {
                        for (int i = 0; i < slots.length; i++) old[i] = current.get(slots[i]);
                    }
                    undo = new RoutePlan.WriteRing(s.id(), half, slots, old);
                }
                List<Step> into = phase == Phase.PREPARE ? prepare : cleanup;
                into.add(new Step(phase, new RoutePlan.WriteRing(s.id(), half, slots, values), undo));
            }
            return s.withHalf(half, table);
        }
    }

    /** The backend ids a table names. */
    static Set<Integer> namedIds(MaglevTable t) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < t.size(); i++) out.add(t.get(i));
        out.remove(0);
        return out;
    }

    /** Each VIP address, with the id of the first VIP that uses it. */
    private static Map<InetAddress, Integer> addresses(Iterable<VipState> vips) {
        Map<InetAddress, Integer> out = new LinkedHashMap<>();
        for (VipState s : vips) out.putIfAbsent(s.vip().address(), s.id());
        return out;
    }

    private static VipInfo markerInfo(int vipId) {
        return new VipInfo(vipId, VipInfo.MODE_NAT, 0, 0);
    }

    /** The address pre-filter of a set of VIPs: VIP addresses, then backend addresses. */
    static long[][] filterOf(Iterable<VipState> vips) {
        long[][] next = new long[2][Layouts.FILTER_WORDS];
        for (VipState s : vips) {
            setBit(next[0], s.vip().address());
            for (Slot slot : s.backends()) setBit(next[1], slot.backend().address());
        }
        return next;
    }

    /** The port-0 switches of a set of VIPs. */
    static long flagsOf(Iterable<VipState> vips) {
        long flags = 0;
        for (VipState s : vips) {
            if (s.vip().port() == 0) flags |= Datapath.CFG_PORT0_VIPS;
            for (Slot slot : s.backends()) {
                if (RouteEngine.backendKey(s.vip(), slot.backend()).port() == 0) flags |= Datapath.CFG_PORT0_BACKENDS;
            }
        }
        return flags;
    }

    private static Map<Integer, Long> diff(long[][] from, long[][] to) {
        Map<Integer, Long> changed = new TreeMap<>();
        for (int dir = 0; dir < 2; dir++) {
            for (int w = 0; w < Layouts.FILTER_WORDS; w++) {
                if (from[dir][w] != to[dir][w]) changed.put(dir * Layouts.FILTER_WORDS + w, to[dir][w]);
            }
        }
        return changed;
    }

    private static Map<Integer, Long> words(long[][] filter, Set<Integer> which) {
        Map<Integer, Long> out = new TreeMap<>();
        for (int i : which) out.put(i, filter[i / Layouts.FILTER_WORDS][i % Layouts.FILTER_WORDS]);
        return out;
    }

    private static void setBit(long[] words, InetAddress address) {
        int bucket = RouteEngine.filterBucket(address);
        words[bucket >>> 6] |= 1L << (bucket & 63);
    }

    static BackendEntry entry(Slot slot, int vipId, int flags) {
        Backend b = slot.backend();
        return new BackendEntry(b.address(), b.port(), flags, vipId, b.weight());
    }

    /** The entry a retired id keeps: its backend, not valid, its VIP's id. */
    static BackendEntry retiredEntry(Retired r) {
        return new BackendEntry(r.backend().address(), r.backend().port(), 0, r.vipId(), r.backend().weight());
    }

    static VipKey zeroVipKey(Vip like) {
        try {
            return new VipKey(InetAddress.getByAddress(new byte[like.address().getAddress().length]), 0, 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
