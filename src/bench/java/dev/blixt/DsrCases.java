package dev.blixt;

import dev.blixt.DatapathBench.Case;
import dev.blixt.DatapathBench.Group;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.EncapConfig;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The encapsulating cases of {@link DatapathBench}: established TCP over DSR_IPIP and established
 * UDP over DSR_GUE, each on a VIP of its own with the group's backends (port 0), next to the NAT
 * cases of the same group.
 */
final class DsrCases {
    static final Vip IPIP_VIP = Vip.tcp("203.0.113.20", 80);
    static final Vip GUE_VIP = Vip.udp("203.0.113.20", 53);
    /** One outer source address: the expected frames need no hash. */
    static final String SOURCE = "10.255.0.1";
    static final EncapConfig ENCAP = EncapConfig.of(List.of(EncapConfig.parse(SOURCE + "/32")),
            EncapConfig.DEFAULT_GUE_PORT);
    private static final byte[] PAYLOAD = "benchmark".getBytes(StandardCharsets.US_ASCII);

    private DsrCases() {}

    static void routes(RouteEngine engine, int n) {
        List<Backend> backends = new ArrayList<>();
        // At most 16: the established path does not depend on it, and ids are shared with the NAT VIPs
        // (a group of 512 VIPs and 1000 backends uses 4054 of the 4096).
        for (Backend b : DatapathBench.backends4(Math.min(n, 16), 0)) backends.add(Backend.of(b.address().getHostAddress(), 0));
        engine.apply(IPIP_VIP, backends, ForwardingMode.DSR_IPIP);
        engine.apply(GUE_VIP, backends, ForwardingMode.DSR_GUE);
    }

    private static byte[] tcp(BenchNetns ns, boolean syn) {
        PacketBuilder b = DatapathBench.fromClient(ns).ipv4(DatapathBench.CLIENT, DatapathBench.host(IPIP_VIP))
                .tcp(DatapathBench.EST_PORT, 80);
        return (syn ? b.syn().seq(1000) : b.ack().seq(1001).ackNumber(5001)).build();
    }

    private static byte[] udp(BenchNetns ns) {
        return DatapathBench.fromClient(ns).ipv4(DatapathBench.CLIENT, DatapathBench.host(GUE_VIP))
                .udp(DatapathBench.UDP_PORT, 53).payload(PAYLOAD).build();
    }

    /** Establishes the two DSR flows. */
    static void prime(Group g, BenchNetns ns, Datapath dp) {
        for (byte[] f : List.of(tcp(ns, true), udp(ns))) {
            TestRun r = dp.xdp().testRun(f, BenchNetns.xdpContext(f.length, ns.clientIfindex), 1);
            XdpAction want = g.fib() ? XdpAction.REDIRECT : XdpAction.PASS;
            if (r.xdpAction() != want) {
                throw new DatapathBench.BenchFailure("priming a DSR flow: verdict " + r.xdpAction() + ", want " + want);
            }
        }
    }

    static List<Case> cases(Group g, BenchNetns ns, Datapath dp, RouteEngine engine) {
        boolean fib = g.fib();
        XdpAction fwd = fib ? XdpAction.REDIRECT : XdpAction.PASS;
        GlobalCounter fwdCounter = fib ? GlobalCounter.REDIRECT : GlobalCounter.TO_STACK;
        MacAddress src = fib ? ns.backendSideMac : BenchNetns.CLIENT_MAC;
        MacAddress dst = fib ? BenchNetns.GATEWAY_MAC : ns.clientSideMac;
        byte[] est = tcp(ns, false);
        Backend b = engine.backendFor(IPIP_VIP, InetAddress.ofLiteral(DatapathBench.CLIENT), DatapathBench.EST_PORT, 80)
                .orElseThrow();
        byte[] estOut = Packet.builder().ethernet(src, dst).ipv4(SOURCE, b.address().getHostAddress()).dontFragment()
                .identification(0).ttl(64).protocol(Packet.IPIP).payload(java.util.Arrays.copyOfRange(est, 14,
                        est.length)).build();
        byte[] udp = udp(ns);
        // The GUE source port comes from the flow hash: checked by DsrTest, not compared here.
        return List.of(
                new Case("dsr", "established TCP, DSR over IPIP (flow hit, encapsulated)", dp.xdp(), true, est,
                        BenchNetns.xdpContext(est.length, ns.clientIfindex), Harness.SAME, fwd, estOut,
                        Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1, GlobalCounter.ENCAP_IPIP, 1,
                                fwdCounter, 1), false, "—"),
                new Case("gue", "established UDP, DSR over GUE (flow hit, encapsulated)", dp.xdp(), true, udp,
                        BenchNetns.xdpContext(udp.length, ns.clientIfindex),
                        Harness.SAME, fwd, null, Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1,
                                GlobalCounter.ENCAP_GUE, 1, fwdCounter, 1), false, "—"));
    }
}
