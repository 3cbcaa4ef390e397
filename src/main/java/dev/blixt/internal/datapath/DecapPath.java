package dev.blixt.internal.datapath;

import dev.blixt.bpf.BpfMap;
import dev.blixt.bpf.BpfObject;
import dev.blixt.bpf.BpfProgram;
import dev.blixt.bpf.Codec;
import dev.blixt.bpf.OpenObject;
import dev.blixt.bpf.PerCpuMap;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The loaded decapsulator object: the bundled {@code blixt_decap.bpf.o} (its own object: a backend
 * loads none of the load balancer's maps), its tc program and its two maps. Owns the
 * {@link BpfObject}; closing it closes everything.
 */
public final class DecapPath implements AutoCloseable {
    /** Class-path location of the bundled object. */
    public static final String OBJECT_RESOURCE = "/dev/blixt/internal/blixt_decap.bpf.o";
    /** Name of the tc program. */
    public static final String PROGRAM = "blixt_decap";
    /** {@code sizeof(struct decap_addr)}: 16 address bytes and a u32 family. */
    public static final int ADDR_KEY_SIZE = 20;
    /** Entries of {@code decap_addrs} ({@code BLIXT_DECAP_ADDRS}). */
    public static final int MAX_ADDRESSES = 4096;
    /** Slots of {@code struct decap_counters}. */
    public static final int COUNTER_SLOTS = 16;
    /** The counters in {@code enum decap_counter} order (slots beyond them are spare). */
    public enum Counter { IPIP, IPV4_IN_IPV6, IPV6_IN_IPV6, IPV6_IN_IPV4, GUE, BYTES, PASSED, REFUSED, MALFORMED, FAILED }

    private static final Codec<long[]> COUNTERS = Codec.of(MemoryLayout.sequenceLayout(COUNTER_SLOTS, ValueLayout.JAVA_LONG),
            (v, seg) -> seg.copyFrom(MemorySegment.ofArray(v)), seg -> seg.toArray(ValueLayout.JAVA_LONG));

    private final BpfObject object;
    /** decap_addrs: accepted address key ({@link #key}) to 1. */
    public final BpfMap<byte[], Integer> addresses;
    /** decap_stats: the per-CPU counters (entry 0). */
    public final PerCpuMap<Integer, long[]> stats;

    private DecapPath(BpfObject object) {
        this.object = object;
        this.addresses = object.map("decap_addrs", Codec.bytes(ADDR_KEY_SIZE), Codec.u32());
        this.stats = object.perCpuMap("decap_stats", Codec.u32(), COUNTERS);
    }

    /**
     * Opens, configures and loads the bundled object.
     *
     * @param guePort the UDP destination port of GUE
     * @return the loaded object
     * @throws dev.blixt.bpf.BpfException if libbpf or the kernel refuse
     */
    public static DecapPath load(int guePort) {
        try (OpenObject obj = BpfObject.open(Datapath.bundled(OBJECT_RESOURCE), "blixt_decap")) {
            obj.setConstant("GUE_PORT", guePort);
            BpfObject loaded = obj.load();
            try {
                return new DecapPath(loaded);
            } catch (RuntimeException e) {
                loaded.close();
                throw e;
            }
        }
    }

    /**
     * The tc program.
     *
     * @return the program
     */
    public BpfProgram program() {
        return object.program(PROGRAM);
    }

    /**
     * The key of an address in {@code decap_addrs}.
     *
     * @param address an IPv4 or IPv6 address
     * @return its {@code struct decap_addr}
     */
    public static byte[] key(InetAddress address) {
        byte[] a = address.getAddress();
        ByteBuffer b = ByteBuffer.allocate(ADDR_KEY_SIZE).order(ByteOrder.nativeOrder());
        b.put(a);
        b.putInt(16, address instanceof Inet4Address ? 4 : 6); // BLIXT_FAMILY_V4 / _V6
        return b.array();
    }

    /**
     * The address of a {@code decap_addrs} key.
     *
     * @param key a key made by {@link #key}
     * @return the address
     */
    public static InetAddress address(byte[] key) {
        int family = ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt(16);
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOf(key, family == 4 ? 4 : 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
    }

    /**
     * The counters summed over CPUs.
     *
     * @return one value per {@link Counter} ordinal
     */
    public long[] counters() {
        long[] sum = new long[Counter.values().length];
        for (long[] cpu : stats.get(0)) {
            for (int i = 0; i < sum.length; i++) sum[i] += cpu[i];
        }
        return sum;
    }

    @Override
    public void close() {
        object.close();
    }
}
