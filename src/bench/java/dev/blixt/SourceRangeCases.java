package dev.blixt;

import dev.blixt.DatapathBench.Case;
import dev.blixt.DatapathBench.Group;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.bpf.XdpAction;
import java.util.List;
import java.util.Map;

/**
 * The source-range cases of {@link DatapathBench}: a SYN from a client outside a VIP's allow list of 1,
 * 10^3 and 10^5 IPv4 prefixes, refused at the LPM lookup (VIP lookup, one trie lookup, drop; no flow
 * state). Established flows never pay the check, and an allowed SYN pays this lookup on top of the
 * new-flow cost.
 */
final class SourceRangeCases {
    static final int[] SIZES = {1, 1_000, 100_000};

    private SourceRangeCases() {}

    static Vip vip(int i) {
        return Vip.tcp("203.0.113." + (31 + i), 80);
    }

    /** Allow lists of 10.x.y.z/28 prefixes (the bench client, 198.51.100.x, is in none); one backend each (never reached). */
    static void routes(RouteEngine engine) {
        for (int i = 0; i < SIZES.length; i++) {
            String[] cidrs = new String[SIZES[i]];
            for (int k = 0; k < cidrs.length; k++) {
                cidrs[k] = "10." + (k >> 12 & 255) + "." + (k >> 4 & 255) + "." + ((k & 15) << 4) + "/28";
            }
            engine.update(List.of(new RoutePlanner.Put(vip(i), DatapathBench.backends4(1, 0), null,
                    null, SourceRanges.allowOnly(cidrs))));
        }
    }

    static List<Case> cases(Group g, BenchNetns ns, Datapath dp) {
        String[] ids = {"src1", "src1k", "src100k"};
        String[] labels = {"1", "10^3", "10^5"};
        Case[] out = new Case[SIZES.length];
        for (int i = 0; i < SIZES.length; i++) {
            byte[] syn = DatapathBench.fromClient(ns).ipv4(DatapathBench.CLIENT, DatapathBench.host(vip(i)))
                    .tcp(DatapathBench.SYN_PORT, 80).syn().seq(1000).build();
            out[i] = new Case(ids[i], "SYN refused by an allow list of " + labels[i] + " prefixes (LPM miss, drop)",
                    dp.xdp(), true, syn, BenchNetns.xdpContext(syn.length, ns.clientIfindex), Harness.SAME,
                    XdpAction.DROP, null, Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.DROP_SOURCE_NOT_ALLOWED, 1),
                    false, "—");
        }
        return List.of(out);
    }
}
