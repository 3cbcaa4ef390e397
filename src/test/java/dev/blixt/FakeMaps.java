package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.Layouts;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The maps the route writer writes, modelled in memory: what the kernel would hold after each write,
 * a count of writes, a write that fails on demand, and a check run after every write (so that tests
 * can assert what a packet could see between any two writes).
 */
final class FakeMaps implements RouteMaps {
    /** What the maps hold, comparable with equals. */
    record Contents(Map<Integer, BackendEntry> backends, Map<Long, Integer> rings, Map<VipKey, VipInfo> vips,
            Map<BackendKey, List<Integer>> refs, Map<Integer, VipKey> vipTable, Map<Integer, Long> filter,
            long flags) {}

    final int ringSize;
    final Map<Integer, BackendEntry> backends = new TreeMap<>();
    final Map<Long, Integer> rings = new HashMap<>();
    final Map<VipKey, VipInfo> vips = new HashMap<>();
    /** Refs per backend as "vipId:backendId" pairs packed in a long (order as the kernel keeps it). */
    final Map<BackendKey, List<Integer>> refs = new HashMap<>();
    final Map<Integer, VipKey> vipTable = new TreeMap<>();
    final Map<Integer, Long> filter = new TreeMap<>();
    long flags;
    /** Writes so far. */
    int writes;
    /** The write (1-based count) that fails, 0 for none. */
    int failAt;
    /** Run after every successful write. */
    Consumer<FakeMaps> check = m -> {};
    final List<String> log = new ArrayList<>();

    FakeMaps(int ringSize) {
        this.ringSize = ringSize;
    }

    Contents contents() {
        Map<BackendKey, List<Integer>> r = new HashMap<>();
        refs.forEach((k, v) -> {
            if (!v.isEmpty()) r.put(k, v.stream().sorted().toList());
        });
        Map<Long, Integer> ring = new HashMap<>();
        rings.forEach((k, v) -> {
            if (v != 0) ring.put(k, v);
        });
        Map<Integer, BackendEntry> be = new TreeMap<>();
        backends.forEach((k, v) -> {
            if (v != Datapath.FREE_BACKEND) be.put(k, v);
        });
        Map<Integer, Long> f = new TreeMap<>();
        filter.forEach((k, v) -> {
            if (v != 0) f.put(k, v);
        });
        Map<Integer, VipKey> table = new TreeMap<>();
        vipTable.forEach((k, v) -> {
            if (!v.address().isAnyLocalAddress() || v.port() != 0 || v.protocol() != 0) table.put(k, v); // zero: absent
        });
        return new Contents(be, ring, Map.copyOf(vips), r, table, f, flags);
    }

    int ring(int vipId, int half, int slot) {
        return rings.getOrDefault(((long) vipId * 2 + half) * ringSize + slot, 0);
    }

    BackendEntry backend(int id) {
        return backends.getOrDefault(id, Datapath.FREE_BACKEND);
    }

    private void write(String what, Runnable r) {
        writes++;
        if (failAt != 0 && writes == failAt) {
            log.add("FAIL " + what);
            throw new DataplaneException("injected failure at write " + writes + " (" + what + ")");
        }
        r.run();
        log.add(what);
        check.accept(this);
    }

    @Override
    public void putBackend(int id, BackendEntry entry) {
        write("backend " + id, () -> backends.put(id, entry));
    }

    @Override
    public void resetBackend(int id) {
        write("reset backend " + id, () -> {});
    }

    @Override
    public void resetVip(int vipId) {
        write("reset vip " + vipId, () -> {});
    }

    @Override
    public void addRef(BackendKey backend, int vipId, int backendId) {
        write("addRef " + backend + " " + vipId + "/" + backendId, () -> {
            List<Integer> list = refs.computeIfAbsent(backend, k -> new ArrayList<>());
            list.removeIf(packed -> packed >>> 16 == vipId);
            list.add(vipId << 16 | backendId);
        });
    }

    @Override
    public void removeRef(BackendKey backend, int backendId) {
        write("removeRef " + backend + " " + backendId, () -> {
            List<Integer> list = refs.get(backend);
            if (list != null) list.removeIf(packed -> (packed & 0xffff) == backendId);
        });
    }

    @Override
    public void putVipTable(int vipId, VipKey key) {
        write("vipTable " + vipId, () -> vipTable.put(vipId, key));
    }

    @Override
    public void writeRing(int vipId, int half, int[] slots, int[] values) {
        write("ring " + vipId + "/" + half + " (" + slots.length + ")", () -> {
            for (int i = 0; i < slots.length; i++) rings.put(((long) vipId * 2 + half) * ringSize + slots[i], values[i]);
        });
    }

    @Override
    public void putFilter(Map<Integer, Long> words) {
        write("filter", () -> filter.putAll(words));
    }

    @Override
    public void putFlags(long flags) {
        write("flags", () -> this.flags = flags);
    }

    @Override
    public void putVip(VipKey key, VipInfo info) {
        write("vip " + key, () -> vips.put(key, info));
    }

    @Override
    public void deleteVip(VipKey key) {
        write("delete vip " + key, () -> vips.remove(key));
    }

    @Override
    public void purgeFlows(Vip vip) {
        write("purge " + vip, () -> {});
    }

    /** Source prefixes by tag, as the tries would hold them. */
    final Map<Integer, Map<Cidr, Boolean>> sources = new java.util.TreeMap<>();

    @Override
    public void putSources(int tag, java.util.List<SourcePlan.Entry> entries) {
        write("sources " + tag, () -> {
            for (SourcePlan.Entry e : entries) sources.computeIfAbsent(tag, t -> new java.util.LinkedHashMap<>()).put(e.cidr(), e.deny());
        });
    }

    @Override
    public void deleteSources(int tag, java.util.List<SourcePlan.Entry> entries) {
        write("unsources " + tag, () -> {
            Map<Cidr, Boolean> m = sources.get(tag);
            if (m == null) return;
            for (SourcePlan.Entry e : entries) m.remove(e.cidr());
            if (m.isEmpty()) sources.remove(tag);
        });
    }

    @Override
    public void purgeRefused(Vip vip, SourceRanges ranges) {
        write("purge refused " + vip, () -> {});
    }

    /** Whether the pre-filter has the bit of an address (0: VIP addresses, 1: backend addresses). */
    boolean filterHas(int dir, java.net.InetAddress address) {
        int bucket = RouteEngine.filterBucket(address);
        long word = filter.getOrDefault(dir * Layouts.FILTER_WORDS + (bucket >>> 6), 0L);
        return (word & 1L << (bucket & 63)) != 0;
    }
}
