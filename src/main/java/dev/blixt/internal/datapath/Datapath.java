package dev.blixt.internal.datapath;

import dev.blixt.error.DataplaneException;
import dev.blixt.bpf.BpfMap;
import dev.blixt.bpf.BpfObject;
import dev.blixt.bpf.OpenObject;
import dev.blixt.bpf.BpfProgram;
import dev.blixt.bpf.Codec;
import dev.blixt.bpf.PerCpuMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The loaded data-path object: the bundled {@code blixt.bpf.o}, sized and configured, with a
 * typed handle on each of its maps. Owns the {@link BpfObject}; closing it closes everything.
 */
public final class Datapath implements AutoCloseable {
    /** Class-path location of the bundled object. */
    public static final String OBJECT_RESOURCE = "/dev/blixt/internal/blixt.bpf.o";
    /** Name of the XDP program. */
    public static final String XDP_PROGRAM = "blixt_xdp";
    /** Name of the tc program. */
    public static final String TC_PROGRAM = "blixt_tc";
    /** Names of the maps that hold state (pinned with a pin path); the next-hop cache is not one of them. */
    public static final List<String> MAPS = List.of("vips", "vip_table", "rings", "backends", "backend_vips",
            "backend_refs", "flows", "nat_ports", "src_ranges4", "src_ranges6", "addr_filter", "config", "egress", "vip_stats", "backend_stats",
            "global_stats");

    /** {@code BLIXT_OPT_ICMP_ECHO}. */
    public static final int OPT_ICMP_ECHO = 1;
    /** {@code BLIXT_OPT_FRAGMENTS_PASS}. */
    public static final int OPT_FRAGMENTS_PASS = 2;
    /** {@code BLIXT_OPT_NO_FIB}. */
    public static final int OPT_NO_FIB = 4;
    /** {@code BLIXT_OPT_TRACKED_REPLIES_ONLY}. */
    public static final int OPT_TRACKED_REPLIES_ONLY = 8;
    /** {@code BLIXT_CFG_PORT0_VIPS}. */
    public static final int CFG_PORT0_VIPS = 1;
    /** {@code BLIXT_CFG_PORT0_BACKENDS}. */
    public static final int CFG_PORT0_BACKENDS = 2;

    /** Codec of 32-bit ids and indexes. */
    public static final Codec<Integer> U32 = Codec.u32();
    /** Codec of {@link VipKey}. */
    public static final Codec<VipKey> VIP_KEY = Codec.of(Layouts.VIP_KEY, VipKey::encode, VipKey::decode);
    /** Codec of {@link VipInfo}. */
    public static final Codec<VipInfo> VIP_INFO = Codec.of(Layouts.VIP_INFO, VipInfo::encode, VipInfo::decode);
    /** Codec of {@link BackendEntry}; an all-zero (free) entry decodes to a null-address marker. */
    public static final Codec<BackendEntry> BACKEND = Codec.of(Layouts.BACKEND, Datapath::encodeBackend, Datapath::decodeBackend);
    /** Codec of {@link BackendKey}. */
    public static final Codec<BackendKey> BACKEND_KEY = Codec.of(Layouts.BACKEND_KEY, BackendKey::encode, BackendKey::decode);
    /** Codec of {@link BackendVips}. */
    public static final Codec<BackendVips> BACKEND_VIPS = Codec.of(Layouts.BACKEND_VIPS, BackendVips::encode, BackendVips::decode);
    /** Codec of {@link BackendRefKey}. */
    public static final Codec<BackendRefKey> BACKEND_REF_KEY =
            Codec.of(Layouts.BACKEND_REF_KEY, BackendRefKey::encode, BackendRefKey::decode);
    /** Codec of {@link BackendVips.Ref} as a {@code backend_refs} value. */
    public static final Codec<BackendVips.Ref> BACKEND_REF =
            Codec.of(Layouts.BACKEND_REF, BackendVips::encodeRef, BackendVips::decodeRef);
    /** Codec of {@link Egress}. */
    public static final Codec<Egress> EGRESS = Codec.of(Layouts.EGRESS, Egress::encode, Egress::decode);
    /** Codec of {@link FlowKey}. */
    public static final Codec<FlowKey> FLOW_KEY = Codec.of(Layouts.FLOW_KEY, FlowKey::encode, FlowKey::decode);
    /** Codec of {@link FlowValue}. */
    public static final Codec<FlowValue> FLOW_VALUE = Codec.of(Layouts.FLOW_VALUE, FlowValue::encode, FlowValue::decode);
    /** Codec of {@link NatEntry}. */
    public static final Codec<NatEntry> NAT_ENTRY = Codec.of(Layouts.NAT_ENTRY, NatEntry::encode, NatEntry::decode);
    /** Codec of {@link Counters}. */
    public static final Codec<Counters> COUNTERS = Codec.of(Layouts.COUNTERS, Counters::encode, Counters::decode);
    /** Codec of the global counters (one long per {@link GlobalCounter}, and spare slots). */
    public static final Codec<long[]> GLOBAL_COUNTERS = Codec.of(Layouts.GLOBAL_COUNTERS_LAYOUT,
            (v, seg) -> seg.copyFrom(java.lang.foreign.MemorySegment.ofArray(v)),
            seg -> seg.toArray(ValueLayout.JAVA_LONG));
    /** Codec of the 64-bit filter words and of {@code struct config} (flags in the low word). */
    public static final Codec<Long> U64 = Codec.u64();

    /** The all-zero backend entry of a free id. */
    public static final BackendEntry FREE_BACKEND =
            new BackendEntry(java.net.InetAddress.getLoopbackAddress(), 0, 0, -1, 0);

    /**
     * How to size and configure the object.
     *
     * @param maxVips VIP capacity
     * @param maxBackends backend capacity (ids 1..maxBackends)
     * @param ringSize Maglev ring size M
     * @param flowTableSize flow-table capacity
     * @param hashSeed flow-hash seed
     * @param udpTimeoutNs UDP idle timeout in ns
     * @param options {@code BLIXT_OPT_*} bits
     * @param nextHopCacheNs how long a backend's next hop is reused, 0 for a FIB lookup per packet
     * @param encap the DSR outer sources and GUE port
     * @param fullNat the full-NAT addresses and ports
     * @param sourceRanges capacity of each source-range trie (prefixes of all VIPs of one family, counting a
     *     list twice while it is replaced)
     */
    public record Sizing(int maxVips, int maxBackends, int ringSize, int flowTableSize, int hashSeed,
            long udpTimeoutNs, int options, long nextHopCacheNs, EncapConfig encap, FullNat fullNat, int sourceRanges) {
        /** Default capacity of each source-range trie: room for 10^5 prefixes of one VIP while it is replaced. */
        public static final int DEFAULT_SOURCE_RANGES = 262_144;

        /** Sizing with the default source-range capacity. */
        public Sizing(int maxVips, int maxBackends, int ringSize, int flowTableSize, int hashSeed, long udpTimeoutNs,
                int options, long nextHopCacheNs, EncapConfig encap, FullNat fullNat) {
            this(maxVips, maxBackends, ringSize, flowTableSize, hashSeed, udpTimeoutNs, options, nextHopCacheNs, encap,
                    fullNat, DEFAULT_SOURCE_RANGES);
        }

        /** Sizing without full NAT. */
        public Sizing(int maxVips, int maxBackends, int ringSize, int flowTableSize, int hashSeed, long udpTimeoutNs,
                int options, long nextHopCacheNs, EncapConfig encap) {
            this(maxVips, maxBackends, ringSize, flowTableSize, hashSeed, udpTimeoutNs, options, nextHopCacheNs, encap,
                    FullNat.NONE);
        }

        /** Sizing with the default next-hop cache time (1 s) and no DSR sources. */
        public Sizing(int maxVips, int maxBackends, int ringSize, int flowTableSize, int hashSeed, long udpTimeoutNs,
                int options) {
            this(maxVips, maxBackends, ringSize, flowTableSize, hashSeed, udpTimeoutNs, options, 1_000_000_000L,
                    EncapConfig.NONE);
        }

        /** Sizing without DSR sources. */
        public Sizing(int maxVips, int maxBackends, int ringSize, int flowTableSize, int hashSeed, long udpTimeoutNs,
                int options, long nextHopCacheNs) {
            this(maxVips, maxBackends, ringSize, flowTableSize, hashSeed, udpTimeoutNs, options, nextHopCacheNs,
                    EncapConfig.NONE);
        }
    }

    private final BpfObject object;
    private final Sizing sizing;
    /** vips: VIP key to info. */
    public final BpfMap<VipKey, VipInfo> vips;
    /** vip_table: VIP id to key. */
    public final BpfMap<Integer, VipKey> vipTable;
    /** rings: slot index to backend id. */
    public final BpfMap<Integer, Integer> rings;
    /** backends: backend id to entry. */
    public final BpfMap<Integer, BackendEntry> backends;
    /** backend_vips: reply-path index (count and inline refs; change it through {@link #addBackendRef}). */
    public final BpfMap<BackendKey, BackendVips> backendVips;
    /** backend_refs: the refs of a backend beyond the inline ones. */
    public final BpfMap<BackendRefKey, BackendVips.Ref> backendRefs;
    /** egress: per-CPU XDP-safe flag and counters per egress ifindex (see {@link #markXdpSafe}). */
    public final PerCpuMap<Integer, Egress> egress;
    /** flows: the flow table. */
    public final BpfMap<FlowKey, FlowValue> flows;
    /** nat_ports: full NAT's translations, a reply's 5-tuple (backend to full-NAT address and port) to its flow. */
    public final BpfMap<FlowKey, NatEntry> natPorts;
    /** src_ranges4: the IPv4 source prefixes of every VIP (value {@link SourceKey#ALLOW} or {@link SourceKey#DENY}). */
    public final BpfMap<SourceKey, byte[]> sourceRanges4;
    /** src_ranges6: the IPv6 source prefixes of every VIP. */
    public final BpfMap<SourceKey, byte[]> sourceRanges6;
    /** addr_filter: the address pre-filter words. */
    public final BpfMap<Integer, Long> addrFilter;
    /** config: runtime switches (entry 0). */
    public final BpfMap<Integer, Long> config;
    /** vip_stats: per-CPU counters per VIP id. */
    public final PerCpuMap<Integer, Counters> vipStats;
    /** backend_stats: per-CPU counters per backend id. */
    public final PerCpuMap<Integer, Counters> backendStats;
    /** global_stats: per-CPU global counters. */
    public final PerCpuMap<Integer, long[]> globalStats;
    /** nexthops: per-CPU cached next hop per backend id ({@code struct nexthop}, zeroed on id assignment). */
    public final PerCpuMap<Integer, byte[]> nexthops;
    /** Size of {@code struct nexthop}. */
    public static final int NEXTHOP_SIZE = 24;
    /** client_nexthops: the cached next hop of replies per client ({@code struct client_key} -> {@code struct nexthop}). */
    public final BpfMap<byte[], byte[]> clientNexthops;
    /** {@code sizeof(struct client_key)}. */
    public static final int CLIENT_KEY_SIZE = 20;

    private Datapath(BpfObject object, Sizing sizing) {
        this.object = object;
        this.sizing = sizing;
        this.vips = object.map("vips", VIP_KEY, VIP_INFO);
        this.vipTable = object.map("vip_table", U32, VIP_KEY);
        this.rings = object.map("rings", U32, U32);
        this.backends = object.map("backends", U32, BACKEND);
        this.backendVips = object.map("backend_vips", BACKEND_KEY, BACKEND_VIPS);
        this.backendRefs = object.map("backend_refs", BACKEND_REF_KEY, BACKEND_REF);
        this.egress = object.perCpuMap("egress", U32, EGRESS);
        this.flows = object.map("flows", FLOW_KEY, FLOW_VALUE);
        this.natPorts = object.map("nat_ports", FLOW_KEY, NAT_ENTRY);
        this.sourceRanges4 = object.map("src_ranges4", SourceKey.V4, Codec.bytes(1));
        this.sourceRanges6 = object.map("src_ranges6", SourceKey.V6, Codec.bytes(1));
        this.addrFilter = object.map("addr_filter", U32, U64);
        this.config = object.map("config", U32, U64);
        this.vipStats = object.perCpuMap("vip_stats", U32, COUNTERS);
        this.backendStats = object.perCpuMap("backend_stats", U32, COUNTERS);
        this.globalStats = object.perCpuMap("global_stats", U32, GLOBAL_COUNTERS);
        this.nexthops = object.perCpuMap("nexthops", U32, Codec.bytes(NEXTHOP_SIZE));
        this.clientNexthops = object.map("client_nexthops", Codec.bytes(CLIENT_KEY_SIZE), Codec.bytes(NEXTHOP_SIZE));
    }

    private static void encodeBackend(BackendEntry e, java.lang.foreign.MemorySegment seg) {
        if (isFree(e)) seg.fill((byte) 0);
        else e.encode(seg);
    }

    private static BackendEntry decodeBackend(java.lang.foreign.MemorySegment seg) {
        BackendEntry e = BackendEntry.decode(seg);
        return e == null ? FREE_BACKEND : e;
    }

    /**
     * Whether a backend entry is a free id's (all zero).
     *
     * @param e an entry read from the map
     * @return true when free
     */
    public static boolean isFree(BackendEntry e) {
        return e == FREE_BACKEND;
    }

    /**
     * The bundled object's bytes.
     *
     * @return the ELF object
     * @throws DataplaneException if the jar lacks it
     */
    public static byte[] bundledObject() {
        return bundled(OBJECT_RESOURCE);
    }

    /**
     * The bytes of one of the eBPF objects bundled in the jar.
     *
     * @param resource its class-path location
     * @return the ELF object
     * @throws DataplaneException if the jar lacks it
     */
    public static byte[] bundled(String resource) {
        try (InputStream in = Datapath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataplaneException("the bundled eBPF object " + resource
                        + " is missing from the class path: the jar was built without clang? Rebuild with scripts/test");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /**
     * Opens, sizes, configures and loads the bundled object.
     *
     * @param sizing sizes and constants
     * @param pinDir where to pin (and from where to adopt) the maps, or null
     * @return the loaded data path
     * @throws dev.blixt.bpf.BpfException if libbpf or the kernel refuse
     */
    public static Datapath load(Sizing sizing, @Nullable Path pinDir) {
        try (OpenObject obj = BpfObject.open(bundledObject(), "blixt")) {
            obj.setMaxEntries("vips", Math.max(16, sizing.maxVips() * 3));
            obj.setMaxEntries("vip_table", sizing.maxVips());
            obj.setMaxEntries("rings", 2 * sizing.maxVips() * sizing.ringSize());
            obj.setMaxEntries("vip_stats", sizing.maxVips());
            obj.setMaxEntries("backends", sizing.maxBackends() + 1);
            obj.setMaxEntries("backend_stats", sizing.maxBackends() + 1);
            obj.setMaxEntries("backend_vips", sizing.maxBackends() + 1);
            // One ref per backend id in all, so the overflow refs never outnumber the ids.
            obj.setMaxEntries("backend_refs", sizing.maxBackends() + 1);
            obj.setMaxEntries("nexthops", sizing.maxBackends() + 1);
            obj.setMaxEntries("flows", sizing.flowTableSize());
            // Replies of one client share its entry: an eighth of the flows, within reason.
            obj.setMaxEntries("client_nexthops", Math.clamp(sizing.flowTableSize() / 8, 1024, 65536));
            obj.setConstant("RING_SIZE", sizing.ringSize());
            obj.setConstant("HASH_SEED", sizing.hashSeed());
            obj.setConstant("UDP_TIMEOUT_NS", sizing.udpTimeoutNs());
            obj.setConstant("OPTIONS", sizing.options());
            obj.setConstant("NEXTHOP_CACHE_NS", sizing.nextHopCacheNs());
            obj.setConstant("ENCAP", sizing.encap().encode());
            obj.setConstant("FNAT", sizing.fullNat().encode());
            // One translation per full-NAT flow (not preallocated: memory only for those claimed).
            obj.setMaxEntries("nat_ports", sizing.flowTableSize());
            obj.setMaxEntries("src_ranges4", sizing.sourceRanges());
            obj.setMaxEntries("src_ranges6", sizing.sourceRanges());
            if (pinDir != null) {
                for (String m : MAPS) obj.setPinPath(m, pinDir.resolve(m));
            }
            BpfObject loaded = obj.load();
            try {
                return new Datapath(loaded, sizing);
            } catch (RuntimeException e) {
                loaded.close();
                throw e;
            }
        }
    }

    /**
     * The source-range trie of a family.
     *
     * @param ipv6 the family
     * @return src_ranges6 or src_ranges4
     */
    public BpfMap<SourceKey, byte[]> sourceRanges(boolean ipv6) {
        return ipv6 ? sourceRanges6 : sourceRanges4;
    }

    /**
     * The sizes and constants this object was loaded with.
     *
     * @return the sizing
     */
    public Sizing sizing() {
        return sizing;
    }

    /**
     * The loaded object.
     *
     * @return the object
     */
    public BpfObject object() {
        return object;
    }

    /**
     * The XDP entry point.
     *
     * @return the program
     */
    public BpfProgram xdp() {
        return object.program(XDP_PROGRAM);
    }

    /**
     * The tc entry point.
     *
     * @return the program
     */
    public BpfProgram tc() {
        return object.program(TC_PROGRAM);
    }

    /**
     * The index of a ring slot in the rings map.
     *
     * @param vipId the VIP id
     * @param half 0 or 1
     * @param slot 0..M-1
     * @return the map index
     */
    public int ringIndex(int vipId, int half, int slot) {
        return (vipId * 2 + half) * sizing.ringSize() + slot;
    }

    /**
     * The global counters summed over CPUs.
     *
     * @return one value per {@link GlobalCounter} ordinal
     */
    public long[] globalCounters() {
        long[] sum = new long[Layouts.GLOBAL_COUNTERS];
        for (long[] cpu : globalStats.get(0)) {
            for (int i = 0; i < sum.length; i++) sum[i] += cpu[i];
        }
        return sum;
    }

    // ---------------------------------------------------------------- the reply path's index

    /**
     * Every (VIP, backend id) ref of a backend, in the order the data path scans them.
     *
     * @param backend the backend as its replies show it
     * @return its refs (a fresh, mutable list), empty when it serves no VIP
     */
    public List<BackendVips.Ref> backendRefs(BackendKey backend) {
        BackendVips bv = backendVips.get(backend).orElse(null);
        List<BackendVips.Ref> refs = new ArrayList<>();
        if (bv == null) return refs;
        refs.addAll(bv.refs());
        for (int i = Layouts.INLINE_REFS; i < bv.count(); i++) {
            int index = i;
            refs.add(backendRefs.get(new BackendRefKey(backend, i)).orElseThrow(() -> new IllegalStateException(
                    "backend_refs lacks ref " + index + " of " + backend + " (count " + bv.count()
                            + "): the reply index is corrupt; re-apply the routes of its VIPs")));
        }
        return refs;
    }

    /**
     * Records that a backend serves a VIP under an id, so that its replies are translated back
     * to that VIP. Replaces the backend's ref of the same VIP if it has one. A backend may serve
     * any number of VIPs (every VIP at most once); the first {@link Layouts#INLINE_REFS} cost the
     * reply path one lookup, the others one more each. Packets in flight never see a ref
     * missing: a new ref beyond the inline ones is written before the count that exposes it.
     *
     * @param backend the backend as its replies show it
     * @param vipId the VIP id
     * @param backendId the backend's id under that VIP
     */
    public void addBackendRef(BackendKey backend, int vipId, int backendId) {
        List<BackendVips.Ref> refs = backendRefs(backend);
        BackendVips.Ref ref = new BackendVips.Ref(vipId, backendId);
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).vipId() == vipId) {
                refs.set(i, ref);
                writeRef(backend, refs, i);
                return;
            }
        }
        refs.add(ref);
        if (refs.size() > Layouts.INLINE_REFS) backendRefs.put(new BackendRefKey(backend, refs.size() - 1), ref);
        backendVips.put(backend, inline(refs));
    }

    /**
     * Removes a backend's ref with this backend id (its VIP no longer uses it). The last ref
     * moves into the freed place before the count shrinks, so no other ref is ever missing.
     *
     * @param backend the backend as its replies show it
     * @param backendId the id whose ref goes
     */
    public void removeBackendRef(BackendKey backend, int backendId) {
        List<BackendVips.Ref> refs = backendRefs(backend);
        int j = -1;
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).backendId() == backendId) j = i;
        }
        if (j < 0) return;
        int last = refs.size() - 1;
        if (j != last) {
            refs.set(j, refs.get(last));
            writeRef(backend, refs, j);
        }
        refs.remove(last);
        if (refs.isEmpty()) backendVips.delete(backend);
        else backendVips.put(backend, inline(refs));
        if (last >= Layouts.INLINE_REFS) backendRefs.delete(new BackendRefKey(backend, last));
    }

    private void writeRef(BackendKey backend, List<BackendVips.Ref> refs, int i) {
        if (i < Layouts.INLINE_REFS) backendVips.put(backend, inline(refs));
        else backendRefs.put(new BackendRefKey(backend, i), refs.get(i));
    }

    private static BackendVips inline(List<BackendVips.Ref> refs) {
        return new BackendVips(refs.size(), refs.subList(0, Math.min(refs.size(), Layouts.INLINE_REFS)));
    }

    // ---------------------------------------------------------------- egress interfaces

    /**
     * Marks an interface safe (or not) for the XDP program's redirects and XDP_TX: only into a
     * marked interface does the XDP program send a packet itself; otherwise it hands the
     * rewritten packet to the kernel (counted as to-stack and egress-unsafe). Mark an interface
     * when it delivers XDP frames (a physical NIC with native XDP, a veth whose peer runs an XDP
     * program or has NAPI); unmark it when that stops. The tc program ignores the mark. Keeps
     * the interface's counters (a count made between the read and the write can be lost).
     *
     * @param ifindex the interface index
     * @param safe whether XDP redirects / XDP_TX into it are delivered
     * @return false when the ifindex is beyond the {@code egress} map ({@link Layouts#MAX_IFINDEX}
     *     entries): the XDP program then always hands such packets to the kernel
     * @throws IllegalArgumentException if the ifindex is not positive
     */
    public boolean markXdpSafe(int ifindex, boolean safe) {
        if (ifindex <= 0) throw new IllegalArgumentException("ifindex must be positive, got " + ifindex);
        if (ifindex >= Layouts.MAX_IFINDEX) return false;
        List<Egress> cpus = new ArrayList<>(egress.get(ifindex));
        for (int i = 0; i < cpus.size(); i++) {
            Egress e = cpus.get(i);
            int flags = safe ? e.flags() | Layouts.EGRESS_F_XDP_SAFE : e.flags() & ~Layouts.EGRESS_F_XDP_SAFE;
            cpus.set(i, new Egress(flags, e.packets(), e.bytes()));
        }
        egress.put(ifindex, cpus);
        return true;
    }

    /**
     * What the data path sent out of an interface, summed over CPUs, and its XDP-safe mark.
     *
     * @param ifindex the interface index
     * @return the entry; {@link Egress#NONE} for an ifindex beyond the map
     */
    public Egress egress(int ifindex) {
        if (ifindex <= 0 || ifindex >= Layouts.MAX_IFINDEX) return Egress.NONE;
        int flags = 0;
        long packets = 0;
        long bytes = 0;
        for (Egress e : egress.get(ifindex)) {
            flags |= e.flags();
            packets += e.packets();
            bytes += e.bytes();
        }
        return new Egress(flags, packets, bytes);
    }

    /**
     * The interfaces the egress map knows something of: marked XDP-safe, or sent out of.
     *
     * @return their ifindexes, ascending
     */
    public List<Integer> egressInterfaces() {
        List<Integer> out = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(egress.getAll()).entrySet()) {
            for (Egress cpu : e.getValue()) {
                if (cpu.flags() != 0 || cpu.packets() != 0) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- take-over marker

    /** The name of the config map, as {@link dev.blixt.internal.attach.Hooks#setHighWord} finds it. */
    public static final String CONFIG_MAP = "config";

    /**
     * The process that took this data plane's interfaces over, as another data plane opened with
     * {@code takeOver} wrote it into the high word of {@code config} entry 0 (the C side ignores it).
     *
     * @return its pid, or 0 when not taken over
     */
    public int takenOverBy() {
        return (int) (config.get(0).orElse(0L) >>> 32);
    }

    /** Clears the take-over marker (pins adopted by a new owner), keeping the runtime switches. */
    public void clearTakenOver() {
        config.put(0, config.get(0).orElse(0L) & 0xFFFF_FFFFL);
    }

    @Override
    public void close() {
        object.close();
    }
}
