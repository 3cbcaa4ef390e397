package dev.blixt;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Dataplane#open} found when it adopted a pinned data plane, and what it repaired.
 *
 * <p>The owner of pinned maps can die between any two map writes of an update ({@code kill -9}, the
 * OOM killer, a crash of the JVM). The data path keeps forwarding with the VIP entries and the ring halves they mark active; adoption takes
 * those as the truth and repairs what the dead owner left half-written: backends registered by an
 * update that never took effect, entries of a VIP that was never created or was being removed,
 * weights written ahead of their ring, the reply index, the address markers and pre-filter, and
 * flows of VIPs that are gone. See {@code docs/operations.md}, "What adoption repairs".
 *
 * @param vips the number of VIPs adopted
 * @param backends the number of backends adopted (over all VIPs)
 * @param repairs one line per repair made, in the order made; empty after a clean {@code close()}
 */
public record AdoptionReport(int vips, int backends, List<String> repairs) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public AdoptionReport {
        if (vips < 0 || backends < 0) throw new IllegalArgumentException("negative counts: " + vips + ", " + backends);
        repairs = List.copyOf(Objects.requireNonNull(repairs, "repairs"));
    }

    /**
     * Whether anything had to be repaired (the previous owner died in the middle of an update).
     *
     * @return true when {@link #repairs()} is not empty
     */
    public boolean repaired() {
        return !repairs.isEmpty();
    }
}
