package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer application builds and runs against the library jar alone, as a user's would: as a named
 * module ({@code requires dev.blixt;}) on the module path, and as plain classes on the class path. Only
 * the library's jar (made from {@code target/classes}, as the build's jar is) is given: the optional
 * jspecify annotations must not be needed by anyone who uses the library.
 */
class ConsumerBuildTest {

    /** The consumer's code: uses the API's value types and configuration, which needs no privileges. */
    private static final String MAIN_BODY = """
                public static void main(String[] args) {
                    dev.blixt.Vip vip = dev.blixt.Vip.tcp("203.0.113.10", 80);
                    dev.blixt.Backend b = dev.blixt.Backend.of("10.1.0.2", 8080).weight(3);
                    dev.blixt.DataplaneConfig c = dev.blixt.DataplaneConfig.builder().interfaces("lo").build();
                    System.out.println("CONSUMER OK " + vip + " -> " + b + " pin=" + c.pinPath().isPresent()
                            + " module=" + Main.class.getModule().getName()
                            + " blixt=" + dev.blixt.Vip.class.getModule().getName());
                }
            """;

    @TempDir
    Path tmp;

    @Test
    void aNamedModuleRequiringDevBlixtCompilesAndRunsWithOnlyTheJarOnTheModulePath() throws Exception {
        Path jar = libraryJar();
        Path src = tmp.resolve("src/app");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), "module app {\n    requires dev.blixt;\n}\n");
        Files.writeString(src.resolve("app/Main.java"), "package app;\n\npublic final class Main {\n" + MAIN_BODY + "}\n");
        Path out = tmp.resolve("mods/app");
        javac("--module-path", jar.toString(), "-d", out.toString(), src.resolve("module-info.java").toString(),
                src.resolve("app/Main.java").toString());

        String run = java("--module-path", jar + ":" + out, "--enable-native-access=dev.blixt", "-m", "app/app.Main");
        assertThat(run).contains("CONSUMER OK tcp://203.0.113.10:80").contains("module=app").contains("blixt=dev.blixt");
    }

    @Test
    void aClassPathApplicationCompilesAndRunsWithOnlyTheJarOnTheClassPath() throws Exception {
        Path jar = libraryJar();
        Path src = tmp.resolve("src/cp/app");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Main.java"), "package app;\n\npublic final class Main {\n" + MAIN_BODY + "}\n");
        Path out = tmp.resolve("classes");
        javac("-cp", jar.toString(), "-d", out.toString(), src.resolve("Main.java").toString());

        String run = java("-cp", jar + ":" + out, "--enable-native-access=ALL-UNNAMED", "app.Main");
        // On the class path both the application and the library are in the unnamed module.
        assertThat(run).contains("CONSUMER OK tcp://203.0.113.10:80").contains("module=null").contains("blixt=null");
    }

    /** Packs target/classes into a jar, as the build's jar plugin does (module-info included). */
    private Path libraryJar() throws IOException {
        Path classes = Path.of("target/classes");
        assertThat(classes.resolve("module-info.class")).as("the library is compiled").exists();
        Path jar = tmp.resolve("lib/blixt.jar");
        Files.createDirectories(jar.getParent());
        tool("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        return jar;
    }

    private static void javac(String... args) {
        List<String> all = new ArrayList<>(List.of("--release", "25", "-Xlint:all", "-Werror"));
        all.addAll(List.of(args));
        tool("javac", all.toArray(String[]::new));
    }

    private static void tool(String name, String... args) {
        ToolProvider tool = ToolProvider.findFirst(name)
                .orElseThrow(() -> new AssertionError("the running JDK has no " + name + " tool: run the tests on a JDK"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            int rc = tool.run(ps, ps, args);
            assertThat(rc).as(name + " " + String.join(" ", args) + " said:\n" + buf.toString(StandardCharsets.UTF_8))
                    .isZero();
        }
    }

    private static String java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the consumer finishes").isTrue();
        assertThat(p.exitValue()).as("the consumer's exit code; it printed:\n" + out).isZero();
        return out;
    }
}
