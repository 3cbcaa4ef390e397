package dev.blixt.internal.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of {@code CapEff} and the missing-capability rules, without touching the test's own capabilities. */
class CapabilitiesTest {
    static final Capabilities.Kernel NOW = Capabilities.Kernel.CURRENT;
    static final Capabilities.Kernel OLD = new Capabilities.Kernel(false, false);
    static final Capabilities.Kernel NO_TCX = new Capabilities.Kernel(true, false);

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
        assertThat(Capabilities.missing(set(12, 38, 39), NOW)).isEmpty();
        assertThat(Capabilities.missing(set(12, 21), NOW)).isEmpty();
        assertThat(Capabilities.missing(0x1ffffffffffL, NOW)).isEmpty();
    }

    @Test
    void namesExactlyTheMissingOnes() {
        assertThat(Capabilities.missing(set(12, 39), NOW)).containsExactly("CAP_PERFMON");
        assertThat(Capabilities.missing(set(12), NOW)).containsExactly("CAP_BPF", "CAP_PERFMON");
        assertThat(Capabilities.missing(set(38, 39), NOW)).containsExactly("CAP_NET_ADMIN");
        assertThat(Capabilities.missing(set(21), NOW)).isEmpty();
        assertThat(Capabilities.missing(0, NOW)).containsExactly("CAP_BPF", "CAP_PERFMON", "CAP_NET_ADMIN");
    }

    @Test
    void beforeCapBpfOnlySysAdminLoads() {
        assertThat(Capabilities.missing(set(12, 38, 39), OLD)).containsExactly("CAP_SYS_ADMIN");
        assertThat(Capabilities.missing(set(12, 21), OLD)).isEmpty();
        assertThat(Capabilities.missing(set(12), OLD)).containsExactly("CAP_SYS_ADMIN");
    }

    @Test
    void withoutTcxSysAdminNeedsNetAdminForTheClsactFilter() {
        assertThat(Capabilities.missing(set(21), NO_TCX)).containsExactly("CAP_NET_ADMIN");
        assertThat(Capabilities.missing(set(12, 21), NO_TCX)).isEmpty();
        assertThat(Capabilities.missing(set(12, 38, 39), NO_TCX)).isEmpty();
        assertThat(Capabilities.refusal(set(21), NO_TCX)).hasValueSatisfying(m -> assertThat(m)
                .contains("(or CAP_SYS_ADMIN and CAP_NET_ADMIN)"));
    }

    @Test
    void kernelReleasesCompare() {
        assertThat(Capabilities.atLeast("6.18.0-1-amd64", 6, 6)).isTrue();
        assertThat(Capabilities.atLeast("6.6.0", 6, 6)).isTrue();
        assertThat(Capabilities.atLeast("6.1.0-28-cloud-amd64", 6, 6)).isFalse();
        assertThat(Capabilities.atLeast("5.15.0-91-generic", 6, 6)).isFalse();
        assertThat(Capabilities.atLeast("7.0", 6, 6)).isTrue();
        assertThat(Capabilities.atLeast("6.10rc1", 6, 6)).isTrue();
    }

    @Test
    void theRefusalSaysWhatIsMissingWhatIsThereAndWhatToDo() {
        assertThat(Capabilities.refusal(set(12, 39), NOW)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the process lacks CAP_PERFMON (it has CAP_BPF, CAP_NET_ADMIN)")
                .contains("Grant CAP_PERFMON").contains("run as root"));
        assertThat(Capabilities.refusal(0, NOW)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the process lacks CAP_BPF and CAP_PERFMON and CAP_NET_ADMIN (it has none"));
        assertThat(Capabilities.refusal(set(12, 38, 39), NOW)).isEmpty();
    }

    @Test
    void aRefusedLoadWithEnoughCapabilitiesDoesNotAskForThem() {
        assertThat(Capabilities.adviceForRefusedLoad(set(12, 38, 39), NOW))
                .startsWith("the process already has CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN, so capabilities are not the cause")
                .contains("LSM").doesNotContain("grant").doesNotContain("Grant");
        assertThat(Capabilities.adviceForRefusedLoad(set(12, 39), NOW)).startsWith("the process lacks CAP_PERFMON");
    }

    @Test
    void readsTheRunningProcessesSet() {
        assertThat(Capabilities.effective()).isPresent();
    }
}
