package dev.blixt;

import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.SourceKey;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The maps as {@link RouteWriter} writes them: one method per kind of {@link RoutePlan.Write}. The
 * real implementation is {@link #of(Datapath)}; tests put an in-memory model with fault injection
 * in its place.
 */
interface RouteMaps {
    /** Sets a backend id's entry. */
    void putBackend(int id, BackendEntry entry);

    /** Zeroes a backend id's counters and next-hop cache. */
    void resetBackend(int id);

    /** Zeroes a VIP id's counters. */
    void resetVip(int vipId);

    /** Adds (or replaces) the ref of a backend under a VIP. */
    void addRef(BackendKey backend, int vipId, int backendId);

    /** Removes the ref of a backend with this id. */
    void removeRef(BackendKey backend, int backendId);

    /** Sets the VIP-id-to-key entry. */
    void putVipTable(int vipId, VipKey key);

    /** Writes slots of one half of a VIP's ring. */
    void writeRing(int vipId, int half, int[] slots, int[] values);

    /** Sets pre-filter words. */
    void putFilter(Map<Integer, Long> words);

    /** Sets the config flag word. */
    void putFlags(long flags);

    /** Sets a VIP entry or address marker. */
    void putVip(VipKey key, VipInfo info);

    /** Deletes a VIP entry or address marker. */
    void deleteVip(VipKey key);

    /** Deletes the tracked flows of a VIP. */
    void purgeFlows(Vip vip);

    /** Writes source prefixes under a tag. */
    void putSources(int tag, List<SourcePlan.Entry> entries);

    /** Deletes source prefixes of a tag. */
    void deleteSources(int tag, List<SourcePlan.Entry> entries);

    /** Deletes the tracked flows of a VIP whose client {@code sources} refuse. */
    void purgeRefused(Vip vip, SourceRanges sources);

    /** The maps of a loaded data path. */
    static RouteMaps of(Datapath dp) {
        return new RouteMaps() {
            @Override
            public void putBackend(int id, BackendEntry entry) {
                dp.backends.put(id, entry);
            }

            @Override
            public void resetBackend(int id) {
                dp.backendStats.fill(id, Counters.ZERO);
                dp.nexthops.fill(id, new byte[Datapath.NEXTHOP_SIZE]);
            }

            @Override
            public void resetVip(int vipId) {
                dp.vipStats.fill(vipId, Counters.ZERO);
            }

            @Override
            public void addRef(BackendKey backend, int vipId, int backendId) {
                dp.addBackendRef(backend, vipId, backendId);
            }

            @Override
            public void removeRef(BackendKey backend, int backendId) {
                dp.removeBackendRef(backend, backendId);
            }

            @Override
            public void putVipTable(int vipId, VipKey key) {
                dp.vipTable.put(vipId, key);
            }

            @Override
            public void writeRing(int vipId, int half, int[] slots, int[] values) {
                if (slots.length == 0) return;
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment keys = arena.allocate(ValueLayout.JAVA_INT, slots.length);
                    MemorySegment vals = arena.allocate(ValueLayout.JAVA_INT, slots.length);
                    for (int i = 0; i < slots.length; i++) {
                        keys.setAtIndex(ValueLayout.JAVA_INT, i, dp.ringIndex(vipId, half, slots[i]));
                        vals.setAtIndex(ValueLayout.JAVA_INT, i, values[i]);
                    }
                    dp.rings.putAllEncoded(keys, vals, slots.length);
                }
            }

            @Override
            public void putFilter(Map<Integer, Long> words) {
                if (!words.isEmpty()) dp.addrFilter.putAll(new TreeMap<>(words));
            }

            @Override
            public void putFlags(long flags) {
                // The high word is the take-over mark another data plane may write: keep it.
                long high = dp.config.get(0).orElse(0L) & 0xFFFF_FFFF_0000_0000L;
                dp.config.put(0, high | (flags & 0xFFFF_FFFFL));
            }

            @Override
            public void putVip(VipKey key, VipInfo info) {
                dp.vips.put(key, info);
            }

            @Override
            public void deleteVip(VipKey key) {
                dp.vips.delete(key);
            }

            @Override
            public void purgeFlows(Vip vip) {
                purge(vip, k -> true);
            }

            @Override
            public void putSources(int tag, List<SourcePlan.Entry> entries) {
                for (boolean v6 : new boolean[] {false, true}) {
                    Map<SourceKey, byte[]> put = new LinkedHashMap<>();
                    for (SourcePlan.Entry e : entries) {
                        if (e.cidr().isIpv6() != v6) continue;
                        put.put(new SourceKey(tag, e.cidr().address(), e.cidr().prefixLength()),
                                new byte[] {e.deny() ? SourceKey.DENY : SourceKey.ALLOW});
                    }
                    if (!put.isEmpty()) dp.sourceRanges(v6).putAll(put);
                }
            }

            @Override
            public void deleteSources(int tag, List<SourcePlan.Entry> entries) {
                for (boolean v6 : new boolean[] {false, true}) {
                    List<SourceKey> keys = new ArrayList<>();
                    for (SourcePlan.Entry e : entries) {
                        if (e.cidr().isIpv6() == v6) keys.add(new SourceKey(tag, e.cidr().address(), e.cidr().prefixLength()));
                    }
                    if (!keys.isEmpty()) dp.sourceRanges(v6).deleteAll(keys);
                }
            }

            @Override
            public void purgeRefused(Vip vip, SourceRanges sources) {
                purge(vip, k -> !sources.permits(k.src()));
            }

            /** Deletes the tracked flows to a VIP whose key {@code which} accepts. */
            private void purge(Vip vip, java.util.function.Predicate<FlowKey> which) {
                List<FlowKey> doomed = new ArrayList<>();
                for (FlowKey k : dp.flows.keys()) {
                    if (k.dst().equals(vip.address()) && k.protocol() == vip.protocol().number()
                            && (vip.port() == 0 || k.dstPort() == vip.port()) && which.test(k)) {
                        doomed.add(k);
                    }
                }
                if (!doomed.isEmpty()) dp.flows.deleteAll(doomed);
            }
        };
    }
}
