package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Real probes on loopback (no privileges): each kind, and the threads 1000 probed backends cost. */
class HealthCheckProbeTest {
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    static final Vip VIP = Vip.tcp("203.0.113.10", 80);

    static HealthMonitor.Tracker tracker(HealthCheck c, int port) {
        return new HealthMonitor.Tracker(VIP, Backend.of(LO, port), c, Instant.EPOCH);
    }

    static String probe(HealthCheck c, int port) throws Exception {
        HealthMonitor.Tracker t = tracker(c, port);
        try (NetworkChannel ch = c.kind() == HealthCheck.Kind.UDP ? DatagramChannel.open() : SocketChannel.open()) {
            return HealthProbes.probe(t, ch);
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void tcpHttpAndUdpProbes() throws Exception {
        HealthCheck tcp = HealthCheck.tcp().timeout(Duration.ofMillis(500));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, LO)) {
            assertThat(probe(tcp, s.getLocalPort())).isNull();
            closedPort = s.getLocalPort();
        }
        assertThat(probe(tcp, closedPort)).isNotNull();

        try (ServerSocket http = new ServerSocket(0, 50, LO)) {
            Thread.ofVirtual().start(() -> {
                while (!http.isClosed()) {
                    try (java.net.Socket s = http.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
                        String line = in.readLine();
                        while (true) {
                            String h = in.readLine();
                            if (h == null || h.isEmpty()) break;
                        }
                        int code = line != null && line.startsWith("GET /ok ") ? 200 : 503;
                        s.getOutputStream().write(("HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\n\r\n").getBytes());
                    } catch (Exception e) {
                        // next
                    }
                }
            });
            int port = http.getLocalPort();
            assertThat(probe(HealthCheck.http("/ok").timeout(Duration.ofSeconds(2)), port)).isNull();
            assertThat(probe(HealthCheck.http("/bad").timeout(Duration.ofSeconds(2)), port)).contains("HTTP status 503");
            assertThat(probe(HealthCheck.https("/ok").timeout(Duration.ofSeconds(2)), port)).isNotNull(); // not TLS
        }

        try (DatagramChannel echo = DatagramChannel.open().bind(new InetSocketAddress(LO, 0))) {
            Thread.ofVirtual().start(() -> {
                try {
                    ByteBuffer b = ByteBuffer.allocate(512);
                    var from = echo.receive(b);
                    b.flip();
                    echo.send(b, from);
                } catch (Exception e) {
                    // closed
                }
            });
            int port = ((InetSocketAddress) echo.getLocalAddress()).getPort();
            assertThat(probe(HealthCheck.udp(new byte[] {1}).timeout(Duration.ofSeconds(2)), port)).isNull();
        }
        int silent;
        try (DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress(LO, 0))) {
            silent = ((InetSocketAddress) gone.getLocalAddress()).getPort();
        }
        assertThat(probe(HealthCheck.udp(new byte[] {1}).timeout(Duration.ofMillis(300)), silent))
                .contains("port unreachable");
        assertThat(probe(HealthCheck.udp(new byte[] {1}).expectReply(false).timeout(Duration.ofMillis(300)), silent))
                .contains("port unreachable");
    }

    @Test
    void thousandBackendsProbedEveryHundredMillisecondsCostFewThreads() throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        Map<HealthMonitor.Tracker, AtomicInteger> ok = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        HealthProbes probes = new HealthProbes(Thread.ofPlatform().daemon().name("test-health").factory(),
                (t, error) -> {
                    if (error == null) ok.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet();
                    else failed.incrementAndGet();
                });
        int before = Thread.activeCount();
        try {
            for (int i = 0; i < 20; i++) servers.add(new ServerSocket(0, 4096, LO));
            HealthCheck c = HealthCheck.tcp().interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(500));
            List<HealthMonitor.Tracker> trackers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                HealthMonitor.Tracker t = tracker(c, servers.get(i % servers.size()).getLocalPort());
                trackers.add(t);
                probes.start(t);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int peak = 0;
            while (System.nanoTime() < deadline && ok.size() < 1000) {
                peak = Math.max(peak, Thread.activeCount());
                Thread.sleep(50);
            }
            System.out.println("1000 loopback backends probed every 100 ms: platform threads " + before + " before, peak "
                    + peak + " while probing; probes in flight now " + probes.inFlight() + ", backends seen healthy "
                    + ok.size() + ", failures " + failed.get());
            assertThat(ok).hasSize(1000);
            trackers.forEach(t -> t.active = false);
        } finally {
            probes.close();
            for (ServerSocket s : servers) s.close();
        }
        assertThat(probes.inFlight()).isZero();
    }
}
