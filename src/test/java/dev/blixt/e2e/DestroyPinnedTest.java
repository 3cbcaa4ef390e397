package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.AttachMode;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.Vip;
import dev.blixt.bpf.TcAttachment;
import dev.blixt.error.DataplaneException;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.internal.libbpf.Rtnetlink;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Dataplane#destroy(Path)}: a pinned data plane left by a killed or abandoned process is removed
 * without being opened (even when it cannot be adopted), its attachments go, and the interfaces pass
 * traffic as they did before it; a live data plane's pins are refused.
 */
@Privileged
class DestroyPinnedTest {

    /** The blixt programs attached to the load balancer's interfaces, as "ifname:kind:name". */
    private static List<String> ourPrograms(Sandbox sb) {
        return sb.lb().call(() -> {
            List<String> out = new ArrayList<>();
            for (Rtnetlink.Link l : Rtnetlink.links()) {
                for (Hooks.Hooked h : Hooks.ingress(l.ifindex(), TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY)) {
                    if (h.programName().startsWith("blixt_")) out.add(l.name() + ":" + h.kind() + ":" + h.programName());
                }
            }
            return out;
        });
    }

    /**
     * Bounded connections from the load balancer to backend 0's own address: the replies come in through the
     * interface the data plane was attached to, and pass as if it never had been.
     */
    private static void directTrafficFlows(Sandbox sb) {
        InetSocketAddress direct = new InetSocketAddress(sb.backend(0).ipv4(), Fleet.TCP_PORT);
        Expect.allIntact(Traffic.connections(sb.lb().threadFactory(), direct, 10, 2, i -> new byte[64]));
    }

    @Test
    void theTcxPinsOfAKilledProcessAreRemovedWithoutAdoptingThem() throws Exception {
        try (TestPins pins = TestPins.create();
             Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-e2e").build();
             Fleet fleet = Fleet.start(sb)) {
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(60).getHostAddress(), 80);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), PinnedChild.class.getName(),
                    sb.lb().namespace(), pins.dir().toString(), String.join(",", sb.lbInterfaces()),
                    vip.address().getHostAddress(), "80", sb.backend(0).ipv4().getHostAddress() + "," + Fleet.TCP_PORT + ",1"));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null && !line.equals("ready") && seen.length() < 100_000; ) {
                    seen.append(line).append('\n');
                }
                assertThat(child.isAlive()).as("the child is ready: %s", seen).isTrue();
            } finally {
                child.destroyForcibly(); // SIGKILL: the pins and the tcx links stay, the kernel keeps balancing
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            Expect.allIntact(Traffic.connections(sb, at, 10, 2, i -> new byte[64]));
            assertThat(ourPrograms(sb)).hasSize(sb.lbInterfaces().size()).allMatch(p -> p.contains(":TCX:"));

            // Sized otherwise than the pins: open cannot adopt them, and says how to remove them honestly.
            DataplaneConfig other = sb.dataplaneConfig().maxVips(8).maxBackends(64).flowTableSize(1 << 16)
                    .pinPath(pins.dir()).build();
            assertThatThrownBy(() -> sb.lb().open(other)).isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("cannot adopt").hasMessageContaining("Dataplane.destroy(Path.of(\"" + pins.dir())
                    .hasMessageContaining("detaches the data plane from every interface").hasMessageNotContaining("rm -r");
            assertThat(ourPrograms(sb)).as("the refused open left the attachments alone").hasSize(sb.lbInterfaces().size());

            assertThat(sb.lb().call(() -> Dataplane.destroy(pins.dir()))).isTrue();

            assertThat(pins.dir()).doesNotExist();
            assertThat(ourPrograms(sb)).isEmpty();
            directTrafficFlows(sb);
            assertThat(sb.lb().call(() -> Dataplane.destroy(pins.dir()))).as("nothing left to destroy").isFalse();
        }
    }

    @Test
    void theXdpPinsOfAnAbandonedDataplaneAreRemoved() {
        try (TestPins pins = TestPins.create();
             Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-e2e").tuneForNativeXdp().build();
             Fleet fleet = Fleet.start(sb)) {
            DataplaneConfig config = sb.dataplaneConfig().maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                    .attachMode(AttachMode.XDP_NATIVE).forceAttachMode(true).pinPath(pins.dir()).build();
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(61).getHostAddress(), 80);
            Dataplane dp = sb.lb().open(config);
            dp.route(vip).to(fleet.tcpBackend(0));
            dp.close(); // pinned: the kernel keeps balancing, nobody owns it any more
            Expect.allIntact(Traffic.connections(sb, new InetSocketAddress(vip.address(), 80), 10, 2, i -> new byte[64]));
            assertThat(ourPrograms(sb)).hasSize(sb.lbInterfaces().size()).allMatch(p -> p.contains(":XDP_NATIVE:"));

            assertThat(Dataplane.destroy(pins.dir())).as("from outside the namespace: the links are found by their pins")
                    .isTrue();

            assertThat(pins.dir()).doesNotExist();
            assertThat(ourPrograms(sb)).isEmpty();
            assertThat(sb.lb().exec("ip", "link", "show")).doesNotContain("xdp");
            directTrafficFlows(sb);
        }
    }

    @Test
    void theLivePinsOfAnOpenDataplaneAreRefused() {
        try (TestPins pins = TestPins.create();
             Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-e2e").build();
             Fleet fleet = Fleet.start(sb)) {
            DataplaneConfig config = sb.dataplaneConfig().maxVips(4).maxBackends(64).flowTableSize(1 << 16)
                    .pinPath(pins.dir()).build();
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(62).getHostAddress(), 80);
            Dataplane dp = sb.lb().open(config);
            try {
                dp.route(vip).to(fleet.tcpBackend(0));
                assertThatThrownBy(() -> sb.lb().call(() -> Dataplane.destroy(pins.dir())))
                        .isInstanceOf(DataplaneException.class).hasMessageContaining("it is open")
                        .hasMessageContaining("this process").hasMessageContaining("nothing was removed");
                assertThat(Files.exists(pins.dir().resolve("maps").resolve("vips"))).isTrue();
                assertThat(dp.routes()).hasSize(1);
                Expect.allIntact(Traffic.connections(sb, new InetSocketAddress(vip.address(), 80), 10, 2, i -> new byte[64]));
            } finally {
                dp.close();
            }
            assertThat(sb.lb().call(() -> Dataplane.destroy(pins.dir()))).isTrue();
            assertThat(ourPrograms(sb)).isEmpty();
        }
        try (TestPins empty = TestPins.create()) {
            assertThatThrownBy(() -> Dataplane.destroy(empty.dir())).as("a directory that is no data plane's")
                    .isInstanceOf(DataplaneException.class).hasMessageContaining("not a data plane's pin directory");
            assertThat(empty.dir()).exists();
        }
    }

    /** The library's classes and this test's, wherever the build put them. */
    private static String classPath() throws Exception {
        return Path.of(Dataplane.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                + Path.of(PinnedChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
