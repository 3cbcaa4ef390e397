package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.datapath.EncapConfig;
import dev.blixt.internal.datapath.FullNat;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.maglev.MaglevTable;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Dataplane} is opened: interfaces, attach mode, map sizes, hashing and pinning.
 *
 * <p>Immutable; made with {@link #builder()} (each setter validates its argument at once and
 * may be called only once) or taken as {@link #defaults()}.
 *
 * {@snippet class=dev.blixt.Snippets region=config}
 *
 * <p>Kernel memory (the maps' {@code memlock}, as {@code bpftool map show} reports it) is about
 * 100 MB at the defaults, measured on Linux 6.18 with 2 CPUs:
 * <ul>
 *   <li>the Maglev rings, {@code maxVips × 2 × ringSize × 8} bytes (the kernel keeps each 4-byte slot
 *       in 8 bytes): 67 MB (64 MiB) at the defaults;
 *   <li>the flow table, about 120 bytes per entry: 31 MB for the default 262,144 flows;
 *   <li>with {@linkplain Builder#fullNatAddresses(String...) full-NAT addresses}, the translation table:
 *       not preallocated, about 150 bytes per full-NAT flow;
 *   <li>everything else, about 1.4 MB at the defaults: per backend id about 180 bytes plus about
 *       80 bytes per CPU (counters and the next-hop cache are per CPU).
 * </ul>
 * Fewer VIPs or a smaller ring size shrink the rings in proportion, e.g. {@code maxVips(8)} takes
 * them to 8.4 MB.
 */
public final class DataplaneConfig {
    /** Default number of VIPs. */
    public static final int DEFAULT_MAX_VIPS = 64;
    /** Default number of backends over all VIPs. */
    public static final int DEFAULT_MAX_BACKENDS = 4096;
    /** Default flow-table size. */
    public static final int DEFAULT_FLOW_TABLE_SIZE = 1 << 18;
    /** Default UDP idle timeout. */
    public static final Duration DEFAULT_UDP_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link Builder#maxSourceRanges(int)}: 262144 prefixes per family. */
    public static final int DEFAULT_MAX_SOURCE_RANGES = 262_144;
    /** Default time a backend's next hop is reused before the FIB is asked again. */
    public static final Duration DEFAULT_NEXT_HOP_CACHE = Duration.ofSeconds(1);

    /** What happens to IP fragments sent to a VIP address. */
    public enum FragmentPolicy {
        /** Drop them and count them (the default): a fragment cannot be steered consistently. */
        DROP,
        /** Hand them to the kernel untouched. */
        PASS
    }

    /** The values, in a builder of their own that nothing else can reach (build() copies them). */
    private final Builder v;

    private DataplaneConfig(Builder frozen) {
        this.v = frozen;
        if (v.forceAttachMode && v.attachMode == AttachMode.AUTO) throw new IllegalArgumentException(
                "forceAttachMode needs an explicit attachMode (AUTO is always allowed)");
        long ringEntries = 2L * v.maxVips * v.ringSize;
        if (ringEntries > Integer.MAX_VALUE) throw new IllegalArgumentException("maxVips × 2 × ringSize = "
                + ringEntries + " ring slots exceeds the map limit of " + Integer.MAX_VALUE + ": lower maxVips or ringSize");
    }

    /**
     * The default configuration: the default-route interface, {@link AttachMode#AUTO},
     * {@value #DEFAULT_MAX_VIPS} VIPs, {@value #DEFAULT_MAX_BACKENDS} backends, ring size 65537,
     * {@value #DEFAULT_FLOW_TABLE_SIZE} flows, seed 0, 30 s UDP idle timeout, no pinning.
     *
     * @return the defaults
     */
    public static DataplaneConfig defaults() {
        return new Builder().build();
    }

    /** {@return a builder with every value at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this configuration's values; each of them may be overridden} */
    public Builder toBuilder() {
        return v.copy();
    }

    /** {@return the interfaces the program is attached to; empty means the default-route interface} */
    public List<String> interfaces() {
        return v.interfaces;
    }

    /** {@return how the program is attached} */
    public AttachMode attachMode() {
        return v.attachMode;
    }

    /** {@return the most VIPs the data plane can hold} */
    public int maxVips() {
        return v.maxVips;
    }

    /** {@return the most backends over all VIPs (a backend serving two VIPs counts twice)} */
    public int maxBackends() {
        return v.maxBackends;
    }

    /** {@return the Maglev ring size M (prime): slots per ring} */
    public int ringSize() {
        return v.ringSize;
    }

    /** {@return the flow-table capacity (least recently used flows are evicted beyond it)} */
    public int flowTableSize() {
        return v.flowTableSize;
    }

    /**
     * {@return the most source prefixes of each family the data plane holds, over all VIPs (see {@link
     * Builder#maxSourceRanges(int)})}
     */
    public int maxSourceRanges() {
        return v.maxSourceRanges;
    }

    /** {@return the flow-hash seed; it must be identical on every node of a cluster} */
    public int hashSeed() {
        return v.hashSeed;
    }

    /** {@return how long a UDP flow may stay idle before its next datagram selects a backend afresh} */
    public Duration udpIdleTimeout() {
        return v.udpIdleTimeout;
    }

    /** {@return the bpffs directory where maps and attachments are pinned, if any} */
    public Optional<Path> pinPath() {
        return Optional.ofNullable(v.pinPath);
    }

    /** {@return whether echo requests to a VIP address are answered by the data plane} */
    public boolean icmpEcho() {
        return v.icmpEcho;
    }

    /** {@return what happens to IP fragments sent to a VIP address} */
    public FragmentPolicy fragmentPolicy() {
        return v.fragmentPolicy;
    }

    /** {@return whether rewritten packets are left to the kernel's routing (no FIB lookup)} */
    public boolean kernelForwarding() {
        return v.kernelForwarding;
    }

    /** {@return whether untracked packets of a backend serving one VIP are translated back to it} */
    public boolean statelessReplies() {
        return v.statelessReplies;
    }

    /** {@return how long a backend's next hop (from a FIB lookup) is reused; zero: a lookup per packet} */
    public Duration nextHopCache() {
        return v.nextHopCache;
    }

    /** {@return the DSR outer source prefixes, at most one per family (empty: DSR routes are refused)} */
    public List<String> encapsulationSources() {
        return v.encapSources.stream().map(EncapConfig.Prefix::toString).toList();
    }

    /** {@return the UDP destination port of {@link ForwardingMode#DSR_GUE} packets} */
    public int guePort() {
        return v.guePort;
    }

    /** {@return the full-NAT source addresses (empty: FULL_NAT routes are refused)} */
    public List<String> fullNatAddresses() {
        return v.fullNat.addresses().stream().map(InetAddress::getHostAddress).toList();
    }

    /** {@return the lowest full-NAT source port} */
    public int fullNatPortLow() {
        return v.fullNat.portLow();
    }

    /** {@return the highest full-NAT source port} */
    public int fullNatPortHigh() {
        return v.fullNat.portHigh();
    }

    /** The data path's form of the full-NAT settings. */
    FullNat fullNat() {
        return v.fullNat;
    }

    /** The data path's form of the DSR settings. */
    EncapConfig encap() {
        return EncapConfig.of(v.encapSources, v.guePort);
    }

    /** {@return whether an explicit attach mode is used even where it cannot be correct} */
    public boolean forceAttachMode() {
        return v.forceAttachMode;
    }

    /** {@return whether {@code open} replaces another Blixt data plane serving the same interfaces} */
    public boolean takeOver() {
        return v.takeOver;
    }

    /**
     * The network namespace the data plane attaches in: a name under {@code /run/netns} or an
     * absolute path (such as {@code /proc/PID/ns/net}); empty means the namespace of the thread
     * that calls {@code open}.
     *
     * @return the namespace
     */
    public Optional<String> networkNamespace() {
        return Optional.ofNullable(v.networkNamespace);
    }

    @Override
    public String toString() {
        return "DataplaneConfig[interfaces=" + v.interfaces + ", attachMode=" + v.attachMode
                + (v.forceAttachMode ? " (forced)" : "") + (v.takeOver ? ", takeOver" : "")
                + (v.networkNamespace != null ? ", networkNamespace=" + v.networkNamespace : "") + ", maxVips=" + v.maxVips
                + ", maxBackends=" + v.maxBackends + ", ringSize=" + v.ringSize + ", flowTableSize=" + v.flowTableSize
                + ", maxSourceRanges=" + v.maxSourceRanges + ", hashSeed=" + v.hashSeed + ", udpIdleTimeout="
                + v.udpIdleTimeout + ", pinPath=" + v.pinPath
                + ", icmpEcho=" + v.icmpEcho + ", fragmentPolicy=" + v.fragmentPolicy + ", kernelForwarding="
                + v.kernelForwarding + ", nextHopCache=" + v.nextHopCache + ", statelessReplies=" + v.statelessReplies
                + ", encapsulationSources=" + v.encapSources + ", guePort=" + v.guePort + ", fullNat=" + v.fullNat + "]";
    }

    /**
     * Builds a {@link DataplaneConfig}. Each setter validates its argument and may be called once.
     */
    public static final class Builder implements Cloneable {
        private List<String> interfaces = List.of();
        private AttachMode attachMode = AttachMode.AUTO;
        private int maxVips = DEFAULT_MAX_VIPS;
        private int maxBackends = DEFAULT_MAX_BACKENDS;
        private int ringSize = MaglevTable.DEFAULT_SIZE;
        private int flowTableSize = DEFAULT_FLOW_TABLE_SIZE;
        private int maxSourceRanges = DEFAULT_MAX_SOURCE_RANGES;
        private int hashSeed;
        private Duration udpIdleTimeout = DEFAULT_UDP_IDLE_TIMEOUT;
        private @Nullable Path pinPath;
        private boolean icmpEcho = true;
        private FragmentPolicy fragmentPolicy = FragmentPolicy.DROP;
        private boolean kernelForwarding;
        private boolean statelessReplies = true;
        private Duration nextHopCache = DEFAULT_NEXT_HOP_CACHE;
        private List<EncapConfig.Prefix> encapSources = List.of();
        private int guePort = EncapConfig.DEFAULT_GUE_PORT;
        private FullNat fullNat = FullNat.NONE;
        private boolean forceAttachMode;
        private boolean takeOver;
        private @Nullable String networkNamespace;
        /** The settings made on this builder, each allowed once (a builder from toBuilder() starts empty). */
        private Set<String> set = new HashSet<>();

        private Builder() {}

        /** A copy of this builder's values, none of them set on the copy. */
        private Builder copy() {
            try {
                Builder b = (Builder) super.clone();
                b.set = new HashSet<>();
                return b;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        private void once(@Nullable Object current, String name) {
            if (!set.add(name)) throw new IllegalStateException(name + " was already set to " + current);
        }

        /**
         * The interfaces to attach the program to, as {@link #interfaces(List)}.
         *
         * @param names one or more interface names
         * @return this builder
         */
        public Builder interfaces(String... names) {
            return interfaces(List.of(names));
        }

        /**
         * The interfaces to attach the program to (client side and backend side).
         *
         * @param names one or more interface names
         * @return this builder
         * @throws IllegalArgumentException if no name is given, a name is blank or repeated
         * @throws IllegalStateException if already set
         */
        public Builder interfaces(List<String> names) {
            once(interfaces, "interfaces");
            this.interfaces = Interfaces.checkNames(names);
            return this;
        }

        /**
         * How the program is attached (default {@link AttachMode#AUTO}: per interface, what is
         * correct there). An explicit mode that cannot be correct on an interface (XDP on a veth,
         * generic XDP where GRO/GSO packets arrive) makes {@code open} fail with the reason,
         * unless {@link #forceAttachMode(boolean)} is set.
         *
         * @param mode the attach mode
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder attachMode(AttachMode mode) {
            once(attachMode, "attachMode");
            this.attachMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Use the explicit {@link #attachMode(AttachMode)} even on interfaces where the library
         * knows it cannot be correct with the kernel's default settings (default false): for
         * example native XDP on a veth whose peers have GRO on and TX checksum offload off. Traffic
         * may then be lost; the choice is logged as a warning.
         *
         * @param force true to attach anyway
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder forceAttachMode(boolean force) {
            once(forceAttachMode, "forceAttachMode");
            this.forceAttachMode = force;
            return this;
        }

        /**
         * Replace another Blixt data plane that serves one of the interfaces (default false: then
         * {@code open} fails and names the owner). The replaced data plane's program is detached
         * from those interfaces; its next call fails with a {@link DataplaneException} that says it
         * was taken over. A pin path locked by a live data plane is never taken over.
         *
         * @param takeOver true to take over
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder takeOver(boolean takeOver) {
            once(this.takeOver, "takeOver");
            this.takeOver = takeOver;
            return this;
        }

        /**
         * The network namespace to attach in (default: the namespace of the thread that calls
         * {@code open}): a name as {@code ip netns add} creates it (under {@code /run/netns}), or
         * an absolute path to a namespace file such as {@code /proc/PID/ns/net}. Interfaces are
         * looked up there, attachments, routing decisions of {@code simulate} and address checks
         * happen there; maps and pins are not tied to a namespace, so pinning works as usual.
         * Prefer this over {@code ip netns exec}, which also hides the bpffs mount.
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
         * The most VIPs (default {@value DataplaneConfig#DEFAULT_MAX_VIPS}).
         *
         * @param n 1..65536
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxVips(int n) {
            once(maxVips, "maxVips");
            if (n < 1 || n > 65536) throw new IllegalArgumentException("maxVips must be 1..65536, got " + n);
            this.maxVips = n;
            return this;
        }

        /**
         * The most backends over all VIPs (default {@value DataplaneConfig#DEFAULT_MAX_BACKENDS}).
         *
         * @param n 1..16777215
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxBackends(int n) {
            once(maxBackends, "maxBackends");
            if (n < 1 || n > 0xffffff) throw new IllegalArgumentException("maxBackends must be 1..16777215, got " + n);
            this.maxBackends = n;
            return this;
        }

        /**
         * The Maglev ring size M (default 65537). Keep M above 100 × the backends of a VIP for
         * an imbalance under 1%.
         *
         * @param m a prime, 3..16777259
         * @return this builder
         * @throws IllegalArgumentException if not a prime in range (the message names the next prime)
         * @throws IllegalStateException if already set
         */
        public Builder ringSize(int m) {
            once(ringSize, "ringSize");
            if (m < 3 || m > 16_777_259) throw new IllegalArgumentException("ringSize must be 3..16777259, got " + m);
            if (!MaglevTable.isPrime(m)) {
                throw new IllegalArgumentException("ringSize must be prime, got " + m + " (next prime: "
                        + MaglevTable.nextPrime(m) + ")");
            }
            this.ringSize = m;
            return this;
        }

        /**
         * The flow-table capacity (default {@value DataplaneConfig#DEFAULT_FLOW_TABLE_SIZE}).
         *
         * @param n at least 1024
         * @return this builder
         * @throws IllegalArgumentException if below 1024
         * @throws IllegalStateException if already set
         */
        public Builder flowTableSize(int n) {
            once(flowTableSize, "flowTableSize");
            if (n < 1024) throw new IllegalArgumentException("flowTableSize must be at least 1024, got " + n);
            this.flowTableSize = n;
            return this;
        }

        /**
         * How many source prefixes ({@link SourceRanges}) of each family the data plane holds, over all
         * VIPs (default {@value DataplaneConfig#DEFAULT_MAX_SOURCE_RANGES}). A VIP's list counts twice while
         * an update replaces it (the new list is written beside the old one), so the default holds one
         * list of 10^5 prefixes while it changes. The tries are not preallocated: memory follows the
         * prefixes written (about 100 bytes each).
         *
         * @param n 1 to 16777216
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxSourceRanges(int n) {
            once(maxSourceRanges, "maxSourceRanges");
            if (n < 1 || n > 1 << 24) throw new IllegalArgumentException("maxSourceRanges must be 1..16777216, got " + n);
            this.maxSourceRanges = n;
            return this;
        }

        /**
         * The flow-hash seed (default 0). Use the same value on every node behind one ECMP group,
         * and a secret one where hash-flooding attacks matter.
         *
         * @param seed any int
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder hashSeed(int seed) {
            once(hashSeed, "hashSeed");
            this.hashSeed = seed;
            return this;
        }

        /**
         * The UDP idle timeout (default 30 s).
         *
         * @param timeout 1 ms .. 1 day
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder udpIdleTimeout(Duration timeout) {
            once(udpIdleTimeout, "udpIdleTimeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("udpIdleTimeout must be 1 ms .. 1 day, got " + timeout);
            }
            this.udpIdleTimeout = timeout;
            return this;
        }

        /**
         * A bpffs directory to pin maps and attachments in; a dataplane opened again with the same
         * path adopts them, and the kernel keeps forwarding while no JVM runs.
         *
         * @param path an absolute path on a bpffs mount, e.g. {@code /sys/fs/bpf/blixt}
         * @return this builder
         * @throws IllegalArgumentException if the path is relative
         * @throws IllegalStateException if already set
         */
        public Builder pinPath(Path path) {
            once(pinPath, "pinPath");
            if (!path.isAbsolute()) throw new IllegalArgumentException("pinPath must be absolute, got " + path);
            this.pinPath = path.normalize();
            return this;
        }

        /**
         * Whether the data plane answers echo requests to VIP addresses (default true).
         *
         * @param answer true to answer
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder icmpEcho(boolean answer) {
            once(icmpEcho, "icmpEcho");
            this.icmpEcho = answer;
            return this;
        }

        /**
         * What happens to IP fragments sent to a VIP address (default {@link FragmentPolicy#DROP}).
         *
         * @param policy the policy
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder fragmentPolicy(FragmentPolicy policy) {
            once(fragmentPolicy, "fragmentPolicy");
            this.fragmentPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Leave rewritten packets to the kernel's routing (default false): slower, follows every routing feature.
         *
         * @param enabled true to let the kernel forward
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder kernelForwarding(boolean enabled) {
            once(kernelForwarding, "kernelForwarding");
            this.kernelForwarding = enabled;
            return this;
        }

        /**
         * Whether a packet from a backend whose flow entry is missing (evicted, or older than a restart
         * without pins) is still translated back to the VIP when that backend's address and port serve
         * exactly one NAT VIP, and its flow re-created (default true); else it leaves with the backend's
         * address, which the client drops. The price: a client that reaches that backend port directly,
         * with this host as its router, gets the VIP's address in the answers.
         *
         * @param enabled false to translate only packets of tracked flows
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder statelessReplies(boolean enabled) {
            once(statelessReplies, "statelessReplies");
            this.statelessReplies = enabled;
            return this;
        }

        /**
         * How long a backend's next hop (outgoing interface, source and destination MAC found by
         * {@code bpf_fib_lookup}) is reused before it is looked up again (default 1 s). A FIB
         * lookup is the largest cost of an established packet; the price of caching is that a
         * route or neighbour change reaches packets towards a backend up to this late, and that
         * routing by the client's source address is decided once per backend. Zero: look up
         * every packet.
         *
         * @param time 0 .. 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder nextHopCache(Duration time) {
            once(nextHopCache, "nextHopCache");
            if (time.isNegative() || time.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("nextHopCache must be 0 .. 1 hour, got " + time);
            }
            this.nextHopCache = time;
            return this;
        }

        /**
         * The outer source prefixes of DSR packets ({@link ForwardingMode#DSR_IPIP}, {@link
         * ForwardingMode#DSR_GUE}), at most one per family, e.g. {@code "10.255.0.0/16"}: each flow's
         * outer source is the prefix with host bits (up to 32) from a hash of the client's address and
         * ports, so that a backend's NIC spreads flows over its queues. Backends must accept packets
         * from it; DSR routes to a family without a source are refused.
         *
         * @param cidrs one prefix per family
         * @return this builder
         * @throws IllegalArgumentException if a prefix is malformed, not unicast, or two are of one family
         * @throws IllegalStateException if already set
         */
        public Builder encapsulationSources(String... cidrs) {
            once(encapSources, "encapsulationSources");
            this.encapSources = EncapConfig.parseSources(cidrs);
            return this;
        }

        /**
         * The UDP destination port of {@link ForwardingMode#DSR_GUE} packets (default 6080).
         *
         * @param port 1 .. 65535
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
         * The addresses {@link ForwardingMode#FULL_NAT} rewrites sources to, up to 8 per family, e.g.
         * {@code "198.51.100.1"}: each new flow gets one of them and a port of {@link #fullNatPorts(int,
         * int)}, chosen from a hash of the flow. Backends send their replies to it, so it must be an
         * address they route to this host, such as the host's own on the backends' network. FULL_NAT
         * routes to a family without an address are refused.
         *
         * @param addresses IP literals
         * @return this builder
         * @throws IllegalArgumentException if one is not a unicast address literal, is repeated, or a family has more than 8
         * @throws IllegalStateException if already set
         */
        public Builder fullNatAddresses(String... addresses) {
            once(fullNat.addresses(), "fullNatAddresses");
            this.fullNat = fullNat.withAddresses(addresses);
            return this;
        }

        /**
         * The ports {@link ForwardingMode#FULL_NAT} rewrites source ports to (default 1024 .. 32767, below
         * Linux's ephemeral ports, so that the host's own connections from a full-NAT address never meet
         * them). Each address and port carries one flow to a given backend port at a time: the range
         * times the addresses bounds the concurrent flows to one backend port.
         *
         * @param low the lowest port, at least 1
         * @param high the highest port, at most 65535
         * @return this builder
         * @throws IllegalArgumentException if not a range within 1 .. 65535
         * @throws IllegalStateException if already set
         */
        public Builder fullNatPorts(int low, int high) {
            once(fullNat.portLow() + ".." + fullNat.portHigh(), "fullNatPorts");
            this.fullNat = new FullNat(fullNat.v4(), fullNat.v6(), low, high);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if the values do not fit together
         */
        public DataplaneConfig build() {
            return new DataplaneConfig(copy());
        }
    }
}
