package dev.blixt;

import dev.blixt.bpf.Attachment;
import dev.blixt.bpf.BpfException;
import dev.blixt.bpf.BpfLoadException;
import dev.blixt.error.DataplaneException;
import dev.blixt.internal.caps.Capabilities;
import dev.blixt.internal.datapath.DecapPath;
import dev.blixt.internal.datapath.EncapConfig;
import dev.blixt.internal.libbpf.Rtnetlink;
import dev.blixt.internal.netns.NetInterfaces;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.internal.netns.NetnsRef;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The backend side of direct server return: strips the outer header the load balancer put around a
 * client's packet ({@link ForwardingMode#DSR_IPIP}, {@link ForwardingMode#DSR_GUE}) and hands the
 * inner packet to the kernel as if it had arrived plain, so that the backend, which holds the VIP
 * on an interface of its own (usually {@code lo}), answers the client directly. It needs no tunnel
 * driver ({@code ipip}, {@code ip6_tunnel}, {@code fou}): the library ships its own eBPF program,
 * in an object of its own (a backend loads none of the load balancer's maps).
 *
 * {@snippet class=dev.blixt.Snippets region=decapsulator}
 *
 * <p><b>What is decapsulated.</b> On ingress of each interface: IPv4 in IPv4 (protocol 4), IPv6 in
 * IPv4 (41), IPv4 in IPv6 (next header 4) and IPv6 in IPv6 (41), and either inner family inside UDP
 * to the {@linkplain Builder#guePort(int) GUE port} (GUE variant 1: the inner IP packet right after
 * the UDP header; a UDP checksum of 0 is accepted, a nonzero one is not verified). An IPv4 outer
 * header may carry options but must not be a fragment; an IPv6 outer header must be followed
 * directly by the inner packet (a packet with extension headers passes untouched). Both the outer
 * and the inner destination must be addresses of this host: every address of every interface of the
 * network namespace, re-read every {@value #REFRESH_MILLIS} ms, so an address added later (the VIP
 * put on {@code lo} after {@code open}) is honoured within a second and a removed one stops being
 * accepted as quickly. Everything else passes untouched to the next program and the kernel; an
 * inner packet that is not a whole IP packet inside the outer one is dropped. See
 * {@link #stats()}.
 *
 * <p><b>Attaching.</b> A tcx link on each interface's ingress, or on kernels without tcx a clsact
 * filter (handle {@code 0xB1C6}, priority {@code 0xB1B}: before a data plane's filter). The links are
 * owned by this object: {@link #close()} detaches them, and so does the end of the process. An
 * interface deleted while the decapsulator is open loses its program with it; when an interface of
 * the same name appears again, the program is attached to it within the refresh interval.
 *
 * <p>Needs root, or CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN, like {@link Dataplane}.
 */
public final class Decapsulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Decapsulator.class.getName());
    /** The program's name (shown by {@code bpftool net}); not a data plane's program. */
    static final String PROGRAM = DecapPath.PROGRAM;
    /** The GUE port used unless {@link Builder#guePort(int)} says otherwise: 6080, as the load balancer's. */
    public static final int DEFAULT_GUE_PORT = EncapConfig.DEFAULT_GUE_PORT;
    /** How often the accepted addresses are re-read from the kernel, in milliseconds. */
    public static final int REFRESH_MILLIS = 250;
    /** The clsact filter's handle and priority, when tcx is not available. */
    static final int TC_HANDLE = 0xB1C6;
    static final int TC_PRIORITY = 0xB1B;

    private final DecapPath path;
    /** One per interface, in {@link #interfaces} order; replaced when an interface comes back. Guarded by {@link #lock}. */
    private final List<Attachment> attachments;
    private final List<String> interfaces;
    private final int guePort;
    private final NetnsRef netns;
    private final Object lock = new Object();
    /** The addresses in the map now; guarded by {@link #lock}. */
    private Set<InetAddress> accepted = Set.of();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Re-reads the addresses; started by {@link #start()}. */
    private @Nullable Thread refresher;
    private volatile long lastWarning;

    private Decapsulator(DecapPath path, List<Attachment> attachments, List<String> interfaces, int guePort, NetnsRef netns) {
        this.path = path;
        this.attachments = new ArrayList<>(attachments);
        this.interfaces = interfaces;
        this.guePort = guePort;
        this.netns = netns;
    }

    /** Fills the addresses (in the calling thread, which is in the namespace) and starts following them. */
    private Decapsulator start() {
        refreshAddresses();
        refresher = netns.startThread("blixt-decap-addresses", this::refreshLoop,
                e -> LOG.log(System.Logger.Level.WARNING, "the decapsulator cannot follow address changes: {0}", e.getMessage()));
        return this;
    }

    /**
     * Opens a decapsulator with the defaults (GUE port {@value #DEFAULT_GUE_PORT}) in the calling
     * thread's network namespace, attached on ingress of each interface.
     *
     * @param interfaces the interfaces encapsulated packets arrive on, at least one
     * @return the open decapsulator
     * @throws IllegalArgumentException if no interface is named, or one is named twice
     * @throws DataplaneException if an interface does not exist, the process may not load eBPF programs,
     *     or the kernel refuses (the message says why and what to do); nothing stays attached then
     */
    public static Decapsulator open(String... interfaces) {
        return builder().open(interfaces);
    }

    /**
     * A builder of the optional settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The counters of the decapsulator, summed over CPUs.
     *
     * @param ipip IPv4 in IPv4 packets decapsulated
     * @param ipv4InIpv6 IPv4 in IPv6 packets decapsulated
     * @param ipv6InIpv6 IPv6 in IPv6 packets decapsulated
     * @param ipv6InIpv4 IPv6 in IPv4 packets decapsulated
     * @param gue packets decapsulated from UDP to the GUE port (either family in either)
     * @param bytes bytes of the inner IP packets handed on
     * @param passed packets not encapsulated, or not to an address of this host: passed untouched
     * @param refused encapsulated packets to this host whose inner destination is not one of its
     *     addresses: passed untouched
     * @param malformed encapsulated packets to this host whose inner packet is not a whole IP packet:
     *     dropped
     * @param failed packets the kernel would not strip (a GSO aggregate it cannot adjust): dropped
     */
    public record Stats(long ipip, long ipv4InIpv6, long ipv6InIpv6, long ipv6InIpv4, long gue, long bytes,
            long passed, long refused, long malformed, long failed) {
        /**
         * Checks the counters.
         *
         * @throws IllegalArgumentException if a counter is negative
         */
        public Stats {
            for (long v : new long[] {ipip, ipv4InIpv6, ipv6InIpv6, ipv6InIpv4, gue, bytes, passed, refused, malformed, failed}) {
                if (v < 0) throw new IllegalArgumentException("a counter cannot be negative, got " + v);
            }
        }

        /**
         * The packets decapsulated, of every kind.
         *
         * @return {@code ipip + ipv4InIpv6 + ipv6InIpv6 + ipv6InIpv4 + gue}
         */
        public long decapsulated() {
            return ipip + ipv4InIpv6 + ipv6InIpv6 + ipv6InIpv4 + gue;
        }

        static Stats of(long[] c) {
            return new Stats(c[DecapPath.Counter.IPIP.ordinal()], c[DecapPath.Counter.IPV4_IN_IPV6.ordinal()],
                    c[DecapPath.Counter.IPV6_IN_IPV6.ordinal()], c[DecapPath.Counter.IPV6_IN_IPV4.ordinal()],
                    c[DecapPath.Counter.GUE.ordinal()], c[DecapPath.Counter.BYTES.ordinal()],
                    c[DecapPath.Counter.PASSED.ordinal()], c[DecapPath.Counter.REFUSED.ordinal()],
                    c[DecapPath.Counter.MALFORMED.ordinal()], c[DecapPath.Counter.FAILED.ordinal()]);
        }
    }

    /**
     * The counters, summed over CPUs.
     *
     * @return the counters
     * @throws IllegalStateException if this decapsulator is closed
     */
    public Stats stats() {
        checkOpen();
        return Stats.of(path.counters());
    }

    /**
     * The addresses accepted as outer and inner destinations now: those of the namespace's interfaces
     * when they were last read.
     *
     * @return the addresses
     * @throws IllegalStateException if this decapsulator is closed
     */
    public Set<InetAddress> acceptedAddresses() {
        checkOpen();
        synchronized (lock) {
            return accepted;
        }
    }

    /**
     * The interfaces the program is attached to.
     *
     * @return their names, in the order given
     */
    public List<String> interfaces() {
        return interfaces;
    }

    /**
     * The UDP destination port of GUE packets.
     *
     * @return the port
     */
    public int guePort() {
        return guePort;
    }

    /** Detaches the program from every interface and frees it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        Thread t = refresher;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            netns.call(() -> {
                synchronized (lock) {
                    for (Attachment a : attachments) LinkWatcher.closeQuietly(a);
                }
                return null;
            });
        } finally {
            synchronized (lock) {
                path.close();
            }
            netns.close();
        }
    }

    @Override
    public String toString() {
        return "Decapsulator[" + interfaces + ", guePort " + guePort + (closed.get() ? ", closed]" : "]");
    }

    private void checkOpen() {
        if (closed.get()) throw new IllegalStateException("the decapsulator is closed");
    }

    private void refreshLoop() {
        while (!closed.get()) {
            try {
                Thread.sleep(REFRESH_MILLIS);
            } catch (InterruptedException e) {
                return; // closing
            }
            try {
                refreshAddresses();
                reattachReturned();
            } catch (RuntimeException e) {
                if (closed.get()) return;
                long now = System.nanoTime();
                if (now - lastWarning > TimeUnit.MINUTES.toNanos(1)) {
                    lastWarning = now;
                    LOG.log(System.Logger.Level.WARNING, "cannot refresh the decapsulator''s addresses: {0}", e.getMessage());
                }
            }
        }
    }

    /**
     * Attaches the program again to an interface that was deleted and has been created again with the
     * same name (call in the namespace): the kernel detached it with the old device.
     */
    private void reattachReturned() {
        for (int i = 0; i < interfaces.size(); i++) {
            String name = interfaces.get(i);
            synchronized (lock) {
                if (closed.get()) return;
                Attachment old = attachments.get(i);
                if (old.isAttached()) continue;
                int index = NetInterfaces.index(name);
                if (index <= 0) continue; // still gone: wait for it
                LinkWatcher.closeQuietly(old);
                Attacher.Attached a = Attacher.attachTc(path.program(), new Attacher.Placement(name, index, AttachMode.TC,
                        "tc: the decapsulator"), null, TC_HANDLE, TC_PRIORITY);
                attachments.set(i, a.attachment());
                LOG.log(System.Logger.Level.INFO, "decapsulator attached again to {0} (index {1}), which was deleted and"
                        + " created again: {2}, program id {3}", name, index, a.mechanism(), a.attachment().programId());
            }
        }
    }

    /** Whether the program is attached to each of {@link #interfaces()} now, in that order. */
    List<Boolean> attachedNow() {
        return netns.call(() -> {
            synchronized (lock) {
                return attachments.stream().map(Attachment::isAttached).toList();
            }
        });
    }

    /** Makes the map hold exactly the namespace's addresses (call in the namespace). */
    private void refreshAddresses() {
        Set<InetAddress> now = new LinkedHashSet<>();
        for (Rtnetlink.Address a : Rtnetlink.addresses()) {
            try {
                now.add(InetAddress.getByAddress(a.address()));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
            }
        }
        synchronized (lock) {
            if (closed.get() || now.equals(accepted)) return;
            Set<InetAddress> kept = new HashSet<>();
            for (InetAddress a : now) {
                if (kept.size() == DecapPath.MAX_ADDRESSES) {
                    LOG.log(System.Logger.Level.WARNING, "this host has more than {0} addresses: the decapsulator accepts"
                            + " only the first {0}", DecapPath.MAX_ADDRESSES);
                    break;
                }
                if (!accepted.contains(a)) path.addresses.put(DecapPath.key(a), 1);
                kept.add(a);
            }
            for (InetAddress a : accepted) {
                if (!kept.contains(a)) path.addresses.delete(DecapPath.key(a));
            }
            accepted = Set.copyOf(kept);
        }
    }

    /**
     * Builds a {@link Decapsulator}. Each setter validates its argument and may be called once.
     */
    public static final class Builder {
        private int guePort = DEFAULT_GUE_PORT;
        private @Nullable String networkNamespace;
        private final Set<String> set = new HashSet<>();

        private Builder() {}

        private void once(@Nullable Object current, String name) {
            if (!set.add(name)) throw new IllegalStateException(name + " was already set to " + current);
        }

        /**
         * The UDP destination port of GUE packets (default {@value Decapsulator#DEFAULT_GUE_PORT}): the
         * load balancer's {@code DataplaneConfig.Builder.guePort}.
         *
         * @param port 1..65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder guePort(int port) {
            once(guePort, "guePort");
            this.guePort = EncapConfig.checkGuePort(port);
            return this;
        }

        /**
         * The network namespace to attach in (default: the calling thread's), as
         * {@link DataplaneConfig.Builder#networkNamespace(String)} takes it: a name as {@code ip netns add}
         * creates it, or an absolute path such as {@code /proc/PID/ns/net}. Its interfaces are attached and
         * its addresses accepted.
         *
         * @param nameOrPath a namespace name or an absolute path
         * @return this builder
         * @throws IllegalArgumentException if the name is not a plain file name or the path is relative
         * @throws IllegalStateException if already set
         */
        public Builder networkNamespace(String nameOrPath) {
            once(networkNamespace, "networkNamespace");
            this.networkNamespace = NetNamespace.checkSetting(nameOrPath);
            return this;
        }

        /**
         * Opens the decapsulator: loads the program, fills its addresses and attaches it on ingress of each
         * interface.
         *
         * @param interfaces the interfaces encapsulated packets arrive on, at least one
         * @return the open decapsulator
         * @throws IllegalArgumentException if no interface is named, or one is named twice
         * @throws DataplaneException if an interface does not exist, the process may not load eBPF programs,
         *     or the kernel refuses (the message says why and what to do); nothing stays attached then
         */
        public Decapsulator open(String... interfaces) {
            List<String> names = List.of(interfaces);
            if (names.isEmpty()) throw new IllegalArgumentException("name at least one interface to decapsulate on");
            if (Set.copyOf(names).size() != names.size()) {
                throw new IllegalArgumentException("an interface is named twice: " + names);
            }
            Capabilities.checkCurrent().ifPresent(why -> {
                throw new DataplaneException("not permitted to load the decapsulator: " + why);
            });
            int port = guePort;
            return Dataplane.inNamespace(Optional.ofNullable(networkNamespace), () -> openHere(names, port));
        }
    }

    private static Decapsulator openHere(List<String> names, int guePort) {
        List<Attacher.Placement> placements = new ArrayList<>();
        for (String name : names) {
            placements.add(new Attacher.Placement(name, Interfaces.requireExists(name, "the interfaces given to"
                    + " Decapsulator.open"), AttachMode.TC, "tc: the decapsulator"));
        }
        DecapPath path;
        try {
            path = DecapPath.load(guePort);
        } catch (BpfException e) {
            if (e.errno() == 1 || e.errno() == 13) { // EPERM, EACCES
                boolean verifier = e instanceof BpfLoadException l && !l.verifierLog().isBlank();
                throw new DataplaneException((verifier ? "the verifier rejected the decapsulator's program"
                        : "not permitted to load the decapsulator") + ": " + Capabilities.adviceForRefusedLoad()
                        + "; libbpf said: " + e.getMessage(), e);
            }
            throw e;
        }
        List<Attachment> attached = new ArrayList<>();
        NetnsRef netns = null;
        try {
            for (Attacher.Placement p : placements) {
                Attacher.Attached a = Attacher.attachTc(path.program(), p, null, TC_HANDLE, TC_PRIORITY);
                attached.add(a.attachment());
                LOG.log(System.Logger.Level.INFO, "decapsulator attached to {0}: {1}, program id {2}", p.ifname(),
                        a.mechanism(), a.attachment().programId());
            }
            netns = NetnsRef.current();
            return new Decapsulator(path, List.copyOf(attached), names, guePort, netns).start();
        } catch (RuntimeException e) {
            for (Attachment a : attached) LinkWatcher.closeQuietly(a);
            if (netns != null) netns.close();
            path.close();
            throw e;
        }
    }

    /** For tests: the loaded program. */
    dev.blixt.bpf.BpfProgram program() {
        return path.program();
    }
}
