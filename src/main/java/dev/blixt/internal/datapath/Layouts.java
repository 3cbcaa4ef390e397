package dev.blixt.internal.datapath;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * Memory layouts of the data path's map keys and values, field for field as in
 * {@code blixt_types.h}. Ports are big-endian (network order); ids and counters are in the
 * host's order. A test compares every layout with a host-compiled probe of the C header.
 */
public final class Layouts {
    private Layouts() {}

    /** A 16-bit field in network byte order. */
    public static final ValueLayout.OfShort BE16 = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** Address family codes used in keys. */
    public static final int FAMILY_V4 = 4;
    /** Address family code for IPv6. */
    public static final int FAMILY_V6 = 6;

    /** {@code struct vip_key}. */
    public static final StructLayout VIP_KEY = structLayout(
            sequenceLayout(16, JAVA_BYTE).withName("addr"),
            BE16.withName("port"),
            JAVA_BYTE.withName("proto"),
            JAVA_BYTE.withName("family")).withName("vip_key");

    /** {@code struct vip_info}. */
    public static final StructLayout VIP_INFO = structLayout(
            JAVA_INT.withName("id"),
            JAVA_BYTE.withName("mode"),
            JAVA_BYTE.withName("active"),
            JAVA_SHORT.withName("flags")).withName("vip_info");

    /** {@code struct backend}. */
    public static final StructLayout BACKEND = structLayout(
            sequenceLayout(16, JAVA_BYTE).withName("addr"),
            BE16.withName("port"),
            JAVA_BYTE.withName("family"),
            JAVA_BYTE.withName("flags"),
            JAVA_INT.withName("vip_id"),
            JAVA_INT.withName("weight")).withName("backend");

    /** {@code struct backend_key}. */
    public static final StructLayout BACKEND_KEY = structLayout(
            sequenceLayout(16, JAVA_BYTE).withName("addr"),
            BE16.withName("port"),
            JAVA_BYTE.withName("proto"),
            JAVA_BYTE.withName("family")).withName("backend_key");

    /** {@code struct backend_ref}. */
    public static final StructLayout BACKEND_REF = structLayout(
            JAVA_INT.withName("vip_id"),
            JAVA_INT.withName("backend_id")).withName("backend_ref");

    /**
     * How many (VIP, backend id) refs of a backend live in its {@code backend_vips} value
     * ({@code BLIXT_INLINE_REFS}); ref number i at or above this lives in {@code backend_refs}.
     */
    public static final int INLINE_REFS = 4;

    /** {@code struct backend_vips}. */
    public static final StructLayout BACKEND_VIPS = structLayout(
            JAVA_INT.withName("count"),
            JAVA_INT.withName("pad"),
            sequenceLayout(INLINE_REFS, BACKEND_REF).withName("refs")).withName("backend_vips");

    /** {@code struct backend_ref_key}. */
    public static final StructLayout BACKEND_REF_KEY = structLayout(
            BACKEND_KEY.withName("backend"),
            JAVA_INT.withName("index")).withName("backend_ref_key");

    /** Entries of the {@code egress} map: ifindexes 0 .. MAX_IFINDEX - 1 ({@code BLIXT_MAX_IFINDEX}). */
    public static final int MAX_IFINDEX = 1024;

    /** {@code BLIXT_EGRESS_F_XDP_SAFE}: an XDP redirect / XDP_TX into the interface is delivered. */
    public static final int EGRESS_F_XDP_SAFE = 1;

    /** {@code struct egress}. */
    public static final StructLayout EGRESS = structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("pad"),
            JAVA_LONG.withName("packets"),
            JAVA_LONG.withName("bytes")).withName("egress");

    /** {@code struct flow_key}. */
    public static final StructLayout FLOW_KEY = structLayout(
            sequenceLayout(16, JAVA_BYTE).withName("src"),
            sequenceLayout(16, JAVA_BYTE).withName("dst"),
            BE16.withName("sport"),
            BE16.withName("dport"),
            JAVA_BYTE.withName("proto"),
            JAVA_BYTE.withName("family"),
            paddingLayout(2).withName("pad")).withName("flow_key");

    /** {@code struct flow_value}. */
    public static final StructLayout FLOW_VALUE = structLayout(
            JAVA_INT.withName("backend_id"),
            JAVA_SHORT.withName("vip_id"),
            JAVA_BYTE.withName("mode"),
            JAVA_BYTE.withName("nat"),
            JAVA_LONG.withName("atime_ns")).withName("flow_value");

    /** {@code struct encap_cfg} (the {@code ENCAP} load-time constant). */
    public static final StructLayout ENCAP_CFG = structLayout(
            sequenceLayout(4, JAVA_BYTE).withName("src4"),
            JAVA_INT.withName("src4_host"),
            sequenceLayout(16, JAVA_BYTE).withName("src6"),
            JAVA_INT.withName("src6_host"),
            BE16.withName("gue_port"),
            JAVA_BYTE.withName("has4"),
            JAVA_BYTE.withName("has6")).withName("encap_cfg");

    /** Full-NAT addresses per family ({@code BLIXT_FNAT_ADDRS}). */
    public static final int FNAT_ADDRS = 8;
    /** Probes of a new full-NAT flow ({@code BLIXT_FNAT_PROBES}). */
    public static final int FNAT_PROBES = 16;

    /** {@code struct fnat_cfg} (the {@code FNAT} load-time constant). */
    public static final StructLayout FNAT_CFG = structLayout(
            sequenceLayout(FNAT_ADDRS * 4, JAVA_BYTE).withName("addr4"),
            sequenceLayout(FNAT_ADDRS * 16, JAVA_BYTE).withName("addr6"),
            JAVA_INT.withName("port_lo"),
            JAVA_INT.withName("port_count"),
            JAVA_BYTE.withName("n4"),
            JAVA_BYTE.withName("n6"),
            paddingLayout(2).withName("pad")).withName("fnat_cfg");

    /** {@code BLIXT_NAT_F_CLOSING}. */
    public static final int NAT_F_CLOSING = 1;

    /** {@code struct nat_entry}. */
    public static final StructLayout NAT_ENTRY = structLayout(
            FLOW_KEY.withName("flow"),
            JAVA_INT.withName("backend_id"),
            JAVA_SHORT.withName("vip_id"),
            JAVA_SHORT.withName("flags"),
            JAVA_LONG.withName("atime_ns")).withName("nat_entry");

    /** {@code struct config}. */
    public static final StructLayout CONFIG = structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("pad")).withName("config");

    /** {@code struct counters}. */
    public static final StructLayout COUNTERS = structLayout(
            JAVA_LONG.withName("packets"),
            JAVA_LONG.withName("bytes"),
            JAVA_LONG.withName("new_flows"),
            JAVA_LONG.withName("reply_packets"),
            JAVA_LONG.withName("reply_bytes"),
            JAVA_LONG.withName("icmp"),
            JAVA_LONG.withName("refused")).withName("counters");

    /** {@code struct src_key4}. */
    public static final StructLayout SRC_KEY4 = structLayout(
            JAVA_INT.withName("prefixlen"),
            JAVA_INT.withName("tag"),
            sequenceLayout(4, JAVA_BYTE).withName("addr")).withName("src_key4");

    /** {@code struct src_key6}. */
    public static final StructLayout SRC_KEY6 = structLayout(
            JAVA_INT.withName("prefixlen"),
            JAVA_INT.withName("tag"),
            sequenceLayout(16, JAVA_BYTE).withName("addr")).withName("src_key6");

    /** Number of slots in {@code struct global_counters}. */
    public static final int GLOBAL_COUNTERS = 40;

    /** {@code struct global_counters}. */
    public static final StructLayout GLOBAL_COUNTERS_LAYOUT = structLayout(
            sequenceLayout(GLOBAL_COUNTERS, JAVA_LONG).withName("c")).withName("global_counters");

    /** Words of the address pre-filter per direction ({@code BLIXT_FILTER_WORDS}). */
    public static final int FILTER_WORDS = 1024;

    // ---- address helpers ----

    /** The family code of an address. */
    static int family(InetAddress a) {
        return a instanceof Inet4Address ? FAMILY_V4 : FAMILY_V6;
    }

    /** Writes an address into a 16-byte field (IPv4 in the first 4 bytes, the rest zero). */
    static void putAddress(MemorySegment dst, long offset, InetAddress a) {
        byte[] b = a.getAddress();
        MemorySegment field = dst.asSlice(offset, 16);
        field.fill((byte) 0);
        MemorySegment.copy(b, 0, field, JAVA_BYTE, 0, b.length);
    }

    /** Reads an address of the given family from a 16-byte field. */
    static InetAddress getAddress(MemorySegment src, long offset, int family) {
        byte[] b = new byte[family == FAMILY_V4 ? 4 : 16];
        MemorySegment.copy(src, JAVA_BYTE, offset, b, 0, b.length);
        try {
            return family == FAMILY_V4 ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("impossible: address of " + b.length + " bytes", e);
        }
    }

    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement(field));
    }
}
