package dev.blixt;

import dev.blixt.RoutePlan.Phase;
import dev.blixt.RoutePlan.Step;
import java.io.Serial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link RoutePlan} to the maps, step by step in the plan's order. When a step before the
 * cleanup fails, every step already run (and the failed one, which may have half-applied) is undone
 * in reverse order, so the maps hold what they held before; flipped VIPs are flipped back. A failure
 * during the cleanup (after every VIP committed) is reported as {@link CleanupFailed}.
 */
final class RouteWriter {
    private static final System.Logger LOG = System.getLogger(RouteWriter.class.getName());

    private RouteWriter() {}

    /**
     * A write before the commit failed and was undone. {@link #unknownHalves} names the ring halves
     * whose undo failed too (their content is unknown).
     */
    static final class Undone extends RuntimeException {
        @Serial private static final long serialVersionUID = 1L;
        /** The ring halves (vipId * 2 + half) whose content is unknown. */
        final transient Set<Integer> unknownHalves;

        Undone(RuntimeException cause, Set<Integer> unknownHalves) {
            super(cause.getMessage(), cause);
            this.unknownHalves = unknownHalves;
        }
    }

    /** Every VIP committed, but a cleanup write failed. */
    static final class CleanupFailed extends RuntimeException {
        @Serial private static final long serialVersionUID = 1L;

        CleanupFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Applies the plan.
     *
     * @param plan the plan
     * @param maps the maps
     * @throws Undone if a write before the cleanup failed (its cause is the failure)
     * @throws CleanupFailed if a cleanup write failed (the change is live)
     */
    static void write(RoutePlan plan, RouteMaps maps) {
        List<Step> done = new ArrayList<>();
        int i = 0;
        List<Step> steps = plan.steps();
        for (; i < steps.size() && steps.get(i).phase() != Phase.CLEANUP; i++) {
            Step step = steps.get(i);
            try {
                perform(step.write(), maps);
            } catch (RuntimeException e) {
                done.add(step);
                throw new Undone(e, undo(done, maps, e));
            }
            done.add(step);
        }
        for (; i < steps.size(); i++) {
            try {
                perform(steps.get(i).write(), maps);
            } catch (RuntimeException e) {
                throw new CleanupFailed(e);
            }
        }
    }

    /** Performs one write: the one place that maps the plan's commands to map operations. */
    static void perform(RoutePlan.Write write, RouteMaps maps) {
        switch (write) {
            case RoutePlan.PutBackend w -> maps.putBackend(w.id(), w.entry());
            case RoutePlan.ResetBackend w -> maps.resetBackend(w.id());
            case RoutePlan.ResetVip w -> maps.resetVip(w.vipId());
            case RoutePlan.AddRef w -> maps.addRef(w.backend(), w.vipId(), w.backendId());
            case RoutePlan.RemoveRef w -> maps.removeRef(w.backend(), w.backendId());
            case RoutePlan.PutVipTable w -> maps.putVipTable(w.vipId(), w.key());
            case RoutePlan.WriteRing w -> maps.writeRing(w.vipId(), w.half(), w.slots(), w.values());
            case RoutePlan.PutFilter w -> maps.putFilter(w.words());
            case RoutePlan.PutFlags w -> maps.putFlags(w.flags());
            case RoutePlan.PutVip w -> maps.putVip(w.key(), w.info());
            case RoutePlan.DeleteVip w -> maps.deleteVip(w.key());
            case RoutePlan.PurgeFlows w -> maps.purgeFlows(w.vip());
            case RoutePlan.PutSources w -> maps.putSources(w.tag(), w.entries());
            case RoutePlan.DeleteSources w -> maps.deleteSources(w.tag(), w.entries());
            case RoutePlan.PurgeRefused w -> maps.purgeRefused(w.vip(), w.sources());
        }
    }

    private static Set<Integer> undo(List<Step> done, RouteMaps maps, RuntimeException cause) {
        Set<Integer> unknown = new HashSet<>();
        for (int j = done.size() - 1; j >= 0; j--) {
            Step step = done.get(j);
            if (step.undo() == null) continue;
            try {
                perform(step.undo(), maps);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
                LOG.log(System.Logger.Level.WARNING, "undoing " + step.write() + " failed", e);
                if (step.undo() instanceof RoutePlan.WriteRing w) unknown.add(w.vipId() * 2 + w.half());
            }
        }
        return unknown;
    }
}
