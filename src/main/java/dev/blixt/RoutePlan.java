package dev.blixt;

import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RoutePlanner} decided: the state after the change, the ordered map writes that get the
 * kernel there (each with its undo), the routes that changed and the backend ids the cleanup frees.
 *
 * <p>Steps run in order: every {@link Phase#PREPARE} step (nothing a packet can see), then the
 * {@link Phase#COMMIT} steps (the VIP entries: flips, creations, deletions), then the {@link
 * Phase#CLEANUP} steps (invalidations, ref removals, frees, the exact filter). A failure before the
 * cleanup undoes every step already run, in reverse.
 *
 * @param after the state once every step ran
 * @param steps the writes, in order
 * @param changed the routes as applied, one per routed or drained VIP, in the batch's order
 * @param removed the VIPs the batch removed (that existed)
 * @param freedInCleanup backend ids the cleanup frees, with what they were (kept retired when the
 *     cleanup fails)
 */
record RoutePlan(RouteState after, List<Step> steps, List<Route> changed, List<Vip> removed,
        Map<Integer, RouteState.Retired> freedInCleanup) {

    RoutePlan {
        steps = List.copyOf(steps);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        freedInCleanup = Map.copyOf(freedInCleanup);
    }

    /** When a step runs, relative to the commit point. */
    enum Phase {
        /** Before any VIP entry changes: invisible to packets. */
        PREPARE,
        /** The VIP entries: the commit point of each VIP. */
        COMMIT,
        /** After every VIP committed: no undo. */
        CLEANUP
    }

    /**
     * One write and how to undo it.
     *
     * @param phase when it runs
     * @param write the write
     * @param undo the write that restores what it changed; null when nothing needs restoring
     */
    record Step(Phase phase, Write write, @Nullable Write undo) {}

    /** The backend ids the steps of a phase write entries for (tests). */
    Set<Integer> idsWritten(Phase phase) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (Step s : steps) {
            if (s.phase() == phase && s.write() instanceof PutBackend p) out.add(p.id());
        }
        return out;
    }

    /** One map write; {@link RouteWriter} performs it through {@link RouteMaps}. */
    sealed interface Write {}

    /** Sets a backend id's entry. */
    record PutBackend(int id, BackendEntry entry) implements Write {}

    /** Zeroes a new backend id's counters and next-hop cache. */
    record ResetBackend(int id) implements Write {}

    /** Zeroes a new VIP id's counters. */
    record ResetVip(int vipId) implements Write {}

    /** Records that a backend serves a VIP under an id (the reply path's index). */
    record AddRef(BackendKey backend, int vipId, int backendId) implements Write {}

    /** Removes a backend's ref of an id. */
    record RemoveRef(BackendKey backend, int backendId) implements Write {}

    /** Sets the VIP-id-to-key entry. */
    record PutVipTable(int vipId, VipKey key) implements Write {}

    /** Writes slots of one ring half. */
    record WriteRing(int vipId, int half, int[] slots, int[] values) implements Write {

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof WriteRing w && w.vipId == vipId && w.half == half && Arrays.equals(w.slots, slots)
                    && Arrays.equals(w.values, values);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * vipId + half) + Arrays.hashCode(slots);
        }

        @Override
        public String toString() {
            return "WriteRing[vip " + vipId + ", half " + half + ", " + slots.length + " slots]";
        }
    }

    /** Sets words of the address pre-filter. */
    record PutFilter(Map<Integer, Long> words) implements Write {
        PutFilter {
            words = Map.copyOf(words);
        }

    }

    /** Sets the config flag word. */
    record PutFlags(long flags) implements Write {}

    /** Sets a VIP entry (or address marker): creates a VIP or flips its active half. */
    record PutVip(VipKey key, VipInfo info) implements Write {}

    /** Deletes a VIP entry (or address marker). */
    record DeleteVip(VipKey key) implements Write {}

    /** Deletes a removed VIP's tracked flows. */
    record PurgeFlows(Vip vip) implements Write {}

    /** Writes prefixes of a VIP's source ranges under one tag ({@code vip id << 1 | generation}). */
    record PutSources(int tag, List<SourcePlan.Entry> entries) implements Write {
        PutSources {
            entries = List.copyOf(entries);
        }

        @Override
        public String toString() {
            return "PutSources[tag " + tag + ", " + entries.size() + " prefixes]";
        }
    }

    /** Deletes prefixes of a VIP's source ranges under one tag. */
    record DeleteSources(int tag, List<SourcePlan.Entry> entries) implements Write {
        DeleteSources {
            entries = List.copyOf(entries);
        }

        @Override
        public String toString() {
            return "DeleteSources[tag " + tag + ", " + entries.size() + " prefixes]";
        }
    }

    /** Deletes the tracked flows of a VIP whose clients its new source ranges refuse. */
    record PurgeRefused(Vip vip, SourceRanges sources) implements Write {}
}
