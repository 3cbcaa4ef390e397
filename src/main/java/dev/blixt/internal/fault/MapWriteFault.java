package dev.blixt.internal.fault;

/**
 * A fault-injection point for crash-consistency tests: every map write the library makes (one
 * {@code bpf_map_update_elem}, {@code bpf_map_delete_elem}, or one chunk of a batch update or delete,
 * each one system call and so one point at which a {@code kill -9} can fall) passes through
 * {@link #beforeWrite()}. Armed with a budget of {@code k} writes, the next write after those
 * throws {@link Crash} (an {@link Error}, so no rollback code runs) and so does every later write
 * until {@link #disarm()}: the maps then hold exactly what a process killed after {@code k} writes
 * leaves behind. Disarmed (the default), the check is one volatile read per write.
 */
public final class MapWriteFault {
    private static volatile long budget = -1;
    private static volatile long writes;

    private MapWriteFault() {}

    /** Thrown at the write after the budget: the simulated death of the writing process. */
    public static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(long after) {
            super("simulated crash after " + after + " map writes", null, false, false);
        }
    }

    /**
     * Lets {@code writes} more map writes through, then fails every later one with {@link Crash}.
     *
     * @param writesAllowed how many writes may still happen, at least 0
     * @throws IllegalArgumentException if negative
     */
    public static void arm(long writesAllowed) {
        if (writesAllowed < 0) throw new IllegalArgumentException("write budget must be at least 0, got " + writesAllowed);
        writes = 0;
        budget = writesAllowed;
    }

    /** Counts writes without failing any (see {@link #writes()}). */
    public static void count() {
        writes = 0;
        budget = Long.MAX_VALUE;
    }

    /** Lets every write through again. */
    public static void disarm() {
        budget = -1;
    }

    /**
     * The writes seen since {@link #arm} or {@link #count()}.
     *
     * @return the number of writes let through
     */
    public static long writes() {
        return writes;
    }

    /**
     * Called by the map layer before each write system call.
     *
     * @throws Crash when armed and the budget is spent
     */
    public static void beforeWrite() {
        long b = budget;
        if (b < 0) return;
        long w = writes;
        if (w >= b) throw new Crash(w);
        writes = w + 1;
    }
}
