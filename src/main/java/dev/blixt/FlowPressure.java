package dev.blixt;

import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.GlobalCounter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * Tells the operator when the flow table is too small for the traffic. The table is an LRU: when it is
 * full, inserting a new flow evicts the least recently used entry of that CPU, live or not, and nothing
 * reports the eviction. What does show is its consequence: TCP segments that find no flow entry
 * ({@link GlobalStats#flowsLost()}). Run on the data plane's watcher thread; when that count grew since
 * the last run it logs a warning (at most one per {@link #QUIET}) with how full the table is now.
 */
final class FlowPressure implements Runnable {
    /** The least time between two warnings. */
    static final Duration QUIET = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private final Datapath datapath;
    private long lost = -1;
    private long stateless;
    private long since;
    private long lastWarning;

    FlowPressure(Datapath datapath) {
        this.datapath = datapath;
    }

    @Override
    public void run() {
        check(System.nanoTime()).ifPresent(warning -> LOG.log(Level.WARNING, warning));
    }

    /** The warning due at {@code now} (nanoTime), if any; the first call only takes the counts as a base. */
    synchronized Optional<String> check(long now) {
        long[] c = datapath.globalCounters();
        long lostNow = c[GlobalCounter.FLOW_LOST.ordinal()];
        long statelessNow = c[GlobalCounter.REPLY_STATELESS.ordinal()];
        if (lost < 0 || lostNow <= lost) { // the base, or nothing lost since it: start the window here
            lost = lostNow;
            stateless = statelessNow;
            since = now;
            return Optional.empty();
        }
        if (lastWarning != 0 && now - lastWarning < QUIET.toNanos()) {
            return Optional.empty(); // counted on: reported with the next warning
        }
        String warning = warning(lostNow - lost, statelessNow - stateless, Duration.ofNanos(now - since),
                datapath.flows.size(), datapath.flows.maxEntries(), Runtime.getRuntime().availableProcessors());
        lost = lostNow;
        stateless = statelessNow;
        since = now;
        lastWarning = now;
        return Optional.of(warning);
    }

    static String warning(long lost, long stateless, Duration over, int entries, int capacity, int cpus) {
        return lost + " TCP segments to VIPs found no flow entry in the last " + Math.max(1, over.toSeconds())
                + " s (and " + stateless + " packets of backends were translated without one): live flows are"
                + " being evicted from the flow table, which holds " + entries + " of " + capacity + " entries"
                + " (an LRU list per CPU, about " + capacity / Math.max(1, cpus) + " each). Such segments go to"
                + " the backend the ring selects now, which breaks the connection if the route changed since it"
                + " began. Raise DataplaneConfig.flowTableSize (see \"Sizing and memory\" in docs/operations.md)."
                + " Segments of connections older than this data plane count too, once.";
    }
}
