package dev.blixt;

import dev.blixt.bpf.Attachment;
import dev.blixt.bpf.XdpAttachment;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.libbpf.LinkEvents;
import dev.blixt.internal.libbpf.Rtnetlink;
import dev.blixt.internal.netns.NetInterfaces;
import dev.blixt.internal.netns.NetnsRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A data plane's interfaces and what is attached to each of them now, kept true while interfaces come and go:
 * a daemon thread in the data plane's network namespace watches its link events (rtnetlink, {@code
 * RTNLGRP_LINK}). When an interface disappears its attachment is closed and reported detached; when an
 * interface of the same name appears (a new ifindex), the program is attached there as at open (the configured
 * {@link AttachMode}, placed by {@link Attacher}'s rules; with pins, the severed link pin is replaced), and the
 * listeners are told ({@link InterfaceEvent}).
 */
final class LinkWatcher {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());
    /** How often the watcher thread runs the housekeeping task between link events. */
    static final java.time.Duration TICK = java.time.Duration.ofSeconds(10);

    /** One configured interface: what is attached there now, or why nothing is. */
    private static final class Slot {
        final String ifname;
        Attacher.@Nullable Attached current;
        /** What {@link #current} reported when it was attached (a detached slot keeps its mode). */
        InterfaceAttachment last;
        String detachedWhy = "";

        Slot(Attacher.Attached a) {
            this.ifname = a.placement().ifname();
            this.current = a;
            this.last = a.describe();
        }
    }

    private final DataplaneConfig config;
    private final Runnable tick;
    private final Datapath datapath;
    private final @Nullable Path links;
    private final NetnsRef netns;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Consumer<InterfaceEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private volatile @Nullable LinkEvents events;
    private @Nullable Thread thread;

    private LinkWatcher(DataplaneConfig config, Datapath datapath, List<Attacher.Attached> attached, NetnsRef netns,
            Runnable tick) {
        this.config = config;
        this.tick = tick;
        this.datapath = datapath;
        this.links = config.pinPath().map(p -> p.resolve("links")).orElse(null);
        this.netns = netns;
        for (Attacher.Attached a : attached) slots.add(new Slot(a));
    }

    /**
     * Takes over the attachments of a data plane just opened (describing them in the calling thread, which is in
     * {@code netns}) and starts watching. When the watch cannot start, logs why and serves without it.
     * The watcher thread also runs {@code tick} (the data plane's other housekeeping) about every
     * {@link #TICK}.
     */
    static LinkWatcher start(DataplaneConfig config, Datapath datapath, List<Attacher.Attached> attached, NetnsRef netns,
            Runnable tick) {
        LinkWatcher w = new LinkWatcher(config, datapath, attached, netns, tick);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        w.thread = netns.startThread("blixt-links-netns:[" + netns.inode() + "]", () -> w.run(ready),
                ready::completeExceptionally);
        try {
            ready.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable why = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            LOG.log(System.Logger.Level.WARNING, "not watching the data plane's interfaces (an interface deleted and"
                    + " re-created will not be re-attached until the data plane is opened again): {0}",
                    why == null ? e.toString() : why.getMessage());
            w.stop();
        }
        return w;
    }

    private void run(CompletableFuture<Void> ready) {
        LinkEvents ev;
        try {
            ev = LinkEvents.open();
            events = ev;
            resync();
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            return;
        }
        ready.complete(null);
        try {
            while (!stopping) {
                for (LinkEvents.Event e : ev.await((int) TICK.toMillis())) {
                    if (stopping) break;
                    handle(e);
                }
                if (!stopping) tick();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stopped watching the data plane's interfaces: " + e.getMessage());
        } finally {
            synchronized (this) {
                events = null;
                ev.close();
            }
        }
    }

    private void tick() {
        try {
            tick.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "housekeeping failed: " + e);
        }
    }

    private void handle(LinkEvents.Event e) {
        if (e.type() == LinkEvents.Type.LOST) {
            LOG.log(System.Logger.Level.INFO, "link events were lost: looking at the data plane's interfaces again");
            resync();
            return;
        }
        Rtnetlink.Link link = e.link();
        for (Slot s : slots) {
            int attachedAt;
            synchronized (this) {
                attachedAt = s.current == null ? 0 : s.current.placement().ifindex();
            }
            if (e.type() == LinkEvents.Type.DELETED && link.ifindex() == attachedAt) {
                detach(s, link.ifindex(), "interface " + s.ifname + " (index " + link.ifindex() + ") was deleted");
            } else if (e.type() == LinkEvents.Type.NEW && link.name().equals(s.ifname) && link.ifindex() != attachedAt) {
                if (attachedAt != 0) {
                    detach(s, attachedAt, "interface " + s.ifname + " is now index " + link.ifindex());
                }
                reattach(s, link.ifindex());
            }
        }
    }

    /** Compares what is attached with the interfaces there are now (at start, and after lost events). */
    private void resync() {
        Map<String, Integer> now = new HashMap<>();
        for (Rtnetlink.Link l : Rtnetlink.links()) now.put(l.name(), l.ifindex());
        for (Slot s : slots) {
            int attachedAt;
            synchronized (this) {
                attachedAt = s.current == null ? 0 : s.current.placement().ifindex();
            }
            Integer ifindex = now.get(s.ifname);
            if (attachedAt != 0 && !Integer.valueOf(attachedAt).equals(ifindex)) {
                detach(s, attachedAt, "interface " + s.ifname + " (index " + attachedAt + ") is gone");
            }
            if (ifindex != null && ifindex != attachedAt) reattach(s, ifindex);
        }
    }

    private void detach(Slot s, int ifindex, String why) {
        Attacher.Attached a;
        synchronized (this) {
            a = s.current;
            if (a == null) return;
            s.current = null;
            s.detachedWhy = why;
        }
        if (a.attachment() instanceof XdpAttachment) datapath.markXdpSafe(ifindex, false);
        closeQuietly(a.attachment());
        forgetNextHops(ifindex);
        String detail = why + ": the data plane is detached from it (traffic through it is not balanced) until an"
                + " interface named " + s.ifname + " appears again";
        LOG.log(System.Logger.Level.WARNING, detail);
        tell(new InterfaceEvent(InterfaceEvent.Type.DETACHED, s.ifname, ifindex, detail));
    }

    private void reattach(Slot s, int ifindex) {
        if (stopping) return;
        int by = datapath.takenOverBy();
        if (by != 0) {
            failed(s, ifindex, "the data plane was taken over by process " + by);
            return;
        }
        Attacher.Attached a;
        try {
            Attacher.Placement p = Attacher.place(s.ifname, config.attachMode(), config.forceAttachMode());
            a = Attacher.attach(datapath, p, links, config.takeOver());
        } catch (RuntimeException e) {
            failed(s, ifindex, e.getMessage());
            return;
        }
        InterfaceAttachment d = a.describe();
        forgetNextHops(s.last.ifindex()); // again: a packet may have cached the old interface just before it went
        synchronized (this) {
            if (stopping) {
                closeQuietly(a.attachment()); // close() has begun: it detaches only what it found
                return;
            }
            s.current = a;
            s.last = d;
            s.detachedWhy = "";
        }
        String detail = "re-attached to " + s.ifname + " (index " + ifindex + "): " + d.mode() + " (" + d.mechanism()
                + ", program id " + d.programId() + "; " + d.reason() + ")";
        LOG.log(System.Logger.Level.INFO, "data plane " + detail);
        tell(new InterfaceEvent(InterfaceEvent.Type.REATTACHED, s.ifname, ifindex, detail));
    }

    /**
     * Zeroes the backends' cached next hops and forgets the clients' that go out of {@code ifindex} (the first
     * word of {@code struct nexthop}), so that their next packet looks the route up again instead of being sent to an interface that
     * is gone for up to {@link DataplaneConfig#nextHopCache()}.
     */
    private static int nextHopIfindex(byte[] nexthop) {
        return nexthop.length < 4 ? 0 : java.nio.ByteBuffer.wrap(nexthop).order(java.nio.ByteOrder.nativeOrder()).getInt(0);
    }

    private void forgetNextHops(int ifindex) {
        try {
            byte[] zero = new byte[Datapath.NEXTHOP_SIZE];
            for (var e : datapath.nexthops.getAll().entrySet()) {
                for (byte[] cpu : e.getValue()) {
                    if (nextHopIfindex(cpu) == ifindex) {
                        datapath.nexthops.fill(e.getKey(), zero);
                        break;
                    }
                }
            }
            List<byte[]> clients = new ArrayList<>();
            datapath.clientNexthops.getAll().forEach((client, nh) -> {
                if (nextHopIfindex(nh) == ifindex) clients.add(client);
            });
            datapath.clientNexthops.deleteAll(clients);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not clear the next hops cached through ifindex " + ifindex
                    + " (they expire after " + config.nextHopCache().toMillis() + " ms): " + e.getMessage());
        }
    }

    private void failed(Slot s, int ifindex, @Nullable String why) {
        String detail = "cannot re-attach to " + s.ifname + " (index " + ifindex + "): " + why;
        synchronized (this) {
            s.detachedWhy = detail;
        }
        LOG.log(System.Logger.Level.WARNING, detail);
        tell(new InterfaceEvent(InterfaceEvent.Type.REATTACH_FAILED, s.ifname, ifindex, detail));
    }

    private void tell(InterfaceEvent e) {
        for (Consumer<InterfaceEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "an interface event listener failed on " + e + ": " + ex);
            }
        }
    }

    void listen(Consumer<InterfaceEvent> listener) {
        listeners.add(listener);
    }

    /** Each interface's attachment now (call in the data plane's namespace): detached ones say so. */
    synchronized List<InterfaceAttachment> describe() {
        List<InterfaceAttachment> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.current != null) {
                out.add(s.current.describe());
            } else {
                int ifindex = Math.max(0, NetInterfaces.index(s.ifname)); // 0: no such interface now
                out.add(new InterfaceAttachment(s.ifname, ifindex, s.last.mode(), "none", 0, "detached: " + s.detachedWhy));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Stops watching (waits for the thread) and hands over what is attached now, for closing or releasing: the
     * watcher attaches nothing after this returns.
     */
    List<Attachment> stop() {
        stopping = true;
        synchronized (this) {
            LinkEvents ev = events;
            if (ev != null) ev.wakeup();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            List<Attachment> out = new ArrayList<>();
            for (Slot s : slots) if (s.current != null) out.add(s.current.attachment());
            return out;
        }
    }

    /** Closes an attachment, logging (not throwing) a failure. */
    static void closeQuietly(AutoCloseable a) {
        try {
            a.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "detaching " + a + " failed: " + e.getMessage());
        }
    }
}
