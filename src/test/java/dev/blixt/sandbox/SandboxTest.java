package dev.blixt.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SandboxTest {

    @Test
    void builderValidatesEachValueAndRefusesASecondOne() {
        assertThatThrownBy(() -> Sandbox.builder().backends(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> Sandbox.builder().backends(251)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sandbox.builder().backends(2).backends(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already set to 2");
        assertThatThrownBy(() -> Sandbox.builder().prefix("-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-x'");
        assertThatThrownBy(() -> Sandbox.builder().prefix("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sandbox.builder().prefix("x".repeat(41))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sandbox.builder().tuneForNativeXdp().tuneForNativeXdp())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Sandbox.cleanLeftovers("bad prefix")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vipAddressesComeFromTheDocumentationRanges() {
        assertThat(Sandbox.ipv4Vip(10).getHostAddress()).isEqualTo("203.0.113.10");
        assertThat(Sandbox.ipv6Vip(0x10).getHostAddress()).isEqualTo("2001:db8:f:0:0:0:0:10");
        assertThat(Sandbox.ipv6Vip(0xabcd).getHostAddress()).isEqualTo("2001:db8:f:0:0:0:0:abcd");
        assertThatThrownBy(() -> Sandbox.ipv4Vip(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sandbox.ipv4Vip(255)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sandbox.ipv6Vip(0x10000)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Tests that create namespaces. */
    @Nested
    @Privileged
    class WithNamespaces {

        static List<String> namespaces() {
            return List.of(Cmd.run("ip", "netns", "list").split("\n")).stream().map(l -> l.split(" ")[0]).toList();
        }

        static long inode(Path p) throws Exception {
            return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
        }

        static long threadNetns() throws Exception {
            return inode(Path.of("/proc/thread-self/ns/net"));
        }

        @Test
        void buildsTheTopologyAndRemovesItOnClose() throws Exception {
            Sandbox sb = Sandbox.builder().backends(2).prefix("blixt-sbt").build();
            try {
                String pid = Long.toString(ProcessHandle.current().pid());
                assertThat(sb.id()).startsWith("blixt-sbt-" + pid + "-");
                assertThat(namespaces()).contains(sb.id() + "-c", sb.id() + "-lb", sb.id() + "-b0", sb.id() + "-b1");
                assertThat(sb.lbInterfaces()).containsExactly("veth-client", "veth-b0", "veth-b1");
                assertThat(sb.dataplaneConfig().build().interfaces()).isEqualTo(sb.lbInterfaces());
                assertThat(sb.client().ipv4().getHostAddress()).isEqualTo("198.18.0.2");
                assertThat(sb.lb().ipv4().getHostAddress()).isEqualTo("198.18.0.1");
                assertThat(sb.backend(1).ipv4().getHostAddress()).isEqualTo("198.18.2.2");
                assertThat(sb.backend(1).ipv6().getHostAddress()).isEqualTo("2001:db8:0:2:0:0:0:2");
                assertThat(sb.backends()).hasSize(2);

                assertThat(sb.lb().exec("cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
                assertThat(sb.lb().exec("cat", "/proc/sys/net/ipv6/conf/all/forwarding").strip()).isEqualTo("1");
                assertThat(sb.client().exec("cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("0");
                assertThat(sb.client().exec("ip", "route")).contains("203.0.113.0/24 via 198.18.0.1 dev eth0");
                assertThat(sb.client().exec("ip", "-6", "route")).contains("2001:db8:f::/48 via 2001:db8::1 dev eth0");
                assertThat(sb.backend(0).exec("ip", "route")).contains("default via 198.18.1.1 dev eth0");
                assertThat(sb.backend(0).exec("ip", "-6", "route")).contains("default via 2001:db8:0:1::1 dev eth0");
                assertThat(sb.lb().exec("ip", "neigh", "show", "dev", "veth-b1")).contains("198.18.2.2")
                        .contains("PERMANENT");
                String features = sb.backend(1).exec("ethtool", "-k", "eth0");
                assertThat(features).as("offloads as the kernel sets them").contains("tx-checksumming: on")
                        .contains("generic-receive-offload: off");

                // plain routing through the LB namespace works before any data plane is attached
                ServerSocket server = sb.backend(1).call(() -> new ServerSocket(9000));
                try (server) {
                    Thread.ofVirtual().start(() -> {
                        try (Socket s = server.accept()) {
                            s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                        } catch (Exception ignored) {
                            // the test fails below
                        }
                    });
                    String line = sb.lb().call(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(sb.backend(1).ipv6(), 9000), 2000);
                            return new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
                        }
                    });
                    assertThat(line).isEqualTo("hi");
                }
            } finally {
                sb.close();
            }
            assertThat(namespaces()).noneMatch(n -> n.startsWith(sb.id() + "-"));
            sb.close(); // idempotent
        }

        @Test
        void codeRunsOnPlatformThreadsInsideTheHostsNamespace() throws Exception {
            try (Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-sbt").build()) {
                long clientNs = inode(Path.of("/var/run/netns", sb.client().namespace()));
                long backendNs = inode(Path.of("/var/run/netns", sb.backend(0).namespace()));
                assertThat(clientNs).isNotEqualTo(backendNs);
                assertThat(sb.client().call(SandboxTest.WithNamespaces::threadNetns)).isEqualTo(clientNs);
                assertThat(sb.client().call(() -> Thread.currentThread().isVirtual())).isFalse();
                assertThat(sb.backend(0).start(SandboxTest.WithNamespaces::threadNetns).get(10, TimeUnit.SECONDS))
                        .isEqualTo(backendNs);
                ExecutorService pool = Executors.newFixedThreadPool(3, sb.backend(0).threadFactory());
                try {
                    List<java.util.concurrent.Future<Long>> fs = new ArrayList<>();
                    for (int i = 0; i < 6; i++) fs.add(pool.submit(SandboxTest.WithNamespaces::threadNetns));
                    for (var f : fs) assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(backendNs);
                } finally {
                    pool.shutdownNow();
                }
                assertThat(threadNetns()).as("the caller stays where it was").isNotIn(clientNs, backendNs);
            }
        }

        @Test
        void offloadsStayAsTheKernelSetsThem() {
            try (Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-sbt").build()) {
                for (Host h : List.of(sb.client(), sb.backend(0))) {
                    assertThat(h.exec("ethtool", "-k", "eth0")).contains("tx-checksumming: on")
                            .contains("generic-receive-offload: off");
                }
            }
        }

        @Test
        void tuneForNativeXdpTurnsTxChecksumOffloadOffAndGroOn() {
            try (Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-sbt").tuneForNativeXdp().build()) {
                for (Host h : List.of(sb.client(), sb.backend(0))) {
                    assertThat(h.exec("ethtool", "-k", "eth0")).contains("tx-checksumming: off")
                            .contains("generic-receive-offload: on");
                }
            }
        }

        @Test
        void leftoversOfADeadProcessAreRemovedAndOthersKept() {
            long dead = deadPid();
            String prefix = "blixt-sbt-left";
            String stale = prefix + "-" + dead + "-1-c";
            String live = prefix + "-" + ProcessHandle.current().pid() + "-999-c";
            String foreign = prefix + "-x-" + dead + "-1-c";
            Cmd.run("ip", "netns", "add", stale);
            Cmd.run("ip", "netns", "add", live);
            Cmd.run("ip", "netns", "add", foreign);
            try (Sandbox sb = Sandbox.builder().backends(1).prefix(prefix).build()) {
                assertThat(namespaces()).doesNotContain(stale).contains(live, foreign, sb.lb().namespace());
            } finally {
                Cmd.exec("ip", "netns", "del", stale);
                Cmd.exec("ip", "netns", "del", live);
                Cmd.exec("ip", "netns", "del", foreign);
            }
        }

        @Test
        void theShutdownHookRemovesASandboxNobodyClosed() throws Exception {
            Process child = child("blixt-sbt-hook", "exit");
            String id = firstLine(child);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(id).startsWith("blixt-sbt-hook-" + child.pid() + "-");
            assertThat(namespaces()).noneMatch(n -> n.startsWith(id + "-"));
        }

        @Test
        void aKilledRunsNamespacesAreCleanedUpByTheNextOne() throws Exception {
            Process child = child("blixt-sbt-kill", "wait");
            String id;
            try {
                id = firstLine(child);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(namespaces()).contains(id + "-c", id + "-lb", id + "-b0", id + "-b1");
            assertThat(Sandbox.cleanLeftovers("blixt-sbt-kill")).isEqualTo(4);
            assertThat(namespaces()).noneMatch(n -> n.startsWith(id + "-"));
        }

        private static Process child(String prefix, String mode) throws Exception {
            String cp = Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                    + Path.of(SandboxChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", cp, SandboxChild.class.getName(), prefix, mode)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        }

        private static String firstLine(Process p) throws Exception {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return r.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            String s = line.get(60, TimeUnit.SECONDS);
            assertThat(s).as("the child's sandbox id").isNotNull();
            return s;
        }

        private static long deadPid() {
            for (long pid = 4_000_000; pid > 3_000_000; pid--) {
                if (ProcessHandle.of(pid).isEmpty()) return pid;
            }
            throw new AssertionError("no free pid found");
        }
    }
}
