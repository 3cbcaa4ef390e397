package dev.blixt.internal.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of {@code CapEff} and the missing-capability rules, without touching the test's own capabilities. */
class CapabilitiesTest {
    static long set(int... caps) {
        long s = 0;
        for (int c : caps) s |= 1L << c;
        return s;
    }

    @Test
    void parsesTheEffectiveLineOfProcStatus() {
        String status = "Name:\tjava\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
                + "CapEff:\t000000c000001000\nCapBnd:\t000001ffffffffff\n";
        long eff = Capabilities.parseEffective(status);
        assertThat(eff).isEqualTo(set(Capabilities.CAP_NET_ADMIN, Capabilities.CAP_PERFMON, Capabilities.CAP_BPF));
        assertThat(Capabilities.parseEffective("CapEff:\t000001ffffffffff")).isEqualTo(0x1ffffffffffL);
    }

    @Test
    void refusesAStatusWithoutACapEffLine() {
        assertThatThrownBy(() -> Capabilities.parseEffective("Name:\tjava\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no CapEff");
        assertThatThrownBy(() -> Capabilities.parseEffective("CapEff:\tzz\n")).hasMessageContaining("'zz'");
    }

    @Test
    void bpfNetAdminAndPerfmonOrSysAdminAreEnough() {
        assertThat(Capabilities.missing(set(12, 38, 39), true)).isEmpty();
        assertThat(Capabilities.missing(set(12, 21), true)).isEmpty();
        assertThat(Capabilities.missing(0x1ffffffffffL, true)).isEmpty();
    }

    @Test
    void namesExactlyTheMissingOnes() {
        assertThat(Capabilities.missing(set(12, 39), true)).containsExactly("CAP_PERFMON");
        assertThat(Capabilities.missing(set(12), true)).containsExactly("CAP_BPF", "CAP_PERFMON");
        assertThat(Capabilities.missing(set(38, 39), true)).containsExactly("CAP_NET_ADMIN");
        assertThat(Capabilities.missing(set(21), true)).isEmpty();
        assertThat(Capabilities.missing(0, true)).containsExactly("CAP_BPF", "CAP_PERFMON", "CAP_NET_ADMIN");
    }

    @Test
    void beforeCapBpfOnlySysAdminLoads() {
        assertThat(Capabilities.missing(set(12, 38, 39), false)).containsExactly("CAP_SYS_ADMIN");
        assertThat(Capabilities.missing(set(12, 21), false)).isEmpty();
        assertThat(Capabilities.missing(set(12), false)).containsExactly("CAP_SYS_ADMIN");
    }

    @Test
    void theRefusalSaysWhatIsMissingWhatIsThereAndWhatToDo() {
        assertThat(Capabilities.refusal(set(12, 39), true)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the process lacks CAP_PERFMON (it has CAP_BPF, CAP_NET_ADMIN)")
                .contains("Grant CAP_PERFMON").contains("run as root"));
        assertThat(Capabilities.refusal(0, true)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the process lacks CAP_BPF and CAP_PERFMON and CAP_NET_ADMIN (it has none"));
        assertThat(Capabilities.refusal(set(12, 38, 39), true)).isEmpty();
    }

    @Test
    void aRefusedLoadWithEnoughCapabilitiesDoesNotAskForThem() {
        assertThat(Capabilities.adviceForRefusedLoad(set(12, 38, 39), true))
                .startsWith("the process already has CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN, so capabilities are not the cause")
                .contains("LSM").doesNotContain("grant").doesNotContain("Grant");
        assertThat(Capabilities.adviceForRefusedLoad(set(12, 39), true)).startsWith("the process lacks CAP_PERFMON");
    }

    @Test
    void readsTheRunningProcessesSet() {
        assertThat(Capabilities.effective()).isPresent();
    }
}
