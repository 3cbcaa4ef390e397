package dev.blixt;

import dev.blixt.DatapathBench.Case;
import dev.blixt.DatapathBench.Group;
import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.FlowKey;
import dev.blixt.internal.datapath.FullNat;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The full-NAT cases of {@link DatapathBench}: an established TCP flow of a FULL_NAT VIP (both
 * endpoints rewritten, its address and port recomputed from the flow entry's probe) and its
 * backend's reply (one {@code nat_ports} lookup), next to the NAT cases of the same group.
 */
final class FullNatCases {
    static final Vip VIP = Vip.tcp("203.0.113.21", 80);
    static final String ADDRESS = "10.254.0.1";
    static final FullNat FNAT = FullNat.NONE.withAddresses(ADDRESS);

    private FullNatCases() {}

    static void routes(RouteEngine engine, int n) {
        engine.apply(VIP, DatapathBench.backends4(Math.min(n, 16), 0), ForwardingMode.FULL_NAT);
    }

    private static byte[] tcp(BenchNetns ns, boolean syn) {
        var b = DatapathBench.fromClient(ns).ipv4(DatapathBench.CLIENT, DatapathBench.host(VIP)).tcp(DatapathBench.EST_PORT, 80);
        return (syn ? b.syn().seq(1000) : b.ack().seq(1001).ackNumber(5001)).build();
    }

    /** Establishes the flow. */
    static void prime(Group g, BenchNetns ns, Datapath dp) {
        byte[] f = tcp(ns, true);
        TestRun r = dp.xdp().testRun(f, BenchNetns.xdpContext(f.length, ns.clientIfindex), 1);
        XdpAction want = g.fib() ? XdpAction.REDIRECT : XdpAction.PASS;
        if (r.xdpAction() != want) {
            throw new DatapathBench.BenchFailure("priming a full-NAT flow: verdict " + r.xdpAction() + ", want " + want);
        }
    }

    static List<Case> cases(Group g, BenchNetns ns, Datapath dp, RouteEngine engine) {
        boolean fib = g.fib();
        XdpAction fwd = fib ? XdpAction.REDIRECT : XdpAction.PASS;
        GlobalCounter fwdCounter = fib ? GlobalCounter.REDIRECT : GlobalCounter.TO_STACK;
        int ttl = fib ? 63 : 64;
        InetAddress client = InetAddress.ofLiteral(DatapathBench.CLIENT);
        Backend b = engine.backendFor(VIP, client, DatapathBench.EST_PORT, 80).orElseThrow();
        String backend = b.address().getHostAddress();
        FlowKey flow = new FlowKey(client, VIP.address(), DatapathBench.EST_PORT, 80, 6);
        // Primed after this (DatapathBench.prime) into an empty nat_ports: the first probe wins.
        InetSocketAddress s = FNAT.slot(FullNat.hash(flow, dp.sizing().hashSeed()), 0, false);

        byte[] est = tcp(ns, false);
        MacAddress src = fib ? ns.backendSideMac : BenchNetns.CLIENT_MAC;
        MacAddress dst = fib ? BenchNetns.GATEWAY_MAC : ns.clientSideMac;
        byte[] estOut = Packet.builder().ethernet(src, dst).ipv4(ADDRESS, backend).ttl(ttl)
                .tcp(s.getPort(), b.port()).ack().seq(1001).ackNumber(5001).build();
        byte[] reply = Packet.builder().ethernet(BenchNetns.GATEWAY_MAC, ns.backendSideMac).ipv4(backend, ADDRESS)
                .tcp(b.port(), s.getPort()).ack().seq(5001).ackNumber(1001).build();
        MacAddress replySrc = fib ? ns.clientSideMac : BenchNetns.GATEWAY_MAC;
        MacAddress replyDst = fib ? BenchNetns.CLIENT_MAC : ns.backendSideMac;
        byte[] replyOut = Packet.builder().ethernet(replySrc, replyDst).ipv4(DatapathBench.host(VIP), DatapathBench.CLIENT)
                .ttl(ttl).tcp(80, DatapathBench.EST_PORT).ack().seq(5001).ackNumber(1001).build();
        return List.of(
                new Case("fnat", "established TCP, full NAT (flow hit, both endpoints rewritten)", dp.xdp(), true, est,
                        BenchNetns.xdpContext(est.length, ns.clientIfindex), Harness.SAME, fwd, estOut,
                        Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.FLOW_HIT, 1, fwdCounter, 1), false, "—"),
                new Case("fnatreply", "reply to the full-NAT address (nat_ports hit)", dp.xdp(), true, reply,
                        BenchNetns.xdpContext(reply.length, ns.backendIfindex), Harness.SAME, fwd, replyOut,
                        Map.of(GlobalCounter.PACKETS, 1, GlobalCounter.REPLY, 1, fwdCounter, 1), false, "—"));
    }
}
