package dev.blixt;

import dev.blixt.error.DataplaneException;
import dev.blixt.RouteEngine.Slot;
import dev.blixt.internal.datapath.BackendEntry;
import dev.blixt.internal.datapath.BackendKey;
import dev.blixt.internal.datapath.BackendRefKey;
import dev.blixt.internal.datapath.BackendVips;
import dev.blixt.internal.datapath.Counters;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.SourceKey;
import dev.blixt.internal.datapath.FlowValue;
import dev.blixt.internal.datapath.Layouts;
import dev.blixt.internal.datapath.VipInfo;
import dev.blixt.internal.datapath.VipKey;
import dev.blixt.maglev.MaglevNode;
import dev.blixt.maglev.MaglevTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads a pinned data plane back into a configuration, whatever instant its previous owner died
 * at, and repairs what that owner left half-written.
 *
 * <p>The truth is what the data path uses: the VIP entries ({@code vips}) and, of each, the ring
 * half its entry marks active, with the backend entries that half names. Everything else is
 * derived from that and rewritten where it disagrees:
 *
 * <ul>
 *   <li>a VIP's backends are the ids its active half holds (plus drained, weight-0 entries of the
 *       VIP, which hold no slot); their weights are the entries' when the Maglev table they give is
 *       the ring, else inferred from the ring's slot counts (an update that died after writing new
 *       weights but before its flip), and the entries are corrected;
 *   <li>valid entries no active half names (a backend registered by an update that never flipped,
 *       or a removed one not yet invalidated), entries of VIP ids that have no VIP entry (a VIP
 *       never created, or one being removed), and retired entries are freed;
 *   <li>the reply index ({@code backend_vips}, {@code backend_refs}), the VIP address markers,
 *       {@code vip_table}, flows of VIPs that no longer exist, and (in {@link RouteEngine#adopt})
 *       the address pre-filter and the runtime switches are rebuilt from the adopted routes.
 * </ul>
 *
 * The idle halves are left as they are (unknown; the next update of a VIP writes its idle half in
 * full). Every repair is idempotent and derived from the truth alone, so an adoption that is itself
 * killed is repaired by the next one. Only a ring that no reading of the configuration explains is
 * refused: a data plane created with another hash seed (a different ring size or map size fails
 * earlier, when the maps are reused), or a ring naming ids that are no backend of its VIP.
 */
final class Adoption {
    private static final System.Logger LOG = System.getLogger(Adoption.class.getName());

    /**
     * One adopted VIP: its backends, the table of its active half (null when the weights are unknown) and
     * its forwarding mode ({@code VipInfo.MODE_*}, as its entry holds it).
     */
    record AdoptedVip(Vip vip, int id, int active, List<Slot> backends, @Nullable MaglevTable table, int mode,
            int flags, SourceRanges sources) {
        AdoptedVip(Vip vip, int id, int active, List<Slot> backends, @Nullable MaglevTable table) {
            this(vip, id, active, backends, table, VipInfo.MODE_NAT, 0, SourceRanges.ANY);
        }

        AdoptedVip withEntry(VipInfo info) {
            return new AdoptedVip(vip, id, active, backends, table, info.mode(), info.flags(), sources);
        }

        AdoptedVip withSources(SourceRanges s) {
            return new AdoptedVip(vip, id, active, backends, table, mode, flags, s);
        }

        /** The generation of its live source prefixes. */
        int sourceGen() {
            return (flags & VipInfo.F_SRC_GEN) != 0 ? 1 : 0;
        }

        /** Its policy, as its entry's flags and its live prefixes say. */
        RoutePolicy policy() {
            Affinity a = (flags & VipInfo.F_HASH_NO_SRC_PORT) != 0 ? Affinity.CLIENT_IP : Affinity.NONE;
            return new RoutePolicy(a, (flags & VipInfo.F_SRC_CHECK) != 0 ? sources : SourceRanges.ANY);
        }
    }

    /** The adopted configuration and what was repaired to reach it. */
    record Result(List<AdoptedVip> vips, List<String> repairs) {}

    private final Datapath dp;
    private final int ringSize;
    private final int seed;
    private final List<String> repairs = new ArrayList<>();

    private Adoption(Datapath dp) {
        this.dp = dp;
        this.ringSize = dp.sizing().ringSize();
        this.seed = dp.sizing().hashSeed();
    }

    /**
     * Reads and repairs the pinned maps of {@code dp}.
     *
     * @param dp the data path loaded on pinned maps
     * @return the configuration and the repairs made
     * @throws DataplaneException if a ring matches no reading of the configuration
     */
    static Result run(Datapath dp) {
        return new Adoption(dp).adopt();
    }

    private Result adopt() {
        Map<VipKey, VipInfo> vipEntries = dp.vips.getAll();
        Map<Integer, BackendEntry> entries = new TreeMap<>(dp.backends.getAll());
        List<AdoptedVip> adopted = new ArrayList<>();
        Map<Integer, AdoptedVip> byId = new HashMap<>();
        Set<InetAddress> markers = new HashSet<>();
        for (Map.Entry<VipKey, VipInfo> e : vipEntries.entrySet()) {
            VipKey k = e.getKey();
            if (k.protocol() == 0) {
                markers.add(k.address());
                continue;
            }
            Protocol p = k.protocol() == Protocol.TCP.number() ? Protocol.TCP : Protocol.UDP;
            Vip vip = new Vip(k.address(), k.port(), p);
            int id = e.getValue().id();
            if (byId.containsKey(id)) {
                throw new DataplaneException("the pinned data plane's VIPs " + byId.get(id).vip() + " and " + vip
                        + " share the id " + id + ": the pins are inconsistent beyond what adoption repairs; "
                        + Teardown.advice(null) + ", then apply the routes again");
            }
            AdoptedVip v = adoptVip(vip, id, e.getValue().active(), entries).withEntry(e.getValue());
            adopted.add(v);
            byId.put(id, v);
        }
        adopted.sort(Comparator.comparingInt(AdoptedVip::id));

        // Entries that are no adopted backend: freed (their refs go with the reply index below).
        Map<Integer, BackendEntry> doomed = new TreeMap<>();
        Set<Integer> kept = new HashSet<>();
        for (AdoptedVip v : adopted) {
            for (Slot s : v.backends()) kept.add(s.id());
        }
        int retired = 0;
        for (Map.Entry<Integer, BackendEntry> e : entries.entrySet()) {
            BackendEntry b = e.getValue();
            int id = e.getKey();
            if (id == 0 || Datapath.isFree(b) || kept.contains(id)) continue;
            doomed.put(id, b);
            AdoptedVip owner = byId.get(b.vipId());
            if (owner != null && (b.flags() & BackendEntry.F_VALID) == 0) {
                retired++; // removed from its VIP by a completed update: freed quietly
            } else if (owner != null) {
                repairs.add("freed backend id " + id + " (" + Addresses.format(b.address(), b.port()) + ") of " + owner.vip()
                        + ": valid but not in its active ring half (registered by an update that never took effect,"
                        + " or removed by one that did)");
            } else {
                repairs.add("freed backend id " + id + " (" + Addresses.format(b.address(), b.port()) + ") of VIP id "
                        + b.vipId() + ", which has no VIP entry (a VIP never created, or one being removed)");
            }
        }

        rebuildMarkers(adopted, markers);
        rebuildVipTable(adopted);
        rebuildReplyIndex(adopted);
        for (Map.Entry<Integer, BackendEntry> e : doomed.entrySet()) {
            dp.backends.put(e.getKey(), Datapath.FREE_BACKEND);
            dp.backendStats.fill(e.getKey(), Counters.ZERO);
        }
        if (retired > 0) {
            LOG.log(System.Logger.Level.DEBUG, "freed {0} retired backend ids (removed by completed updates)", retired);
        }
        purgeStaleFlows(byId);
        adoptSources(adopted);
        return new Result(adopted, repairs);
    }

    // ---------------------------------------------------------------- one VIP

    private AdoptedVip adoptVip(Vip vip, int id, int active, Map<Integer, BackendEntry> entries) {
        int[] ring = readHalf(id, active);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int b : ring) {
            if (b != 0) counts.merge(b, 1, Integer::sum);
        }
        // The ids the active half names: backends of this VIP, by the write order, whatever the crash.
        List<Slot> inRing = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int bid : counts.keySet()) {
            BackendEntry e = entries.get(bid);
            if (e == null || Datapath.isFree(e) || (e.flags() & BackendEntry.F_VALID) == 0 || e.vipId() != id) {
                throw new DataplaneException("the pinned data plane's ring for " + vip + " names backend id " + bid
                        + ", which is not a live backend of it (" + (e == null || Datapath.isFree(e) ? "free id"
                        : "entry of VIP id " + e.vipId() + ", flags " + e.flags()) + "): the pins are inconsistent"
                        + " beyond what adoption repairs (no write order of this library leaves that); "
                        + Teardown.advice(null) + ", then apply the routes again");
            }
            Slot s = new Slot(bid, new Backend(e.address(), e.port(), e.weight()));
            if (!keys.add(s.backend().key())) {
                throw new DataplaneException("the pinned data plane's ring for " + vip + " names backend "
                        + s.backend().key() + " under two ids: the pins are inconsistent beyond what adoption"
                        + " repairs; " + Teardown.advice(null));
            }
            inRing.add(s);
        }
        // Valid entries of this VIP without a slot: drained (weight 0) or never made part of it.
        List<Slot> drained = new ArrayList<>();
        List<Slot> slotless = new ArrayList<>();
        for (Map.Entry<Integer, BackendEntry> e : entries.entrySet()) {
            BackendEntry b = e.getValue();
            int bid = e.getKey();
            if (bid == 0 || Datapath.isFree(b) || (b.flags() & BackendEntry.F_VALID) == 0 || b.vipId() != id
                    || counts.containsKey(bid)) {
                continue;
            }
            Slot s = new Slot(bid, new Backend(b.address(), b.port(), b.weight()));
            if (keys.contains(s.backend().key())) continue; // a second id of a ring member: not a backend
            (b.weight() == 0 ? drained : slotless).add(s);
        }

        // Reading 1: the entries as they are.
        List<Slot> all = new ArrayList<>(inRing);
        all.addAll(drained);
        all.addAll(slotless);
        MaglevTable t = matching(all, ring);
        if (t != null) return done(vip, id, active, all, t);
        // Reading 2: valid entries without slots were never part of the route (or no longer are).
        List<Slot> members = new ArrayList<>(inRing);
        members.addAll(drained);
        t = matching(members, ring);
        if (t == null) {
            // Reading 3: some entries hold weights of an update that never flipped: infer them from the ring.
            List<Slot> inferred = inferWeights(inRing, counts, ring);
            if (inferred != null) {
                members = new ArrayList<>(inferred);
                members.addAll(drained);
                t = table(members);
                for (int i = 0; i < inRing.size(); i++) {
                    Slot was = inRing.get(i);
                    Slot now = inferred.get(i);
                    if (was.backend().weight() != now.backend().weight()) {
                        dp.backends.put(now.id(), new BackendEntry(now.backend().address(), now.backend().port(),
                                BackendEntry.F_VALID, id, now.backend().weight()));
                        repairs.add("set the weight of " + now.backend().key() + " (id " + now.id() + ") of " + vip
                                + " back to " + now.backend().weight() + ", the weight its active ring half was built"
                                + " with (its entry said " + was.backend().weight() + ": an update that never took effect)");
                    }
                }
            }
        }
        if (t == null) {
            // No weights reproduce the ring exactly. With the right hash seed the ring still follows the
            // backends' permutations: a table weighted by the slot counts matches it almost everywhere.
            List<Slot> byCount = new ArrayList<>();
            for (Slot s : inRing) {
                byCount.add(new Slot(s.id(), s.backend().weight(Math.min(Backend.MAX_WEIGHT, counts.get(s.id())))));
            }
            double agree = agreement(table(byCount), ring);
            if (inRing.size() > 1 && agree < 0.9) {
                throw new DataplaneException("the pinned data plane's ring for " + vip + " does not match this"
                        + " configuration (" + Math.round(agree * 100) + "% of its slots agree with any weighting of"
                        + " its backends " + keysOf(inRing) + "): open it with the ringSize and hashSeed it was"
                        + " created with; or, if this data plane is to go, " + Teardown.advice(null));
            }
            members = new ArrayList<>(inRing);
            members.addAll(drained);
            repairs.add("could not infer the weights the active ring half of " + vip + " was built with; kept the"
                    + " ring as it is and the weights its entries hold (" + weightsOf(inRing) + "); its next update"
                    + " rewrites both halves in full");
            LOG.log(System.Logger.Level.WARNING, "adoption: the weights of {0} are unknown; its ring is kept as it is",
                    vip);
            return new AdoptedVip(vip, id, active, List.copyOf(members), null);
        }
        return done(vip, id, active, members, t); // the slotless entries are freed with the other leftovers
    }

    private static AdoptedVip done(Vip vip, int id, int active, List<Slot> members, MaglevTable t) {
        List<Slot> ordered = new ArrayList<>(members);
        ordered.sort(Comparator.comparingInt(Slot::id));
        return new AdoptedVip(vip, id, active, List.copyOf(ordered), t);
    }

    private int[] readHalf(int vipId, int half) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(ValueLayout.JAVA_INT, ringSize);
            dp.rings.getRangeEncoded(dp.ringIndex(vipId, half, 0), ringSize, seg);
            return seg.toArray(ValueLayout.JAVA_INT);
        }
    }

    /** The table of these backends if it is exactly the ring, else null. */
    private @Nullable MaglevTable matching(List<Slot> members, int[] ring) {
        MaglevTable t;
        try {
            t = table(members);
        } catch (IllegalArgumentException e) {
            return null; // e.g. two entries with one key
        }
        return Arrays.equals(t.toArray(), ring) ? t : null;
    }

    /**
     * Weights that reproduce the ring: the ring's slots are shared in proportion to weight, and the
     * backends whose weights the interrupted update did not change agree on slots per unit of weight.
     * Each group of agreeing backends (largest first) is tried as the reference.
     */
    private @Nullable List<Slot> inferWeights(List<Slot> inRing, Map<Integer, Integer> counts, int[] ring) {
        if (inRing.isEmpty()) return null;
        List<Double> references = new ArrayList<>();
        Map<Long, Integer> groups = new LinkedHashMap<>();
        for (Slot s : inRing) {
            int w = s.backend().weight();
            if (w <= 0) continue;
            double perWeight = (double) counts.get(s.id()) / w;
            groups.merge(Math.round(Math.log(perWeight) * 50), 1, Integer::sum); // buckets of 2%
            references.add(perWeight);
        }
        List<Double> tries = new ArrayList<>();
        groups.entrySet().stream().sorted(Map.Entry.<Long, Integer>comparingByValue().reversed()).limit(8)
                .forEach(g -> tries.add(Math.exp(g.getKey() / 50.0)));
        // Exact references too (the bucket centre can round differently).
        for (double r : references) {
            if (tries.size() >= 16) break;
            tries.add(r);
        }
        // When the update rewrote every weight there is no reference: try "the smallest weight is k".
        int least = counts.values().stream().mapToInt(Integer::intValue).min().orElse(1);
        for (int k = 1; k <= 8; k++) tries.add((double) least / k);
        // Of the weightings that reproduce the ring (the table depends on their ratios only), the one that
        // agrees with the most entries (the backends the interrupted update did not touch), then the smallest.
        Set<List<Integer>> seen = new HashSet<>();
        List<Slot> best = null;
        int bestAgree = -1;
        long bestSum = Long.MAX_VALUE; // ties (e.g. 1:2:1 or 3:6:3 agree with one entry each): the smallest
        for (double perWeight : tries) {
            List<Slot> guess = new ArrayList<>();
            List<Integer> ws = new ArrayList<>();
            int agree = 0;
            for (Slot s : inRing) {
                int w = (int) Math.max(1, Math.min(Backend.MAX_WEIGHT, Math.round(counts.get(s.id()) / perWeight)));
                guess.add(new Slot(s.id(), s.backend().weight(w)));
                ws.add(w);
                if (w == s.backend().weight()) agree++;
            }
            long sum = ws.stream().mapToLong(Integer::longValue).sum();
            if (!seen.add(ws) || agree < bestAgree || (agree == bestAgree && sum >= bestSum)) continue;
            if (matching(guess, ring) != null) {
                best = guess;
                bestAgree = agree;
                bestSum = sum;
            }
        }
        return best;
    }

    private static double agreement(MaglevTable t, int[] ring) {
        int same = 0;
        for (int i = 0; i < ring.length; i++) {
            if (t.get(i) == ring[i]) same++;
        }
        return (double) same / ring.length;
    }

    /** The Maglev table of these backends, exactly as {@link RouteEngine} builds it. */
    private MaglevTable table(Collection<Slot> slots) {
        List<MaglevNode> nodes = new ArrayList<>(slots.size());
        for (Slot s : slots) nodes.add(new MaglevNode(s.id(), s.backend().key(), s.backend().weight()));
        return MaglevTable.build(nodes, ringSize, seed);
    }

    private static String keysOf(List<Slot> slots) {
        return slots.stream().map(s -> s.backend().key()).toList().toString();
    }

    private static String weightsOf(List<Slot> slots) {
        return slots.stream().map(s -> s.backend().key() + " weight " + s.backend().weight()).toList().toString();
    }

    // ---------------------------------------------------------------- what is derived from the routes

    /** Every VIP address has its marker (fragments to it are recognised); no marker outlives its addresses. */
    private void rebuildMarkers(List<AdoptedVip> adopted, Set<InetAddress> markers) {
        Map<InetAddress, Integer> wanted = new LinkedHashMap<>();
        for (AdoptedVip v : adopted) wanted.putIfAbsent(v.vip().address(), v.id());
        for (Map.Entry<InetAddress, Integer> e : wanted.entrySet()) {
            if (!markers.contains(e.getKey())) {
                dp.vips.put(VipKey.marker(e.getKey()), new VipInfo(e.getValue(), VipInfo.MODE_NAT, 0, 0));
                repairs.add("added the address marker of " + e.getKey().getHostAddress());
            }
        }
        for (InetAddress a : markers) {
            if (!wanted.containsKey(a)) {
                dp.vips.delete(VipKey.marker(a));
                repairs.add("removed the address marker of " + a.getHostAddress() + ", which no VIP uses");
            }
        }
    }

    private void rebuildVipTable(List<AdoptedVip> adopted) {
        Map<Integer, VipKey> wanted = new HashMap<>();
        for (AdoptedVip v : adopted) wanted.put(v.id(), RouteEngine.vipKey(v.vip()));
        for (Map.Entry<Integer, VipKey> e : dp.vipTable.getAll().entrySet()) {
            VipKey want = wanted.get(e.getKey());
            VipKey have = e.getValue();
            if (want != null && !want.equals(have)) {
                dp.vipTable.put(e.getKey(), want);
                repairs.add("rewrote vip_table entry " + e.getKey() + " for " + want);
            } else if (want == null && have.protocol() != 0) {
                dp.vipTable.put(e.getKey(), new VipKey(zero(have.address()), 0, 0));
                repairs.add("cleared vip_table entry " + e.getKey() + " (" + have + "), which has no VIP entry");
            }
        }
    }

    /** The reply index names exactly the adopted backends, each once per VIP. */
    private void rebuildReplyIndex(List<AdoptedVip> adopted) {
        Map<BackendKey, List<BackendVips.Ref>> wanted = new LinkedHashMap<>();
        for (AdoptedVip v : adopted) {
            for (Slot s : v.backends()) {
                wanted.computeIfAbsent(RouteEngine.backendKey(v.vip(), s.backend()), k -> new ArrayList<>())
                        .add(new BackendVips.Ref(v.id(), s.id()));
            }
        }
        Map<BackendKey, BackendVips> heads = dp.backendVips.getAll();
        Map<BackendRefKey, BackendVips.Ref> overflow = dp.backendRefs.getAll();
        Map<BackendKey, Map<Integer, BackendVips.Ref>> overflowByBackend = new HashMap<>();
        for (Map.Entry<BackendRefKey, BackendVips.Ref> e : overflow.entrySet()) {
            overflowByBackend.computeIfAbsent(e.getKey().backend(), k -> new TreeMap<>()).put(e.getKey().index(), e.getValue());
        }
        Set<BackendKey> all = new HashSet<>(wanted.keySet());
        all.addAll(heads.keySet());
        all.addAll(overflowByBackend.keySet());
        for (BackendKey key : all) {
            List<BackendVips.Ref> want = wanted.getOrDefault(key, List.of());
            BackendVips head = heads.get(key);
            Map<Integer, BackendVips.Ref> extra = overflowByBackend.getOrDefault(key, Map.of());
            List<BackendVips.Ref> have = new ArrayList<>();
            boolean whole = true;
            if (head != null) {
                have.addAll(head.refs());
                for (int i = Layouts.INLINE_REFS; i < head.count(); i++) {
                    BackendVips.Ref r = extra.get(i);
                    if (r == null) whole = false;
                    else have.add(r);
                }
            }
            int count = head == null ? 0 : head.count();
            boolean orphans = extra.keySet().stream().anyMatch(i -> i >= count);
            if (whole && !orphans && have.size() == want.size() && new HashSet<>(have).equals(new HashSet<>(want))
                    && new HashSet<>(have).size() == have.size()) {
                continue;
            }
            // Rewrite: overflow refs before the count that exposes them, then the head, then the leftovers.
            List<BackendVips.Ref> list = new ArrayList<>(new LinkedHashSet<>(want));
            for (int i = Layouts.INLINE_REFS; i < list.size(); i++) {
                dp.backendRefs.put(new BackendRefKey(key, i), list.get(i));
            }
            if (list.isEmpty()) {
                if (head != null) dp.backendVips.delete(key);
            } else {
                dp.backendVips.put(key, new BackendVips(list.size(), list.subList(0, Math.min(list.size(), Layouts.INLINE_REFS))));
            }
            List<BackendRefKey> gone = new ArrayList<>();
            for (int i : extra.keySet()) {
                if (i >= list.size()) gone.add(new BackendRefKey(key, i));
            }
            if (!gone.isEmpty()) dp.backendRefs.deleteAll(gone);
            repairs.add("rebuilt the reply index of " + key.address().getHostAddress() + ":" + key.port() + " ("
                    + refsText(have) + (whole ? "" : " and missing refs") + (orphans ? " and stale overflow refs" : "")
                    + " -> " + refsText(list) + ")");
        }
    }

    private static String refsText(List<BackendVips.Ref> refs) {
        return refs.stream().map(r -> "vip " + r.vipId() + "/id " + r.backendId()).toList().toString();
    }

    /**
     * Flows of VIP ids that have no VIP entry (a removal that died before purging them), or whose key is
     * not their VIP's: a later VIP that gets the id must not inherit them.
     */
    private void purgeStaleFlows(Map<Integer, AdoptedVip> byId) {
        List<FlowKey> stale = new ArrayList<>();
        for (Map.Entry<FlowKey, FlowValue> e : dp.flows.getAll().entrySet()) {
            AdoptedVip v = byId.get(e.getValue().vipId());
            FlowKey k = e.getKey();
            if (v == null || !k.dst().equals(v.vip().address()) || k.protocol() != v.vip().protocol().number()
                    || (v.vip().port() != 0 && k.dstPort() != v.vip().port())) {
                stale.add(k);
            }
        }
        if (!stale.isEmpty()) {
            dp.flows.deleteAll(stale);
            repairs.add("deleted " + stale.size() + " flows of VIPs that no longer exist");
        }
    }

    /**
     * Reads each VIP's live source prefixes back (the generation its entry names) and deletes every other
     * prefix: the other generation of an update that died before its cleanup, or a removed VIP's.
     */
    private void adoptSources(List<AdoptedVip> adopted) {
        Map<Integer, Integer> liveTags = new HashMap<>();
        for (int i = 0; i < adopted.size(); i++) {
            AdoptedVip v = adopted.get(i);
            if ((v.flags() & VipInfo.F_SRC_CHECK) != 0) liveTags.put(SourceKey.tag(v.id(), v.sourceGen()), i);
        }
        Map<Integer, List<Cidr>> allow = new HashMap<>();
        Map<Integer, List<Cidr>> deny = new HashMap<>();
        int stale = 0;
        for (boolean v6 : new boolean[] {false, true}) {
            List<SourceKey> doomed = new ArrayList<>();
            for (Map.Entry<SourceKey, byte[]> e : dp.sourceRanges(v6).getAll().entrySet()) {
                SourceKey k = e.getKey();
                Integer at = liveTags.get(k.tag());
                if (at == null) {
                    doomed.add(k);
                    continue;
                }
                Cidr c = new Cidr(k.address(), k.prefixLength());
                (e.getValue()[0] == SourceKey.DENY ? deny : allow).computeIfAbsent(at, x -> new ArrayList<>()).add(c);
            }
            if (!doomed.isEmpty()) stale += dp.sourceRanges(v6).deleteAll(doomed);
        }
        if (stale > 0) {
            repairs.add("deleted " + stale + " source prefixes no VIP uses (the old list of an interrupted update,"
                    + " or a removed VIP's)");
        }
        for (int i : liveTags.values()) {
            AdoptedVip v = adopted.get(i);
            adopted.set(i, v.withSources(new SourceRanges(allow.getOrDefault(i, List.of()), deny.getOrDefault(i, List.of()))));
        }
    }

    private static InetAddress zero(InetAddress like) {
        try {
            return InetAddress.getByAddress(new byte[like.getAddress().length]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
