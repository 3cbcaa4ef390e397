package dev.blixt;

import dev.blixt.internal.datapath.Layouts;
import dev.blixt.maglev.MaglevNode;
import dev.blixt.maglev.MaglevTable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of what the control plane knows of the maps: the VIPs with their ids, active
 * half, backends (with ids) and what each ring half holds; the retired backend ids; the address
 * pre-filter and config flags; the sizing. {@link RoutePlanner} turns one snapshot and a batch of
 * changes into the next.
 *
 * @param sizing the limits and Maglev parameters
 * @param vips the VIPs in route order
 * @param retired backend ids removed from their VIP but maybe still named by an idle ring half
 * @param filter the address pre-filter words (VIP addresses, then backend addresses)
 * @param flags the config map's flag word
 */
record RouteState(Sizing sizing, Map<Vip, VipState> vips, Map<Integer, Retired> retired, long[][] filter,
        long flags) {

    /**
     * What the planner needs of the data plane's sizing.
     *
     * @param maxVips VIP capacity
     * @param maxBackends backend ids 1..maxBackends
     * @param ringSize Maglev ring size
     * @param seed Maglev and flow-hash seed
     * @param encapV4 whether DSR may encapsulate in IPv4 (an IPv4 encapsulation source is configured)
     * @param encapV6 whether DSR may encapsulate in IPv6
     * @param fullNatV4 whether full NAT has an IPv4 address (FULL_NAT to IPv4 backends)
     * @param fullNatV6 whether it has an IPv6 one
     * @param maxSourceRanges capacity of each family's source-range trie
     */
    record Sizing(int maxVips, int maxBackends, int ringSize, int seed, boolean encapV4, boolean encapV6,
            boolean fullNatV4, boolean fullNatV6, int maxSourceRanges) {
        /** Sizing with the default source-range capacity. */
        Sizing(int maxVips, int maxBackends, int ringSize, int seed, boolean encapV4, boolean encapV6,
                boolean fullNatV4, boolean fullNatV6) {
            this(maxVips, maxBackends, ringSize, seed, encapV4, encapV6, fullNatV4, fullNatV6,
                    DataplaneConfig.DEFAULT_MAX_SOURCE_RANGES);
        }

        /** Sizing where every mode may serve either family (dry runs without a data plane). */
        Sizing(int maxVips, int maxBackends, int ringSize, int seed) {
            this(maxVips, maxBackends, ringSize, seed, true, true, true, true);
        }
    }

    /** A backend under one VIP, with its id. */
    record Slot(int id, Backend backend) {}

    /**
     * A backend id taken out of its VIP, kept until no ring half names it.
     *
     * @param vipId the VIP it belonged to
     * @param backend the backend it was (its entry stays, without the valid flag)
     */
    record Retired(int vipId, Backend backend) {}

    /**
     * One VIP.
     *
     * @param vip the VIP
     * @param id its id (ring and counter index)
     * @param active the live ring half, 0 or 1
     * @param backends its backends in route order
     * @param half0 what ring half 0 holds, null when unknown
     * @param half1 what ring half 1 holds, null when unknown
     * @param mode the forwarding mode of its new flows
     * @param policy its affinity and source ranges
     * @param sourceGen the live generation of its source prefixes (their tag's bit 0)
     */
    record VipState(Vip vip, int id, int active, List<Slot> backends, @Nullable MaglevTable half0,
            @Nullable MaglevTable half1, ForwardingMode mode, RoutePolicy policy, int sourceGen) {
        VipState {
            backends = List.copyOf(backends);
        }

        /** A VIP with the default policy. */
        VipState(Vip vip, int id, int active, List<Slot> backends, @Nullable MaglevTable half0,
                @Nullable MaglevTable half1, ForwardingMode mode) {
            this(vip, id, active, backends, half0, half1, mode, RoutePolicy.DEFAULT, 0);
        }

        /** The flags of its VIP entry. */
        int vipFlags() {
            return SourcePlan.vipFlags(policy, sourceGen);
        }

        @Nullable MaglevTable half(int h) {
            return h == 0 ? half0 : half1;
        }

        VipState withHalf(int h, @Nullable MaglevTable t) {
            return h == 0 ? new VipState(vip, id, active, backends, t, half1, mode, policy, sourceGen)
                    : new VipState(vip, id, active, backends, half0, t, mode, policy, sourceGen);
        }

        Route route() {
            List<Backend> list = new ArrayList<>(backends.size());
            for (Slot s : backends) list.add(s.backend());
            return new Route(vip, list, mode, policy);
        }

        @Nullable Slot slot(String key) {
            for (Slot s : backends) {
                if (s.backend().key().equals(key)) return s;
            }
            return null;
        }
    }

    RouteState {
        vips = Collections.unmodifiableMap(new LinkedHashMap<>(vips));
        retired = Collections.unmodifiableMap(new TreeMap<>(retired));
        long[][] copy = new long[2][];
        copy[0] = filter[0].clone();
        copy[1] = filter[1].clone();
        filter = copy;
    }

    /** The state of empty maps. */
    static RouteState empty(Sizing sizing) {
        return new RouteState(sizing, Map.of(), Map.of(), new long[2][Layouts.FILTER_WORDS], 0);
    }

    /** Every route, in order. */
    List<Route> routes() {
        List<Route> out = new ArrayList<>(vips.size());
        for (VipState s : vips.values()) out.add(s.route());
        return out;
    }

    /** Backend ids in use: live under a VIP or retired (id 0 is never used). */
    BitSet usedBackendIds() {
        BitSet used = new BitSet();
        used.set(0);
        for (VipState s : vips.values()) {
            for (Slot slot : s.backends()) used.set(slot.id());
        }
        for (int id : retired.keySet()) used.set(id);
        return used;
    }

    /** The Maglev table of a backend set. */
    MaglevTable table(Collection<Slot> slots) {
        List<MaglevNode> nodes = new ArrayList<>(slots.size());
        for (Slot s : slots) nodes.add(new MaglevNode(s.id(), s.backend().key(), s.backend().weight()));
        return MaglevTable.build(nodes, sizing.ringSize(), sizing.seed());
    }
}
