package dev.blixt;

import dev.blixt.bpf.BpfException;
import dev.blixt.bpf.UpdateFlag;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.FlowValue;
import dev.blixt.internal.datapath.FullNat;
import dev.blixt.internal.datapath.NatEntry;
import dev.blixt.internal.datapath.VipInfo;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Gives back the addresses and ports of full-NAT flows that have ended. The data path claims a
 * translation ({@code nat_ports}, keyed by the reply's 5-tuple) with {@code BPF_NOEXIST} and never frees
 * one, so that no two live flows can share it; this sweep, part of the housekeeping of the data plane's
 * watcher thread (about every 10 s), deletes
 * <ul>
 *   <li>translations no flow entry names any more (the entry was evicted, expired or re-selected
 *       elsewhere) once they are {@link #GRACE} old (a claim writes the translation just before the
 *       flow entry, and an evicted flow takes its own translation back on its next packet);
 *   <li>translations idle longer than their protocol allows — UDP: the data plane's UDP idle timeout;
 *       TCP after the backend's FIN or RST: {@link #TCP_CLOSING}; other TCP: {@link #TCP_IDLE} — with
 *       their flow entry, flow entry first.
 * </ul>
 * A translation is idle when no reply used it: the data path refreshes its time on replies. A flow
 * whose translation went away re-claims on its next packet, from the same ordered probes, so it
 * usually gets the same address and port back. The race with a flow re-created between this sweep's
 * look and its delete is closed by looking again after the delete: a translation such a flow names
 * is put back, and if another flow took it in between, that flow entry is deleted so that it claims
 * anew (its connection breaks; two flows never share a translation).
 */
final class NatReclaimer implements Runnable {
    /** How long a translation no flow names is kept. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** How long a TCP translation is kept after the backend's FIN or RST without a reply since. */
    static final Duration TCP_CLOSING = Duration.ofSeconds(60);
    /** How long an established TCP translation is kept without a reply. */
    static final Duration TCP_IDLE = Duration.ofMinutes(15);
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private final Datapath datapath;
    private final FullNat fullNat;
    private final long udpIdleNs;
    private long reclaimed;

    NatReclaimer(Datapath datapath) {
        this.datapath = datapath;
        this.fullNat = datapath.sizing().fullNat();
        this.udpIdleNs = datapath.sizing().udpTimeoutNs();
    }

    @Override
    public void run() {
        long now = System.nanoTime(); // CLOCK_MONOTONIC: the data path's coarse clock, to within a tick
        if (!fullNat.enabled()) return;
        try {
            int n = sweep(now);
            if (n > 0) LOG.log(Level.DEBUG, "full NAT: reclaimed {0} translations", n);
        } catch (BpfException e) {
            LOG.log(Level.WARNING, "full NAT: reclaiming translations failed: " + e.getMessage());
        }
    }

    /** {@return translations reclaimed since the data plane opened} */
    synchronized long reclaimed() {
        return reclaimed;
    }

    /**
     * One sweep at {@code now} (CLOCK_MONOTONIC ns).
     *
     * @return the translations deleted
     */
    synchronized int sweep(long now) {
        int n = 0;
        for (Map.Entry<FlowKey, NatEntry> e : datapath.natPorts.getAll().entrySet()) {
            FlowKey rk = e.getKey();
            NatEntry ne = e.getValue();
            long idle = now - ne.atimeNs();
            boolean named = names(datapath.flows.get(ne.flow()), rk, ne);
            if (named && idle <= timeout(ne)) continue;
            if (!named && idle <= GRACE.toNanos()) continue;
            if (named) datapath.flows.delete(ne.flow()); // idle: the flow ends with its translation
            if (!datapath.natPorts.delete(rk)) continue;
            n++;
            recheck(rk, ne);
        }
        reclaimed += n;
        return n;
    }

    /** After deleting rk: a flow entry that names it now (re-created meanwhile) gets it back, or claims anew. */
    private void recheck(FlowKey rk, NatEntry ne) {
        if (!names(datapath.flows.get(ne.flow()), rk, ne)) return;
        try {
            datapath.natPorts.put(rk, ne, UpdateFlag.NO_EXIST);
        } catch (BpfException taken) {
            datapath.flows.delete(ne.flow());
        }
    }

    private long timeout(NatEntry ne) {
        if (ne.flow().protocol() == Protocol.UDP.number()) return Math.max(udpIdleNs, GRACE.toNanos());
        return (ne.closing() ? TCP_CLOSING : TCP_IDLE).toNanos();
    }

    /** Whether flow entry fv (of ne's flow) is full NAT to ne's backend through translation rk. */
    private boolean names(Optional<FlowValue> fv, FlowKey rk, NatEntry ne) {
        if (fv.isEmpty() || fv.get().mode() != VipInfo.MODE_FULL_NAT || fv.get().backendId() != ne.backendId()) {
            return false;
        }
        InetSocketAddress slot = fullNat.slot(FullNat.hash(ne.flow(), datapath.sizing().hashSeed()), fv.get().nat(),
                !(rk.dst() instanceof java.net.Inet4Address));
        return slot != null && slot.getAddress().equals(rk.dst()) && slot.getPort() == rk.dstPort();
    }
}
