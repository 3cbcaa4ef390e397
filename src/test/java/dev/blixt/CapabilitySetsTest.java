package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opening a data plane under each relevant capability set: a child JVM ({@link CapsChild}) started with
 * {@code ip netns exec <ns> setpriv --inh-caps=… --ambient-caps=… --bounding-set=…} opens a data plane on a
 * veth of a namespace this test created. What loads and what is refused, with which capabilities named, is
 * what the kernel really needs (measured on 6.18): CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN, or CAP_SYS_ADMIN.
 */
@Privileged
class CapabilitySetsTest {
    static TestNetns net;

    @BeforeAll
    static void up() {
        net = TestNetns.create();
    }

    @AfterAll
    static void down() {
        if (net != null) net.close();
    }

    /** Runs the child with exactly {@code caps} (setpriv names, e.g. {@code bpf}) and returns its output. */
    static String openWith(String... caps) throws Exception {
        StringBuilder set = new StringBuilder("-all");
        for (String c : caps) set.append(",+").append(c);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Path.of(Dataplane.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                + Path.of(CapsChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(List.of("ip", "netns", "exec", net.nsA(), "setpriv", "--inh-caps=" + set,
                "--ambient-caps=" + set, "--bounding-set=" + set, java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                CapsChild.class.getName(), net.vethA())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("child finished within 60 s: %s", out).isTrue();
        assertThat(out).as("the child's outcome").containsPattern("(?m)^(OPENED|FAILED) ");
        return out;
    }

    @Test
    void bpfAndNetAdminWithoutPerfmonIsRefusedNamingPerfmon() throws Exception {
        assertThat(openWith("bpf", "net_admin")).contains("FAILED DataplaneException: not permitted to load the data"
                + " plane: the process lacks CAP_PERFMON (it has CAP_BPF, CAP_NET_ADMIN)").contains("Grant CAP_PERFMON")
                .doesNotContain("libbpf");
    }

    @Test
    void bpfNetAdminAndPerfmonLoadAndAttach() throws Exception {
        assertThat(openWith("bpf", "net_admin", "perfmon")).contains("OPENED " + net.vethA() + ":");
    }

    @Test
    void sysAdminAloneLoadsAndAttaches() throws Exception {
        assertThat(openWith("sys_admin")).contains("OPENED " + net.vethA() + ":");
    }

    @Test
    void sysAdminWithNetAdminLoadsAndAttaches() throws Exception {
        assertThat(openWith("sys_admin", "net_admin")).contains("OPENED " + net.vethA() + ":");
    }

    @Test
    void netAdminAloneIsRefusedNamingBpfAndPerfmon() throws Exception {
        assertThat(openWith("net_admin")).contains("not permitted to load the data plane: the process lacks CAP_BPF and"
                + " CAP_PERFMON (it has CAP_NET_ADMIN)");
    }

    @Test
    void bpfAndPerfmonWithoutNetAdminIsRefusedNamingNetAdmin() throws Exception {
        assertThat(openWith("bpf", "perfmon")).contains("not permitted to load the data plane: the process lacks"
                + " CAP_NET_ADMIN (it has CAP_BPF, CAP_PERFMON)");
    }

    @Test
    void noCapabilitiesIsRefusedNamingAllThree() throws Exception {
        assertThat(openWith()).contains("not permitted to load the data plane: the process lacks CAP_BPF and"
                + " CAP_PERFMON and CAP_NET_ADMIN (it has none");
    }
}
