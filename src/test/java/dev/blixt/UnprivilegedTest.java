package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.error.DataplaneException;
import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opening a data plane without privileges fails with one clear message naming the capabilities.
 * Runs a child JVM as user nobody with no capabilities (needs root to switch user).
 */
@Privileged
class UnprivilegedTest {
    /** The child's entry point: tries to open a data plane on lo (with the pin path {@code args[0]} if given) and prints the outcome. */
    public static void main(String[] args) {
        DataplaneConfig.Builder b = DataplaneConfig.builder().interfaces("lo").maxVips(1).ringSize(251).flowTableSize(1024);
        if (args.length > 0) b.pinPath(Path.of(args[0]));
        try (Dataplane dp = Dataplane.open(b.build())) {
            System.out.println("OPENED " + dp);
        } catch (DataplaneException e) {
            System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Test
    void withoutCapabilitiesTheMessageNamesEveryMissingCapability() throws Exception {
        String out = runChild(List.of());
        assertThat(out).contains("FAILED DataplaneException: not permitted to load the data plane").contains("lacks CAP_BPF and CAP_PERFMON and CAP_NET_ADMIN");
    }

    /**
     * In a user namespace the process has every capability, yet the kernel refuses BPF: the open fails with
     * what may be the cause (no RLIMIT_MEMLOCK advice: memory is charged to the cgroup since 5.11), and the pin
     * directories it created, parents included, are gone afterwards.
     */
    @Test
    void aRefusedOpenInAUserNamespaceRemovesThePinDirectoriesItCreatedAndGivesNoMemlockAdvice() throws Exception {
        TestPins.ensureBpffs();
        Path top = Path.of("/sys/fs/bpf", TestPins.PREFIX + ProcessHandle.current().pid() + "-unpriv");
        try {
            String out = runChild(List.of("unshare", "-Ur"), top.resolve("sub").resolve("dp").toString());
            Assumptions.assumeFalse(out.startsWith("unshare:"), "unprivileged user namespaces are off here: " + out);
            assertThat(out).contains("FAILED DataplaneException: not permitted to load the data plane")
                    .contains("user namespace").doesNotContain("RLIMIT_MEMLOCK").doesNotContain("ulimit");
            assertThat(top).as("nothing the failed open created is left").doesNotExist();
        } finally {
            if (Files.exists(top)) Cmd.exec("rm", "-r", top.toString());
        }
    }

    /** Runs {@link #main} as user nobody without capabilities, through {@code wrapper} (may be empty). */
    private static String runChild(List<String> wrapper, String... args) throws Exception {
        Path dir = Files.createTempDirectory("blixt-unpriv", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            copyTree(Path.of("target/classes"), dir.resolve("classes"));
            copyTree(Path.of("target/test-classes/dev/blixt"), dir.resolve("test/dev/blixt"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all"));
            cmd.addAll(wrapper);
            cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    dir.resolve("classes") + ":" + dir.resolve("test"), UnprivilegedTest.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("child finished within 60 s: %s", out).isTrue();
            return out;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : s.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) Files.createDirectories(dst);
                else Files.copy(src, dst);
                Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString(
                        Files.isDirectory(src) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
