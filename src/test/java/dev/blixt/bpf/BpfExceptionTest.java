package dev.blixt.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.blixt.error.DataplaneException;

class BpfExceptionTest {

    @Test
    void permissionErrorsSayHowToGetThePrivileges() {
        BpfException e = new BpfException("creating map 'flows'", -1);
        assertThat(e).isInstanceOf(DataplaneException.class);
        assertThat(e.errno()).isEqualTo(1);
        assertThat(e.errnoName()).isEqualTo("EPERM");
        assertThat(e.getMessage()).startsWith("creating map 'flows': EPERM (")
                .endsWith("run as root or grant CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN");
        assertThat(new BpfException("x", 13).getMessage()).contains("EACCES").contains("CAP_BPF");
    }

    /** libbpf's RLIMIT_MEMLOCK advice is dropped from load errors: since 5.11 memlock is not what limits BPF. */
    @Test
    void loadErrorsCarryNoMemlockAdvice() {
        String libbpf = "Failed to bump RLIMIT_MEMLOCK (err = -1), you might need to do it explicitly!; Error in"
                + " bpf_object__probe_loading():Operation not permitted(1). Couldn't load trivial BPF program. Make sure"
                + " your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough"
                + " value.; failed to load object 'blixt'";
        assertThat(OpenObject.withoutMemlockAdvice(libbpf)).isEqualTo("Error in bpf_object__probe_loading():Operation"
                + " not permitted(1). Couldn't load trivial BPF program.; failed to load object 'blixt'");
        assertThat(OpenObject.withoutMemlockAdvice("map 'flows': failed to create")).isEqualTo("map 'flows': failed to create");
        assertThat(OpenObject.withoutMemlockAdvice("")).isEmpty();
    }

    @Test
    void carriesLibbpfsDescription() {
        BpfException e = new BpfException("loading", 2);
        assertThat(e.errnoName()).isEqualTo("ENOENT");
        assertThat(e.libbpfMessage()).isNotBlank();
        assertThat(e.getMessage()).contains("(" + e.libbpfMessage() + ")");
    }

    @Test
    void aSpecificHintReplacesTheGenericOne() {
        BpfException e = new BpfException("attaching to eth9", 19, "no interface named 'eth9'");
        assertThat(e.getMessage()).endsWith("; no interface named 'eth9'").doesNotContain("no such network interface");
        assertThat(new BpfException("attaching", 19).getMessage()).contains("no such network interface");
    }

    @Test
    void loadExceptionsKeepTheTailOfTheVerifierLog() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            log.append("line ").append(i).append('\n');
        }
        BpfLoadException e = new BpfLoadException("loading 'x'", 13, "verifier", log.toString());
        assertThat(e.verifierLog().lines()).hasSize(BpfLoadException.LOG_TAIL_LINES)
                .first().isEqualTo("line " + (100 - BpfLoadException.LOG_TAIL_LINES + 1));
        assertThat(e.verifierLog()).endsWith("line 100");
        assertThat(e).isInstanceOf(BpfException.class);
    }

    @Test
    void enumsMapKernelValues() {
        assertThat(MapType.of(9)).isEqualTo(MapType.LRU_HASH);
        assertThat(MapType.of(6).isPerCpu()).isTrue();
        assertThat(MapType.of(1).isPerCpu()).isFalse();
        assertThat(MapType.of(999)).isEqualTo(MapType.UNKNOWN);
        assertThat(MapType.ARRAY.id()).isEqualTo(2);
        assertThat(ProgramType.of(6)).isEqualTo(ProgramType.XDP);
        assertThat(ProgramType.of(3)).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(ProgramType.of(-3)).isEqualTo(ProgramType.UNKNOWN);
        assertThat(XdpAction.of(3)).isEqualTo(XdpAction.TX);
        assertThat(XdpAction.PASS.code()).isEqualTo(2);
        assertThat(TcAction.name(TcAction.SHOT)).isEqualTo("SHOT");
        assertThat(TcAction.name(42)).isEqualTo("UNKNOWN(42)");
        assertThat(UpdateFlag.NO_EXIST.flag()).isEqualTo(1);
    }
}
