package dev.blixt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.blixt.testing.Privileged;

class InspectTest {

    private static Path testObject() throws URISyntaxException {
        return Path.of(InspectTest.class.getResource("/bpf/toolkit_test.bpf.o").toURI());
    }

    @Test
    void printsAlignedTables() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Inspect.table(List.of(List.of("NAME", "N"), List.of("a", "10"), List.of("longer", "2")),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("NAME     N\na       10\nlonger   2\n");
    }

    @Test
    void aMissingLibbpfIsAClearErrorNamingThePackage() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dblixt.libbpf=/nonexistent/libbpf.so.1",
                "-cp", System.getProperty("java.class.path"), Inspect.class.getName(), testObject().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("libbpf is not installed").contains("/nonexistent/libbpf.so.1")
                .contains("'libbpf1' (>= 1.0)").contains("RHEL");
    }

    @Test
    @Privileged
    void loadsAnObjectWithSmallMapsAndListsProgramsAndMaps() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = Inspect.run(true, testObject().toString(), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(out).contains("BPF object 'toolkit_test'").contains("loaded")
                .containsPattern("PROGRAM +TYPE +SECTION +INSNS")
                .containsPattern("tc_swap +sched_cls +tc +\\d+")
                .containsPattern("MAP +TYPE +KEY +VALUE +MAX_ENTRIES")
                .containsPattern("lru_map +lru_hash +8 +16 +128");
    }
}
