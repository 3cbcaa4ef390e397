package dev.blixt;

import dev.blixt.internal.datapath.VipInfo;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Source ranges as the data path holds them: one LPM entry per prefix, where the longest match decides
 * (allow or deny) and an address in no prefix is refused when the VIP has an allow list. So that
 * "deny wins" holds with longest-match semantics, an allowed prefix that lies inside a denied one is
 * left out (the denied prefix then matches); a denied prefix inside an allowed one is longer and wins.
 */
final class SourcePlan {
    private SourcePlan() {}

    /**
     * One prefix as written.
     *
     * @param cidr the prefix
     * @param deny whether it refuses (else it allows)
     */
    record Entry(Cidr cidr, boolean deny) {}

    /** The entries of a VIP's ranges, denied prefixes first. */
    static List<Entry> compile(SourceRanges r) {
        List<Entry> out = new ArrayList<>(r.allow().size() + r.deny().size());
        Set<Cidr> denied = new HashSet<>(r.deny());
        int[] lengths = r.deny().stream().mapToInt(Cidr::prefixLength).distinct().toArray();
        for (Cidr d : r.deny()) out.add(new Entry(d, true));
        for (Cidr a : r.allow()) {
            if (!coveredBy(a, denied, lengths)) out.add(new Entry(a, false));
        }
        return out;
    }

    /** Whether a prefix of {@code set} covers {@code c}: one lookup per shorter length. */
    private static boolean coveredBy(Cidr c, Set<Cidr> set, int[] lengths) {
        for (int len : lengths) {
            if (len <= c.prefixLength() && set.contains(new Cidr(c.address(), len))) return true;
        }
        return false;
    }

    /** The VIP entry's flag bits for a policy, with the live generation of its prefixes. */
    static int vipFlags(RoutePolicy p, int generation) {
        int f = p.affinity().vipFlags();
        if (!p.sources().isAny()) {
            f |= VipInfo.F_SRC_CHECK;
            if (!p.sources().allow().isEmpty()) f |= VipInfo.F_SRC_ALLOWLIST;
            if (generation == 1) f |= VipInfo.F_SRC_GEN;
        }
        return f;
    }

    /** Refuses prefixes of the other family than the VIP's: they would never match its clients. */
    static void validate(Vip vip, SourceRanges r) {
        boolean vip4 = vip.address() instanceof Inet4Address;
        for (List<Cidr> list : List.of(r.allow(), r.deny())) {
            for (Cidr c : list) {
                if (c.isIpv6() == vip4) {
                    throw new IllegalArgumentException("source range " + c + " of " + vip + " is IPv"
                            + (c.isIpv6() ? "6" : "4") + ", the VIP IPv" + (vip4 ? "4" : "6")
                            + ": its clients are never in it (give each VIP prefixes of its own family)");
                }
            }
        }
    }

    /** The most prefixes a VIP's ranges occupy in their family's trie (allowed ones inside denied ones are not written). */
    static int size(SourceRanges r) {
        return r.allow().size() + r.deny().size();
    }
}
