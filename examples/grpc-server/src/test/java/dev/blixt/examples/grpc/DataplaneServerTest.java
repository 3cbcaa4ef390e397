package dev.blixt.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blixt.AttachMode;
import dev.blixt.Backend;
import dev.blixt.Dataplane;
import dev.blixt.DataplaneConfig;
import dev.blixt.Route;
import dev.blixt.Vip;
import dev.blixt.examples.grpc.proto.backends.backendsGrpc;
import dev.blixt.examples.grpc.proto.v1.GetStatsRequest;
import dev.blixt.examples.grpc.proto.v1.ListRoutesRequest;
import dev.blixt.examples.grpc.proto.v1.LoadBalancerGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server on a real {@link Dataplane} (attached to a veth in a namespace the test creates):
 * what the gRPC calls change is what the kernel's maps hold.
 */
@Privileged
class DataplaneServerTest {
    private static final int VIP = BackendsServiceTest.wire(10, 96, 0, 10);

    private Netns netns;
    private String ns;

    @BeforeEach
    void topology() {
        netns = Netns.create();
        ns = netns.add("lb");
        String peer = netns.add("peer");
        Netns.veth(ns, "lb0", peer, "peer0");
        Netns.ip(ns, "addr", "add", "198.18.7.1/24", "dev", "lb0");
    }

    @AfterEach
    void teardown() {
        netns.close();
    }

    private static DataplaneConfig.Builder config() {
        return DataplaneConfig.builder().interfaces("lb0").attachMode(AttachMode.XDP_GENERIC).forceAttachMode(true)
                .maxVips(4).maxBackends(64).ringSize(251).flowTableSize(1024);
    }

    private Dataplane open(DataplaneConfig config) throws Exception {
        return Netns.call(ns, () -> Dataplane.open(config));
    }

    @Test
    void updateAndDeleteProgramTheKernelsMaps() throws Exception {
        Dataplane dp = open(config().build());
        try (TestServer server = TestServer.start(new DataplaneBalancer(dp), new IpRouteResolver())) {
            var blixt = backendsGrpc.newBlockingStub(server.channel);

            var reply = blixt.update(BackendsServiceTest.targets(VIP, 80,
                    BackendsServiceTest.target(BackendsServiceTest.wire(198, 18, 7, 2), 8080),
                    BackendsServiceTest.target(BackendsServiceTest.wire(198, 18, 7, 3), 8080)));

            assertThat(reply.getConfirmation()).isEqualTo("success, vip 10.96.0.10:80 was updated with 2 backends");
            List<Backend> both = List.of(Backend.of("198.18.7.2", 8080), Backend.of("198.18.7.3", 8080));
            assertThat(dp.routeOf(Vip.tcp("10.96.0.10", 80))).map(Route::backends).contains(both);
            assertThat(dp.routeOf(Vip.udp("10.96.0.10", 80))).map(Route::backends).contains(both);
            var stats = LoadBalancerGrpc.newBlockingStub(server.channel).getStats(GetStatsRequest.getDefaultInstance());
            assertThat(stats.getVipsCount()).isEqualTo(2);
            assertThat(stats.getVips(0).getBackendsCount()).isEqualTo(2);

            assertThat(blixt.delete(BackendsServiceTest.vip(VIP, 80)).getConfirmation())
                    .isEqualTo("success, vip 10.96.0.10:80 was deleted");
            assertThat(dp.routes()).isEmpty();
        }
    }

    @Test
    void theDataPlanesLimitIsResourceExhaustedAndChangesNothing() throws Exception {
        Dataplane dp = open(config().build());
        try (TestServer server = TestServer.start(new DataplaneBalancer(dp), new IpRouteResolver())) {
            var blixt = backendsGrpc.newBlockingStub(server.channel);
            blixt.update(BackendsServiceTest.targets(VIP, 80, BackendsServiceTest.target(BackendsServiceTest.wire(198, 18, 7, 2), 80)));
            blixt.update(BackendsServiceTest.targets(VIP, 81, BackendsServiceTest.target(BackendsServiceTest.wire(198, 18, 7, 2), 80)));

            assertThatThrownBy(() -> blixt.update(BackendsServiceTest.targets(VIP, 82,
                    BackendsServiceTest.target(BackendsServiceTest.wire(198, 18, 7, 2), 80))))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).contains("0 of 4 are free", "--max-vips");
                    });
            assertThat(dp.routes()).hasSize(4);
        }
    }

    @Test
    void aRestartedServerWithThePinPathAdoptsTheRoutes() throws Exception {
        Path pin = Path.of("/sys/fs/bpf", "bgrpc-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        mountBpffs();
        try {
            DataplaneConfig config = config().pinPath(pin).build();
            try (TestServer first = TestServer.start(new DataplaneBalancer(open(config)), new IpRouteResolver())) {
                backendsGrpc.newBlockingStub(first.channel).update(BackendsServiceTest.targets(VIP, 80,
                        BackendsServiceTest.target(BackendsServiceTest.wire(198, 18, 7, 2), 8080)));
            } // closes the pinned data plane: the kernel keeps the configuration

            Dataplane again = open(config);
            try (TestServer second = TestServer.start(new DataplaneBalancer(again), new IpRouteResolver())) {
                assertThat(LoadBalancerGrpc.newBlockingStub(second.channel).listRoutes(ListRoutesRequest.getDefaultInstance())
                        .getRoutesList()).hasSize(2).allSatisfy(r -> {
                            assertThat(r.getVip().getAddress()).isEqualTo("10.96.0.10");
                            assertThat(r.getBackends(0).getAddress()).isEqualTo("198.18.7.2");
                        });
                assertThat(backendsGrpc.newBlockingStub(second.channel).delete(BackendsServiceTest.vip(VIP, 80)).getConfirmation())
                        .isEqualTo("success, vip 10.96.0.10:80 was deleted");
                again.destroy();
            }
        } finally {
            deleteTree(pin);
        }
    }

    @Test
    void theInMemoryBalancerRefusesWhatTheDataPlaneRefuses() throws Exception {
        Dataplane dp = open(config().build());
        try (DataplaneBalancer real = new DataplaneBalancer(dp); InMemoryBalancer fake = new InMemoryBalancer(4, 64)) {
            Vip web = Vip.tcp("203.0.113.10", 80);
            Vip all = Vip.tcp("203.0.113.11", 0);
            record Case(String name, Vip vip, List<Backend> backends) {}
            List<Case> cases = List.of(
                    new Case("good", web, List.of(Backend.of("198.18.7.2", 8080), Backend.of("198.18.7.3", 8080).weight(3))),
                    new Case("other family", web, List.of(Backend.of("2001:db8::2", 8080))),
                    new Case("listed twice", web, List.of(Backend.of("198.18.7.2", 8080), Backend.of("198.18.7.2", 8080).weight(2))),
                    new Case("all-ports VIP with a port", all, List.of(Backend.of("198.18.7.2", 8080))),
                    new Case("all-ports VIP without", all, List.of(Backend.of("198.18.7.2", 0))),
                    new Case("multicast backend", web, List.of(Backend.of("224.0.0.9", 8080))),
                    // (a multicast, loopback or broadcast VIP cannot even be constructed: dev.blixt.Vip refuses it)
                    new Case("unspecified backend", web, List.of(Backend.of("0.0.0.0", 8080))),
                    new Case("no backends", Vip.udp("203.0.113.12", 53), List.of()));
            for (Case c : cases) {
                Class<?> realOutcome = outcome(() -> real.apply(c.vip(), c.backends()));
                Class<?> fakeOutcome = outcome(() -> fake.apply(c.vip(), c.backends()));
                assertThat(fakeOutcome).as(c.name()).isEqualTo(realOutcome);
            }
            assertThat(fake.routes()).isEqualTo(real.routes());
            for (int port = 1; port <= 4; port++) {
                int p = port;
                assertThat(outcome(() -> fake.apply(Vip.tcp("203.0.113.20", p), List.of())))
                        .as("VIP " + port).isEqualTo(outcome(() -> real.apply(Vip.tcp("203.0.113.20", p), List.of())));
            }
        }
    }

    /** The exception class an action throws, or Void when it succeeds. */
    private static Class<?> outcome(Runnable action) {
        try {
            action.run();
            return Void.class;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    static void mountBpffs() throws IOException {
        boolean mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(l -> l.split(" ")).anyMatch(f -> f.length > 2 && f[1].equals("/sys/fs/bpf") && f[2].equals("bpf"));
        if (!mounted) Netns.run("mount", "-t", "bpf", "bpf", "/sys/fs/bpf");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
