package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.blixt.testing.Privileged;

@Privileged
class ProgramTest {

    BpfObject obj;

    @BeforeEach
    void load() {
        obj = TestObjects.load();
    }

    @AfterEach
    void close() {
        obj.close();
    }

    @Test
    void xdpTestRunReturnsTheVerdictAndTheExactOutput() {
        byte[] frame = TestObjects.frame();
        TestRun run = obj.program("xdp_swap").testRun(frame, 1);
        assertThat(run.xdpAction()).isEqualTo(XdpAction.TX);
        assertThat(run.output()).isEqualTo(TestObjects.swapped(frame));
        assertThat(run.durationNanos()).isNotNegative();
    }

    @Test
    void repeatedRunsSeeTheirOwnOutput() {
        byte[] frame = TestObjects.frame();
        // an even number of swaps gives the frame back
        assertThat(obj.program("xdp_swap").testRun(frame, 2).output()).isEqualTo(frame);
        assertThat(obj.program("xdp_swap").testRun(frame, 3).output()).isEqualTo(TestObjects.swapped(frame));
    }

    @Test
    void tcTestRunReturnsTheVerdictAndTheExactOutput() {
        byte[] frame = TestObjects.frame();
        TestRun run = obj.program("tc_swap").testRun(frame, 1);
        assertThat(run.verdict()).isEqualTo(TcAction.OK);
        assertThat(run.output()).isEqualTo(TestObjects.swapped(frame));
        assertThat(obj.map("array_map", Codec.u32(), Codec.u64()).get(1)).contains(1L);
    }

    @Test
    void framesShorterThanAnEthernetHeaderAreRefused() {
        assertThatThrownBy(() -> obj.program("xdp_swap").testRun(new byte[13], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 14 bytes").hasMessageContaining("13");
        assertThatThrownBy(() -> obj.program("tc_swap").testRun(new byte[0], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> obj.program("xdp_swap").testRun(TestObjects.frame(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
    }

    @Test
    void theKernelsRefusalOfAContextIsExplained() {
        // struct xdp_md {data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex}:
        // a test run must not set egress_ifindex.
        byte[] ctx = new byte[24];
        ctx[4] = 64; // data_end
        ctx[20] = 1; // egress_ifindex
        assertThatThrownBy(() -> obj.program("xdp_swap").testRun(TestObjects.frame(), ctx, 1))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errnoName()).isEqualTo("EINVAL"))
                .hasMessageContaining("xdp_swap").hasMessageContaining("64-byte").hasMessageContaining("not valid");
    }

    @Test
    void aValidContextIsPassedToTheProgram() {
        byte[] ctx = new byte[24];
        ctx[4] = 64; // data_end = the frame's length
        TestRun run = obj.program("xdp_swap").testRun(TestObjects.frame(), ctx, 1);
        assertThat(run.output()).isEqualTo(TestObjects.swapped(TestObjects.frame()));
    }

    @Test
    void minimalFramesWork() {
        byte[] frame = new byte[14];
        frame[0] = 1;
        frame[6] = 2;
        TestRun run = obj.program("xdp_swap").testRun(frame, 1);
        assertThat(run.output()).hasSize(14);
        assertThat(run.output()[0]).isEqualTo((byte) 2);
        assertThat(run.output()[6]).isEqualTo((byte) 1);
    }

    @Test
    void testRunResultsAreValueObjects() {
        TestRun a = new TestRun(3, new byte[] {1, 2}, 5);
        assertThat(a).isEqualTo(new TestRun(3, new byte[] {1, 2}, 5)).hasSameHashCodeAs(new TestRun(3, new byte[] {1, 2}, 5));
        assertThat(a.toString()).contains("0102");
        assertThatThrownBy(() -> new TestRun(0, new byte[0], -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        byte[] out = a.output();
        out[0] = 9;
        assertThat(a.output()[0]).isEqualTo((byte) 1);
    }
}
