package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blixt.Backend;
import dev.blixt.Route;
import dev.blixt.TrafficStats;
import dev.blixt.Vip;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI client against a real server on loopback. */
class ClientCommandTest {
    private InMemoryBalancer balancer;
    private TestServer server;

    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void start() {
        balancer = new InMemoryBalancer();
        server = TestServer.start(balancer, address -> address.getHostAddress().equals("10.244.1.5") ? 3 : 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run client(String... args) {
        List<String> all = new ArrayList<>(List.of("client", "--server-ip", "127.0.0.1", "--server-port", String.valueOf(server.port())));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void blixtsFlagsUpdateAVip() {
        Run r = client("--vip-ip", "10.96.0.10", "--vip-port", "80", "--daddr", "10.244.1.5", "--dport", "8080");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("grpc server responded to UPDATE: success, vip 10.96.0.10:80 was updated with 1 backends\n");
        assertThat(balancer.route(Vip.tcp("10.96.0.10", 80))).map(Route::backends)
                .isEqualTo(Optional.of(List.of(Backend.of("10.244.1.5", 8080))));
        assertThat(balancer.route(Vip.udp("10.96.0.10", 80))).isPresent();
    }

    @Test
    void blixtsDefaultsAreLoopbackAnd8080WhichTheServerRefusesAsAVip() {
        // Blixt's client defaults to vip 127.0.0.1:8080; a loopback VIP never receives a packet from
        // the network, so the server (in memory as on the data plane) refuses it and changes nothing.
        Run r = client();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: ").contains("127.0.0.1 cannot be a VIP address")
                .contains("loopback");
        assertThat(balancer.routes()).isEmpty();
    }

    @Test
    void repeatedDaddrsMakeSeveralBackends() {
        Run r = client("--vip-ip", "10.96.0.10", "--vip-port", "80", "--daddr", "10.0.0.1", "--daddr", "10.0.0.2",
                "--dport", "8080", "--dport", "9090", "--ifindex", "0");

        assertThat(r.exitCode()).isZero();
        assertThat(balancer.route(Vip.tcp("10.96.0.10", 80)).orElseThrow().backends())
                .containsExactly(Backend.of("10.0.0.1", 8080), Backend.of("10.0.0.2", 9090));
    }

    @Test
    void deleteRemovesTheVip() {
        client("--vip-ip", "10.96.0.10", "--vip-port", "80", "--daddr", "10.0.0.1");

        Run r = client("--vip-ip", "10.96.0.10", "--vip-port", "80", "--delete");

        assertThat(r.out()).isEqualTo("grpc server responded to DELETE: success, vip 10.96.0.10:80 was deleted\n");
        assertThat(balancer.routes()).isEmpty();
    }

    @Test
    void aServerErrorIsPrintedWithItsCodeAndExitsWithOne() {
        Run r = client("--vip-ip", "10.96.0.10", "--vip-port", "70000");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: INVALID_ARGUMENT: vip port 70000 is out of range 0..65535\n");
    }

    @Test
    void anIpv6VipIsRefusedForBlixtsApiWithAHint() {
        Run r = client("--vip-ip", "2001:db8::10");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("IPv4 only").contains("client set");
    }

    @Test
    void anUnreachableServerIsUnavailable() {
        Run r = run("client", "--server-port", "1", "--timeout", "5");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: UNAVAILABLE");
    }

    @Test
    void routesListsBothProtocolsOfABlixtVip() {
        client("--vip-ip", "10.96.0.10", "--vip-port", "80", "--daddr", "10.0.0.1", "--dport", "8080");

        Run r = client("routes");

        assertThat(r.out()).isEqualTo("""
                tcp 10.96.0.10:80
                  10.0.0.1:8080 weight 1
                udp 10.96.0.10:80
                  10.0.0.1:8080 weight 1
                """);
    }

    @Test
    void setTakesIpv6WeightsAndOneProtocol() {
        Run r = client("set", "--vip-ip", "2001:db8::10", "--vip-port", "443", "--protocol", "tcp",
                "--backend", "[2001:db8::2]:8443@3", "--backend", "[2001:db8::3]:8443");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                tcp [2001:db8::10]:443
                  [2001:db8::2]:8443 weight 3
                  [2001:db8::3]:8443 weight 1
                """);
        assertThat(balancer.routes()).hasSize(1);
    }

    @Test
    void drainSetsTheWeightToZeroOnBothProtocols() {
        client("--vip-ip", "10.96.0.10", "--vip-port", "80", "--daddr", "10.0.0.1", "--daddr", "10.0.0.2");

        Run r = client("drain", "--vip-ip", "10.96.0.10", "--vip-port", "80", "--daddr", "10.0.0.1", "--dport", "8080");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("10.0.0.1:8080 weight 0 (draining)");
        for (Vip v : List.of(Vip.tcp("10.96.0.10", 80), Vip.udp("10.96.0.10", 80))) {
            assertThat(balancer.route(v).orElseThrow().backends())
                    .containsExactly(Backend.of("10.0.0.1", 8080).weight(0), Backend.of("10.0.0.2", 8080));
        }
    }

    @Test
    void statsPrintsCountersPerVipAndBackend() {
        client("set", "--vip-ip", "203.0.113.10", "--vip-port", "80", "--protocol", "tcp", "--backend", "198.18.1.2:8080");
        balancer.setStats(Vip.tcp("203.0.113.10", 80), new TrafficStats(4, 400, 1, 3, 300, 0, 0));

        Run r = client("stats", "--vip-ip", "203.0.113.10", "--vip-port", "80");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                tcp 203.0.113.10:80: packets=4 bytes=400 new_flows=1 reply_packets=3 reply_bytes=300 icmp_errors=0
                  198.18.1.2:8080 weight 1: packets=0 bytes=0 new_flows=0 reply_packets=0 reply_bytes=0 icmp_errors=0
                global: all zero
                """);
    }

    @Test
    void removeSaysWhatItRemoved() {
        client("set", "--vip-ip", "203.0.113.10", "--vip-port", "80", "--protocol", "tcp", "--backend", "198.18.1.2:8080");

        Run r = client("remove", "--vip-ip", "203.0.113.10", "--vip-port", "80");

        assertThat(r.out()).isEqualTo("tcp 203.0.113.10:80 removed\nudp 203.0.113.10:80 did not exist\n");
    }

    @Test
    void ifindexAsksTheServer() {
        Run r = client("ifindex", "--ip", "10.244.1.5");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("3\n");
    }

    @Test
    void mutualTlsOptionsConnect(@TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "cli");
        TestCertificates.Pem serverPem = ca.server("server");
        TestCertificates.Pem clientPem = ca.client("client");
        try (TestServer tls = TestServer.start(new InMemoryBalancer(), a -> 1,
                Optional.of(TlsSettings.mutual(serverPem.certificate(), serverPem.privateKey(), ca.caCertificate)))) {
            Run r = run("client", "--server-port", String.valueOf(tls.port()), "--ca-certificate-path", ca.caCertificate.toString(),
                    "--client-certificate-path", clientPem.certificate().toString(),
                    "--client-private-key-path", clientPem.privateKey().toString(), "routes");

            assertThat(r.err()).isEmpty();
            assertThat(r.out()).isEqualTo("no routes\n");
        }
    }

    @Test
    void backendSyntaxIsAddressPortAndOptionalWeight() {
        assertThat(ClientCommand.parseBackend("10.0.0.2:8080").hasWeight()).isFalse();
        assertThat(ClientCommand.parseBackend("10.0.0.2:8080@0").getWeight()).isZero();
        assertThat(ClientCommand.parseBackend("[2001:DB8::2]:80@7").getAddress()).isEqualTo("2001:db8::2");
        assertThat(run("client", "set", "--vip-ip", "10.0.0.1", "--vip-port", "80", "--backend", "10.0.0.2").err())
                .contains("backend '10.0.0.2' must be ADDRESS:PORT[@WEIGHT]");
    }
}
