package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.error.DataplaneException;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.internal.netns.NetNamespace;
import dev.blixt.packet.Packet;
import dev.blixt.testing.Cmd;
import dev.blixt.testing.Privileged;
import dev.blixt.testing.TestNetns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decapsulator end to end: two network namespaces joined by a veth pair; the backend namespace holds a
 * VIP on {@code lo} (added after the decapsulator opened) and runs it on its veth; the other namespace sends
 * GUE datagrams — plain UDP to port 6080 whose payload is an inner IP + UDP packet from a client address to
 * the VIP — through an ordinary UDP socket (this kernel has no tunnel drivers). A UDP server bound to the
 * VIP must get the datagram from the client address of the inner header.
 */
@Privileged
class DecapsulatorTest {
    static final Duration DEADLINE = Duration.ofSeconds(10);
    static final int ATTEMPTS = 50;
    static final int SERVER_PORT = 7777;
    static final byte[] PAYLOAD = "through the decapsulator".getBytes(StandardCharsets.US_ASCII);

    /** Repeats {@code step} until it says done: at most {@link #ATTEMPTS} times and {@link #DEADLINE}. */
    static boolean until(BooleanSupplier step) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        for (int i = 0; i < ATTEMPTS && System.nanoTime() < end; i++) {
            if (step.getAsBoolean()) return true;
        }
        return false;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Receives one datagram within 200 ms. */
    static Optional<DatagramPacket> receive(DatagramSocket s) {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            s.receive(p);
            return Optional.of(p);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void send(DatagramSocket s, byte[] data, String host) {
        try {
            s.send(new DatagramPacket(data, data.length, new InetSocketAddress(InetAddress.getByName(host), 6080)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static DatagramSocket socketIn(String ns, InetSocketAddress bind) {
        return NetNamespace.callIn(ns, () -> {
            DatagramSocket s = new DatagramSocket(bind);
            s.setSoTimeout(200);
            return s;
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aGueDatagramReachesTheVipServerFromTheInnerSource(boolean v6) throws Exception {
        try (TestNetns t = TestNetns.create()) {
            String a = v6 ? "2001:db8:" + Integer.toHexString(t.hashCode() & 0xfff) + "::1" : t.addressA();
            String b = v6 ? a.replace("::1", "::2") : t.addressB();
            if (v6) {
                TestNetns.ip(t.nsA(), "addr", "add", a + "/64", "dev", t.vethA(), "nodad");
                TestNetns.ip(t.nsB(), "addr", "add", b + "/64", "dev", t.vethB(), "nodad");
            }
            String vip = v6 ? "2001:db8:f::10" : "203.0.113.10";
            String client = v6 ? "2001:db8:c::7" : "192.0.2.7";
            for (String conf : new String[] {"all", t.vethB()}) {
                Cmd.run("ip", "netns", "exec", t.nsB(), "sysctl", "-qw", "net.ipv4.conf." + conf + ".rp_filter=0");
            }
            byte[] inner = (v6 ? Packet.builder().ipv6(client, vip) : Packet.builder().ipv4(client, vip))
                    .udp(40000, SERVER_PORT).payload(PAYLOAD).buildIp();
            try (Decapsulator decap = Decapsulator.builder().networkNamespace(t.nsB()).open(t.vethB());
                    DatagramSocket sender = socketIn(t.nsA(), new InetSocketAddress(InetAddress.getByName(a), 0))) {
                assertThat(decap.acceptedAddresses()).contains(InetAddress.getByName(b))
                        .doesNotContain(InetAddress.getByName(vip));
                assertThat(programsOn(t.nsB(), t.vethB())).contains(Decapsulator.PROGRAM);

                // The VIP arrives on lo after open: it is honoured within the refresh bound.
                TestNetns.ip(t.nsB(), "addr", "add", vip + (v6 ? "/128" : "/32"), "dev", "lo");
                assertThat(until(() -> {
                    sleep(50);
                    return decap.acceptedAddresses().contains(addr(vip));
                })).as("the VIP added to lo is accepted").isTrue();
                try (DatagramSocket server = socketIn(t.nsB(), new InetSocketAddress(InetAddress.getByName(vip), SERVER_PORT))) {
                    DatagramPacket[] got = {null};
                    assertThat(until(() -> {
                        send(sender, inner, b);
                        got[0] = receive(server).orElse(null);
                        return got[0] != null;
                    })).as("a datagram reached the server bound to the VIP").isTrue();
                    assertThat(got[0].getAddress()).isEqualTo(InetAddress.getByName(client));
                    assertThat(got[0].getPort()).isEqualTo(40000);
                    assertThat(Arrays.copyOf(got[0].getData(), got[0].getLength())).isEqualTo(PAYLOAD);
                }
                Decapsulator.Stats s = decap.stats();
                assertThat(s.gue()).isPositive();
                assertThat(s.bytes()).isGreaterThanOrEqualTo(s.gue() * inner.length);
                assertThat(s.malformed()).isZero();

                // The VIP removed: no longer accepted; what arrives for it is refused and left untouched.
                TestNetns.ip(t.nsB(), "addr", "del", vip + (v6 ? "/128" : "/32"), "dev", "lo");
                assertThat(until(() -> {
                    sleep(50);
                    return !decap.acceptedAddresses().contains(addr(vip));
                })).as("the removed VIP is no longer accepted").isTrue();
                long refused = decap.stats().refused();
                assertThat(until(() -> {
                    send(sender, inner, b);
                    sleep(20);
                    return decap.stats().refused() > refused;
                })).isTrue();
                decap.close();
                decap.close(); // idempotent
                assertThatThrownBy(decap::stats).isInstanceOf(IllegalStateException.class);
            }
            assertThat(programsOn(t.nsB(), t.vethB())).isEmpty();
        }
    }

    /** The names of the programs on an interface's ingress (tcx, tc filters of ours). */
    static java.util.List<String> programsOn(String ns, String ifname) {
        return NetNamespace.callIn(ns, () -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            int ifindex = Interfaces.requireExists(ifname);
            for (Hooks.Hooked h : Hooks.ingress(ifindex, Decapsulator.TC_HANDLE, Decapsulator.TC_PRIORITY)) out.add(h.programName());
            for (Hooks.Hooked h : Hooks.ingress(ifindex, 0xB1C5, 0xB1C)) {
                if (!out.contains(h.programName())) out.add(h.programName());
            }
            return out;
        });
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void anInterfaceCreatedAgainGetsTheProgramAgain() {
        try (TestNetns t = TestNetns.create();
                Decapsulator decap = Decapsulator.builder().networkNamespace(t.nsB()).open(t.vethB())) {
            assertThat(decap.attachedNow()).containsExactly(true);
            TestNetns.ip(t.nsA(), "link", "del", t.vethA()); // takes its peer, the decapsulator's interface
            assertThat(until(() -> {
                sleep(50);
                return !decap.attachedNow().getFirst();
            })).as("detached with the deleted interface").isTrue();
            TestNetns.ip(t.nsA(), "link", "add", t.vethA(), "type", "veth", "peer", "name", t.vethB(), "netns", t.nsB());
            TestNetns.ip(t.nsB(), "link", "set", t.vethB(), "up");
            assertThat(until(() -> {
                sleep(50);
                return decap.attachedNow().getFirst();
            })).as("attached again to the interface of the same name").isTrue();
            assertThat(programsOn(t.nsB(), t.vethB())).contains(Decapsulator.PROGRAM);
        }
    }

    @Test
    void aDataplaneOnTheSameInterfaceLeavesTheDecapsulatorAlone() {
        try (TestNetns t = TestNetns.create();
                Decapsulator decap = Decapsulator.builder().networkNamespace(t.nsA()).open(t.vethA());
                Dataplane dp = Dataplane.open(t.dataplaneConfig().build())) {
            assertThat(dp.interfaces()).containsExactly(t.vethA());
            assertThat(programsOn(t.nsA(), t.vethA())).containsExactlyInAnyOrder(Decapsulator.PROGRAM, "blixt_tc");
        }
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Decapsulator.open("blixt-nope0")).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("'blixt-nope0' does not exist").hasMessageContaining("Decapsulator.open");
        assertThatThrownBy(() -> Decapsulator.open()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one interface");
        assertThatThrownBy(() -> Decapsulator.open("lo", "lo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Decapsulator.builder().guePort(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guePort must be 1..65535, got 0");
        assertThatThrownBy(() -> Decapsulator.builder().guePort(1).guePort(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("guePort was already set to 1");
        assertThatThrownBy(() -> Decapsulator.builder().networkNamespace("relative/path"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    }
}
