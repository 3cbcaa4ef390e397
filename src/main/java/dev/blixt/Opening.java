package dev.blixt;

import dev.blixt.bpf.BpfException;
import dev.blixt.bpf.BpfLoadException;
import dev.blixt.error.DataplaneException;
import dev.blixt.internal.caps.Capabilities;
import dev.blixt.internal.datapath.Datapath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How {@link Dataplane#open(DataplaneConfig)} gets a loaded, attached data path (in the target namespace). */
final class Opening {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());

    private Opening() {}

    /** What an open produced. */
    record Opened(Datapath datapath, RouteEngine engine, List<Attacher.Attached> attached, List<String> interfaces,
            @Nullable PinLock lock) {}

    /**
     * Loads (or adopts) the data path, attaches it to every interface, takes the pin lock and hands the
     * result to {@code make}; when any of it fails, {@code make} included, nothing stays attached and the
     * pins this open created are removed.
     */
    static <T> T open(DataplaneConfig config, java.util.function.Function<Opened, T> make) {
        List<String> ifaces = config.interfaces().isEmpty() ? List.of(Interfaces.defaultRouteInterface())
                : config.interfaces();
        List<Attacher.Placement> placements = new ArrayList<>();
        for (String name : ifaces) placements.add(Attacher.place(name, config.attachMode(), config.forceAttachMode()));
        Path pin = config.pinPath().orElse(null);
        PinLock lock = null;
        @Nullable Path created = null; // the outermost directory this open created: a failed open removes it again
        if (pin != null) {
            created = Pins.createDirectories(pin);
            try {
                lock = PinLock.acquire(pin);
            } catch (RuntimeException e) {
                if (created != null) Pins.removeQuietly(pin, created);
                throw e;
            }
        }
        boolean adopt = pin != null && Files.exists(pin.resolve("maps").resolve("vips"));
        // A failed open removes the pins it created itself (never those it was to adopt).
        boolean fresh = pin != null && !adopt;
        Datapath datapath;
        try {
            datapath = Datapath.load(sizing(config), pin == null ? null : pin.resolve("maps"));
        } catch (BpfException e) {
            if (fresh) Pins.removeQuietly(pin, created);
            if (lock != null) lock.close();
            if (e.errno() == 1 || e.errno() == 13) { // EPERM, EACCES
                boolean verifier = e instanceof BpfLoadException l && !l.verifierLog().isBlank();
                throw new DataplaneException((verifier ? "the verifier rejected the data plane's program"
                        : "not permitted to load the data plane") + ": " + Capabilities.adviceForRefusedLoad()
                        + "; libbpf said: " + e.getMessage(), e);
            }
            if (!adopt) throw e;
            throw new DataplaneException("cannot adopt the pinned data plane at " + pin + ": " + e.getMessage()
                    + ". Open it with the map sizes it was created with (maxVips, maxBackends, ringSize,"
                    + " flowTableSize); or, if this data plane is to go, " + Teardown.advice(pin), e);
        } catch (RuntimeException e) {
            if (fresh) Pins.removeQuietly(pin, created);
            if (lock != null) lock.close();
            throw e;
        }
        List<Attacher.Attached> attached = new ArrayList<>();
        try {
            RouteEngine engine = new RouteEngine(datapath);
            if (adopt) {
                engine.adopt();
                int by = datapath.takenOverBy();
                if (by != 0) {
                    LOG.log(System.Logger.Level.INFO, "the pinned data plane at {0} had been taken over by process"
                            + " {1}; adopting it makes it ours again", pin, by);
                    datapath.clearTakenOver();
                }
            }
            Path links = pin == null ? null : pin.resolve("links");
            for (Attacher.Placement p : placements) {
                Attacher.Attached a = Attacher.attach(datapath, p, links, config.takeOver());
                attached.add(a);
                LOG.log(System.Logger.Level.INFO, "data plane attached to {0}: {1} ({2}, program id {3}; {4})",
                        p.ifname(), a.describe().mode(), a.mechanism(), a.attachment().programId(), p.why());
            }
            if (adopt) LOG.log(System.Logger.Level.INFO, "configuration adopted from {0}", pin);
            // Made inside the try: whatever the data plane's constructor fails with, nothing stays attached.
            return make.apply(new Opened(datapath, engine, attached, ifaces, lock));
        } catch (RuntimeException e) {
            for (Attacher.Attached a : attached) LinkWatcher.closeQuietly(a.attachment());
            datapath.close();
            if (fresh) Pins.removeQuietly(pin, created);
            if (lock != null) lock.close();
            throw e;
        }
    }

    static Datapath.Sizing sizing(DataplaneConfig c) {
        int options = 0;
        if (c.icmpEcho()) options |= Datapath.OPT_ICMP_ECHO;
        if (c.fragmentPolicy() == DataplaneConfig.FragmentPolicy.PASS) options |= Datapath.OPT_FRAGMENTS_PASS;
        if (c.kernelForwarding()) options |= Datapath.OPT_NO_FIB;
        if (!c.statelessReplies()) options |= Datapath.OPT_TRACKED_REPLIES_ONLY;
        Duration t = c.udpIdleTimeout();
        return new Datapath.Sizing(c.maxVips(), c.maxBackends(), c.ringSize(), c.flowTableSize(), c.hashSeed(),
                t.toNanos(), options, c.nextHopCache().toNanos(), c.encap(), c.fullNat(), c.maxSourceRanges());
    }
}
