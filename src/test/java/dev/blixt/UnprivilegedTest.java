package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.error.DataplaneException;
import dev.blixt.testing.Privileged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Opening a data plane without privileges fails with one clear message naming the capabilities.
 * Runs a child JVM as user nobody with no capabilities (needs root to switch user).
 */
@Privileged
class UnprivilegedTest {
    /** The child's entry point: tries to open a data plane on lo and prints the outcome. */
    public static void main(String[] args) {
        try (Dataplane dp = Dataplane.open(DataplaneConfig.builder().interfaces("lo").maxVips(1).ringSize(251)
                .flowTableSize(1024).build())) {
            System.out.println("OPENED " + dp);
        } catch (DataplaneException e) {
            System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Test
    void withoutCapabilitiesTheMessageNamesEveryMissingCapability() throws Exception {
        Path dir = Files.createTempDirectory("blixt-unpriv", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            copyTree(Path.of("target/classes"), dir.resolve("classes"));
            copyTree(Path.of("target/test-classes/dev/blixt"), dir.resolve("test/dev/blixt"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    dir.resolve("classes") + ":" + dir.resolve("test"), UnprivilegedTest.class.getName()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("FAILED DataplaneException: not permitted to load the data plane").contains("lacks CAP_BPF and CAP_PERFMON and CAP_NET_ADMIN");
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
