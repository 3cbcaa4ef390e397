package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.bpf.TestRun;
import dev.blixt.bpf.XdpAction;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.datapath.GlobalCounter;
import dev.blixt.packet.MacAddress;
import dev.blixt.packet.Packet;
import dev.blixt.packet.PacketBuilder;
import dev.blixt.packet.ParsedPacket;
import java.util.List;

/**
 * The data path loaded for program tests: small maps, no attachment, frames through
 * BPF_PROG_TEST_RUN. Forwarding is left to the kernel (no FIB lookup) unless asked, so that
 * verdicts do not depend on the test machine's routes.
 */
final class DatapathFixture implements AutoCloseable {
    static final MacAddress CLIENT_MAC = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress LB_MAC = MacAddress.parse("02:00:00:00:00:02");
    static final int RING = 251;
    static final int SEED = 0x5eed;
    /** The ifindex of lo in every network namespace: XDP test runs without a context arrive there. */
    static final int LOOPBACK_IFINDEX = 1;

    final Datapath dp;
    final RouteEngine engine;

    DatapathFixture(int options, long udpTimeoutNs) {
        this(new Datapath.Sizing(8, 64, RING, 4096, SEED, udpTimeoutNs, options));
    }

    DatapathFixture(Datapath.Sizing sizing) {
        this.dp = Datapath.load(sizing, null);
        this.engine = new RouteEngine(dp);
        // Test runs without a context come in on lo: XDP_TX (echo replies) goes out there.
        dp.markXdpSafe(LOOPBACK_IFINDEX, true);
    }

    /** Echo on, fragments dropped, no FIB, 30 s UDP timeout. */
    static DatapathFixture open() {
        return new DatapathFixture(Datapath.OPT_ICMP_ECHO | Datapath.OPT_NO_FIB, 30_000_000_000L);
    }

    Route route(Vip vip, Backend... backends) {
        return engine.apply(vip, List.of(backends));
    }

    TestRun xdp(byte[] frame) {
        return dp.xdp().testRun(frame, 1);
    }

    TestRun tc(byte[] frame) {
        return dp.tc().testRun(frame, 1);
    }

    long counter(GlobalCounter c) {
        return dp.globalCounters()[c.ordinal()];
    }

    /** A frame from the client side, addressed to the LB's MAC. */
    static PacketBuilder fromClient() {
        return Packet.builder().ethernet(CLIENT_MAC, LB_MAC);
    }

    /** Asserts verdict and byte-exact output, and that the output's checksums verify from scratch. */
    static ParsedPacket assertOutput(TestRun run, XdpAction verdict, byte[] expected) {
        assertThat(run.xdpAction()).as("verdict").isEqualTo(verdict);
        assertThat(run.output()).as(() -> Packet.diff(expected, run.output())).isEqualTo(expected);
        ParsedPacket p = Packet.parse(run.output());
        assertThat(p.checksumErrors()).as("checksums of the output").isEmpty();
        return p;
    }

    @Override
    public void close() {
        dp.close();
    }
}
