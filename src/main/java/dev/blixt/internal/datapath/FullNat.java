package dev.blixt.internal.datapath;

import dev.blixt.internal.hash.Murmur3;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The {@code FNAT} load-time constant ({@code struct fnat_cfg}) and the data path's choice of a full-NAT
 * flow's address and port, reproduced: a new flow tries {@value Layouts#FNAT_PROBES} probes and keeps
 * the first free one; its flow entry names the probe ({@link FlowValue#nat()}).
 *
 * @param v4 the IPv4 full-NAT addresses (at most {@value Layouts#FNAT_ADDRS})
 * @param v6 the IPv6 ones
 * @param portLow the lowest port
 * @param portHigh the highest port
 */
public record FullNat(List<InetAddress> v4, List<InetAddress> v6, int portLow, int portHigh) {
    /** The lowest port of the default range. */
    public static final int DEFAULT_PORT_LOW = 1024;
    /** The highest port of the default range: below Linux's default ephemeral ports (32768-60999). */
    public static final int DEFAULT_PORT_HIGH = 32767;
    /** No full-NAT address: FULL_NAT routes are refused. */
    public static final FullNat NONE = new FullNat(List.of(), List.of(), DEFAULT_PORT_LOW, DEFAULT_PORT_HIGH);
    /** {@code BLIXT_FNAT_SEED}. */
    static final int SEED = 0x5bd1e995;

    /** Validates the fields. */
    public FullNat {
        v4 = List.copyOf(v4);
        v6 = List.copyOf(v6);
        if (v4.size() > Layouts.FNAT_ADDRS || v6.size() > Layouts.FNAT_ADDRS) {
            throw new IllegalArgumentException("at most " + Layouts.FNAT_ADDRS + " full-NAT addresses per family");
        }
        if (v4.stream().anyMatch(a -> !(a instanceof Inet4Address)) || v6.stream().anyMatch(a -> a instanceof Inet4Address)) {
            throw new IllegalArgumentException("full-NAT addresses of the wrong family: " + v4 + " / " + v6);
        }
        if (portLow < 1 || portHigh > 65535 || portLow > portHigh) {
            throw new IllegalArgumentException("full-NAT ports must be a range within 1..65535, got " + portLow + ".."
                    + portHigh);
        }
    }

    /** {@return whether any family has an address} */
    public boolean enabled() {
        return !v4.isEmpty() || !v6.isEmpty();
    }

    /** {@return the addresses, IPv4 first} */
    public List<InetAddress> addresses() {
        return java.util.stream.Stream.concat(v4.stream(), v6.stream()).toList();
    }

    /**
     * This configuration with other addresses.
     *
     * @param literals IP address literals (never a name: no lookup is made)
     * @return the configuration
     * @throws IllegalArgumentException if one is not a unicast address, is repeated, or a family has too many
     */
    public FullNat withAddresses(String... literals) {
        List<InetAddress> parsed = new java.util.ArrayList<>();
        for (String a : literals) {
            EncapConfig.Prefix p = EncapConfig.parse(java.util.Objects.requireNonNull(a, "address"));
            if (p.length() != (p.isV4() ? 32 : 128)) {
                throw new IllegalArgumentException("a full-NAT address is one address, not a prefix: '" + a + "'");
            }
            if (parsed.contains(p.address())) throw new IllegalArgumentException("full-NAT address " + a + " is listed twice");
            parsed.add(p.address());
        }
        return new FullNat(parsed.stream().filter(x -> x instanceof Inet4Address).toList(),
                parsed.stream().filter(x -> !(x instanceof Inet4Address)).toList(), portLow, portHigh);
    }

    @Override
    public String toString() {
        return addresses().stream().map(InetAddress::getHostAddress).toList() + " ports " + portLow + ".." + portHigh;
    }

    /** {@return the bytes of {@code struct fnat_cfg}} */
    public byte[] encode() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Layouts.FNAT_CFG);
            for (int i = 0; i < v4.size(); i++) {
                MemorySegment.copy(v4.get(i).getAddress(), 0, s, ValueLayout.JAVA_BYTE, 4L * i, 4);
            }
            long off6 = 4L * Layouts.FNAT_ADDRS;
            for (int i = 0; i < v6.size(); i++) {
                MemorySegment.copy(v6.get(i).getAddress(), 0, s, ValueLayout.JAVA_BYTE, off6 + 16L * i, 16);
            }
            long ports = off6 + 16L * Layouts.FNAT_ADDRS;
            s.set(ValueLayout.JAVA_INT, ports, portLow);
            s.set(ValueLayout.JAVA_INT, ports + 4, portHigh - portLow + 1);
            s.set(ValueLayout.JAVA_BYTE, ports + 8, (byte) v4.size());
            s.set(ValueLayout.JAVA_BYTE, ports + 9, (byte) v6.size());
            return s.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /**
     * The fnat hash of a flow, as {@code fnat_hash} in {@code blixt_fnat.h} computes it: the XOR of each
     * address's 32-bit words (read little-endian, as the data path loads them on x86 and arm64), the
     * ports as loaded ({@code sport | dport << 16}) and the protocol, chained through {@code fmix32}.
     *
     * @param flow the flow (client -> VIP)
     * @param hashSeed the data plane's hash seed
     * @return the hash
     */
    public static int hash(FlowKey flow, int hashSeed) {
        int a = xorWords(flow.src().getAddress()), b = xorWords(flow.dst().getAddress());
        int ports = (Short.reverseBytes((short) flow.srcPort()) & 0xffff)
                | ((Short.reverseBytes((short) flow.dstPort()) & 0xffff) << 16);
        return Murmur3.fmix32(Murmur3.fmix32(Murmur3.fmix32(a ^ hashSeed ^ SEED) ^ b) ^ ports) + flow.protocol();
    }

    /**
     * Probe {@code k} of a flow with fnat hash {@code h}: its address and port, as {@code fnat_slot} picks them.
     *
     * @param h the flow's fnat hash
     * @param k the probe, 0 .. {@value Layouts#FNAT_PROBES} - 1
     * @param v6 whether the flow is IPv6
     * @return the address and port, or null when the family has no address
     */
    public InetSocketAddress slot(int h, int k, boolean v6) {
        List<InetAddress> addrs = v6 ? this.v6 : v4;
        if (addrs.isEmpty()) return null;
        int r = Murmur3.fmix32(h + k * 0x9E3779B9);
        int i = Integer.remainderUnsigned(r >>> 24, addrs.size());
        int port = portLow + Integer.remainderUnsigned(r, portHigh - portLow + 1);
        return new InetSocketAddress(addrs.get(i), port);
    }

    private static int xorWords(byte[] a) {
        MemorySegment s = MemorySegment.ofArray(a);
        int x = 0;
        for (int i = 0; i < a.length; i += 4) x ^= s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i);
        return x;
    }
}
