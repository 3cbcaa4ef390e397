package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.AttachMode;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blixt's Update over gRPC, then real traffic: a client namespace, a load-balancer namespace with
 * the data plane on both of its veths, and a backend namespace with two servers. The client
 * connects to the VIP; the data plane rewrites to a backend and the replies back to the VIP.
 *
 * <pre>
 * [client] c0 10.20.1.2 --- l0 10.20.1.1 [lb: data plane] l1 10.20.2.1 --- b0 10.20.2.2, 10.20.2.3 [backends]
 * VIP 10.20.9.9:80 (TCP and UDP) -> 10.20.2.2:8080, 10.20.2.3:8080
 * </pre>
 *
 * <p>Native XDP on veth has two conditions that a NIC does not: a frame redirected into a veth is
 * only received when the peer runs NAPI (GRO on, or an XDP program), and packets from a local
 * socket carry a partial TCP/UDP checksum (CHECKSUM_PARTIAL) that XDP cannot see and that no
 * longer verifies after the rewrite. The native case therefore turns GRO on and transmit checksum
 * offload off on the peers, as a deployment on veth would have to; generic XDP and tc work as is.
 */
@Privileged
class EndToEndTest {
    private static final int VIP = BackendsServiceTest.wire(10, 20, 9, 9);
    private static final InetSocketAddress VIP_ADDRESS = new InetSocketAddress(InetAddress.ofLiteral("10.20.9.9"), 80);

    private Netns netns;
    private String client;
    private String lb;
    private String backends;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void topology() throws Exception {
        netns = Netns.create();
        client = netns.add("client");
        lb = netns.add("lb");
        backends = netns.add("backends");
        Netns.veth(client, "c0", lb, "l0");
        Netns.veth(lb, "l1", backends, "b0");
        Netns.ip(client, "addr", "add", "10.20.1.2/24", "dev", "c0");
        Netns.ip(client, "route", "add", "default", "via", "10.20.1.1");
        Netns.ip(lb, "addr", "add", "10.20.1.1/24", "dev", "l0");
        Netns.ip(lb, "addr", "add", "10.20.2.1/24", "dev", "l1");
        Netns.ip(backends, "addr", "add", "10.20.2.2/24", "dev", "b0");
        Netns.ip(backends, "addr", "add", "10.20.2.3/24", "dev", "b0");
        Netns.ip(backends, "route", "add", "default", "via", "10.20.2.1");
        Netns.run("ip", "netns", "exec", lb, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        for (String address : List.of("10.20.2.2", "10.20.2.3")) {
            servers.add(Netns.call(backends, () -> tcpServer(address, 8080)));
            servers.add(Netns.call(backends, () -> udpServer(address, 8080)));
        }
    }

    @AfterEach
    void teardown() throws Exception {
        for (AutoCloseable s : servers) s.close();
        netns.close();
    }

    /** Answers each connection with its own address, then closes it. */
    private static AutoCloseable tcpServer(String address, int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.getOutputStream().write((address + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed, or a client went away
                }
            }
        });
        return ss;
    }

    /** Answers each datagram with its own address. */
    private static AutoCloseable udpServer(String address, int port) throws IOException {
        DatagramSocket ds = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[512];
            while (!ds.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    ds.receive(p);
                    byte[] answer = address.getBytes(StandardCharsets.US_ASCII);
                    ds.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        return ds;
    }

    /** One TCP connection from the client namespace to the VIP; returns what the backend said. */
    private String connectOnce() throws Exception {
        return Netns.call(client, () -> {
            try (Socket s = new Socket()) {
                s.connect(VIP_ADDRESS, 3000);
                s.setSoTimeout(3000);
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
        });
    }

    /** One UDP exchange through a socket connected to the VIP: only an answer from VIP:80 is received. */
    private String datagramOnce() throws Exception {
        return Netns.call(client, () -> {
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(VIP_ADDRESS);
                s.setSoTimeout(3000);
                s.send(new DatagramPacket(new byte[] {'?'}, 1));
                DatagramPacket p = new DatagramPacket(new byte[512], 512);
                s.receive(p);
                return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            }
        });
    }

    /** How the data plane is attached, and whether the veth peers are prepared for native XDP. */
    record Mode(AttachMode attachMode, boolean nativeXdpPeers) {
        @Override
        public String toString() {
            return attachMode + (nativeXdpPeers ? " (peers: GRO on, tx checksum offload off)" : "");
        }
    }

    static Stream<Mode> modes() {
        return Stream.of(new Mode(AttachMode.XDP_GENERIC, false), new Mode(AttachMode.TC, false),
                new Mode(AttachMode.XDP_NATIVE, true));
    }

    private void prepareNativeXdpPeers() {
        Assumptions.assumeTrue(Stream.of("/usr/sbin/ethtool", "/sbin/ethtool", "/usr/bin/ethtool")
                .anyMatch(p -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(p))),
                "ethtool is needed to prepare veth peers for native XDP (apt-get install ethtool)");
        for (String[] peer : List.of(new String[] {client, "c0"}, new String[] {backends, "b0"})) {
            Netns.run("ip", "netns", "exec", peer[0], "ethtool", "-K", peer[1], "gro", "on", "tx", "off");
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void trafficToTheVipReachesTheBackendsSetOverGrpc(Mode mode) throws Exception {
        if (mode.nativeXdpPeers()) prepareNativeXdpPeers();
        DataplaneConfig config = DataplaneConfig.builder().interfaces("l0", "l1").attachMode(mode.attachMode()).forceAttachMode(mode.attachMode() != AttachMode.TC)
                .maxVips(4).maxBackends(16).ringSize(251).flowTableSize(1024).build();
        Dataplane dp = Netns.call(lb, () -> Dataplane.open(config));
        try (TestServer server = TestServer.start(new DataplaneBalancer(dp), new IpRouteResolver())) {
            var blixt = backendsGrpc.newBlockingStub(server.channel);
            blixt.update(BackendsServiceTest.targets(VIP, 80,
                    BackendsServiceTest.target(BackendsServiceTest.wire(10, 20, 2, 2), 8080),
                    BackendsServiceTest.target(BackendsServiceTest.wire(10, 20, 2, 3), 8080)));

            Set<String> answered = new TreeSet<>();
            for (int i = 0; i < 32; i++) answered.add(connectOnce());
            assertThat(answered).containsExactly("10.20.2.2", "10.20.2.3");
            assertThat(datagramOnce()).isIn("10.20.2.2", "10.20.2.3");
            assertThat(dp.stats(dev.blixt.Vip.tcp("10.20.9.9", 80)).newFlows()).isGreaterThanOrEqualTo(32);

            blixt.delete(BackendsServiceTest.vip(VIP, 80));

            assertThatThrownBy(this::connectOnce).isInstanceOf(IOException.class);
        }
    }
    @Test
    void aPinnedDataPlaneKeepsForwardingWhileTheServerIsDownAndIsAdoptedOnRestart() throws Exception {
        Path pin = Path.of("/sys/fs/bpf", "bgrpc-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        DataplaneServerTest.mountBpffs();
        DataplaneConfig config = DataplaneConfig.builder().interfaces("l0", "l1").attachMode(AttachMode.XDP_GENERIC).forceAttachMode(true)
                .maxVips(4).maxBackends(16).ringSize(251).flowTableSize(1024).pinPath(pin).build();
        try {
            try (TestServer first = TestServer.start(new DataplaneBalancer(Netns.call(lb, () -> Dataplane.open(config))),
                    new IpRouteResolver())) {
                backendsGrpc.newBlockingStub(first.channel).update(BackendsServiceTest.targets(VIP, 80,
                        BackendsServiceTest.target(BackendsServiceTest.wire(10, 20, 2, 2), 8080)));
            }

            assertThat(connectOnce()).isEqualTo("10.20.2.2"); // no server, no JVM state: the pinned kernel state forwards

            Dataplane again = Netns.call(lb, () -> Dataplane.open(config));
            try (TestServer second = TestServer.start(new DataplaneBalancer(again), new IpRouteResolver())) {
                var blixt = backendsGrpc.newBlockingStub(second.channel);
                blixt.update(BackendsServiceTest.targets(VIP, 80,
                        BackendsServiceTest.target(BackendsServiceTest.wire(10, 20, 2, 3), 8080)));
                assertThat(connectOnce()).isEqualTo("10.20.2.3");
                assertThat(blixt.delete(BackendsServiceTest.vip(VIP, 80)).getConfirmation())
                        .isEqualTo("success, vip 10.20.9.9:80 was deleted");
                again.destroy();
            }
        } finally {
            DataplaneServerTest.deleteTree(pin);
        }
    }
}
