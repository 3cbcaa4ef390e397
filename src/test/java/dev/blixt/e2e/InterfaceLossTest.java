package dev.blixt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.AttachMode;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.InterfaceAttachment;
import dev.blixt.InterfaceEvent;
import dev.blixt.error.DataplaneException;
import dev.blixt.Vip;
import dev.blixt.sandbox.Host;
import dev.blixt.sandbox.Sandbox;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestPins;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The library when an interface it is attached to disappears (and comes back). */
@Privileged
class InterfaceLossTest {

    private static DataplaneConfig.Builder config(Sandbox sb) {
        return sb.dataplaneConfig().maxVips(4).maxBackends(64).flowTableSize(1 << 16);
    }

    /** A sandbox for {@code mode}: tuned for native XDP when the test forces an XDP mode onto veth, else as the kernel sets it. */
    private static Sandbox sandbox(int backends, AttachMode mode) {
        Sandbox.Builder b = Sandbox.builder().backends(backends).prefix("blixt-e2e");
        return (mode.name().startsWith("XDP") ? b.tuneForNativeXdp() : b).build();
    }

    @ParameterizedTest
    @EnumSource(value = AttachMode.class, names = {"XDP_NATIVE", "TC"})
    void aVanishedInterfaceLeavesTheRestWorkingAndOpeningFailsNamingIt(AttachMode mode) {
        try (Sandbox sb = sandbox(2, mode);
             Fleet fleet = Fleet.start(sb)) {
            DataplaneConfig config = config(sb).attachMode(mode).forceAttachMode(mode.name().startsWith("XDP")).build();
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(50).getHostAddress(), 80);
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            Dataplane dp = sb.lb().open(config);
            try {
                dp.route(vip).to(fleet.tcpBackend(0));
                Expect.allIntact(Traffic.connections(sb, at, 20, 2, i -> new byte[100]));

                sb.lb().exec("ip", "link", "del", "veth-b1"); // backend-1's link goes away under the data plane

                Expect.allIntact(Traffic.connections(sb, at, 20, 2, i -> new byte[100]));
                assertThat(dp.routes()).hasSize(1);
                assertThat(dp.stats(vip).newFlows()).isEqualTo(40);
            } finally {
                dp.close(); // detaching from a vanished interface is not an error
            }
            assertThatThrownBy(() -> sb.lb().open(config)).isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("'veth-b1' does not exist").hasMessageContaining("DataplaneConfig.interfaces");
            assertThat(sb.lb().exec("ip", "link", "show")).as("nothing attached after the failed open")
                    .doesNotContain("xdp");
            assertThat(sb.lb().exec("tc", "filter", "show", "dev", "veth-client", "ingress")).isEmpty();
        }
    }

    /**
     * An interface without any IP address (down, or used for XDP only) exists all the same:
     * java.net.NetworkInterface would not list it, if_nametoindex does.
     */
    @Test
    void anInterfaceWithoutAddressesIsFound() {
        try (Sandbox sb = Sandbox.builder().backends(1).prefix("blixt-e2e").build()) {
            sb.lb().exec("ip", "link", "add", "spare0", "type", "veth", "peer", "name", "spare1"); // down, no address
            assertThat(sb.lb().call(() -> java.net.NetworkInterface.getByName("spare0"))).isNull();
            try (Dataplane dp = sb.lb().open(DataplaneConfig.builder().interfaces("veth-client", "spare0")
                    .attachMode(AttachMode.XDP_AUTO).forceAttachMode(true).maxVips(4).maxBackends(64).flowTableSize(1 << 16).build())) {
                assertThat(dp.interfaces()).contains("spare0");
                assertThat(sb.lb().exec("ip", "link", "show", "spare0")).contains("xdp");
            }
        }
    }

    /**
     * With pins, the XDP link of a deleted interface is severed by the kernel; once the interface
     * is re-created, opening again attaches to the new one (and drops the stale pin) instead of
     * failing on the dead link.
     */
    @Test
    void aPinnedDataplaneAttachesToAReCreatedInterface() {
        try (TestPins pins = TestPins.create();
             Sandbox sb = sandbox(2, AttachMode.XDP_NATIVE); // native XDP forced onto veth: tuned senders
             Fleet fleet = Fleet.start(sb)) {
            DataplaneConfig config = config(sb).attachMode(AttachMode.XDP_NATIVE).forceAttachMode(true).pinPath(pins.dir()).build();
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(51).getHostAddress(), 80);
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            try (Dataplane dp = sb.lb().open(config)) {
                dp.route(vip).to(fleet.tcpBackend(1));
                Expect.allIntact(Traffic.connections(sb, at, 10, 2, i -> new byte[100]));
            }
            sb.lb().exec("ip", "link", "del", "veth-b1");
            recreateLink(sb, sb.backend(1), "veth-b1", 2);
            assertThat(Files.exists(pins.dir().resolve("links").resolve("xdp-veth-b1"))).isTrue();

            Dataplane dp = sb.lb().open(config);
            try {
                assertThat(sb.lb().exec("ip", "link", "show", "veth-b1")).contains("xdp");
                assertThat(dp.routes()).hasSize(1);
                Traffic.connections(sb, at, 10, 2, i -> new byte[100]).forEach(e -> assertThat(e.ok()).isTrue());
                assertThat(dp.stats(vip).newFlows()).isEqualTo(20);
            } finally {
                dp.destroy();
            }
            assertThat(Files.exists(pins.dir())).isFalse();
        }
    }

    /**
     * An interface deleted and re-created with the same name and addresses while the data plane is open: the
     * data plane reports it detached, then attaches to the new interface by itself (the configured mode, the
     * severed link pin replaced when pinned), tells the listener each time, and real connections flow again
     * through the re-attached program (their replies need it: it translates them back to the VIP).
     */
    @ParameterizedTest
    @CsvSource({"TC,false", "AUTO,false", "AUTO,true", "XDP_NATIVE,true"})
    void aReCreatedInterfaceIsReAttachedAndTrafficFlowsAgain(AttachMode mode, boolean pinned) throws Exception {
        try (TestPins pins = TestPins.create();
             Sandbox sb = sandbox(2, mode);
             Fleet fleet = Fleet.start(sb)) {
            boolean xdp = mode == AttachMode.XDP_NATIVE; // forced onto veth: the sandbox is tuned for it
            AttachMode inEffect = xdp ? AttachMode.XDP_NATIVE : AttachMode.TC;
            DataplaneConfig.Builder b = config(sb).attachMode(mode).forceAttachMode(xdp);
            if (pinned) b.pinPath(pins.dir());
            Vip vip = Vip.tcp(Sandbox.ipv4Vip(52).getHostAddress(), 80);
            InetSocketAddress at = new InetSocketAddress(vip.address(), 80);
            BlockingQueue<InterfaceEvent> events = new LinkedBlockingQueue<>();
            Dataplane dp = sb.lb().open(b.build());
            try {
                dp.onInterfaceEvent(events::add);
                dp.route(vip).to(fleet.tcpBackend(1));
                Expect.allIntact(Traffic.connections(sb, at, 10, 2, i -> new byte[100]));
                InterfaceAttachment before = attachmentOf(dp, "veth-b1");
                assertThat(before.attached()).isTrue();

                sb.lb().exec("ip", "link", "del", "veth-b1");
                InterfaceEvent gone = events.poll(10, TimeUnit.SECONDS);
                assertThat(gone).as("the event of the deletion").isNotNull();
                assertThat(gone.type()).isEqualTo(InterfaceEvent.Type.DETACHED);
                assertThat(gone.interfaceName()).isEqualTo("veth-b1");
                assertThat(gone.ifindex()).isEqualTo(before.ifindex());
                InterfaceAttachment detached = attachmentOf(dp, "veth-b1");
                assertThat(detached.attached()).isFalse();
                assertThat(detached.mechanism()).isEqualTo("none");
                assertThat(detached.ifindex()).isZero();
                assertThat(detached.mode()).isEqualTo(inEffect);
                assertThat(detached.reason()).startsWith("detached: ").contains("veth-b1").contains("deleted");
                assertThat(attachmentOf(dp, "veth-client").attached()).as("the other interface").isTrue();

                recreateLink(sb, sb.backend(1), "veth-b1", 2);
                InterfaceEvent back = events.poll(10, TimeUnit.SECONDS);
                assertThat(back).as("the event of the re-creation").isNotNull();
                assertThat(back.type()).as("%s", back).isEqualTo(InterfaceEvent.Type.REATTACHED);
                assertThat(back.ifindex()).isNotEqualTo(before.ifindex());
                InterfaceAttachment now = attachmentOf(dp, "veth-b1");
                assertThat(now.attached()).isTrue();
                assertThat(now.ifindex()).isEqualTo(back.ifindex());
                assertThat(now.mode()).isEqualTo(inEffect);
                assertThat(now.mechanism()).isEqualTo(xdp ? "xdp link" : "tcx link");
                assertThat(now.programId()).isEqualTo(before.programId());

                Expect.allIntact(Traffic.connections(sb, at, 20, 2, i -> new byte[100]));
                // every connection is one new flow: no SYN went to the deleted interface's cached next hop and
                // was retransmitted (which would count twice)
                assertThat(dp.stats(vip).newFlows()).isEqualTo(30);
                assertThat(events).as("no other event").isEmpty();
                if (pinned) {
                    assertThat(Files.exists(pins.dir().resolve("links").resolve((xdp ? "xdp-" : "tcx-") + "veth-b1"))).isTrue();
                }
            } finally {
                dp.destroy();
            }
            assertThat(sb.lb().exec("tc", "filter", "show", "dev", "veth-b1", "ingress")).isEmpty();
            assertThat(sb.lb().exec("ip", "link", "show", "veth-b1")).doesNotContain("xdp");
            assertThat(Files.exists(pins.dir().resolve("links"))).isFalse();
        }
    }

    private static InterfaceAttachment attachmentOf(Dataplane dp, String ifname) {
        return dp.attachments().stream().filter(a -> a.interfaceName().equals(ifname)).findFirst().orElseThrow();
    }

    /** A new veth pair between the load balancer and a backend, configured as the sandbox tuned for native XDP does. */
    private static void recreateLink(Sandbox sb, Host backend, String lbIf, int net) {
        String ns = backend.namespace();
        sb.lb().exec("ip", "link", "add", lbIf, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sb.lb().exec("ip", "addr", "add", "198.18." + net + ".1/24", "dev", lbIf);
        sb.lb().exec("ip", "link", "set", lbIf, "up");
        backend.exec("ip", "addr", "add", backend.ipv4().getHostAddress() + "/24", "dev", "eth0");
        backend.exec("ip", "link", "set", "eth0", "up");
        backend.exec("ip", "route", "add", "default", "via", "198.18." + net + ".1");
        backend.exec("ethtool", "-K", "eth0", "tx", "off", "gro", "on");
    }
}
