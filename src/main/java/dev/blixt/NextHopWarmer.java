package dev.blixt;

import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.libbpf.Rtnetlink;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Keeps the kernel's neighbour entries of the full-NAT backends' next hops resolved. The data path
 * sends a packet itself only once {@code bpf_fib_lookup} finds the next hop's MAC; until then it leaves
 * the rewritten packet to the kernel, which forwards it and so resolves the neighbour (NAT, DSR). A
 * full-NAT packet's source is often one of the host's own addresses, which Linux drops on receipt (a
 * martian), so nothing would ever resolve those next hops in XDP (tc resolves them itself with
 * {@code bpf_redirect_neigh}). So for every backend of a FULL_NAT route this asks the kernel to resolve
 * its next hop ({@code ip neigh replace ... use}): when the route is applied, and with the data plane's
 * housekeeping (about every 10 s), which also keeps entries from going stale.
 */
final class NextHopWarmer implements Runnable {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private final RouteEngine engine;
    private final boolean enabled;

    NextHopWarmer(Datapath datapath, RouteEngine engine) {
        this.engine = engine;
        this.enabled = datapath.sizing().fullNat().enabled();
    }

    /** With the housekeeping: every full-NAT route (the watcher thread is in the data plane's namespace). */
    @Override
    public void run() {
        warm(engine.routes());
    }

    /** {@return whether there is anything to warm: some full-NAT address is configured} */
    boolean enabled() {
        return enabled;
    }

    /** Resolves the next hops of the full-NAT routes among {@code routes}; must run in the data plane's namespace. */
    void warm(List<Route> routes) {
        if (!enabled) return;
        for (Route r : routes) {
            if (r.mode() != ForwardingMode.FULL_NAT) continue;
            for (Backend b : r.backends()) {
                try {
                    Rtnetlink.routeTo(b.address().getAddress()).ifPresent(Rtnetlink::useNeighbour);
                } catch (RuntimeException e) { // no ARP on that device, a route gone meanwhile: the kernel's own business
                    LOG.log(Level.DEBUG, "not resolving the next hop of " + b + ": " + e.getMessage());
                }
            }
        }
    }
}
