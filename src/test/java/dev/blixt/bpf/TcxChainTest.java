package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.Vip;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.Test;

/**
 * The data plane on tcx shares the hook: packets that are not its own go on to the programs attached
 * after it (TC_ACT_UNSPEC is TCX_NEXT), so another tool's tc program on the same interface keeps working.
 */
@Privileged
class TcxChainTest {

    @Test
    void packetsThatAreNotOursReachTheNextTcxProgram() throws Exception {
        try (TestNetns net = TestNetns.create(); BpfObject other = TestObjects.load();
                Dataplane dp = Dataplane.open(net.dataplaneConfig().build())) {
            dp.route(Vip.tcp("203.0.113.10", 80)).to(Backend.of(net.addressB(), 8080));
            assertThat(dp.attachments().getFirst().mechanism()).isEqualTo("tcx link");
            BpfMap<Integer, Long> counts = other.map("array_map", Codec.u32(), Codec.u64());
            try (TcxAttachment after = NetNamespace.callIn(net.nsA(), () -> other.program("tc_swap")
                    .attachTcx(NetworkInterface.getByName(net.vethA()).getIndex(), TcDirection.INGRESS))) {
                // 3 datagrams from B to A's own address: not for a VIP, so ours passes them on (the test
                // program swaps their MACs, so the stack drops them afterwards: only the count matters)
                NetNamespace.callIn(net.nsB(), () -> {
                    try (DatagramSocket s = new DatagramSocket()) {
                        for (int i = 0; i < 3; i++) {
                            s.send(new DatagramPacket(new byte[8], 8, InetAddress.ofLiteral(net.addressA()), 9));
                        }
                    }
                    return null;
                });
                Thread.sleep(200);
                assertThat(counts.get(1).orElse(0L)).as("packets the next tcx program saw").isGreaterThanOrEqualTo(3);
                assertThat(after.programId()).isNotEqualTo(dp.attachments().getFirst().programId());
            }
        }
    }
}
